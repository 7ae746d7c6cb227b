import Foundation
import QuanzeDomain
import SQLKit

extension DelegationService {
    /// The lifecycle's steps on one open transaction (`DelegationService.batch(county:_:)`). Each step loads its
    /// record, asks the pure domain for the next state, saves it and writes one audit entry, exactly as a single
    /// step does — the single steps are batches of one.
    ///
    /// A batch remembers what it has read or written (records, items, organisations, the next readable ids, the
    /// townships' current list entries, the audit chain's head), so a county decision of thousands of steps does
    /// not read the same rows thousands of times; it writes the records and audit entries of its steps in
    /// multi-row statements at `flush` — before anything reads the records table, and when the batch ends, inside
    /// its transaction. Everything it remembers was read or written in its own transaction, and every write of the
    /// transaction goes through it, so the memory never disagrees with the database.
    public final class Batch {
        public let county: String
        let database: any Database
        let db: any SQLDatabase
        /// Records read or written, with the JSON text stored (what audit entries digest, so it is encoded once).
        private var records: [String: (record: any DelegationRecord, payload: String)] = [:]
        /// Records changed since the last `flush`, latest state only: an order whose 90 lines are approved one by
        /// one is written once.
        private var unwritten: [String: DelegationRow] = [:]
        private var organizations: [Organization]?
        private var catalogues: [String: ProvincialCatalogue] = [:]
        private var legalGrounds: LegalGroundTable?
        private var counters: [DelegationRecordKind: Int] = [:]
        /// What the transaction has read and written of lists, decisions and the audit chain (shared with
        /// `ListService`, which every list change of the batch goes through); audit entries are written at `flush`.
        let lists = ListService.WorkingSet(deferringAudit: true)

        init(county: String, database: any Database, db: any SQLDatabase) {
            self.county = county
            self.database = database
            self.db = db
        }

        // MARK: proposals

        public func propose(
            itemCode: String, mode: DelegationMode, reasons: String, expectedYearlyVolume: Int, catalogue: String?,
            by principal: Principal, departmentName: String, at now: Date
        ) async throws -> Proposal {
            try requireCounty(principal, step: "提出下放申请")
            let item = try await item(itemCode)
            let cat = try await catalogue.asyncMap { try await self.catalogue($0) }
            // Inside the county's serialised transaction: of two identical submissions the second finds the first.
            let open = try await DelegationStore.list(
                Proposal.self, county: county, states: Proposal.State.open.map(\.rawValue), item: itemCode, on: db)
            try Proposal.requireNoOpenProposal(itemCode: itemCode, mode: mode, among: open)
            let id = try await nextId(.proposal)
            let proposal = try Proposal.propose(
                id: id, county: county, item: item, by: principal, departmentName: departmentName, mode: mode,
                reasons: reasons, expectedYearlyVolume: expectedYearlyVolume, catalogue: cat,
                grounds: try await grounds(), at: now)
            let text = try save(proposal, at: now)
            try await audit(principal, now, "delegation.propose", id, "提出\(mode.label)申请：\(item.name)", after: text)
            return proposal
        }

        /// Applies a review, legal review, resubmission or withdrawal to a proposal.
        public func apply(_ event: Proposal.Event, to id: String, by principal: Principal, at now: Date) async throws
            -> Proposal
        {
            try requireCounty(principal, step: event.label)
            let (before, beforeText) = try await stored(Proposal.self, id)
            let after = try before.applying(event, by: principal, at: now)
            let text = try save(after, at: now)
            try await audit(
                principal, now, "delegation.proposal", id, "\(event.label)：\(after.state.label)", before: beforeText,
                after: text)
            return after
        }

        /// Publishes approved proposals as one numbered menu batch: one audit entry for the batch.
        public func publishMenu(batch: String, proposals ids: [String], by principal: Principal, at now: Date)
            async throws -> [Proposal]
        {
            try requireCounty(principal, step: "发布下放目录")
            var published: [Proposal] = []
            for id in ids {
                let next = try await load(Proposal.self, id).applying(.publish(batch: batch), by: principal, at: now)
                try save(next, at: now)
                published.append(next)
            }
            try await audit(
                principal, now, "delegation.menu", batch, "发布下放目录\(batch)，共 \(published.count) 项",
                after: try Self.text(published.map(\.id)))
            try await ChangeFeedStore.append(
                [
                    .document(
                        county: county, title: "下放事项目录（\(batch)，共\(published.count)项）", reference: nil,
                        day: DateBounds.chinaDay(of: now), at: now)
                ], on: db)
            return published
        }

        // MARK: orders

        /// A township's order; `missing` is the capacity fit it was shown (item code → missing requirement labels).
        public func placeOrder(
            proposals ids: [String], missing: [String: [String]], by principal: Principal, today: Day, at now: Date
        ) async throws -> Order {
            guard principal.role == .township else { throw DelegationFailure.wrongRole(step: "点单", needed: "镇街") }
            try requireCounty(principal, step: "点单")
            guard let unitCode = principal.unit, let unit = try await organization(unitCode) else {
                throw DelegationServiceFailure.unknownOrganization(principal.organization)
            }
            var entries: [Proposal] = []
            for id in ids { entries.append(try await load(Proposal.self, id)) }
            let items = try await self.items(entries.map(\.itemCode))
            try await flush()
            let held = try await DelegationService.heldItems(county: county, unit: unitCode, on: today, db: db)
            let id = try await nextId(.order)
            let order = try Order.place(
                id: id, county: county, unit: unit, by: principal, entries: entries, items: items, missing: missing,
                alreadyHeld: held, grounds: try await grounds(), at: now)
            let text = try save(order, at: now)
            try await audit(
                principal, now, "delegation.order", id, "\(unit.name)点单 \(order.lines.count) 项", after: text)
            return order
        }

        public func decideLine(
            order id: String, line: Int, approve: Bool, reason: String, by principal: Principal, at now: Date
        ) async throws -> Order {
            try requireCounty(principal, step: "审核点单")
            let (before, beforeText) = try await stored(Order.self, id)
            let after = try before.deciding(line: line, approve: approve, reason: reason, by: principal, at: now)
            let text = try save(after, at: now)
            try await audit(
                principal, now, "delegation.order", id, "\(approve ? "批准" : "退回")点单：\(after.lines[line].itemName)",
                before: beforeText, after: text)
            return after
        }

        // MARK: agreements

        /// Draws one document for several approved lines (see `Agreement.draw` for the rules): the issuer is the
        /// lines' department (委托) or the county government (赋权); the 文号 is checked against the decisions
        /// registered and the documents already drawn.
        public func drawAgreement(
            lines selected: [DelegationService.DocumentLine], number: String, termFrom: Day, termTo: Day?,
            evaluationMonths: Int?, transitionMonths: Int = Delegation.defaultTransitionMonths,
            responsibilities: [DelegationMode: Responsibility], by principal: Principal, at now: Date
        ) async throws -> Agreement {
            try requireCounty(principal, step: "拟定文书")
            var orders: [String: Order] = [:]
            var selections: [Agreement.Selection] = []
            var grounds: [String: LegalGround] = [:]
            let table = try await self.grounds()
            for pick in selected {
                let order: Order
                if let known = orders[pick.order] {
                    order = known
                } else {
                    order = try await load(Order.self, pick.order)
                }
                orders[pick.order] = order
                guard order.lines.indices.contains(pick.line) else { throw DelegationFailure.unknownLine(pick.line) }
                let proposal = try await load(Proposal.self, order.lines[pick.line].proposalId)
                guard let item = try await items([proposal.itemCode])[proposal.itemCode] else {
                    throw DelegationServiceFailure.unknownItem(proposal.itemCode)
                }
                guard let ground = table.ground(proposal.mode, item.category) else {
                    throw DelegationFailure.noLegalGround(
                        itemCode: item.code, mode: proposal.mode.label, category: item.category.label)
                }
                grounds[item.code] = ground
                selections.append(
                    Agreement.Selection(order: order, line: pick.line, scope: pick.scope, catalogue: proposal.catalogue)
                )
            }
            guard let first = selections.first else { throw DelegationFailure.emptyDocument }
            let line = first.order.lines[first.line]
            guard let responsibility = responsibilities[line.mode] else {
                throw DelegationFailure.noLegalGround(itemCode: line.itemCode, mode: line.mode.label, category: "")
            }
            let issuer: Organization?
            if line.mode == .entrusted {
                issuer = try await organization(line.department)
            } else {
                _ = try await organization("")
                issuer = organizations?.first { $0.kind == .countyGovernment }
            }
            guard let issuer else {
                throw DelegationServiceFailure.unknownOrganization(line.mode == .entrusted ? line.department : "区县人民政府")
            }
            try await flush()
            let usedBy = try await DelegationStore.list(Agreement.self, county: county, on: db).first {
                $0.number == number
            }
            let registered = try await lists.decision(county: county, number: number, on: db)
            let agreementId = try await nextId(.agreement)
            let agreement = try Agreement.draw(
                id: agreementId, number: number, selections: selections, issuer: issuer, registered: registered,
                usedBy: usedBy?.id, termFrom: termFrom, termTo: termTo, evaluationMonths: evaluationMonths,
                transitionMonths: transitionMonths, groundOf: { grounds[$0] }, responsibility: responsibility,
                by: principal,
                at: now)
            for pick in selected { orders[pick.order]?.lines[pick.line].agreementId = agreementId }
            for order in orders.values { try save(order, at: now) }
            let text = try save(agreement, at: now)
            try await audit(
                principal, now, "delegation.agreement", agreementId,
                "拟定\(agreement.title)（\(number)，\(agreement.lines.count) 项）", after: text)
            return agreement
        }

        public func agreement(
            _ id: String, _ stepKind: DelegationService.AgreementStep, by principal: Principal, at now: Date
        ) async throws -> Agreement {
            try requireCounty(principal, step: "办理文书")
            let (before, beforeText) = try await stored(Agreement.self, id)
            let after: Agreement
            let label: String
            switch stepKind {
            case .sign:
                after = try before.signing(by: principal, at: now)
                label = "签署"
            case .publish(let day, let place):
                after = try before.publishing(on: day, place: place, by: principal, at: now)
                label = "公布（\(day.chinese)，\(place)）"
            case .attach(let attachment):
                after = try before.attaching(attachment, by: principal, at: now)
                label = "上传盖章扫描件 \(attachment.name)（SHA-256 \(attachment.sha256.prefix(12))…）"
            }
            let text = try save(after, at: now)
            try await audit(
                principal, now, "delegation.agreement", id, "\(before.number) \(label)", before: beforeText, after: text
            )
            return after
        }

        /// Starts the delegation: registers the decision (委托书 or 赋权决定) unless it is registered, puts the item on
        /// the township's lists citing it, and records the running delegation with its transition period.
        public func start(agreement id: String, on effective: Day, by principal: Principal, at now: Date) async throws
            -> [Delegation]
        {
            try requireCounty(principal, step: "启动下放")
            let (before, beforeText) = try await stored(Agreement.self, id)
            var ids: [String] = []
            for _ in before.lines { ids.append(try await nextId(.delegation)) }
            let (after, delegations) = try before.starting(on: effective, delegationIds: ids, by: principal, at: now)
            let items = try await self.items(after.lines.map(\.itemCode))
            var changes: [ListChange] = []
            for delegation in delegations {
                guard let item = items[delegation.itemCode] else {
                    throw DelegationServiceFailure.unknownItem(delegation.itemCode)
                }
                guard let township = RegionCode(delegation.unit) else {
                    throw DelegationServiceFailure.unknownOrganization(delegation.unit)
                }
                changes += delegation.startChanges(township: township, category: item.category)
            }
            let decision = Decision(
                county: county, number: after.number, title: after.title, issuer: after.issuerName,
                date: after.publishedOn ?? effective, kind: after.mode == .entrusted ? .entrustment : .grantDecision,
                publishedOn: after.publishedOn,
                publishedAt: after.publications.map(\.place).joined(separator: "；"), attachments: after.attachments)
            if try await lists.decision(county: county, number: decision.number, on: db) == nil {
                try await DecisionStore(database).save([decision], on: db)
                lists.decisions[decision.number] = decision
            }
            try await ListService.apply(
                changes, county: county, citation: .decision(decision.number), actor: principal.actor, at: now,
                action: "delegation.start", working: lists, on: db)
            let agreementText = try save(after, at: now)
            try await audit(
                principal, now, "delegation.start", id,
                "\(after.number)自\(effective.chinese)起生效，共 \(delegations.count) 项",
                before: beforeText, after: agreementText)
            for delegation in delegations {
                let text = try save(delegation, at: now)
                try await audit(
                    principal, now, "delegation.start", delegation.id,
                    "\(delegation.unitName)自\(effective.chinese)起\(after.mode.label)实施“\(delegation.itemName)”（\(after.number)），过渡期至\(delegation.transitionEnds.chinese)",
                    after: text)
            }
            return delegations
        }

        // MARK: evaluation and recall

        public func evaluate(
            delegation id: String, on day: Day, conclusion: Delegation.Conclusion, findings: String,
            by principal: Principal, at now: Date
        ) async throws -> Delegation {
            try requireCounty(principal, step: "定期评估")
            let (before, beforeText) = try await stored(Delegation.self, id)
            let after = try before.evaluating(
                on: day, conclusion: conclusion, findings: findings, by: principal, at: now)
            let text = try save(after, at: now)
            try await audit(
                principal, now, "delegation.evaluate", id, "定期评估：\(conclusion.label)", before: beforeText, after: text)
            return after
        }

        /// Opens a follow-up on a running delegation (an accepted suggestion's evaluation, training or equipment need).
        public func requestFollowUp(
            delegation id: String, kind: Delegation.FollowUp.Kind, reason: String, on day: Day, by principal: Principal,
            at now: Date
        ) async throws -> Delegation {
            try requireCounty(principal, step: "安排跟进事项")
            let (before, beforeText) = try await stored(Delegation.self, id)
            let after = try before.requestingFollowUp(kind, reason: reason, on: day, by: principal, at: now)
            guard after != before else { return before }
            let text = try save(after, at: now)
            try await audit(
                principal, now, "delegation.follow-up", id, "\(after.unitName)“\(after.itemName)”：\(kind.label)",
                before: beforeText, after: text)
            return after
        }

        /// Records what was done about a follow-up.
        public func closeFollowUp(
            delegation id: String, number: Int, note: String, on day: Day, by principal: Principal, at now: Date
        ) async throws -> Delegation {
            try requireCounty(principal, step: "办结跟进事项")
            let (before, beforeText) = try await stored(Delegation.self, id)
            let after = try before.closingFollowUp(number, note: note, on: day, by: principal, at: now)
            let text = try save(after, at: now)
            try await audit(
                principal, now, "delegation.follow-up.close", id, "办结第 \(number) 项跟进事项：\(note)",
                before: beforeText, after: text)
            return after
        }

        /// Opens a recall: a recall proposal that goes through both reviews.
        public func openRecall(delegation id: String, reasons: String, by principal: Principal, at now: Date)
            async throws -> Proposal
        {
            try requireCounty(principal, step: "提出收回")
            let (delegation, delegationText) = try await stored(Delegation.self, id)
            let proposalId = try await nextId(.proposal)
            let proposal = try Proposal.recall(
                id: proposalId, delegation: delegation, by: principal, reasons: reasons, at: now)
            let marked = try delegation.openingRecall(proposalId: proposalId, by: principal, at: now)
            let text = try save(proposal, at: now)
            try save(marked, at: now)
            try await audit(
                principal, now, "delegation.recall", proposalId, "提出收回\(delegation.unitName)的“\(delegation.itemName)”",
                before: delegationText, after: text)
            return proposal
        }

        /// Carries out an approved recall: the decision is registered unless it is, and the item leaves the
        /// township's lists from `day`.
        public func executeRecall(
            proposal id: String, decision number: String, title: String, on day: Day, by principal: Principal,
            at now: Date
        ) async throws -> Delegation {
            try requireCounty(principal, step: "执行收回")
            let proposal = try await load(Proposal.self, id).applying(
                .execute(decision: number), by: principal, at: now)
            guard let delegationId = proposal.delegationId else {
                throw DelegationFailure.illegalTransition(from: proposal.state.label, event: "执行收回")
            }
            let (before, beforeText) = try await stored(Delegation.self, delegationId)
            let after = try before.recalled(by: proposal, on: day, principal: principal, at: now)
            let item = try await item(after.itemCode)
            guard let township = RegionCode(after.unit) else {
                throw DelegationServiceFailure.unknownOrganization(after.unit)
            }
            if try await lists.decision(county: county, number: number, on: db) == nil {
                try await DecisionStore(database).save(
                    [
                        Decision(
                            county: county, number: number, title: title, issuer: "区人民政府", date: day, kind: .recall,
                            publishedOn: day)
                    ], on: db)
            }
            try await ListService.apply(
                after.recallChanges(township: township, category: item.category, on: day), county: county,
                citation: .decision(number), actor: principal.actor, at: now, action: "delegation.recall",
                working: lists, on: db)
            try save(proposal, at: now)
            let text = try save(after, at: now)
            try await audit(
                principal, now, "delegation.recall", delegationId,
                "依据\(number)自\(day.chinese)起收回\(after.unitName)的“\(after.itemName)”", before: beforeText, after: text)
            return after
        }

        // MARK: what the steps share

        /// A batch writes for one county: a principal of another county is another organisation.
        func requireCounty(_ principal: Principal, step: String) throws {
            guard principal.county == county else { throw DelegationFailure.wrongOrganization(step: step) }
        }

        func load<T: DelegationRecord>(_ type: T.Type, _ id: String) async throws -> T {
            try await stored(type, id).record
        }

        /// A record with the JSON text it is stored as.
        func stored<T: DelegationRecord>(_ type: T.Type, _ id: String) async throws -> (record: T, payload: String) {
            if let cached = records[Self.key(T.kind, id)], let record = cached.record as? T {
                return (record, cached.payload)
            }
            guard let found = try await DelegationStore.findStored(type, county: county, id: id, on: db) else {
                let kind: String
                switch T.kind {
                case .proposal: kind = "下放申请"
                case .order: kind = "点单"
                case .agreement: kind = "委托书或赋权决定"
                case .delegation: kind = "下放事项"
                }
                throw DelegationServiceFailure.notFound(kind: kind, id: id)
            }
            records[Self.key(T.kind, id)] = (found.record, found.payload)
            return found
        }

        /// Saves a record (written at the next `flush`); returns the JSON text stored (what its audit entry digests).
        @discardableResult
        func save<T: DelegationRecord>(_ record: T, at now: Date) throws -> String {
            let row = try DelegationStore.row(record, at: now)
            records[Self.key(T.kind, record.id)] = (record, row.payload)
            unwritten[Self.key(T.kind, record.id)] = row
            return row.payload
        }

        /// Writes the records saved and the audit entries appended since the last flush, in multi-row statements:
        /// before anything reads the records table, and at the end of the batch (inside its transaction).
        func flush() async throws {
            if !unwritten.isEmpty {
                try await DelegationStore.save(unwritten.keys.sorted().compactMap { unwritten[$0] }, on: db)
                unwritten.removeAll()
            }
            try await lists.chain.flush(on: db)
        }

        static func key(_ kind: DelegationRecordKind, _ id: String) -> String { kind.rawValue + "/" + id }

        /// The next readable id of a kind: counted once per batch, then incremented (every record of the batch is
        /// created through here, and the county's batches are serialised).
        func nextId(_ kind: DelegationRecordKind) async throws -> String {
            let next: Int
            if let last = counters[kind] {
                next = last + 1
            } else {
                next = try await DelegationStore.count(kind, county: county, on: db) + 1
            }
            counters[kind] = next
            return DelegationStore.readableId(kind, next)
        }

        func item(_ code: String) async throws -> PowerItem {
            guard let item = try await items([code])[code] else { throw DelegationServiceFailure.unknownItem(code) }
            return item
        }

        func items(_ codes: [String]) async throws -> [String: PowerItem] {
            let missing = Array(Set(codes.filter { lists.items[$0] == nil }))
            if !missing.isEmpty {
                for item in try await ItemStore.items(county: county, codes: missing, on: db) {
                    lists.items[item.code] = item
                }
            }
            return Dictionary(
                codes.compactMap { code in lists.items[code].map { (code, $0) } }, uniquingKeysWith: { a, _ in a })
        }

        /// The county's legal grounds of delegation, read once per batch.
        func grounds() async throws -> LegalGroundTable {
            if let known = legalGrounds { return known }
            let table = try await LegalGroundStore.table(county: county, on: db)
            legalGrounds = table
            return table
        }

        func catalogue(_ decision: String) async throws -> ProvincialCatalogue {
            if let known = catalogues[decision] { return known }
            let found = try await DelegationStore.catalogue(county: county, decision: decision, on: db)
            catalogues[decision] = found
            return found
        }

        func organization(_ code: String) async throws -> Organization? {
            if organizations == nil { organizations = try await OrganizationStore.all(county: county, on: db) }
            return organizations?.first { $0.code == code }
        }

        /// An organisation named by its code or its exact name (lists and items name departments either way).
        func organization(codeOrName text: String) async throws -> Organization? {
            if let byCode = try await organization(text) { return byCode }
            return organizations?.first { $0.name == text }
        }

        /// Writes the step's audit entry; `before` and `after` are the canonical JSON texts of the states.
        func audit(
            _ principal: Principal, _ now: Date, _ action: String, _ subject: String, _ detail: String,
            before: String? = nil, after: String
        ) async throws {
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: principal.actor, at: now, action: action, subject: subject, detail: detail,
                    before: before, after: after), cursor: lists.chain, on: db)
        }

        static func text(_ value: some Encodable) throws -> String { try RecordJSON.text(value) }
    }
}
