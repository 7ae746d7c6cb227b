import Foundation
import Logging
import QuanzeDomain
import QuanzeTestSupport
import SQLKit
import Testing

@testable import QuanzePersistence

extension Engine: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

/// Runs a test body on a fresh database and closes it afterwards.
func withDatabase(_ engine: Engine, _ body: (any Database) async throws -> Void) async throws {
    let database = try await engine.openScratch()
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
