import Foundation
import QuanzeDomain
import QuanzePersistence

extension ProvinceGenerator {
    /// One county's turn: each step looks at what the county holds and writes only what is missing, through the
    /// same service the command line or the API would use for it.
    struct CountyRun {
        let database: any Database
        let county: String
        let name: String
        let options: Options
        let shared: Shared
        let now: Date

        static let actor = Actor(name: "generator", role: "system", organization: nil)
        /// The one decision every generated list entry cites, and the day its entries take effect.
        static let decisionDate = Day(year: 2023, month: 1, day: 10)!
        /// Case records per ingest batch (as an integrating system sends them).
        static let batch = 1000
        /// Distinct items the case records spread over (the first of the catalogue by code).
        static let caseItems = 200

        var governmentCode: String { CountyInit.governmentCode(county) }
        /// 武侯区 → 武侯; 峨边彝族自治县 → 峨边: the county's part of its documents' 机关代字.
        var shortName: String { name.hasSuffix("自治县") ? String(name.prefix(2)) : String(name.dropLast()) }
        var decisionNumber: String { "\(shortName)府发〔2023〕1号" }
        var source: String { "\(name)一体化政务服务平台（生成数据）" }

        func run() async throws -> CountyReport {
            var wrote = false
            let before = try await CaseStore(database).count(county: county)
            let report = try await CountyInitializer(database).run(
                county: county, divisions: options.divisions, actor: Self.actor, now: now)
            wrote = wrote || !report.changedNothing
            wrote =
                try await LegalGroundsData.seed(county: county, database: database, actor: Self.actor, at: now) > 0
                || wrote
            wrote = try await departments() || wrote
            wrote = try await items() || wrote
            let townships = try await RegionStore(database).townships(county: county)
                .map { (code: $0.0.code, kind: $0.1) }.sorted { $0.code.value < $1.code.value }
            wrote = try await lists(townships) || wrote
            wrote = try await accounts(firstTownship: townships.first?.code.value) || wrote
            let cases = try await cases(townships.map(\.code.value), existing: before)
            wrote = wrote || cases > before
            let entries = try await ListStore(database).counts(county: county, on: DemoBuilder.today).values
                .reduce(0) { $0 + $1.values.reduce(0, +) }
            return CountyReport(
                county: county, name: name, townships: townships.count, entries: entries, cases: cases, skipped: !wrote,
                seconds: 0)
        }

        /// `510104-D01`: the n-th department, in the order of the demo's (编办 first, 司法局 second).
        func departmentCode(_ n: Int) -> String { county + "-D" + (n < 10 ? "0\(n)" : "\(n)") }

        /// The demo's departments under the county's name, through the organisations import.
        func departments() async throws -> Bool {
            let existing = try await OrganizationStore(database).all(county: county)
            guard !existing.contains(where: { $0.kind == .department }) else { return false }
            var csv = "code,name,kind,establishment,justice\n"
            for (index, department) in DemoDistrict.departments.enumerated() {
                let title = department.replacingOccurrences(of: DemoDistrict.name, with: name)
                csv += departmentCode(index + 1) + ",\(title),\(OrganizationKind.department.key),"
                csv += (title.contains("机构编制") ? "是" : "否") + "," + (title.hasSuffix("司法局") ? "是" : "否") + "\n"
            }
            _ = try await OrganizationService(database).importCSV(
                Data(csv.utf8), county: county, actor: Self.actor, now: now, source: "生成数据：单位")
            return true
        }

        /// The demo's catalogue under the county's department names, and the provincial grant catalogue for the items
        /// the plan grants.
        func items() async throws -> Bool {
            var wrote = false
            if try await ItemStore(database).codes(county: county).isEmpty {
                let csv = shared.catalogue.replacingOccurrences(of: DemoDistrict.name, with: name)
                _ = try await CatalogImporter(database).importItems(
                    Data(csv.utf8), county: county, actor: Self.actor, now: now, source: "生成数据：事项目录")
                wrote = true
            }
            let catalogue = DemoBuilder.provincialCatalogue
            if try await DecisionStore(database).find(county: county, number: catalogue) == nil,
                let decision = shared.plan.decisions.first(where: { $0.number == catalogue })
            {
                let granted = Set(shared.plan.rows.filter { $0.terms.mode == .granted }.map(\.itemCode)).sorted()
                let csv = "item_code\n" + granted.joined(separator: "\n") + "\n"
                _ = try await CatalogImporter(database).importCatalogue(
                    Data(csv.utf8), county: county,
                    defaults: CatalogueImport.Defaults(
                        number: decision.number, title: decision.title, issuer: decision.issuer, date: decision.date),
                    actor: Self.actor, now: now, source: "生成数据：赋权目录")
                wrote = true
            }
            return wrote
        }

        /// The plan rows in force that fit a township's kind, at most `entriesPerTownship` of them (a seeded draw
        /// per township), in plan order. A unit of another kind (开发区 …) gets no 法定 powers outside the
        /// territorial list: the law gives it none.
        func rows(for township: RegionCode, kind: TownshipKind) -> [DemoPlan.Row] {
            let fitting = shared.plan.rows.indices.filter { i in
                let row = shared.plan.rows[i]
                guard row.to == nil, shared.plan.applies(row.scope, to: kind) else { return false }
                return !(kind.template == .other && row.terms.mode == .statutory && row.list != .territorial)
            }
            var generator = SeededGenerator(
                seed: options.seed &* 0x2545_F491_4F6C_DD1D &+ (UInt64(township.value) ?? 0))
            let chosen = Set(fitting.shuffled(using: &generator).prefix(options.entriesPerTownship))
            return fitting.filter { chosen.contains($0) }.map { shared.plan.rows[$0] }
        }

        /// Every township's entries in one file through the lists import (one decision, one transaction).
        func lists(_ townships: [(code: RegionCode, kind: TownshipKind)]) async throws -> Bool {
            guard try await ListStore(database).counts(county: county, on: DemoBuilder.today).isEmpty else {
                return false
            }
            let government =
                try await OrganizationStore(database).find(county: county, code: governmentCode)?.name ?? name
            let title = "\(government)关于印发乡镇（街道）权责清单的通知（生成数据）"
            var csv = "township,item_code,list,mode,role,partner,decision,decision_title,decision_issuer,decision_date,"
            csv += "decision_kind,valid_from\n"
            let head = ",\(decisionNumber),\(title),\(government),\(Self.decisionDate.iso),list-issuance,"
            for (code, kind) in townships {
                for row in rows(for: code, kind: kind) {
                    let partner = row.terms.partner?.replacingOccurrences(of: DemoDistrict.name, with: name) ?? ""
                    csv += "\(code.value),\(row.itemCode),\(row.list.rawValue),\(row.terms.mode.rawValue),"
                    csv += "\(row.terms.role?.rawValue ?? ""),\(partner)" + head + Self.decisionDate.iso + "\n"
                }
            }
            _ = try await CatalogImporter(database).importAssignments(
                Data(csv.utf8), county: county, actor: Self.actor, now: now, source: "生成数据：现有清单")
            return true
        }

        /// The generated staff of the county (password: the demo's): 编办, 司法局, the first township, a supervisor.
        func accounts(firstTownship: String?) async throws -> Bool {
            let store = AccountStore(database)
            var accounts: [(String, String, Role, String)] = [
                ("bianban", "编办（生成）", .establishment, departmentCode(1)),
                ("sifa", "司法局（生成）", .justice, departmentCode(2)),
                ("jiandu", "监督（生成）", .supervisor, governmentCode),
            ]
            if let firstTownship { accounts.append(("town", "镇街（生成）", .township, firstTownship)) }
            var wrote = false
            for (suffix, display, role, organization) in accounts {
                let username = Self.username(county: county, suffix)
                guard try await store.find(username) == nil else { continue }
                try await store.create(
                    Account(
                        username: username, county: county, displayName: name + display, role: role,
                        organization: organization, passwordHash: shared.passwordHash, passwordChangedAt: now,
                        createdAt: now), by: Self.actor, at: now)
                wrote = true
            }
            return wrote
        }

        /// A generated account's name: `g510104-bianban`.
        static func username(county: String, _ suffix: String) -> String { "g\(county)-\(suffix)" }

        /// `casesPerCounty` records through the ingest service, 1,000 a batch, from the first batch not yet written.
        /// Returns the county's case count.
        func cases(_ townships: [String], existing: Int) async throws -> Int {
            guard existing < options.casesPerCounty, !townships.isEmpty else { return existing }
            let items = Array(try await ItemStore(database).codes(county: county).sorted().prefix(Self.caseItems))
            let stream = SyntheticCases(
                townships: townships, items: items,
                salt: options.seed &* 0x9E37_79B9_7F4A_7C15 &+ (UInt64(county) ?? 0) << 32)
            let store = CaseStore(database)
            for start in stride(from: existing / Self.batch * Self.batch, to: options.casesPerCounty, by: Self.batch) {
                let range = start..<min(start + Self.batch, options.casesPerCounty)
                let records = range.enumerated().map {
                    (index: $0.offset, record: stream.record($0.element, county: county, source: source))
                }
                let result = try await store.ingest(records, county: county, scope: nil, actor: Self.actor, at: now)
                guard result.rejected.isEmpty else {
                    throw ImportFailure(message: "生成的办件被拒收：\(result.rejected.prefix(3))")
                }
            }
            return try await CaseStore(database).count(county: county)
        }
    }
}
