import Foundation
import Logging
import QuanzeDomain
import SQLKit
import Testing

@testable import QuanzePersistence

/// The engines every persistence test runs on: SQLite always, PostgreSQL when `TEST_POSTGRES_URL` is set (CI sets
/// it; with `CI` set and no URL the suite fails instead of silently skipping PostgreSQL).
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var available: [Engine] {
        let env = ProcessInfo.processInfo.environment
        if env["TEST_POSTGRES_URL"] != nil || env["CI"] != nil { return [.sqlite, .postgres] }
        return [.sqlite]
    }

    /// A fresh, migrated, empty database of this engine.
    func open() async throws -> any Database {
        let logger = Logger(label: "test")
        let database: any Database
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("qz-\(UUID().uuidString).sqlite")
                .path
            database = try await SQLiteDatabaseHandle.open(path: path, logger: logger)
        case .postgres:
            guard let base = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"] else {
                throw TestSetupError("CI 环境必须设置 TEST_POSTGRES_URL 以运行 PostgreSQL 测试")
            }
            let admin = try await PostgresDatabaseHandle.open(url: base, logger: logger)
            let name = "qz_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            try await admin.shutdown()
            var parts = URLComponents(string: base)!
            parts.path = "/" + name
            database = try await PostgresDatabaseHandle.open(url: parts.string!, logger: logger)
        }
        try await Migrator.migrate(database)
        return database
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Runs a test body on a fresh database and closes it afterwards.
func withDatabase(_ engine: Engine, _ body: (any Database) async throws -> Void) async throws {
    let database = try await engine.open()
    do {
        try await body(database)
        try await database.shutdown()
    } catch {
        try? await database.shutdown()
        throw error
    }
}

/// A small county with two townships (a town and a subdistrict), two departments, a decision, laws and items.
enum Fixture {
    static let county = "510304"
    static let town = RegionCode("510304100000")!
    static let subdistrict = RegionCode("510304001000")!
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let decision = Decision(
        county: county, number: "大安编发〔2021〕3号", title: "关于印发镇街权责清单的通知", issuer: "大安区委编办",
        date: Day(iso: "2021-03-01")!, kind: .listIssuance)
    static let law = LawVersion(
        name: "测试法", title: "中华人民共和国测试法", version: Day(iso: "2020-01-01")!,
        articles: [
            Article(number: 1, chapter: "第一章 总则", text: "为了测试，制定本法。"),
            Article(number: 2, chapter: "第二章 法律责任", text: "违反本法的，处以罚款。"),
        ])

    static func item(_ code: String, _ name: String, _ category: ItemCategory = .penalty) -> PowerItem {
        PowerItem(
            county: county, code: code, name: name, category: category, department: "大安区市场监督管理局",
            legalBases: [ArticleRef(law: "测试法", version: Day(iso: "2020-01-01")!, article: 2)], duties: "监管责任",
            accountability: "不履行职责的", statutoryLimit: TimeLimit(amount: 90, unit: .naturalDays))
    }

    static func load(_ database: any Database) async throws {
        try await database.transaction { db in
            let countyCode = RegionCode("510304000000")!
            try await RegionStore(database).upsert(
                [
                    Region(code: countyCode, name: "大安区", parent: nil),
                    Region(code: town, name: "大山铺镇", parent: countyCode),
                    Region(code: subdistrict, name: "大安街道", parent: countyCode),
                ], on: db)
            try await OrganizationStore(database).upsert(
                [
                    Organization(code: "D1", county: county, name: "大安区市场监督管理局", kind: .department),
                    Organization(code: "D2", county: county, name: "大安区应急管理局", kind: .department),
                ], on: db)
            try await LawStore(database).save(law, on: db)
            try await ItemStore(database).save(
                [item("CF-1", "对销售不合格食品的处罚"), item("CF-2", "对燃气安全违法行为的处罚"), item("QT-1", "矛盾纠纷调处", .other)], on: db)
            try await DecisionStore(database).save([decision], on: db)
        }
    }
}
