import Foundation
import QuanzeDomain
import Testing

/// The audit actions' vocabulary: one Chinese name per key, no key twice, and every key the code writes named
/// (the source is read for `action: "…"` and the delegation service's `audit(principal, now, "…"` calls).
@Suite("Audit actions")
struct AuditActionsTests {
    @Test("every key has one Chinese name and no key comes twice")
    func names() {
        let keys = AuditActions.all.map(\.key)
        #expect(Set(keys).count == keys.count)
        for (key, label) in AuditActions.all {
            #expect(!label.isEmpty && label.unicodeScalars.allSatisfy { $0.value > 127 }, "\(key): \(label)")
        }
        #expect(AuditActions.label(of: "delegation.recall") == "收回下放")
        #expect(AuditActions.name("account.role") == "调整角色")
        #expect(AuditActions.label(of: "no.such") == nil)
        #expect(AuditActions.name("no.such") == "其他操作", "an unknown key is never printed")
    }

    @Test("every action the code writes has its name")
    func written() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        var keys = Set<String>()
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift", !url.path.contains("QuanzeBench") else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for m in text.matches(of: #/action(?:: | = )"([a-z][a-z.-]*)"/#) { keys.insert(String(m.output.1)) }
            for m in text.matches(of: #/\? "(account\.[a-z-]+)" : "(account\.[a-z-]+)"/#) {
                keys.insert(String(m.output.1))
                keys.insert(String(m.output.2))
            }
            for m in text.matches(of: #/audit\(\s*principal, now, "([a-z][a-z.-]*)"/#) {
                keys.insert(String(m.output.1))
            }
        }
        // Keys built from a step's kind (the scan above sees only literals): every kind has its name.
        for kind in HeadAppointment.EventKind.allCases { keys.insert("agency.appointment.\(kind.rawValue)") }
        #expect(keys.count > 40, "the scan found \(keys.count) keys")
        #expect(keys.filter { AuditActions.label(of: $0) == nil }.sorted() == [])
    }
}
