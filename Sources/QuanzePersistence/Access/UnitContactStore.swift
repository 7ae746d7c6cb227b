import Foundation
import QuanzeDomain
import SQLKit

/// Where the public goes and whom it calls for one township-level unit.
public struct UnitContact: Sendable, Hashable, Codable {
    public var unit: String
    public var address: String
    public var phone: String
    public var hours: String
    public var updatedAt: Date?
    public var updatedBy: String?

    public init(
        unit: String, address: String, phone: String, hours: String, updatedAt: Date? = nil, updatedBy: String? = nil
    ) {
        self.unit = unit
        self.address = address
        self.phone = phone
        self.hours = hours
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// Chinese problems with the fields, empty when acceptable.
    public var problems: [String: String] {
        var out: [String: String] = [:]
        if address.trimmingCharacters(in: .whitespaces).isEmpty { out["address"] = "请填写办事地址" }
        if address.count > 200 { out["address"] = "办事地址最多 200 字" }
        let digits = phone.filter { $0.isNumber }
        if digits.count < 7 || digits.count > 20 || !phone.allSatisfy({ $0.isNumber || "-—() ，,、转".contains($0) }) {
            out["phone"] = "请填写有效的咨询电话，如 0813-5100000"
        }
        if hours.count > 100 { out["hours"] = "办公时间最多 100 字" }
        return out
    }

    var auditText: String { [unit, address, phone, hours].joined(separator: "|") }
}

struct UnitContactRow: Codable, Sendable {
    var county: String
    var unit: String
    var address: String
    var phone: String
    var hours: String
    var updatedAt: Int64
    var updatedBy: String
}

/// Unit contact details: public once saved, kept by the unit itself (or the establishment office).
public struct UnitContactStore: Sendable {
    let database: any Database

    public init(_ database: any Database) { self.database = database }

    public func find(county: String, unit: String) async throws -> UnitContact? {
        try await database.read { db in
            try await db.rows(
                "SELECT * FROM unit_contacts WHERE county = \(bind: county) AND unit = \(bind: unit)",
                as: UnitContactRow.self
            ).first.map {
                UnitContact(
                    unit: $0.unit, address: $0.address, phone: $0.phone, hours: $0.hours,
                    updatedAt: Date(micros: $0.updatedAt), updatedBy: $0.updatedBy)
            }
        }
    }

    public func save(_ contact: UnitContact, county: String, by actor: Actor, at now: Date) async throws {
        try await database.transaction { db in
            let before = try await db.rows(
                "SELECT * FROM unit_contacts WHERE county = \(bind: county) AND unit = \(bind: contact.unit)",
                as: UnitContactRow.self
            ).first
            try await db.insertRows(
                into: "unit_contacts",
                [
                    UnitContactRow(
                        county: county, unit: contact.unit, address: contact.address, phone: contact.phone,
                        hours: contact.hours, updatedAt: now.micros, updatedBy: actor.name)
                ], upsertKeys: ["county", "unit"], columnsPerRow: 7)
            try await AuditStore.append(
                AuditEvent(
                    county: county, actor: actor, at: now, action: "unit.contact", subject: contact.unit,
                    detail: "更新办事地址与咨询电话",
                    before: before.map { [$0.unit, $0.address, $0.phone, $0.hours].joined(separator: "|") },
                    after: contact.auditText), on: db)
        }
    }
}
