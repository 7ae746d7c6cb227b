import ArgumentParser
import Foundation
import QuanzeDomain
import QuanzePersistence

/// `quanze user add|disable|enable|reset-password`: account management on the server's command line, the only
/// place where the three administrator roles can be granted.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "管理账号（新建、停用、启用、重置密码）",
        subcommands: [Add.self, Disable.self, Enable.self, ResetPassword.self])

    static let actor = Actor(name: "cli", role: "system")

    /// Reads a password from standard input (one line), or generates a temporary one.
    static func password(fromStdin: Bool) -> (String, generated: Bool) {
        if fromStdin, let line = readLine(strippingNewline: true), !line.isEmpty { return (line, false) }
        return (Passwords.temporary(), true)
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "新建账号；不加 --password-stdin 时生成临时密码（首次登录须修改）",
            discussion: "角色：" + Role.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、"))

        @Argument(help: "用户名（3–32 位小写字母、数字、点、下划线或连字符）") var username: String
        @Option(help: "姓名或名称") var name: String
        @Option(help: "角色") var role: String
        @Option(help: "所属单位代码（镇街为 12 位区划代码，其他单位为组织机构导入时的代码）") var organization: String
        @Option(help: "人员编号（执法/审批人员必填）") var person: String?
        @Flag(help: "从标准输入读取密码（须符合密码策略）") var passwordStdin = false
        @Option(help: "账号所属区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Runtime.with { runtime in
                guard let role = Role(rawValue: role) else {
                    throw ValidationError("未知角色“\(role)”，可选：\(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                do throws(AccountFailure) { try AccountRules.validateUsername(username) } catch {
                    throw ValidationError(error.message)
                }
                let (password, generated) = UserCommand.password(fromStdin: passwordStdin)
                let problems = runtime.configuration.security.passwordPolicy.problems(password, username: username)
                if !generated && !problems.isEmpty { throw ValidationError(problems.joined(separator: "；")) }
                let now = Date()
                let account = Account(
                    username: username, county: try runtime.county(county), displayName: name, role: role,
                    organization: organization, person: person,
                    passwordHash: try await Passwords.hash(password, cost: runtime.configuration.security.bcryptCost),
                    mustChange: generated, passwordChangedAt: now, createdAt: now)
                do {
                    try await AccountStore(runtime.database).create(account, by: UserCommand.actor, at: now)
                } catch let failure as AccountStoreFailure {
                    throw ValidationError(failure.message)
                }
                print("已创建账号 \(username)（\(role.label)）。")
                if generated { print("临时密码（只显示一次，首次登录须修改）：\(password)") }
            }
        }
    }

    /// Disables (ending its sessions) or re-enables an account.
    static func setDisabled(_ username: String, _ disabled: Bool) async throws {
        try await Runtime.with { runtime in
            do {
                try await AccountStore(runtime.database).setDisabled(
                    username, disabled, by: UserCommand.actor, at: Date())
            } catch let failure as AccountStoreFailure {
                throw ValidationError(failure.message)
            }
            print(disabled ? "已停用账号 \(username)。" : "已启用账号 \(username)。")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "停用账号并结束其登录会话")
        @Argument(help: "用户名") var username: String

        func run() async throws { try await UserCommand.setDisabled(username, true) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "启用已停用的账号")
        @Argument(help: "用户名") var username: String

        func run() async throws { try await UserCommand.setDisabled(username, false) }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "重置密码：生成临时密码（或从标准输入读取），结束其登录会话，下次登录须修改")
        @Argument(help: "用户名") var username: String
        @Flag(help: "从标准输入读取新密码") var passwordStdin = false

        func run() async throws {
            try await Runtime.with { runtime in
                let (password, generated) = UserCommand.password(fromStdin: passwordStdin)
                let problems = runtime.configuration.security.passwordPolicy.problems(password, username: username)
                if !generated && !problems.isEmpty { throw ValidationError(problems.joined(separator: "；")) }
                do {
                    try await AccountStore(runtime.database).setPassword(
                        username,
                        hash: try await Passwords.hash(password, cost: runtime.configuration.security.bcryptCost),
                        mustChange: true, action: "account.reset-password", by: UserCommand.actor, at: Date())
                } catch let failure as AccountStoreFailure {
                    throw ValidationError(failure.message)
                }
                print("已重置 \(username) 的密码。")
                if generated { print("临时密码（只显示一次，下次登录须修改）：\(password)") }
            }
        }
    }
}
