import Foundation
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// The demo's empowerment list is built through the delegation lifecycle, not inserted: every entry has the
/// delegation, agreement and reviewed proposal behind it, and the 2023 removals went through evaluation and recall.
/// Only records of the demo's own history (effective by 2023-12-31) are looked at: other suites add 2024 ones.
@Suite("Demo delegations through the lifecycle")
struct DemoDelegationTests {
    static let county = "510304"
    static let yearEnd = Day(iso: "2023-12-31")!
    static let delegating = ["大安府发〔2021〕11号", "大安府办发〔2022〕9号", "大安府办发〔2022〕21号"]
    static let recalling = ["大安府发〔2023〕7号": "2023-06-16", "大安府办发〔2023〕14号": "2023-08-25"]

    /// The demo's lifecycle records, by id.
    struct Records {
        var delegations: [Delegation]
        var agreements: [String: Agreement]
        var proposals: [String: Proposal]

        init(_ database: any Database) async throws {
            let store = DelegationStore(database)
            delegations = try await store.list(Delegation.self, county: county).filter { $0.effectiveOn <= yearEnd }
            agreements = Dictionary(
                try await store.list(Agreement.self, county: county).map { ($0.id, $0) },
                uniquingKeysWith: { a, _ in a })
            proposals = Dictionary(
                try await store.list(Proposal.self, county: county).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }
            )
        }
    }

    @Test(
        "every empowerment entry in force at 2023-12-31 has a running delegation under the same decision, from a proposal with both reviews",
        arguments: Engine.available)
    func entriesFromDelegations(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let records = try await Records(database)
        let running = Dictionary(
            records.delegations.filter { $0.state == .active }.map { ($0.unit + "/" + $0.itemCode, $0) },
            uniquingKeysWith: { a, _ in a })
        var entries: [Assignment] = []
        // act
        for (code, _) in DemoDistrict.townships {
            entries += try await ListStore(database).inForce(
                county: Self.county, township: RegionCode(code)!, on: Self.yearEnd)
        }
        // check
        let empowerment = entries.filter { $0.list == .empowerment }
        #expect(empowerment.count == 126 * 15)
        #expect(running.count == empowerment.count, "one running delegation per entry, none more")
        for entry in empowerment {
            guard let delegation = running[entry.township.value + "/" + entry.itemCode] else {
                Issue.record("no running delegation for \(entry.township.value) \(entry.itemCode)")
                continue
            }
            #expect(delegation.decision == entry.decision && delegation.effectiveOn == entry.validFrom)
            #expect(delegation.mode.assignmentMode == entry.mode)
            let agreement = records.agreements[delegation.agreementId]
            #expect(agreement?.state == .effective && agreement?.number == entry.decision)
            #expect(agreement.map { $0.publishedOn.map { $0 <= entry.validFrom } ?? false } == true, "published first")
            let line = agreement?.lines.first { $0.delegationId == delegation.id }
            #expect(line?.itemCode == entry.itemCode && line?.unit == entry.township.value)
            let proposal = line.flatMap { records.proposals[$0.proposalId] }
            #expect(proposal?.state == .published)
            #expect(Self.delegating.map { "\($0)下放目录" }.contains(proposal?.batch ?? ""), "ordered from a menu batch")
            #expect(
                Set(proposal?.opinions.filter(\.passed).map(\.stage) ?? []) == [.establishment, .legal],
                "both review opinions kept: \(entry.itemCode)")
        }
        // The approval and enforcement rows of delegated items cite the delegation's decision.
        for entry in entries where entry.list == .approval || entry.list == .enforcement {
            if let delegation = running[entry.township.value + "/" + entry.itemCode] {
                #expect(entry.decision == delegation.decision, "\(entry.list) \(entry.itemCode)")
            }
        }
        #expect(Set(records.delegations.filter { $0.mode == .granted }.map(\.decision)) == ["大安府发〔2021〕11号"])
    }

    @Test(
        "documents as issued: one 赋权决定 of 90 items at 15 townships; one 委托书 per department and township under the department's 代字",
        arguments: Engine.available)
    func documents(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        let prefixes = Dictionary(
            DemoDistrict.organizations().compactMap { org in org.documentPrefix.map { (org.name, $0) } },
            uniquingKeysWith: { a, _ in a })
        // act
        let records = try await Records(database)
        let demo = records.agreements.values.filter { a in
            a.lines.allSatisfy { line in records.delegations.contains { $0.id == line.delegationId } }
        }
        // check
        let grants = demo.filter { $0.mode == .granted }
        #expect(grants.map(\.number) == ["大安府发〔2021〕11号"])
        #expect(grants.first?.lines.count == 90 * 15 && grants.first?.units.count == 15)
        #expect(grants.first?.issuerName == "自贡市大安区人民政府")
        let letters = demo.filter { $0.mode == .entrusted }
        #expect(Set(letters.map(\.number)).count == letters.count, "one 文号, one document")
        for letter in letters {
            #expect(letter.departments.count == 1 && letter.units.count == 1, "\(letter.number): bilateral")
            #expect(
                Decision.prefix(of: letter.number) == prefixes[letter.issuerName], "\(letter.number): the issuer's 代字")
            #expect(letter.issuerName == letter.departmentName)
        }
        let entrustedRunning = records.delegations.filter { $0.mode == .entrusted }
        #expect(letters.map(\.lines.count).reduce(0, +) == entrustedRunning.count, "every entrusted line in one 委托书")
    }

    @Test(
        "the 2023 removals went through evaluation, a reviewed recall proposal and a recall decision",
        arguments: Engine.available)
    func recalls(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        // act
        let records = try await Records(database)
        // check
        let recalled = records.delegations.filter { $0.state == .recalled }
        #expect(recalled.count == 14 * 15)
        #expect(recalled.filter { $0.recallDecision == "大安府发〔2023〕7号" }.count == 12 * 15)
        #expect(recalled.filter { $0.recallDecision == "大安府办发〔2023〕14号" }.count == 2 * 15)
        for delegation in recalled {
            let decision = delegation.recallDecision ?? ""
            #expect(delegation.endedOn?.iso == Self.recalling[decision], "\(delegation.id) \(decision)")
            #expect(delegation.evaluations.last?.conclusion == .recall)
            let proposal = delegation.recallProposalId.flatMap { records.proposals[$0] }
            #expect(proposal?.purpose == .recall && proposal?.state == .executed && proposal?.decision == decision)
            #expect(Set(proposal?.opinions.filter(\.passed).map(\.stage) ?? []) == [.establishment, .legal])
        }
        let entries = try await ListStore(database).forItem(
            county: Self.county, itemCode: recalled[0].itemCode, on: recalled[0].endedOn!.adding(days: -1))
        #expect(entries.contains { $0.list == .empowerment && $0.township.value == recalled[0].unit })
        let after = try await ListStore(database).forItem(
            county: Self.county, itemCode: recalled[0].itemCode, on: recalled[0].endedOn!)
        #expect(!after.contains { $0.township.value == recalled[0].unit }, "off every list from the recall day")
    }

    @Test(
        "the 2021 grants: 90 items at 15 units from 2021-06-25, transition period ended 2022-06-25",
        arguments: Engine.available)
    func transition(engine: Engine) async throws {
        // setup
        let database = try await DemoDatabases.shared.database(engine)
        // act
        let grants = try await Records(database).delegations.filter { $0.decision == "大安府发〔2021〕11号" }
        // check
        #expect(grants.count == 90 * 15)
        #expect(Set(grants.map(\.unit)).count == 15)
        for delegation in grants {
            #expect(delegation.mode == .granted && delegation.effectiveOn.iso == "2021-06-25")
            #expect(delegation.transitionEnds.iso == "2022-06-25")
        }
        let running = grants.first { $0.state == .active }!
        #expect(running.responsible(on: Day(iso: "2022-06-24")!) == running.departmentName, "工作在镇街、责任在部门")
        #expect(running.responsible(on: Day(iso: "2022-06-25")!) == running.unitName)
        let audit = try await AuditStore(database).count(
            AuditFilter(county: Self.county, actor: "system", action: "delegation.start"))
        #expect(audit >= 140 * 15, "each started delegation wrote its own entry")
    }
}
