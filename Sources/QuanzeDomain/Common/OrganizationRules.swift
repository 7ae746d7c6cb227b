/// Why an organisation cannot be added, renamed, imported or retired as asked. Each case names what is wrong,
/// and the column of the organisations CSV it belongs to.
public enum OrganizationFailure: Error, Equatable, Sendable {
    case emptyName
    case invalidCode(String)
    case regionCode(String)
    case duplicateCode(String)
    case duplicateName(String)
    case unknownKind(String)
    case notManaged(String)
    case kindChange(code: String, from: String, to: String)
    case unknownReference(column: String, String)
    case wrongParent(kind: String, parent: String)
    case missingParent(kind: String)
    case missingStation
    case wrongStation(String)
    case stationNotAllowed
    case invalidCreditCode(String)
    case invalidFlag(column: String, String)
    case flagNotAllowed(column: String)
    case secondEstablishmentOffice(existing: String)
    case secondJusticeBureau(existing: String)
    case retiredReference(column: String, String)
    case notFound(String)
    case alreadyRetired(String)
    case activeChildren(name: String, children: [String])
    case invalidDocumentPrefix(String)
    case duplicateDocumentPrefix(prefix: String, other: String)
    case documentPrefixNotAllowed(kind: String)

    /// The organisations CSV column the failure belongs to (nil: the row as a whole).
    public var column: String? {
        switch self {
        case .emptyName, .duplicateName: "name"
        case .invalidCode, .regionCode, .duplicateCode, .notFound, .alreadyRetired, .activeChildren: "code"
        case .unknownKind, .notManaged, .kindChange: "kind"
        case .unknownReference(let column, _), .retiredReference(let column, _), .invalidFlag(let column, _),
            .flagNotAllowed(let column):
            column
        case .wrongParent, .missingParent: "parent"
        case .missingStation, .wrongStation, .stationNotAllowed: "stationed_at"
        case .invalidCreditCode: "credit_code"
        case .secondEstablishmentOffice: "establishment"
        case .secondJusticeBureau: "justice"
        case .invalidDocumentPrefix, .duplicateDocumentPrefix, .documentPrefixNotAllowed: "document_prefix"
        }
    }

    public var message: String {
        switch self {
        case .emptyName: "单位名称不能为空"
        case .invalidCode(let code): "单位代码“\(code)”格式不正确（仅限字母、数字和连字符，最长40位）"
        case .regionCode(let code): "“\(code)”是区划代码：区县政府和镇街由 quanze county init 按区划建立，不在此维护"
        case .duplicateCode(let code): "单位代码“\(code)”重复"
        case .duplicateName(let name): "单位名称“\(name)”已被其他单位使用"
        case .unknownKind(let text): "未知的单位类型“\(text)”（应为区级部门、综合执法中队、行政审批办公室或派驻机构）"
        case .notManaged(let name): "“\(name)”是区县政府或镇街，由区划数据建立，不能在此修改或撤销"
        case .kindChange(let code, let from, let to): "单位“\(code)”已登记为\(from)，不能改为\(to)"
        case .unknownReference(let column, let text):
            "\(column == "parent" ? "上级单位" : "派驻镇街")“\(text)”不存在（填写本区县单位的代码或完整名称）"
        case .wrongParent(let kind, let parent): "\(kind)的上级单位不能是“\(parent)”"
        case .missingParent(let kind): "\(kind)必须填写上级单位"
        case .missingStation: "派驻机构必须填写派驻的镇街"
        case .wrongStation(let name): "“\(name)”不是镇街，派驻机构只能派驻到镇街"
        case .stationNotAllowed: "只有派驻机构填写派驻镇街"
        case .invalidCreditCode(let code): "统一社会信用代码“\(code)”无效（应为18位，末位校验码须正确）"
        case .invalidFlag(_, let text): "“\(text)”不是有效的标记，应为“是”或“否”"
        case .flagNotAllowed(let column): "只有区级部门可以标记为\(column == "establishment" ? "编办" : "司法局")"
        case .secondEstablishmentOffice(let existing): "本区县已有编办“\(existing)”，只能标记一个"
        case .secondJusticeBureau(let existing): "本区县已有司法局“\(existing)”，只能标记一个"
        case .retiredReference(_, let name): "“\(name)”已撤销，不能再作为上级或派驻单位"
        case .notFound(let code): "本区县没有代码为“\(code)”的单位"
        case .alreadyRetired(let name): "“\(name)”已于此前撤销"
        case .activeChildren(let name, let children):
            "“\(name)”下仍有未撤销的机构：\(children.joined(separator: "、"))，请先撤销或调整它们"
        case .invalidDocumentPrefix(let text): "发文机关代字“\(text)”无效（2至12个汉字，如“××府发”“××编发”）"
        case .duplicateDocumentPrefix(let prefix, let other): "发文机关代字“\(prefix)”已由“\(other)”使用，代字须各不相同"
        case .documentPrefixNotAllowed(let kind): "\(kind)不是发文机关，不登记发文机关代字"
        }
    }
}

/// The rules every change to a county's organisations follows, whether it comes from the administrator's page, the
/// API or a CSV file: the county government and the townships come from the division data (`county init`); the
/// other kinds are managed here and retired rather than deleted, so history keeps their names.
public enum OrganizationRules {
    /// Kinds the administrator and the organisations CSV may add, rename and retire.
    public static let managedKinds: [OrganizationKind] = [
        .department, .enforcementSquad, .approvalOffice, .dispatchedAgency,
    ]

    /// Reads a kind from its Chinese label (区级部门 …) or its key (department …).
    public static func kind(_ text: String) -> OrganizationKind? {
        managedKinds.first { $0.label == text || $0.key == text }
    }

    /// Letters, digits and `-`, at most 40 characters; a 12-digit region code is not a managed organisation.
    public static func checkCode(_ code: String) throws(OrganizationFailure) {
        let valid =
            !code.isEmpty && code.utf8.count <= 40
            && code.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D
            }
        guard valid else { throw .invalidCode(code) }
        if RegionCode(code) != nil { throw .regionCode(code) }
    }

    /// Every problem of one organisation among the county's others (`others` excludes it, retired ones included).
    public static func problems(of org: Organization, among others: [Organization]) -> [OrganizationFailure] {
        var found: [OrganizationFailure] = []
        if org.name.isEmpty { found.append(.emptyName) }
        if let clash = others.first(where: { $0.name == org.name && $0.code != org.code }), !org.name.isEmpty {
            found.append(.duplicateName(clash.name))
        }
        let byCode = Dictionary(others.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        if let parentCode = org.parent {
            if let parent = byCode[parentCode] {
                if parent.isRetired && !org.isRetired { found.append(.retiredReference(column: "parent", parent.name)) }
                let fits: Bool
                switch org.kind {
                case .department: fits = parent.kind == .countyGovernment
                case .enforcementSquad, .approvalOffice: fits = parent.townshipKind != nil
                case .dispatchedAgency: fits = parent.kind == .department
                default: fits = true
                }
                if !fits { found.append(.wrongParent(kind: org.kind.label, parent: parent.name)) }
            } else {
                found.append(.unknownReference(column: "parent", parentCode))
            }
        } else if org.kind != .department {
            found.append(.missingParent(kind: org.kind.label))
        }
        if org.kind == .dispatchedAgency {
            if let stationCode = org.stationedAt {
                if let station = byCode[stationCode] {
                    if station.townshipKind == nil { found.append(.wrongStation(station.name)) }
                } else {
                    found.append(.unknownReference(column: "stationed_at", stationCode))
                }
            } else {
                found.append(.missingStation)
            }
        } else if org.stationedAt != nil {
            found.append(.stationNotAllowed)
        }
        if let credit = org.creditCode, !CreditCode.isValid(credit) { found.append(.invalidCreditCode(credit)) }
        if let prefix = org.documentPrefix {
            if !isValidDocumentPrefix(prefix) { found.append(.invalidDocumentPrefix(prefix)) }
            if !issuesDocuments(org.kind) { found.append(.documentPrefixNotAllowed(kind: org.kind.label)) }
            if let other = others.first(where: { $0.documentPrefix == prefix && $0.code != org.code }) {
                found.append(.duplicateDocumentPrefix(prefix: prefix, other: other.name))
            }
        }
        if org.kind != .department {
            if org.isEstablishmentOffice { found.append(.flagNotAllowed(column: "establishment")) }
            if org.isJusticeBureau { found.append(.flagNotAllowed(column: "justice")) }
        }
        if org.isEstablishmentOffice, let other = others.first(where: { $0.isEstablishmentOffice && !$0.isRetired }) {
            found.append(.secondEstablishmentOffice(existing: other.name))
        }
        if org.isJusticeBureau, let other = others.first(where: { $0.isJusticeBureau && !$0.isRetired }) {
            found.append(.secondJusticeBureau(existing: other.name))
        }
        return found
    }

    /// A new organisation of a managed kind, under a code not yet used in the county.
    public static func add(_ org: Organization, to existing: [Organization]) throws(OrganizationFailure)
        -> Organization
    {
        try checkCode(org.code)
        guard managedKinds.contains(org.kind) else { throw .notManaged(org.name) }
        guard !existing.contains(where: { $0.code == org.code }) else { throw .duplicateCode(org.code) }
        var added = org
        added.retiredOn = nil
        if let first = problems(of: added, among: existing).first { throw first }
        return added
    }

    /// The organisation under a new name; everything that refers to it by code follows.
    public static func rename(_ code: String, to name: String, in existing: [Organization]) throws(OrganizationFailure)
        -> Organization
    {
        var org = try managed(code, in: existing)
        org.name = name.trimmingSpaces()
        if let first = problems(of: org, among: existing.filter { $0.code != code }).first { throw first }
        return org
    }

    /// 发文机关代字: 2–12 Chinese characters (GB/T 9704-2012 7.2.4: 发文机关代字、年份、发文顺序号).
    public static func isValidDocumentPrefix(_ text: String) -> Bool {
        (2...12).contains(text.count)
            && text.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// The organisations that issue documents under a 文号 of their own: the county government, its departments
    /// and the townships.
    public static func issuesDocuments(_ kind: OrganizationKind) -> Bool {
        switch kind {
        case .countyGovernment, .department, .township: true
        default: false
        }
    }

    /// Sets or clears an organisation's 发文机关代字 (any issuing organisation, the county government included).
    public static func settingDocumentPrefix(_ code: String, to prefix: String?, in existing: [Organization])
        throws(OrganizationFailure) -> Organization
    {
        guard var org = existing.first(where: { $0.code == code }) else { throw .notFound(code) }
        let text = prefix?.trimmingSpaces() ?? ""
        org.documentPrefix = text.isEmpty ? nil : text
        let prefixProblems = problems(of: org, among: existing.filter { $0.code != code }).filter {
            $0.column == "document_prefix"
        }
        if let first = prefixProblems.first { throw first }
        return org
    }

    /// The organisation retired on a day. Refused while units it heads or hosts are still active.
    public static func retire(_ code: String, on day: Day, in existing: [Organization]) throws(OrganizationFailure)
        -> Organization
    {
        var org = try managed(code, in: existing)
        guard !org.isRetired else { throw .alreadyRetired(org.name) }
        let children = existing.filter { !$0.isRetired && $0.code != code && $0.parent == code }
        guard children.isEmpty else { throw .activeChildren(name: org.name, children: children.map(\.name)) }
        org.retiredOn = day
        return org
    }

    static func managed(_ code: String, in existing: [Organization]) throws(OrganizationFailure) -> Organization {
        guard let org = existing.first(where: { $0.code == code }) else { throw .notFound(code) }
        guard managedKinds.contains(org.kind) else { throw .notManaged(org.name) }
        return org
    }
}
