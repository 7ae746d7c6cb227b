import Foundation
import Testing

@testable import QuanzeDomain

/// The change feed's events, made from real ledger operations, and their Atom form.
@Suite("ChangeEvent")
struct ChangeEventTests {
    static let decision = Fixture.decision("某编发〔2023〕5号", date: "2023-06-01")
    static let later = Fixture.decision("某编发〔2023〕9号", date: "2023-09-01", kind: .adjustment)

    /// Applies `change` to `history` and returns the event it makes.
    static func event(
        _ change: ListChange, _ history: inout History, citation: Citation, at: Date = Fixture.t0
    ) throws -> ChangeEvent {
        let mutation = try history.apply(change, citation: citation, at: at, item: Fixture.item())
        return try #require(
            ChangeEvent.of(
                change, inserted: mutation.inserted, citation: citation, townshipName: "某镇",
                itemName: Fixture.item().name, department: "D01", at: at))
    }

    @Test("an addition, an amendment, an end and a correction each make one event with the decision and the day")
    func entryEvents() throws {
        // setup
        var history = History()
        let add = ListChange.add(
            township: Fixture.town, itemCode: "XM-001", list: .empowerment, terms: .init(mode: .granted),
            from: Fixture.day("2023-07-01"), until: nil)
        // act
        let added = try Self.event(add, &history, citation: .decision(Self.decision))
        let entry = try #require(history.current.first).entryId
        let amended = try Self.event(
            .amend(entryId: entry, terms: .init(mode: .entrusted), from: Fixture.day("2023-10-01")), &history,
            citation: .decision(Self.later), at: Fixture.t1)
        let ended = try Self.event(
            .withdraw(township: Fixture.town, itemCode: "XM-001", list: .empowerment, on: Fixture.day("2023-12-01")),
            &history, citation: .decision(Self.later), at: Fixture.t2)
        let amendedVersion = try #require(history.current.first { $0.validFrom == Fixture.day("2023-10-01") })
        let corrected = try Self.event(
            .rewrite(
                entryId: entry, terms: .init(mode: .entrusted), validFrom: Fixture.day("2023-10-02"),
                validTo: Fixture.day("2023-12-01")), &history,
            citation: .correction(reason: "生效日期录入有误"), at: Fixture.t3)
        // check
        #expect(
            [added, amended, ended, corrected].map(\.kind) == [
                .entryAdded, .entryAmended, .entryEnded, .entryCorrected,
            ])
        #expect(
            [added, amended, ended, corrected].map(\.decision) == [
                Self.decision.number, Self.later.number, Self.later.number, nil,
            ])
        #expect(
            [added, amended, ended, corrected].map(\.day.iso) == [
                "2023-07-01", "2023-10-01", "2023-12-01", "2023-10-02",
            ])
        #expect(added.summary == "某镇扩权赋能清单新增“对畜禽品种违法行为的处罚”（XM-001），2023年7月1日起施行（依据某编发〔2023〕5号）")
        #expect(amended.summary == "某镇扩权赋能清单的“对畜禽品种违法行为的处罚”（XM-001）自2023年10月1日起变更（依据某编发〔2023〕9号）")
        #expect(ended.summary == "某镇扩权赋能清单的“对畜禽品种违法行为的处罚”（XM-001）自2023年12月1日起终止（依据某编发〔2023〕9号）")
        #expect(corrected.summary == "某镇扩权赋能清单的“对畜禽品种违法行为的处罚”（XM-001）勘误（勘误：生效日期录入有误）")
        #expect(amended.entry?.previous?.mode == .granted)
        #expect(amended.entry?.mode == .entrusted)
        #expect(amended.entry?.entryId == amendedVersion.entryId)
        #expect(ended.entry?.validTo == Fixture.day("2023-12-01"))
        #expect(corrected.entry?.correctionReason == "生效日期录入有误")
        #expect(Set([added, amended, ended, corrected].map(\.township)) == [Fixture.town.value])
        #expect(Set([added, amended, ended, corrected].map(\.department)) == ["D01"])
    }

    @Test("a change that inserted no version makes no event")
    func nothingInserted() {
        let change = ListChange.end(entryId: "e1", on: Fixture.day("2023-07-01"))
        #expect(
            ChangeEvent.of(
                change, inserted: [], citation: .decision(Self.decision), townshipName: "某镇", itemName: nil,
                department: nil, at: Fixture.t0) == nil)
    }

    @Test(
        "publishing: 委托书 and 赋权决定 are documents, the other kinds decisions; an unpublished decision makes none",
        arguments: Decision.Kind.allCases)
    func published(kind: Decision.Kind) throws {
        // setup
        var decision = Fixture.decision("某编发〔2023〕7号", kind: kind)
        // act
        let unpublished = ChangeEvent.published(decision, at: Fixture.t0)
        decision.publishedOn = Fixture.day("2023-06-02")
        let event = try #require(ChangeEvent.published(decision, at: Fixture.t0))
        // check
        #expect(unpublished == nil)
        #expect(
            event.kind == (kind == .entrustment || kind == .grantDecision ? .documentPublished : .decisionPublished))
        #expect(event.decision == "某编发〔2023〕7号")
        #expect(event.day == Fixture.day("2023-06-02"))
        #expect(event.summary == "大安区委编办公布\(kind.label)《关于赋权的决定》（某编发〔2023〕7号），2023年6月2日")
        #expect(event.township == nil && event.itemCode == nil)
    }

    @Test("ids are stable: the county and the running number")
    func ids() {
        var event = ChangeEvent.document(
            county: "510104", title: "年度报告", reference: nil, day: Fixture.day("2024-01-05"), at: Fixture.t0)
        event.seq = 42
        #expect(event.id == "urn:quanze:510104:change:42")
        #expect(event.summary == "公布《年度报告》，2024年1月5日")
    }

    @Test("Atom: UTC timestamps, escaped text, entries in the order given, each with its id, link and category")
    func atom() throws {
        // setup
        var first = ChangeEvent.document(
            county: "510104", title: "A & <B>", reference: nil, day: Fixture.day("2023-11-14"), at: Fixture.t0)
        first.seq = 1
        var second = first
        second.seq = 2
        second.at = Fixture.t1
        // act
        let xml = AtomFeed(
            id: "urn:quanze:510104:feed:county", title: "某区权责清单变更", author: "某区",
            selfLink: "http://h/feeds/changes", pageLink: "http://h/changes", events: [second, first],
            link: { "http://h/changes#\($0.seq)" }
        ).xml
        // check
        #expect(AtomFeed.timestamp(Fixture.t0) == "2023-11-14T22:13:20Z")
        #expect(
            xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""))
        #expect(xml.contains("<updated>2023-11-14T23:13:20Z</updated>\n<author>"))
        #expect(xml.contains("<title>公布《A &amp; &lt;B&gt;》，2023年11月14日</title>"))
        let ids = xml.components(separatedBy: "<id>").dropFirst().map { $0.components(separatedBy: "</id>")[0] }
        #expect(ids == ["urn:quanze:510104:feed:county", "urn:quanze:510104:change:2", "urn:quanze:510104:change:1"])
        #expect(xml.contains("<link rel=\"alternate\" type=\"text/html\" href=\"http://h/changes#2\"/>"))
        #expect(xml.contains("<category term=\"document.published\" label=\"文件公布\"/>"))
        #expect(xml.hasSuffix("</feed>\n"))
    }

    @Test("an empty feed is still a valid document dated at the epoch")
    func emptyAtom() {
        let xml = AtomFeed(
            id: "urn:x", title: "t", author: "a", selfLink: "s", pageLink: "p", events: [], link: { _ in "" }
        ).xml
        #expect(xml.contains("<updated>1970-01-01T00:00:00Z</updated>"))
        #expect(!xml.contains("<entry>"))
    }
}
