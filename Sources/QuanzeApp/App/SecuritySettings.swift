import Foundation
import QuanzeDomain

/// Access settings from the environment, with documented defaults (README, Configuration).
public struct SecuritySettings: Sendable, Equatable {
    /// bcrypt cost (4–31); each step doubles the work. Default 12.
    public var bcryptCost: Int
    public var passwordPolicy: PasswordPolicy
    public var session: SessionPolicy
    public var lockout: LoginGuard
    /// Login and token-issuing requests allowed per client address per minute.
    public var loginRatePerMinute: Int
    /// Whether cookies carry `Secure`: `auto` sets it when the request came over TLS (directly or as told by
    /// `X-Forwarded-Proto: https` from the proxy in front).
    public var secureCookies: SecureCookies
    /// The origin forms must come from (e.g. https://qz.daan.gov.cn); without it, the request's Host is used.
    public var publicOrigin: String?
    /// Seconds over which refused anonymous requests of one client are counted into one audit entry
    /// (`QUANZE_REFUSAL_WINDOW_SECONDS`, default 60).
    public var refusalWindowSeconds = 60

    public enum SecureCookies: String, Sendable, Equatable { case auto, always, never }

    public static let standard = SecuritySettings(
        bcryptCost: 12, passwordPolicy: .dengbao, session: .standard, lockout: .standard, loginRatePerMinute: 10,
        secureCookies: .auto, publicOrigin: nil)

    public init(
        bcryptCost: Int, passwordPolicy: PasswordPolicy, session: SessionPolicy, lockout: LoginGuard,
        loginRatePerMinute: Int, secureCookies: SecureCookies, publicOrigin: String?
    ) {
        self.bcryptCost = bcryptCost
        self.passwordPolicy = passwordPolicy
        self.session = session
        self.lockout = lockout
        self.loginRatePerMinute = loginRatePerMinute
        self.secureCookies = secureCookies
        self.publicOrigin = publicOrigin
    }

    /// Reads `QUANZE_BCRYPT_COST`, `QUANZE_PASSWORD_POLICY` (dengbao|asvs), `QUANZE_SESSION_IDLE_MINUTES`,
    /// `QUANZE_SESSION_MAX_HOURS`, `QUANZE_LOGIN_RATE_PER_MINUTE`, `QUANZE_REFUSAL_WINDOW_SECONDS`, `QUANZE_SECURE_COOKIES` (auto|always|never),
    /// `QUANZE_PUBLIC_ORIGIN`; appends every problem to `problems`.
    static func fromEnvironment(_ env: [String: String], problems: inout [String]) -> SecuritySettings {
        var s = SecuritySettings.standard
        func int(_ name: String, _ range: ClosedRange<Int>, _ apply: (Int) -> Void) {
            guard let text = env[name] else { return }
            if let value = Int(text), range.contains(value) {
                apply(value)
            } else {
                problems.append("配置项 \(name)=\(text) 无效：应为 \(range.lowerBound)–\(range.upperBound) 的整数")
            }
        }
        int("QUANZE_BCRYPT_COST", 4...31) { s.bcryptCost = $0 }
        int("QUANZE_SESSION_IDLE_MINUTES", 1...1440) { s.session.idleTimeout = Double($0) * 60 }
        int("QUANZE_SESSION_MAX_HOURS", 1...72) { s.session.absoluteTimeout = Double($0) * 3600 }
        int("QUANZE_LOGIN_RATE_PER_MINUTE", 1...10000) { s.loginRatePerMinute = $0 }
        int("QUANZE_REFUSAL_WINDOW_SECONDS", 1...3600) { s.refusalWindowSeconds = $0 }
        if let text = env["QUANZE_PASSWORD_POLICY"] {
            if let profile = PasswordPolicy.Profile(rawValue: text) {
                s.passwordPolicy = .named(profile)
            } else {
                problems.append("配置项 QUANZE_PASSWORD_POLICY=\(text) 无效：应为 dengbao（等保）或 asvs")
            }
        }
        if let text = env["QUANZE_SECURE_COOKIES"] {
            if let value = SecureCookies(rawValue: text) {
                s.secureCookies = value
            } else {
                problems.append("配置项 QUANZE_SECURE_COOKIES=\(text) 无效：应为 auto、always 或 never")
            }
        }
        if let text = env["QUANZE_PUBLIC_ORIGIN"] {
            if let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host != nil, url.path.isEmpty || url.path == "/"
            {
                s.publicOrigin = text.hasSuffix("/") ? String(text.dropLast()) : text
            } else {
                problems.append("配置项 QUANZE_PUBLIC_ORIGIN=\(text) 无效：应为 https://主机名[:端口]")
            }
        }
        return s
    }
}
