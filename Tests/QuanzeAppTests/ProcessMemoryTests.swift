import Testing

@testable import QuanzeApp

/// The server's malloc settings reach glibc: looked up by name, so a lookup that finds nothing would silently leave
/// the default eight arenas per core (and the RSS the benchmarks measured with them).
@Suite("Process memory")
struct ProcessMemoryTests {
    @Test("on glibc the arena limit is taken and memory can be given back")
    func glibc() {
        #if canImport(Glibc)
            #expect(ProcessMemory.limitArenas())
            #expect(ProcessMemory.giveBack())
        #else
            #expect(!ProcessMemory.limitArenas())
            #expect(!ProcessMemory.giveBack())
        #endif
    }
}
