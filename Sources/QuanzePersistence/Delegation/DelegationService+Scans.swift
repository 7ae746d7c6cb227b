import Crypto
import Foundation
import QuanzeDomain
import SQLKit

/// Why a scan is refused before the domain sees it.
public enum ScanFailure: Error, Equatable, Sendable {
    case contentDoesNotMatch(declared: String)
    case empty
    case duplicate

    public var message: String {
        switch self {
        case .contentDoesNotMatch(let type): "文件内容与声明的类型 \(type) 不符（只接受真实的 PDF、JPEG 或 PNG）"
        case .empty: "文件为空"
        case .duplicate: "该扫描件（内容相同）已上传过，未重复保存"
        }
    }
}

extension DelegationService {
    /// The media type the first bytes prove: PDF, JPEG or PNG; nil for anything else.
    public static func sniff(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x25, 0x50, 0x44, 0x46]) { return "application/pdf" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }

    /// Attaches a sealed scan: the type is checked against its bytes, the size by the domain (≤ 20 MB), the SHA-256
    /// computed here; the bytes, the agreement's new state and the audit entry are one transaction.
    public func attachScan(
        agreement id: String, data: Data, name: String, mediaType: String, by principal: Principal, at now: Date
    ) async throws -> Agreement {
        guard !data.isEmpty else { throw ScanFailure.empty }
        guard Self.sniff(data) == mediaType else { throw ScanFailure.contentDoesNotMatch(declared: mediaType) }
        let digest = Secrets.sha256(data)
        let attachment = Attachment(name: name, mediaType: mediaType, size: data.count, sha256: digest)
        let existing = try await DelegationStore(database).find(Agreement.self, county: principal.county, id: id)
        if existing?.attachments.contains(where: { $0.sha256 == digest }) == true { throw ScanFailure.duplicate }
        return try await batch(county: principal.county) { b in
            let agreement = try await b.agreement(id, .attach(attachment), by: principal, at: now)
            try await b.db.raw(
                """
                INSERT INTO agreement_scans (county, agreement_id, sha256, media_type, name, size, content, created_at)
                VALUES (\(bind: principal.county), \(bind: id), \(bind: digest), \(bind: mediaType), \(bind: name),
                \(bind: data.count), \(bind: data), \(bind: now.micros))
                """
            ).run()
            return agreement
        }
    }

    /// A stored scan's bytes and type, checked against its digest on the way out.
    public func scan(county: String, agreement id: String, sha256: String) async throws -> (Data, String)? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT media_type, content FROM agreement_scans WHERE county = \(bind: county)
                    AND agreement_id = \(bind: id) AND sha256 = \(bind: sha256)
                    """
                ).first()
            else { return nil }
            let data = try row.decode(column: "content", as: Data.self)
            guard Secrets.sha256(data) == sha256 else { return nil }
            return (data, try row.decode(column: "media_type", as: String.self))
        }
    }
}
