import ArgumentParser
import Foundation
import QuanzeDomain
import QuanzePersistence

/// `quanze token issue|list|revoke`: API tokens from the server's command line, so that an integrating system or a
/// migration script gets exactly the scopes it needs without a role's password.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "管理 API 令牌（发放、列出、吊销）",
        discussion: "权限范围：" + TokenScope.all.map { "\($0)（\($0.label)）" }.joined(separator: "、")
            + "。公开数据的读取不需要权限范围。",
        subcommands: [Issue.self, List.self, Revoke.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "为账号发放令牌（只显示一次）；令牌代表该账号，只能使用所给的权限范围",
            discussion:
                "例：quanze token issue --account xitong --scope cases:write --organization <镇街12位代码> --name 办件推送")

        @Option(help: "账号用户名（对接系统或业务账号；管理员账号不能使用令牌）") var account: String
        @Option(help: "权限范围，可重复或用逗号分隔，如 cases:write、delegation:write") var scope: [String]
        @Option(help: "对接系统推送办件时可推送的单位代码（可重复）；业务账号不填") var organization: [String] = []
        @Option(help: "令牌用途") var name: String = "命令行发放"
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?
        @Option(
            name: .customLong("secret-file"),
            help: "把令牌写入此文件（仅本人可读），不在屏幕上显示；供脚本使用")
        var secretFile: String?

        func run() async throws {
            let (scopes, unknown) = TokenScope.parseList(scope)
            if let first = unknown.first { throw ValidationError(TokenFailure.unknownPermission(first).message) }
            if let secretFile, FileManager.default.fileExists(atPath: secretFile) {
                throw ValidationError("文件 \(secretFile) 已存在：令牌不会覆盖已有文件")
            }
            try await Runtime.with { runtime in
                do {
                    let (token, secret) = try await TokenStore(runtime.database).create(
                        for: account, name: name, scope: organization, permissions: scopes,
                        county: try runtime.county(county), by: UserCommand.actor, at: Date())
                    print("已发放令牌 \(token.id)（\(account)，权限范围 \(scopes.map(\.description).joined(separator: ","))）。")
                    if let secretFile {
                        let url = URL(fileURLWithPath: secretFile)
                        try Data((secret + "\n").utf8).write(to: url, options: .withoutOverwriting)
                        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
                        print("令牌已写入 \(secretFile)（仅本人可读）。")
                    } else {
                        print("令牌（只显示一次，请妥善保存）：\(secret)")
                    }
                } catch let failure as TokenFailure {
                    throw ValidationError(failure.message)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出本区县的令牌（不显示令牌本身）")
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Runtime.with { runtime in
                let tokens = try await TokenStore(runtime.database).list(county: try runtime.county(county))
                if tokens.isEmpty { print("本区县没有令牌。") }
                for t in tokens {
                    let state = t.revokedAt == nil ? "有效" : "已吊销"
                    print(
                        "\(t.id)\t\(t.username)\t\(t.name)\t\(t.permissions.map(\.description).joined(separator: ","))\t单位 \(t.scope.count) 个\t\(state)"
                    )
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "吊销令牌：之后使用它的请求都被拒绝")
        @Argument(help: "令牌编号（12 位）") var id: String
        @Option(help: "区县代码（默认 QUANZE_COUNTY）") var county: String?

        func run() async throws {
            try await Runtime.with { runtime in
                do {
                    try await TokenStore(runtime.database).revoke(
                        id, county: try runtime.county(county), by: UserCommand.actor, at: Date())
                } catch let failure as TokenFailure {
                    throw ValidationError(failure.message)
                }
                print("已吊销令牌 \(id)。")
            }
        }
    }
}
