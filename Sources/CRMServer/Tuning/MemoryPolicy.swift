#if canImport(Glibc)
import Glibc
#endif

/// How the server's process uses the C heap.
///
/// glibc gives every thread that allocates its own arena, up to eight per core, and returns little
/// of an arena to the system once a burst of allocations is over. MiniCRM's threads (the event
/// loops, the concurrency pool, the database queues) all allocate, so a load of a few seconds leaves
/// tens of megabytes behind. Two arenas are plenty for two busy kinds of thread, and a trim after
/// the start-up load hands its scratch memory back. (`malloc.h` is not in Swift's Glibc module: the
/// two functions are looked up by name, and on other C libraries nothing happens.)
public enum MemoryPolicy {
    /// Call before the server's threads start.
    public static func configureForServer() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let arenaMaximum: Int32 = -8  // M_ARENA_MAX
        if let mallopt = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
            _ = unsafeBitCast(mallopt, to: Mallopt.self)(arenaMaximum, 2)
        }
        #endif
    }

    /// Returns freed heap pages to the system (after a large, one-off load).
    public static func returnFreedMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let trim = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(trim, to: MallocTrim.self)(0)
        }
        #endif
    }
}
