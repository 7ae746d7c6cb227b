import Testing

@testable import QuanzeDomain

@Suite("RequirementVocabulary")
struct RequirementVocabularyTests {
    static let specialEquipment = RequirementVocabulary.Term(kind: .field, code: "special-equipment", name: "特种设备安全监察")
    static let inspector = RequirementVocabulary.Term(kind: .certificate, code: "boiler-inspector", name: "锅炉检验员证")
    static let gauge = RequirementVocabulary.Term(kind: .equipment, code: "thickness-gauge", name: "测厚仪")

    static func county() throws -> RequirementVocabulary {
        try RequirementVocabulary.builtIn.adding(specialEquipment).adding(inspector).adding(gauge)
    }

    @Test("the built-in terms keep the codes and names stored items and certificates use")
    func builtIns() {
        // setup
        let v = RequirementVocabulary.builtIn
        // act
        let fields = v.terms(of: .field).map(\.code)
        let names = [
            v.name(of: .field(.livestock)), v.name(of: .field(.workSafety)), v.name(of: .certificate(.legal)),
            v.name(of: .equipment(.network)),
        ]
        // check
        #expect(
            fields == [
                "livestock", "geology", "fishery", "publishing", "food", "planning", "construction", "environment",
                "culture", "transport", "water", "work-safety", "hazchem",
            ])
        #expect(v.terms(of: .certificate).map(\.code) == ["enforcement", "legal"])
        #expect(v.terms(of: .equipment).map(\.code) == ["vehicle", "bodycam", "scanner", "network"])
        #expect(names == ["畜禽品种鉴定", "安全生产", "法律职业资格证书", "政务专网"])
    }

    @Test("a county adds its own terms; they name requirements and certificates like the built-in ones")
    func adds() throws {
        // setup
        let v = try Self.county()
        let field = Requirement(code: "field:special-equipment")!
        // act
        let label = v.label(of: field)
        let unknown = v.unknown([field, .certificate(CertificateKind(rawValue: "boiler-inspector")!), .field(.food)])
        // check
        #expect(label == "专业能力：特种设备安全监察")
        #expect(unknown.isEmpty)
        #expect(RequirementVocabulary.builtIn.unknown([field, .field(.food)]) == ["field:special-equipment"])
        #expect(v.isBuiltIn(RequirementVocabulary.Term.Key(kind: .field, code: "food")))
        #expect(!v.isBuiltIn(Self.specialEquipment.key))
        #expect(v.name(of: .professional(ProfessionalField(rawValue: "special-equipment")!)) == "特种设备安全监察专业证书")
        #expect(v.name(of: .other(CertificateKind(rawValue: "boiler-inspector")!)) == "锅炉检验员证")
    }

    @Test(
        "refuses a malformed code, a bad name, a code or a name already there",
        arguments: [
            (RequirementVocabulary.Term(kind: .field, code: "Special", name: "特种设备"), "invalidCode"),
            (.init(kind: .field, code: "-x", name: "特种设备"), "invalidCode"),
            (.init(kind: .field, code: "特种", name: "特种设备"), "invalidCode"),
            (.init(kind: .field, code: "x", name: ""), "invalidName"),
            (.init(kind: .field, code: "x", name: "特种(设备)"), "invalidName"),
            (.init(kind: .field, code: "x", name: String(repeating: "长", count: 31)), "invalidName"),
            (.init(kind: .field, code: "livestock", name: "畜牧"), "duplicateCode"),
            (.init(kind: .field, code: "special-equipment", name: "另一个"), "duplicateCode"),
            (.init(kind: .equipment, code: "x", name: "执法车辆"), "duplicateName"),
        ])
    func refuses(term: RequirementVocabulary.Term, failure: String) throws {
        // setup
        let v = try Self.county()
        // act
        var caught: RequirementVocabulary.Failure?
        do throws(RequirementVocabulary.Failure) { _ = try v.adding(term) } catch { caught = error }
        // check
        let name = caught.map { String(describing: $0).prefix(while: { $0 != "(" }) }.map(String.init)
        #expect(name == failure)
        #expect(caught?.message.isEmpty == false)
    }

    @Test("the same code may name terms of different kinds; the same name too")
    func kindsApart() throws {
        // setup
        let v = try Self.county()
        // act
        let added = try v.adding(.init(kind: .certificate, code: "special-equipment", name: "特种设备安全监察"))
        // check
        #expect(added.terms.count == v.terms.count + 1)
    }

    @Test(
        "reads a staff CSV's certificate cell: built-in spellings, a field's code or name, a county's kind",
        arguments: [
            ("执法证", Certificate.Kind.enforcement), ("法律职业资格", .legalProfession),
            ("field:livestock", .professional(.livestock)), ("畜禽品种鉴定专业证书", .professional(.livestock)),
            ("特种设备安全监察", .professional(ProfessionalField(rawValue: "special-equipment")!)),
            ("special-equipment", .professional(ProfessionalField(rawValue: "special-equipment")!)),
            ("锅炉检验员证", .other(CertificateKind(rawValue: "boiler-inspector")!)),
            ("cert:boiler-inspector", .other(CertificateKind(rawValue: "boiler-inspector")!)),
        ])
    func certificateCell(text: String, kind: Certificate.Kind) throws {
        // setup
        let v = try Self.county()
        // act
        let parsed = v.certificateKind(text: text)
        // check
        #expect(parsed == kind)
        #expect(Certificate.Kind(code: kind.code) == kind)
    }

    @Test("a certificate or equipment the vocabulary does not have is not read", arguments: ["锅炉检验员证", "测厚仪"])
    func unknownCells(text: String) {
        // setup
        let v = RequirementVocabulary.builtIn
        // act
        let result = (v.certificateKind(text: text), v.equipmentKind(text: text))
        // check
        #expect(result.0 == nil && result.1 == nil)
    }

    @Test("a county's equipment is read by code or name and counted in 台")
    func equipment() throws {
        // setup
        let v = try Self.county()
        // act
        let byName = v.equipmentKind(text: "测厚仪")
        let byCode = v.equipmentKind(text: "thickness-gauge")
        // check
        #expect(byName == EquipmentKind(rawValue: "thickness-gauge"))
        #expect(byCode == byName)
        #expect(byName?.unitWord == "台")
        #expect(v.equipmentKinds.count == 5)
    }

    @Test("a vocabulary CSV: every row checked, against the county and the rows above, by line and column")
    func termImport() throws {
        // setup
        let text = """
            kind,code,名称
            field,special-equipment,特种设备安全监察
            装备,thickness-gauge,测厚仪
            cert,boiler-inspector,锅炉检验员证
            field,special-equipment,重复
            tool,x,某工具
            equipment,Bad,坏代码
            equipment,gas-meter,
            """
        let rows = try CSVReader.table(text, required: RequirementTermImport.required)
        // act
        let result = RequirementTermImport.validate(rows: rows, vocabulary: .builtIn)
        // check
        #expect(result.terms == [Self.specialEquipment, Self.gauge, Self.inspector])
        #expect(result.errors.map { "\($0.line):\($0.column ?? "-")" } == ["5:code", "6:kind", "7:code", "8:名称"])
    }
}
