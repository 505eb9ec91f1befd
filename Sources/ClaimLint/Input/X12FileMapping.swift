#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole regular file mapped read-only (`mmap`, private), so that an X12 file is scanned in
/// place. Unlike `Data(contentsOf:options: .alwaysMapped)`, the owner may release the pages it
/// has read (`releasePages(upTo:)`): touched file pages count in the process's resident memory,
/// and without that a 600 MB file would add 600 MB to it.
///
/// Releasing uses `MADV_DONTNEED`, which on a private mapping of a file that was never written
/// to drops the pages and reads them back from the file if they are touched again: the bytes
/// stay valid, only their memory goes. (On anonymous memory, such as an array's, it would zero
/// them; that is why only a mapping made here is ever released, and the X12 reader releases
/// pages only when told to, `X12ClaimReader.read(_:file:onClaim:releaseBehind:)`.)
final class X12FileMapping {
    /// The file's bytes; valid until `close()` (or the mapping's end).
    let bytes: UnsafeRawBufferPointer
    private var closed = false

    /// How far behind the reader pages are released at a time, by `ClaimFileReader`.
    static let releaseStep = 16 << 20

    /// The page size, to which releases are aligned.
    static let pageSize: Int = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps the file at `path`; nil when it is not a non-empty regular file that can be opened
    /// and mapped (the caller then reads it the ordinary way, and reports what is wrong).
    init?(path: String) {
        // Only a regular file is opened here: opening a named pipe would block, and what it
        // held would be lost to the ordinary read that follows.
        var before = stat()
        guard stat(path, &before) == 0, (before.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { closeDescriptor(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0, let size = Int(exactly: st.st_size) else { return nil }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        // The file is read front to back: more read-ahead, and pages behind dropped first.
        _ = madvise(base, size, MADV_SEQUENTIAL)
    }

    /// Releases the whole pages of `bytes` from byte `from` (the end of the last release, 0 at
    /// first) to before byte `offset`; returns where the released pages end, the next `from`.
    /// `bytes` must be (part of) a private read-only file mapping, such as one of this type's,
    /// and the bytes released no longer needed in memory (they are read back from the file if
    /// touched again).
    static func releasePages(of bytes: UnsafeRawBufferPointer, from: Int, upTo offset: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        let page = pageSize
        let address = Int(bitPattern: base)
        // Whole pages only: the first at or after `from`, the last ending at or before `offset`.
        let start = (address + from + page - 1) / page * page
        let end = (address + min(offset, bytes.count)) / page * page
        guard end > start else { return from }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
        return end - address
    }

    /// Unmaps the file; `bytes` must not be used after.
    func close() {
        guard !closed, let base = bytes.baseAddress else { return }
        closed = true
        _ = munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
    }

    deinit { close() }
}

private func closeDescriptor(_ fd: Int32) { _ = close(fd) }
