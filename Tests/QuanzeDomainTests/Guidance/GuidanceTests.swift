import Foundation
import Testing

@testable import QuanzeDomain

/// The guidance library (issue 16 point 4): who may publish for which item, how versions follow one another and
/// which is in force, guidance documents' fields, and every rule of a discretion standard's rows.
@Suite("Guidance")
struct GuidanceTests {
    static let penaltyItem = GuidanceItem(
        code: "CF-1", name: "对安全设备不符合国家标准的处罚", category: .penalty, departmentCode: "D-YJ", department: "区应急管理局")
    static let licenceItem = GuidanceItem(
        code: "XK-1", name: "烟花爆竹经营许可", category: .licensing, departmentCode: "D-YJ", department: "区应急管理局")
    static let otherItem = GuidanceItem(
        code: "CF-2", name: "对销售未经审定畜禽品种的处罚", category: .penalty, departmentCode: "D-NY", department: "区农业农村局")
    static let yingji = Principal(username: "yingji", role: .department, county: Fixture.county, organization: "D-YJ")
    static let nongye = Principal(username: "nongye", role: .department, county: Fixture.county, organization: "D-NY")
    static let bianban = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "D-BB")
    static let sifa = Principal(username: "sifa", role: .justice, county: Fixture.county, organization: "D-SF")
    static let township = Principal(
        username: "baima", role: .township, county: Fixture.county, organization: "T-1", unit: "T-1")
    static let issuer = GuidanceIssuer(code: "D-YJ", name: "区应急管理局")
    static let article = ArticleRef(law: "安全生产法", version: Fixture.day("2021-06-10"), article: 99)
    static let minorArticle = ArticleRef(law: "行政处罚法", version: Fixture.day("2021-01-22"), article: 33)

    static func draft(
        kind: GuidanceKind = .workGuide, items: [String] = ["CF-1"], title: String = "安全设备检查工作指南",
        body: String = "一、检查要点……", source: String = "某应急〔2024〕5号", on day: String = "2024-03-01"
    ) -> GuidanceDocument.Draft {
        .init(kind: kind, itemCodes: items, title: title, body: body, source: source, effectiveOn: Fixture.day(day))
    }

    static func document(
        _ draft: GuidanceDocument.Draft = draft(), items: [GuidanceItem] = [penaltyItem],
        previous: GuidanceDocument? = nil, by principal: Principal = yingji
    ) throws(GuidanceFailure) -> GuidanceDocument {
        try GuidanceDocument.publish(
            draft, id: "ZN-0001", county: Fixture.county, items: items, previous: previous, issuer: issuer,
            by: principal, at: Fixture.t0)
    }

    static func failure<T>(_ make: () throws(GuidanceFailure) -> T) -> GuidanceFailure? {
        do {
            _ = try make()
            return nil
        } catch { return error }
    }

    // MARK: who publishes

    @Test("the competent department publishes for its own items; 编办 and 司法局 for any; nobody else")
    func publishers() {
        // setup
        let cases: [(Principal, GuidanceItem, Bool)] = [
            (Self.yingji, Self.penaltyItem, true), (Self.yingji, Self.otherItem, false),
            (Self.nongye, Self.otherItem, true), (Self.bianban, Self.otherItem, true),
            (Self.sifa, Self.penaltyItem, true),
            (Self.township, Self.penaltyItem, false),
            (
                Principal(username: "jd", role: .supervisor, county: Fixture.county, organization: "G"),
                Self.penaltyItem, false
            ),
        ]
        for (principal, item, allowed) in cases {
            // act
            let result = GuidanceRules.mayPublish(principal, for: item)
            // check
            #expect(result == allowed, "\(principal.username) for \(item.code)")
        }
        let noCode = GuidanceItem(
            code: "CF-9", name: "无部门编码", category: .penalty, departmentCode: nil, department: "某局")
        #expect(!GuidanceRules.mayPublish(Self.yingji, for: noCode))
        #expect(
            Self.failure { () throws(GuidanceFailure) in
                try GuidanceRules.checkPublisher(Self.township, items: [Self.penaltyItem])
            } == .wrongRole(role: "镇街"))
        #expect(
            Self.failure { () throws(GuidanceFailure) in
                try GuidanceRules.checkPublisher(Self.yingji, items: [Self.penaltyItem, Self.otherItem])
            } == .notCompetent(item: Self.otherItem.name, department: "区农业农村局"))
    }

    // MARK: documents

    @Test("a document is published as version 1 with trimmed fields, its items in order")
    func publishDocument() throws {
        // setup
        let d = Self.draft(items: ["CF-1", "XK-1"], title: "  安全设备检查工作指南 ", source: " 某应急〔2024〕5号 ")
        // act
        let made = try Self.document(d, items: [Self.penaltyItem, Self.licenceItem])
        // check
        #expect(made.version == 1 && made.id == "ZN-0001" && made.kind == .workGuide)
        #expect(made.itemCodes == ["CF-1", "XK-1"])
        #expect(made.title == "安全设备检查工作指南" && made.source == "某应急〔2024〕5号")
        #expect(made.issuer == Self.issuer && made.publishedBy == "yingji" && made.publishedAt == Fixture.t0)
    }

    @Test("a document needs items (no duplicates, at most 50), a title, a body and a source, within their limits")
    func documentRefusals() {
        // setup
        let many = (0...GuidanceDocument.itemLimit).map {
            GuidanceItem(code: "CF-\($0)", name: "n", category: .penalty, departmentCode: "D-YJ", department: "d")
        }
        // act, check
        #expect(Self.failure { () throws(GuidanceFailure) in try Self.document(items: []) } == .noItems)
        #expect(Self.failure { () throws(GuidanceFailure) in try Self.document(items: many) } == .tooManyItems(50))
        #expect(
            Self.failure { () throws(GuidanceFailure) in try Self.document(items: [Self.penaltyItem, Self.penaltyItem])
            }
                == .duplicateItem("CF-1"))
        #expect(Self.failure { () throws(GuidanceFailure) in try Self.document(Self.draft(title: " ")) } == .emptyTitle)
        #expect(Self.failure { () throws(GuidanceFailure) in try Self.document(Self.draft(body: "\n")) } == .emptyBody)
        #expect(
            Self.failure { () throws(GuidanceFailure) in try Self.document(Self.draft(source: "")) } == .emptySource)
        #expect(
            Self.failure { () throws(GuidanceFailure) in
                try Self.document(Self.draft(title: String(repeating: "字", count: 101)))
            }
                == .tooLong(field: "标题", limit: 100))
        #expect(
            Self.failure { () throws(GuidanceFailure) in
                try Self.document(Self.draft(body: String(repeating: "字", count: 20001)))
            }
                == .tooLong(field: "正文", limit: 20000))
        #expect(
            Self.failure { () throws(GuidanceFailure) in
                try Self.document(Self.draft(source: String(repeating: "字", count: 101)))
            }
                == .tooLong(field: "制定依据", limit: 100))
        #expect(
            Self.failure { () throws(GuidanceFailure) in try Self.document(items: [Self.otherItem]) }
                == .notCompetent(item: Self.otherItem.name, department: "区农业农村局"))
        #expect(
            Self.failure { () throws(GuidanceFailure) in try Self.document(by: Self.township) }
                == .wrongRole(role: "镇街"))
    }

    @Test("a revision is the next version, of the same kind, dated on or after the previous one")
    func revise() throws {
        // setup
        let first = try Self.document()
        // act
        let sameDay = try Self.document(Self.draft(title: "第二版", on: "2024-03-01"), previous: first)
        let later = try Self.document(Self.draft(on: "2024-06-01"), previous: sameDay, by: Self.bianban)
        // check
        #expect(sameDay.version == 2 && later.version == 3 && later.publishedBy == "bianban")
        #expect(
            Self.failure { () throws(GuidanceFailure) in
                try Self.document(Self.draft(on: "2024-02-29"), previous: first)
            }
                == .dayBeforePrevious(day: Fixture.day("2024-02-29"), previous: Fixture.day("2024-03-01"), version: 1))
        #expect(
            Self.failure { () throws(GuidanceFailure) in
                try Self.document(Self.draft(kind: .caseManual), previous: first)
            }
                == .kindChanged(from: "工作指南", to: "案例手册"))
    }

    @Test("the version in force is the highest that has taken effect; the others are superseded or upcoming")
    func versions() throws {
        // setup
        let v1 = try Self.document()
        let v2 = try Self.document(Self.draft(on: "2024-06-01"), previous: v1)
        let v3 = try Self.document(Self.draft(on: "2024-09-01"), previous: v2)
        let all = [v3, v1, v2]
        // act, check
        #expect(GuidanceRules.current(all, on: Fixture.day("2024-02-29")) == nil)
        #expect(GuidanceRules.current(all, on: Fixture.day("2024-03-01"))?.version == 1)
        #expect(GuidanceRules.current(all, on: Fixture.day("2024-06-01"))?.version == 2)
        #expect(GuidanceRules.current(all, on: Fixture.day("2025-01-01"))?.version == 3)
        let day = Fixture.day("2024-07-01")
        #expect(
            GuidanceRules.standing(of: v1, among: all, on: day)
                == .superseded(byVersion: 2, on: Fixture.day("2024-06-01")))
        #expect(GuidanceRules.standing(of: v2, among: all, on: day) == .current)
        #expect(GuidanceRules.standing(of: v3, among: all, on: day) == .upcoming)
        #expect(
            GuidanceStanding.superseded(byVersion: 2, on: Fixture.day("2024-06-01")).label == "已被第 2 版替代（2024年6月1日起）")
        #expect(GuidanceStanding.current.label == "现行有效" && GuidanceStanding.upcoming.label == "尚未施行")
    }

    @Test("kinds read their key or Chinese name")
    func kinds() {
        #expect(GuidanceKind(text: "工作指南") == .workGuide && GuidanceKind(text: "case-manual") == .caseManual)
        #expect(GuidanceKind(text: " 执法实用手册 ") == .handbook && GuidanceKind(text: "手册") == nil)
        #expect(GuidanceKind.allCases.map(\.label) == ["工作指南", "案例手册", "执法实用手册"])
    }
}
