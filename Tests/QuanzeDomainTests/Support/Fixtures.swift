import Foundation
import Testing

@testable import QuanzeDomain

/// Fixed data shared by the domain tests: one county, two units, pinned clock instants and predictable ids.
enum Fixture {
    static let county = "510104"
    static let otherCounty = "510105"
    /// Two active departments (codes D-01, D-02) and a retired one, as imports resolve them.
    static let departments = DepartmentDirectory([
        Organization(code: "D-01", county: county, name: "区农业农村局", kind: .department),
        Organization(code: "D-02", county: county, name: "区应急管理局", kind: .department),
        Organization(code: "D-09", county: county, name: "区粮食局", kind: .department, retiredOn: day("2022-01-01")),
    ])
    /// 白马镇: a town (NBS township part 100).
    static let town = region("510104100000")
    /// 城关街道: a subdistrict (NBS township part 001).
    static let subdistrict = region("510104001000")

    /// Record-time instants, one per step of a story, an hour apart.
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let t1 = t0.addingTimeInterval(3600)
    static let t2 = t0.addingTimeInterval(7200)
    static let t3 = t0.addingTimeInterval(10_800)

    static func day(_ text: String) -> Day {
        guard let day = Day(iso: text) else { fatalError("bad fixture day \(text)") }
        return day
    }

    static func region(_ text: String) -> RegionCode {
        guard let code = RegionCode(text) else { fatalError("bad fixture region \(text)") }
        return code
    }

    static func decision(
        _ number: String = "大安编发〔2023〕5号", county: String = Fixture.county, date: String = "2023-06-01",
        kind: Decision.Kind = .grantDecision
    ) -> Decision {
        Decision(county: county, number: number, title: "关于赋权的决定", issuer: "大安区委编办", date: day(date), kind: kind)
    }

    static func item(_ code: String = "XM-001", status: PowerItem.Status = .active) -> PowerItem {
        PowerItem(
            county: county, code: code, name: "对畜禽品种违法行为的处罚", category: .penalty, department: "区农业农村局",
            legalBases: [ArticleRef(law: "畜牧法", version: day("2015-04-24"), article: 61)], status: status)
    }

    /// One recorded version of an entry.
    static func version(
        id: String, entryId: String? = nil, township: RegionCode = Fixture.town, item: String = "XM-001",
        list: ListKind = .empowerment, mode: AssignmentMode = .granted, role: TerritorialRole? = nil,
        partner: String? = nil, decision: String? = "大安编发〔2023〕5号", endDecision: String? = nil,
        from: String, to: String? = nil, recordedAt: Date = Fixture.t0, supersededAt: Date? = nil
    ) -> Assignment {
        Assignment(
            id: id, entryId: entryId ?? id, county: county, township: township, itemCode: item, list: list, mode: mode,
            role: role, partner: partner, decision: decision, endDecision: endDecision, validFrom: day(from),
            validTo: to.map(day), recordedAt: recordedAt, supersededAt: supersededAt)
    }
}

/// Predictable ids `n1`, `n2`, … for `newId`, remembering how many were handed out.
final class IdSequence {
    private let prefix: String
    private(set) var issued: [String] = []

    init(_ prefix: String = "n") { self.prefix = prefix }

    func next() -> String {
        let id = "\(prefix)\(issued.count + 1)"
        issued.append(id)
        return id
    }
}

/// An in-memory store of versions that applies changes the way the persistence layer does: superseded versions get
/// `supersededAt`, inserted ones are appended. Lets tests build a bitemporal history from real ledger rules.
struct History {
    var versions: [Assignment] = []
    private let ids = IdSequence("v")

    var current: [Assignment] { versions.filter(\.isCurrent) }

    @discardableResult
    mutating func apply(
        _ change: ListChange, citation: Citation, at instant: Date, item: PowerItem? = nil
    ) throws(ListFailure) -> ListMutation {
        let mutation = try ListLedger.apply(
            change, county: Fixture.county, current: current, item: item, citation: citation, recordedAt: instant,
            newId: ids.next)
        for index in versions.indices where mutation.superseded.contains(versions[index].id) {
            versions[index].supersededAt = instant
        }
        versions += mutation.inserted
        return mutation
    }
}

/// The product's data file of legal grounds and responsibilities (`Sources/QuanzeApp/Resources/legal-grounds.json`),
/// read from the repository so the domain tests check the very data every county is seeded with.
enum GroundsFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let url = repository.appendingPathComponent("Sources/QuanzeApp/Resources/legal-grounds.json")

    static func file() throws -> LegalGroundsFile {
        try LegalGroundsFile.decode(try Data(contentsOf: url))
    }

    static func table() throws -> LegalGroundTable { LegalGroundTable(rows: try file().grounds) }

    static func responsibility(_ mode: DelegationMode) throws -> Responsibility {
        try #require(try file().responsibilities[mode])
    }

    /// The seeded ground of a mode and category.
    static func ground(_ mode: DelegationMode, _ category: ItemCategory) throws -> LegalGround {
        try #require(try table().ground(mode, category))
    }
}
