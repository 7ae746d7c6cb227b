#if canImport(Glibc)
    import Glibc
#endif

/// How the process's memory is held and given back (issue 17 point 3: server RSS under 300 MB). glibc gives each
/// thread that meets contention an arena of its own, up to eight per core, and memory freed into one arena serves
/// only the threads that use it. Measured with the server in a process of its own on all of Sichuan (a scheduled
/// round over 183 counties, then 240 reads by four counties' 编办; `scripts/serve_memory.py`): peak RSS 318–337 MB
/// with glibc's default, 268–275 MB with two arenas (`MALLOC_ARENA_MAX=2`), 276–288 MB with this.
///
/// `mallopt` and `malloc_trim` are glibc's (`<malloc.h>`, which Swift's Glibc module does not import): they are
/// looked up by name, and where they are missing (another C library) nothing happens.
public enum ProcessMemory {
    /// Two malloc arenas for the whole process; called first thing, before the threads that allocate start.
    /// Returns whether glibc took the setting.
    @discardableResult
    public static func limitArenas() -> Bool {
        #if canImport(Glibc)
            typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
            // M_ARENA_MAX in <malloc.h>; mallopt returns 1 on success.
            if let mallopt = symbol("mallopt", as: MallOpt.self) { return mallopt(-8, 2) == 1 }
        #endif
        return false
    }

    /// Asks glibc to return the freed memory of every arena to the system (after an analysis round, whose inputs are
    /// by far the largest transient allocations of the server). Returns whether it could ask (`malloc_trim` was
    /// found), not whether memory was given back.
    @discardableResult
    public static func giveBack() -> Bool {
        #if canImport(Glibc)
            typealias MallocTrim = @convention(c) (Int) -> Int32
            if let trim = symbol("malloc_trim", as: MallocTrim.self) {
                _ = trim(0)
                return true
            }
        #endif
        return false
    }

    #if canImport(Glibc)
        private static func symbol<F>(_ name: String, as type: F.Type) -> F? {
            // RTLD_DEFAULT: the process's global symbols.
            guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(address, to: type)
        }
    #endif
}
