#if canImport(Glibc)
import Glibc
#endif

/// Gives the pages of freed memory back to the system, where the C library keeps them.
///
/// glibc's allocator keeps memory freed on a thread in that thread's arena for its next
/// allocations: after a large file is read on several threads, the claims read and freed leave
/// well over a hundred megabytes resident that the batch-wide edits, allocating on other
/// threads and in other sizes, mostly do not reuse (5M lines: 402 MB resident at the end of
/// reading, 288 MB after `malloc_trim`). `release()` calls `malloc_trim(0)`, which returns the
/// free pages of every arena; it walks the arenas, so it is only for the few moments of a
/// large batch (`CheckStream` calls it for batches of `CheckStream.releaseLines` lines or more).
/// Elsewhere (musl, Darwin) it does nothing.
enum FreedMemory {
    #if canImport(Glibc)
    private typealias Trim = @convention(c) (Int) -> Int32
    /// Looked up at run time: `malloc_trim` is glibc's, declared in `malloc.h`, which the
    /// `Glibc` module does not export.
    private static let trim: Trim? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()
    #endif

    /// Whether `release()` can return pages on this platform.
    static var isAvailable: Bool {
        #if canImport(Glibc)
        trim != nil
        #else
        false
        #endif
    }

    static func release() {
        #if canImport(Glibc)
        _ = trim?(0)
        #endif
    }
}
