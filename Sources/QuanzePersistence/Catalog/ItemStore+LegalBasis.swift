import Foundation
import QuanzeDomain
import SQLKit

extension ItemStore {
    /// Amends an item's legal basis by a registered decision of its county (the documented path that clears rule
    /// R5): the new citations must be in the law library; the item, its citations and the audit entry (naming the
    /// decision, the old and the new basis) are written in one transaction.
    public func amendLegalBasis(
        county: String, code: String, legalBasis text: String, decision number: String, actor: Actor, now: Date
    ) async throws -> PowerItem {
        let bases = try PowerItem.legalBases(parsing: text)
        return try await database.transaction { db in
            guard let item = try await Self.items(county: county, codes: [code], on: db).first else {
                throw ItemStoreFailure.unknownItem(code)
            }
            let decision = try await DecisionStore.find(county: county, number: number, on: db)
            let next = try item.amendingLegalBasis(
                bases, decision: decision, number: number, known: try await LawStore.knownArticles(on: db))
            try await self.save([next], on: db)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "item.legal-basis", subject: code,
                    detail: "依据\(number)修改法律依据：" + bases.map(\.description).joined(separator: ";"),
                    before: item.legalBases.map(\.description).joined(separator: ";"),
                    after: bases.map(\.description).joined(separator: ";")),
                on: db)
            return next
        }
    }
}

/// An item that is not in the county's catalogue.
public enum ItemStoreFailure: Error, Equatable, Sendable {
    case unknownItem(String)

    public var message: String {
        switch self {
        case .unknownItem(let code): "事项目录中没有编码为 \(code) 的事项"
        }
    }
}
