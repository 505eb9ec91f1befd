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
/// large batch (`CheckStream` calls it every `CheckStream.releaseEvery` lines added, and in
/// `finish()` for batches of `CheckStream.releaseLines` lines or more). Elsewhere (musl,
/// Darwin) it does nothing.
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

    #if canImport(Glibc)
    private typealias SetOption = @convention(c) (Int32, Int32) -> Int32
    /// `mallopt`, looked up like `malloc_trim`.
    private static let setOption: SetOption? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallopt") else { return nil }
        return unsafeBitCast(symbol, to: SetOption.self)
    }()
    /// `M_MMAP_THRESHOLD` in glibc's `malloc.h`.
    private static let mmapThreshold: Int32 = -3
    #endif

    /// See `Checker.mapLargeAllocations(from:)`.
    static func mapLargeAllocations(from bytes: Int) -> Bool {
        #if canImport(Glibc)
        guard bytes > 0, bytes <= Int(Int32.max), let setOption else { return false }
        return setOption(mmapThreshold, Int32(bytes)) == 1
        #else
        return false
        #endif
    }
}

extension Checker {
    /// Has the C library give every allocation of `bytes` or more (default 128 KiB) its own memory
    /// mapping, returned to the system as soon as it is freed; returns whether it could (glibc
    /// only; elsewhere it does nothing and returns false).
    ///
    /// A process-wide setting, for a program that checks large batches, made once at its start
    /// (`claimlint check` and `claimlint-bench` do). By default glibc raises this threshold each
    /// time a large block is freed, up to 32 MiB, so that the arrays a large batch grows and
    /// frees (claims read on several threads, tables that double) come from its arenas and stay
    /// resident after they are freed. With the threshold fixed, a 5M-line 837P check with the full
    /// CMS tables peaked at 393 MB instead of 451 MB, in the same time.
    @discardableResult
    public static func mapLargeAllocations(from bytes: Int = 128 << 10) -> Bool {
        FreedMemory.mapLargeAllocations(from: bytes)
    }
}
