import Foundation
import QuanzeDomain
import QuanzePersistence

/// The demo's guidance library (issue 16 point 4; townships asked for 工作指南, 案例手册 and 裁量基准 when powers came
/// down). Demo data, all invented but shaped like real ones: three guidance documents (one revised, so it has two
/// versions) and the discretion standards of four penalty items of three departments, each row citing the statute
/// article the item itself cites (and 行政处罚法 第33条 for 不予处罚), written through `GuidanceService` by each
/// department on its own day.
enum DemoGuidance {
    static func day(_ text: String) -> Day { Day(iso: text)! }

    static func department(_ number: Int) -> Principal {
        Principal(
            username: "system", role: .department, county: DemoDistrict.county,
            organization: String(format: "510304-D%02d", number))
    }

    static let safety = ArticleRef(law: "安全生产法", version: day("2021-06-10"), article: 99)
    static let chemicals = ArticleRef(law: "危险化学品安全管理条例", version: day("2013-12-07"), article: 84)
    static let breeds = ArticleRef(law: "畜牧法", version: day("2015-04-24"), article: 61)
    static let geology = ArticleRef(law: "地质灾害防治条例", version: day("2003-11-24"), article: 43)
    static let minor = ArticleRef(law: "行政处罚法", version: day("2021-01-22"), article: 33)

    static func row(
        _ circumstance: String, _ facts: String, _ kinds: [PenaltyKind], _ range: (Int, Int)?, note: String = "",
        _ articles: [ArticleRef]
    ) -> DiscretionRow {
        DiscretionRow(
            circumstance: circumstance, facts: facts,
            penalty: PenaltyRange(kinds: kinds, fineMin: range?.0, fineMax: range?.1, note: note), articles: articles)
    }

    /// 安全设备 (DA-CF-0064): the first version of 2023-01-01 and the revision of 2023-07-01 that splits 一般 and 较重
    /// by the number of devices.
    static func safetyRows(revised: Bool) -> [DiscretionRow] {
        [
            row("轻微", "初次违法，涉及的安全设备不符合标准的情形轻微，未造成危害后果，并在责令改正期限内改正", [.noPenalty], nil, [minor, safety]),
            row(
                "一般", revised ? "涉及1台（套）安全设备不符合国家标准或者行业标准" : "安全设备不符合国家标准或者行业标准，未造成危害后果", [.fine],
                revised ? (10000, 30000) : (10000, 40000), note: "并责令限期改正", [safety]),
            row(
                "较重", revised ? "涉及2台（套）以上安全设备，或者位于有较大危险因素的生产经营场所" : "位于有较大危险因素的生产经营场所", [.fine],
                revised ? (30000, 50000) : (40000, 50000), note: "并责令限期改正", [safety]),
            row(
                "严重", "逾期未改正", [.fine, .suspension], (50000, 200000),
                note: "对直接负责的主管人员和其他直接责任人员处1万元以上2万元以下罚款；情节严重的责令停产停业整顿", [safety]),
        ]
    }

    static let chemicalRows = [
        row("一般", "超出剧毒化学品购买许可证载明的数量销售，超出部分不足10%，未造成流失", [.fine, .confiscation], (100000, 130000), [chemicals]),
        row("较重", "销售的品种与购买许可证载明的不符，或者超出载明数量10%以上", [.fine, .confiscation], (130000, 170000), [chemicals]),
        row("严重", "违法销售的剧毒化学品流失、被盗或者被用于违法犯罪活动", [.fine, .confiscation], (170000, 200000), [chemicals]),
        row(
            "拒不改正", "责令改正后拒不改正", [.suspension, .revocation], nil, note: "责令停产停业整顿直至吊销危险化学品经营许可证", [chemicals]),
    ]

    static let breedRows = [
        row(
            "一般", "没有违法所得或者违法所得不足五万元，销售、推广的畜禽数量较少，初次违法", [.fine, .confiscation], (5000, 20000),
            note: "责令停止违法行为，没收畜禽和违法所得", [breeds]),
        row(
            "较重", "没有违法所得或者违法所得不足五万元，销售、推广的畜禽数量较大或者两次以上违法", [.fine, .confiscation], (20000, 50000),
            note: "责令停止违法行为，没收畜禽和违法所得", [breeds]),
        row(
            "严重", "违法所得五万元以上", [.fine, .confiscation], nil, note: "没收畜禽和违法所得，并处违法所得一倍以上三倍以下罚款", [breeds]),
    ]

    static let geologyRows = [
        row("个人·一般", "个人在地质灾害危险区内实施削坡、爆破等活动，未引发地质灾害，责令停止后即停止", [.fine], (10000, 30000), [geology]),
        row("个人·严重", "个人实施上述活动引发地质灾害险情，或者责令停止后仍继续实施", [.fine], (30000, 50000), [geology]),
        row("单位·一般", "单位在地质灾害危险区内进行工程建设等活动，未引发地质灾害，责令停止后即停止", [.fine], (50000, 120000), [geology]),
        row("单位·严重", "单位实施上述活动引发地质灾害险情，或者责令停止后仍继续实施", [.fine], (120000, 200000), [geology]),
    ]

    static func loadIfEmpty(_ database: any Database, now: Date) async throws {
        let service = GuidanceService(database)
        guard try await service.documents(county: DemoDistrict.county).isEmpty else { return }
        let yingji = department(4)
        let ziran = department(5)
        let nongye = department(6)
        let guide = try await service.publishDocument(
            .init(
                kind: .workGuide, itemCodes: ["DA-CF-0064", "DA-CF-0065"], title: "安全设备现场检查工作指南",
                body: """
                    一、检查前准备：核对企业安全设备台账和检测报告，携带执法记录仪，两名以上持证执法人员参加。
                    二、现场检查要点：安全设备的型号、安装位置是否符合国家标准或者行业标准；是否按期维护、保养和检测；检测报告是否在有效期内。
                    三、发现问题的处理：当场制作现场检查笔录，拍照固定证据；能当场改正的责令当场改正，不能当场改正的下达责令限期改正指令书。
                    四、移交与报告：涉及重大事故隐患的，当日报告区应急管理局。（演示数据）
                    """, source: "大安应急发〔2023〕3号（演示数据）", effectiveOn: day("2023-03-01")), by: yingji, at: now)
        _ = try await service.publishDocument(
            .init(
                kind: .workGuide, itemCodes: ["DA-CF-0064", "DA-CF-0065"], title: "安全设备现场检查工作指南",
                body: """
                    一、检查前准备：核对企业安全设备台账和检测报告，携带执法记录仪，两名以上持证执法人员参加。
                    二、现场检查要点：安全设备的型号、安装位置是否符合国家标准或者行业标准；是否按期维护、保养和检测；检测报告是否在有效期内；有较大危险因素的场所是否设置明显的安全警示标志。
                    三、发现问题的处理：当场制作现场检查笔录，拍照固定证据；能当场改正的责令当场改正，不能当场改正的下达责令限期改正指令书，并在期限届满后3个工作日内复查。
                    四、移交与报告：涉及重大事故隐患的，当日报告区应急管理局；逾期未改正的，按裁量基准“严重”情节办理。（演示数据）
                    """, source: "大安应急发〔2023〕15号（演示数据）", effectiveOn: day("2023-09-01")), revising: guide.id,
            by: yingji, at: now)
        _ = try await service.publishDocument(
            .init(
                kind: .caseManual, itemCodes: ["DA-CF-0189"], title: "销售未经审定畜禽品种案件案例手册",
                body: """
                    案例一：某养殖户在集市销售未经审定的种猪12头，没有违法所得。镇综合行政执法队责令停止违法行为，没收种猪，并处罚款8000元（裁量基准“一般”情节）。
                    案例二：某公司两次推广未经鉴定的蛋鸡品种，违法所得3万元。区农业农村局没收违法所得，并处罚款3万元（裁量基准“较重”情节）。
                    办案提示：品种是否经过审定或者鉴定，以国家畜禽遗传资源委员会公布的名录为准；取证时保存购销票据和宣传材料。（演示数据）
                    """, source: "大安农发〔2023〕8号（演示数据）", effectiveOn: day("2023-05-01")), by: nongye, at: now)
        _ = try await service.publishDocument(
            .init(
                kind: .handbook, itemCodes: ["DA-CF-0200"], title: "镇街执法实用手册（地质灾害防治篇）",
                body: """
                    一、巡查：汛期前后和强降雨后对辖区地质灾害危险区开展巡查，发现爆破、削坡、工程建设等活动立即制止。
                    二、取证：记录活动地点（与危险区边界的位置关系）、实施人、活动内容，现场拍照和录像。
                    三、处理：制止无效或者已引发险情的，立即报告区自然资源和规划局，并组织受威胁群众撤离。（演示数据）
                    """, source: "大安自然资规发〔2023〕6号（演示数据）", effectiveOn: day("2023-06-01")), by: ziran, at: now)
        _ = try await service.publishStandard(
            item: "DA-CF-0064",
            .init(rows: safetyRows(revised: false), source: "大安应急发〔2022〕30号（演示数据）", effectiveOn: day("2023-01-01")),
            by: yingji, at: now)
        _ = try await service.publishStandard(
            item: "DA-CF-0064",
            .init(rows: safetyRows(revised: true), source: "大安应急发〔2023〕12号（演示数据）", effectiveOn: day("2023-07-01")),
            by: yingji, at: now)
        _ = try await service.publishStandard(
            item: "DA-CF-0125",
            .init(rows: chemicalRows, source: "大安应急发〔2023〕12号（演示数据）", effectiveOn: day("2023-07-01")), by: yingji,
            at: now)
        _ = try await service.publishStandard(
            item: "DA-CF-0189",
            .init(rows: breedRows, source: "大安农发〔2023〕9号（演示数据）", effectiveOn: day("2023-05-01")), by: nongye, at: now)
        _ = try await service.publishStandard(
            item: "DA-CF-0200",
            .init(rows: geologyRows, source: "大安自然资规发〔2023〕7号（演示数据）", effectiveOn: day("2023-06-01")), by: ziran,
            at: now)
    }
}
