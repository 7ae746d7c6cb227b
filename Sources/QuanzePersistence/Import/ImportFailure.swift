import QuanzeDomain

/// An import refused as a whole: every row problem is listed, and nothing was written.
public struct ImportFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var issues: [ImportIssue]

    public init(_ issues: [ImportIssue]) { self.issues = issues }

    public init(message: String) { self.issues = [ImportIssue(line: 0, message: message)] }

    public var description: String {
        let shown = issues.prefix(50).map { $0.line > 0 ? $0.description : $0.message }
        let more = issues.count > 50 ? "\n……另有 \(issues.count - 50) 处错误" : ""
        return "导入失败，未写入任何数据：\n" + shown.joined(separator: "\n") + more
    }
}

/// What an import wrote, and what it kept with a warning.
public struct ImportReport: Sendable, Equatable {
    public var written: Int
    public var warnings: [ImportIssue]
}
