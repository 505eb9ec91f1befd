#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// An unlinked temporary file (in `TMPDIR`, else `/tmp`) that a large batch writes what it
/// does not need in memory to (`LineSpill`, `ByteLog`): each write goes at the end, and what is
/// written is never changed, so values that share the file (copies of a stream) each read back
/// what they wrote. The file goes when the last value that holds it does, also on a crash.
final class SpillFile: Sendable {
    private let fd: Int32
    private let end = Mutex(0)
    /// Makes every later write fail, as on a full disk (for tests).
    let failsWrites = Atomic(false)

    /// Nil when no temporary file can be made.
    init?(directory: String = SpillFile.directory) {
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast()) + Array("claimlint-spill-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        // Unlinked at once: the file goes when the descriptor closes.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    static var directory: String {
        ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// Writes `bytes` at the end of the file: where they start, or nil when the write fails (a
    /// full disk), and then the caller keeps them.
    func append(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !failsWrites.load(ordering: .relaxed) else { return nil }
        let offset = end.withLock { e in
            defer { e += bytes.count }
            return e
        }
        let ok = SpillFile.whole(bytes.count) { done in pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
        return ok ? offset : nil
    }

    /// Fills `buffer` with the bytes written at `offset`. Bytes written come back unless the
    /// file was damaged from outside, and then the batch's findings would be incomplete: that
    /// stops the process.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        guard buffer.count > 0 else { return }
        let ok = SpillFile.whole(buffer.count) { done in pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done)) }
        precondition(ok, "ClaimLint cannot read back its spill file in \(SpillFile.directory) (errno \(errno)); the batch's findings would be incomplete")
    }

    /// Repeats `transfer` (given the bytes done so far) until `count` bytes are done; false on
    /// an error other than an interruption, or at the end of the file.
    private static func whole(_ count: Int, _ transfer: (Int) -> Int) -> Bool {
        var done = 0
        while done < count {
            let n = transfer(done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}

/// Bytes appended at the end, of which those before `spilled` may have left memory for a
/// `SpillFile` (`spill(upTo:to:)`); read by their place in the whole (`withBytes(_:_:)`). A
/// large batch keeps its claim ids and line sources this way while its edits run, and reads
/// them back (`loaded()`) to name the findings once the lines' entries are freed.
struct ByteLog: Sendable {
    /// The bytes from `spilled` on.
    private(set) var tail: [UInt8] = []
    private(set) var spilled = 0
    /// The spilled bytes: each run's first byte (in the whole) and where it is in `file`.
    private var runs: [(start: Int, offset: Int)] = []
    private var file: SpillFile?

    var count: Int { spilled + tail.count }
    var isSpilled: Bool { spilled > 0 }

    /// Room for `n` bytes in all.
    mutating func reserveCapacity(_ n: Int) { tail.reserveCapacity(n - spilled) }

    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) { tail.append(contentsOf: bytes) }

    /// Writes the bytes before `end` (in the whole) to `file` (the log's own once it has one),
    /// keeping the rest in memory. When the write fails (a full disk) the bytes stay in memory
    /// and false is returned: nothing is lost.
    @discardableResult
    mutating func spill(upTo end: Int, to file: SpillFile) -> Bool {
        let n = end - spilled
        guard n > 0 else { return true }
        let target = self.file ?? file
        guard let offset = tail.withUnsafeBytes({ target.append(UnsafeRawBufferPointer(rebasing: $0[..<n])) }) else { return false }
        self.file = target
        runs.append((spilled, offset))
        spilled = end
        // A new array: the pages of a large reserved one stay resident once touched.
        var rest: [UInt8] = []
        rest.reserveCapacity(Swift.max((tail.count - n) * 2, 1 << 16))
        rest.append(contentsOf: tail[n...])
        tail = rest
        return true
    }

    /// Calls `body` with the bytes of `range`: in place when they are in memory, else read
    /// into a temporary buffer.
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if range.lowerBound >= spilled {
            return tail.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(range.lowerBound - spilled)..<(range.upperBound - spilled)])) }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count) { buffer in
            copy(range, into: UnsafeMutableRawBufferPointer(buffer))
            return body(UnsafeBufferPointer(buffer))
        }
    }

    /// Copies the bytes of `range` into `buffer` (of `range.count` bytes).
    private func copy(_ range: Range<Int>, into buffer: UnsafeMutableRawBufferPointer) {
        var at = range.lowerBound
        // The last run starting at or before `at`.
        var low = 0, high = runs.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if runs[mid].start <= at { low = mid } else { high = mid }
        }
        var r = low
        while at < range.upperBound {
            let into = UnsafeMutableRawBufferPointer(rebasing: buffer[(at - range.lowerBound)...])
            if at >= spilled {
                tail.withUnsafeBytes { into.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[(at - spilled)..<(range.upperBound - spilled)])) }
                return
            }
            let runEnd = r + 1 < runs.count ? runs[r + 1].start : spilled
            let n = Swift.min(runEnd, range.upperBound) - at
            file!.read(into: UnsafeMutableRawBufferPointer(rebasing: into[..<n]), at: runs[r].offset + (at - runs[r].start))
            at += n
            r += 1
        }
    }

    /// The log with every byte in memory.
    func loaded() -> ByteLog {
        guard spilled > 0 else { return self }
        var all = ByteLog()
        all.tail = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            copy(0..<count, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
        return all
    }
}
