import Foundation

/// Password rules. `dengbao` follows common 等保 2.0 practice (length, three character classes, expiry);
/// `asvs` follows OWASP ASVS 4 / NIST 800-63B (length only, no composition rules, no forced rotation).
public struct PasswordPolicy: Hashable, Sendable {
    public enum Profile: String, Sendable, CaseIterable { case dengbao, asvs }

    public var profile: Profile
    public var minimumLength: Int
    public var maximumLength: Int
    /// Character classes required out of lower, upper, digit, symbol.
    public var requiredClasses: Int
    /// Days after which a password must be changed; nil means never.
    public var expiryDays: Int?

    public static let dengbao = PasswordPolicy(
        profile: .dengbao, minimumLength: 8, maximumLength: 128, requiredClasses: 3, expiryDays: 90)
    public static let asvs = PasswordPolicy(
        profile: .asvs, minimumLength: 12, maximumLength: 128, requiredClasses: 0, expiryDays: nil)

    public static func named(_ profile: Profile) -> PasswordPolicy { profile == .dengbao ? .dengbao : .asvs }

    public init(profile: Profile, minimumLength: Int, maximumLength: Int, requiredClasses: Int, expiryDays: Int?) {
        self.profile = profile
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.requiredClasses = requiredClasses
        self.expiryDays = expiryDays
    }

    /// Every rule the password breaks; empty when it is acceptable.
    public func problems(_ password: String, username: String) -> [String] {
        var problems: [String] = []
        let count = password.count
        if count < minimumLength { problems.append("密码至少 \(minimumLength) 位") }
        if count > maximumLength { problems.append("密码最多 \(maximumLength) 位") }
        var classes = 0
        if password.unicodeScalars.contains(where: { ("a"..."z").contains($0) }) { classes += 1 }
        if password.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) { classes += 1 }
        if password.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) { classes += 1 }
        if password.unicodeScalars.contains(where: { !CharacterSet.alphanumerics.contains($0) }) { classes += 1 }
        if classes < requiredClasses {
            problems.append("密码须包含大写字母、小写字母、数字、符号中的至少 \(requiredClasses) 类")
        }
        if !username.isEmpty && password.lowercased().contains(username.lowercased()) {
            problems.append("密码不能包含用户名")
        }
        return problems
    }

    /// Whether a password set at `changedAt` must be changed by `now`.
    public func isExpired(changedAt: Date, now: Date) -> Bool {
        guard let expiryDays else { return false }
        return now.timeIntervalSince(changedAt) >= Double(expiryDays) * 86400
    }
}
