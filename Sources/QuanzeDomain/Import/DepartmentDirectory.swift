/// The departments a CSV may name — by code or by exact name — with retired ones left out, since a retired
/// department takes no new items or entries. Items then keep the code, so a later rename orphans nothing.
public struct DepartmentDirectory: Sendable {
    var byCode: [String: String] = [:]
    var codeByName: [String: String] = [:]

    public init(_ organizations: [Organization]) {
        for org in organizations where org.kind == .department && !org.isRetired {
            byCode[org.code] = org.name
            codeByName[org.name] = org.code
        }
    }

    /// The department's code and current name, from its code or its exact name.
    public func resolve(_ text: String) -> (code: String, name: String)? {
        if let name = byCode[text] { return (text, name) }
        if let code = codeByName[text] { return (code, text) }
        return nil
    }
}
