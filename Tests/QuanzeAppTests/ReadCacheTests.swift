import Foundation
import QuanzeDomain
import QuanzePersistence
import QuanzeTestSupport
import Testing

@testable import QuanzeApp

/// A kept read is used while the county's data stamp is unchanged, and computed again after any change of the
/// county or of the data every county shares — never after another county's change.
@Suite("Read cache")
struct ReadCacheTests {
    actor Counter {
        var value = 0
        func next() -> Int {
            value += 1
            return value
        }
    }

    static func event(_ county: String) -> AuditEvent {
        AuditEvent(
            county: county, actor: Actor(name: "test", role: "system"), at: Date(), action: "test.change",
            subject: "x", detail: "", outcome: .ok)
    }

    @Test(
        "computed once per stamp: again after a change here or to shared data, not after another county's",
        arguments: Engine.available)
    func stamps(engine: Engine) async throws {
        let database = try await engine.openScratch(prefix: "qz_readcache")
        do {
            let cache = ReadCache(limit: 8)
            let counter = Counter()
            func read(_ key: String = "k") async throws -> Int {
                try await cache.value(key, county: "510304", database: database) { await counter.next() }
            }
            // act
            let first = try await read()
            let again = try await read()
            try await AuditStore(database).record(Self.event("510302"))
            let afterOther = try await read()
            try await AuditStore(database).record(Self.event("510304"))
            let afterHere = try await read()
            try await AuditStore(database).record(Self.event("000000"))
            let afterShared = try await read()
            let otherKey = try await read("other")
            // check
            let computations: [Int] = [first, again, afterOther, afterHere, afterShared, otherKey]
            #expect(computations == [1, 1, 1, 2, 3, 4])
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    @Test("bounded: past its limit it starts over")
    func bounded() async throws {
        let database = try await Engine.sqlite.openScratch(prefix: "qz_readcache")
        do {
            let cache = ReadCache(limit: 3)
            for key in ["a", "b", "c"] {
                _ = try await cache.value(key, county: "510304", database: database) { key }
            }
            let full = cache.count
            // act
            _ = try await cache.value("d", county: "510304", database: database) { "d" }
            // check
            #expect(full == 3)
            #expect(cache.count == 1)
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }
}
