import QuanzeDomain

/// The fixed parts of the 大安区 demo: real division codes and the organisations the report names or implies.
enum DemoDistrict {
    static let county = "510304"
    /// How the command line names the demo.
    static let name = "大安区"

    /// The 15 real township-level units (统计用区划代码 2023).
    static let townships: [(String, String)] = [
        ("510304001000", "大安街道"), ("510304002000", "龙井街道"), ("510304003000", "马冲口街道"),
        ("510304004000", "凉高山街道"), ("510304005000", "和平街道"), ("510304006000", "凤凰街道"),
        ("510304100000", "大山铺镇"), ("510304102000", "团结镇"), ("510304103000", "三多寨镇"),
        ("510304104000", "何市镇"), ("510304105000", "新店镇"), ("510304106000", "新民镇"),
        ("510304107000", "牛佛镇"), ("510304108000", "庙坝镇"), ("510304109000", "回龙镇"),
    ]

    static let departments = [
        "大安区委机构编制委员会办公室", "大安区司法局", "大安区市场监督管理局", "大安区应急管理局", "大安区自然资源和规划局",
        "大安区农业农村局", "大安区住房和城乡建设局", "大安区生态环境局", "大安区卫生健康局", "大安区文化广播电视和旅游局",
        "大安区交通运输局", "大安区水务局", "大安区民政局", "大安区人力资源和社会保障局", "大安区教育和体育局",
        "大安区综合行政执法局", "大安区公安分局", "大安区行政审批局", "大安区退役军人事务局", "大安区医疗保障局",
    ]

    /// 发文机关代字 of the government and of each department (in the order of `departments`).
    static let governmentPrefix = "大安府发"
    static let departmentPrefixes = [
        "大安编发", "大安司发", "大安市监发", "大安应急发", "大安自然资规发", "大安农发", "大安住建发", "大安环发", "大安卫健发",
        "大安文广旅发", "大安交发", "大安水发", "大安民发", "大安人社发", "大安教体发", "大安综执发", "大安公发", "大安审批发",
        "大安退役军人发", "大安医保发",
    ]

    /// Units that set up a 综合执法中队 (the report: 12 squads); the three central subdistricts are served by the
    /// district's own enforcement bureau.
    static let squadUnits = [
        "510304001000", "510304005000", "510304006000", "510304100000", "510304102000", "510304103000",
        "510304104000", "510304105000", "510304106000", "510304107000", "510304108000", "510304109000",
    ]

    static func organizations() -> [Organization] {
        var orgs = [
            Organization(
                code: "510304-GOV", county: county, name: "自贡市大安区人民政府", kind: .countyGovernment,
                documentPrefix: governmentPrefix)
        ]
        for (index, name) in departments.enumerated() {
            orgs.append(
                Organization(
                    code: String(format: "510304-D%02d", index + 1), county: county, name: name, kind: .department,
                    parent: "510304-GOV", isEstablishmentOffice: name.contains("机构编制"),
                    isJusticeBureau: name.hasSuffix("司法局"), documentPrefix: departmentPrefixes[index]))
        }
        for (code, name) in townships {
            let region = RegionCode(code)!
            orgs.append(
                Organization(
                    code: code, county: county, name: name,
                    kind: .township(TownshipKind.classify(code: region, name: name))))
            orgs.append(
                Organization(
                    code: code + "-SP", county: county, name: name + "行政审批办公室", kind: .approvalOffice, parent: code))
            if squadUnits.contains(code) {
                orgs.append(
                    Organization(
                        code: code + "-ZF", county: county, name: name + "综合行政执法中队", kind: .enforcementSquad,
                        parent: code))
            }
        }
        return orgs
    }

    /// Regions needed when the national division list has not been imported.
    static func regions() -> [Region] {
        let province = RegionCode("510000000000")!
        let city = RegionCode("510300000000")!
        let countyCode = RegionCode("510304000000")!
        return [
            Region(code: province, name: "四川省", parent: nil), Region(code: city, name: "自贡市", parent: province),
            Region(code: countyCode, name: "大安区", parent: city),
        ] + townships.map { Region(code: RegionCode($0.0)!, name: $0.1, parent: countyCode) }
    }
}
