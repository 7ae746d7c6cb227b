/// Failures of the annual report and of the processing steps it reads (typed, Chinese messages).
public enum ReportFailure: Error, Equatable, Sendable {
    case yearOutOfRange(Int)
    case noTownships
    case badStepCount(field: String, text: String)
    case moreStepsAfter(before: Int, after: Int)
    case missingDocument
    case badDocumentNumber(String)
    case unknownItem(String)
    case alreadyPublished(Int)

    public var message: String {
        switch self {
        case .yearOutOfRange(let year): "年度\(year)无效：应在2000至2100之间"
        case .noTownships: "本区县尚无镇街，无法生成年度运行报告"
        case .badStepCount(let field, let text): "\(field)“\(text)”无效：应为1至99的整数"
        case .moreStepsAfter(let before, let after): "下放后的办理环节（\(after)个）不能多于下放前（\(before)个）"
        case .missingDocument: "请填写办理环节数据所依据的文件名称"
        case .badDocumentNumber(let number): "文号“\(number)”格式不正确，应如 某府办发〔2023〕1号"
        case .unknownItem(let code): "事项编码“\(code)”不在本区县的事项目录中"
        case .alreadyPublished(let year): "\(year)年度运行报告已发布，不能重复发布"
        }
    }
}

/// The processing steps (办理环节) of an item in a county before and after it was handed down to the townships
/// (审批环节优化), with the document the numbers come from (its title, 文号 and provision): entered by the county's
/// 编办 through the API, a CSV import or the report page; every write audited.
public struct ProcessingSteps: Codable, Hashable, Sendable {
    public var county: String
    public var itemCode: String
    public var itemName: String
    public var before: Int
    public var after: Int
    /// The document the numbers come from (wording: the steps as it states them, may be empty).
    public var source: RuleSource

    public init(county: String, itemCode: String, itemName: String, before: Int, after: Int, source: RuleSource) {
        self.county = county
        self.itemCode = itemCode
        self.itemName = itemName
        self.before = before
        self.after = after
        self.source = source
    }

    /// Checks what a form, a CSV row or a JSON body gives: counts 1–99, not more steps after than before, a source
    /// document named, a 文号 (when given) in the form of GB/T 9704.
    public static func make(
        county: String, itemCode: String, itemName: String, before: String, after: String, document: String,
        number: String, provision: String, wording: String = ""
    ) throws(ReportFailure) -> ProcessingSteps {
        func count(_ text: String, _ field: String) throws(ReportFailure) -> Int {
            guard let n = Int(text.trimmingSpaces()), (1...99).contains(n) else {
                throw .badStepCount(field: field, text: text)
            }
            return n
        }
        let b = try count(before, "下放前办理环节数")
        let a = try count(after, "下放后办理环节数")
        guard a <= b else { throw .moreStepsAfter(before: b, after: a) }
        let doc = document.trimmingSpaces()
        guard !doc.isEmpty else { throw .missingDocument }
        let num = number.trimmingSpaces()
        guard num.isEmpty || Decision.isValidNumber(num) else { throw .badDocumentNumber(num) }
        let prov = provision.trimmingSpaces()
        return ProcessingSteps(
            county: county, itemCode: itemCode.trimmingSpaces(), itemName: itemName, before: b, after: a,
            source: RuleSource(
                document: doc, number: num.isEmpty ? nil : num, provision: prov.isEmpty ? nil : prov,
                wording: wording.trimmingSpaces()))
    }

    /// The text of the audit entry.
    public var auditText: String {
        "\(itemName)（\(itemCode)）办理环节：下放前\(before)个，下放后\(after)个（依据：\(source.citation)）"
    }
}

/// The reduction of processing steps over a set of items: the steps before and after summed, and the share saved.
public struct StepReduction: Codable, Hashable, Sendable {
    public var items: Int
    public var before: Int
    public var after: Int
    /// (before − after) / before in basis points, rounded half up; nil without any step recorded.
    public var reduction: Int?

    public static func of(_ steps: [ProcessingSteps]) -> StepReduction {
        let before = steps.map(\.before).reduce(0, +)
        let after = steps.map(\.after).reduce(0, +)
        return StepReduction(
            items: steps.count, before: before, after: after, reduction: basisPoints(before - after, of: before))
    }
}
