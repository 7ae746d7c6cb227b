import Foundation
import Testing

@testable import QuanzeDomain

@Suite("Assignment and list vocabularies")
struct AssignmentTests {
    @Test(
        "valid time is half-open: in force from validFrom, out of force on validTo",
        arguments: [
            ("2023-06-30", false), ("2023-07-01", true), ("2023-12-31", true), ("2024-01-01", false),
        ])
    func validTime(day: String, inForce: Bool) {
        // setup
        let version = Fixture.version(id: "a1", from: "2023-07-01", to: "2024-01-01")
        // act
        let result = version.isInForce(on: Fixture.day(day))
        // check
        #expect(result == inForce)
    }

    @Test("an open-ended version stays in force")
    func openEnded() {
        // setup
        let version = Fixture.version(id: "a1", from: "2023-07-01")
        // act
        let farFuture = version.isInForce(on: Fixture.day("9999-12-31"))
        // check
        #expect(farFuture)
    }

    @Test("record time is half-open: known from recordedAt, forgotten at supersededAt")
    func recordTime() {
        // setup
        let version = Fixture.version(id: "a1", from: "2023-07-01", recordedAt: Fixture.t1, supersededAt: Fixture.t2)
        // act
        let known = [Fixture.t0, Fixture.t1, Fixture.t1.addingTimeInterval(1), Fixture.t2, Fixture.t3].map {
            version.isKnown(at: $0)
        }
        // check
        #expect(known == [false, true, true, false, false])
        #expect(!version.isCurrent)
    }

    @Test("a version never superseded is current and known from its recording on")
    func currentVersion() {
        // setup
        let version = Fixture.version(id: "a1", from: "2023-07-01", recordedAt: Fixture.t1)
        // act
        let known = version.isKnown(at: Fixture.t3)
        // check
        #expect(known)
        #expect(version.isCurrent)
    }

    @Test("terms are mode, role and partner")
    func terms() {
        // setup
        let version = Fixture.version(
            id: "a1", list: .territorial, mode: .statutory, role: .primary, partner: "区应急管理局", from: "2023-07-01")
        // act
        let terms = version.terms
        // check
        #expect(terms == Assignment.Terms(mode: .statutory, role: .primary, partner: "区应急管理局"))
        #expect(terms != Assignment.Terms(mode: .statutory, role: .cooperating, partner: "区应急管理局"))
    }

    @Test(
        "list kinds read from key, full name or short name",
        arguments: [
            ("territorial", ListKind.territorial), ("属地事项清单", .territorial), ("属地", .territorial),
            ("扩权赋能清单", .empowerment), ("赋能", .empowerment), (" 审批服务 ", .approval), ("执法清单", .enforcement),
            ("法定", .statutory),
        ])
    func listKindFromText(text: String, kind: ListKind) {
        // setup
        let input = text
        // act
        let result = ListKind(text: input)
        // check
        #expect(result == kind)
    }

    @Test(
        "modes read from key or label",
        arguments: [
            ("赋权", AssignmentMode.granted), ("granted", .granted), ("委托", .entrusted), ("法定", .statutory),
            (" entrusted ", .entrusted),
        ])
    func modeFromText(text: String, mode: AssignmentMode) {
        // setup
        let input = text
        // act
        let result = AssignmentMode(text: input)
        // check
        #expect(result == mode)
    }

    @Test(
        "roles read from key, label or the label's first two characters",
        arguments: [
            ("主体责任", TerritorialRole.primary), ("主体", .primary), ("primary", .primary), ("配合", .cooperating),
            ("配合责任", .cooperating),
        ])
    func roleFromText(text: String, role: TerritorialRole) {
        // setup
        let input = text
        // act
        let result = TerritorialRole(text: input)
        // check
        #expect(result == role)
    }

    @Test("unknown list kinds, modes and roles are refused", arguments: ["", "清单", "授权", "责任", "Primary"])
    func unknownVocabulary(text: String) {
        // setup
        let input = text
        // act
        let parsed = [
            ListKind(text: input) != nil, AssignmentMode(text: input) != nil, TerritorialRole(text: input) != nil,
        ]
        // check
        #expect(parsed == [false, false, false])
    }
}
