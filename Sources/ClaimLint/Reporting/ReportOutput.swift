import Dispatch
import Foundation
import Synchronization

/// The bytes of a report on their way out. Renderers append UTF-8 to a buffer; with a `flush`
/// the buffer is handed on and emptied when a string written takes it past `chunkSize`
/// (single bytes and numbers never flush: strings come often enough), so a report of a
/// million findings streams to its file or pipe instead of sitting whole in memory.
struct ReportOutput {
    private(set) var bytes: [UInt8] = []
    private let chunkSize: Int
    private let flush: ((UnsafeRawBufferPointer) throws -> Void)?
    /// The first error `flush` threw; nothing is written after it.
    private(set) var failure: (any Error)?
    /// Whether writing failed: renderers stop rendering findings then.
    var failed: Bool { failure != nil }

    /// Keeps every byte (`bytes` is the whole report at the end).
    init() {
        chunkSize = .max
        flush = nil
    }

    init(chunkSize: Int = 1 << 16, flush: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.chunkSize = chunkSize
        self.flush = flush
        bytes.reserveCapacity(chunkSize + chunkSize / 4)
    }

    /// The bytes kept, as text (only without a `flush`).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func write(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        flushIfFull()
    }

    mutating func write(byte: UInt8) {
        bytes.append(byte)
    }

    /// A decimal integer.
    mutating func write(_ n: Int) {
        guard n < 0 || n > 9 else {
            bytes.append(UInt8(ascii: "0") + UInt8(n))
            return
        }
        bytes.append(contentsOf: String(n).utf8)
    }

    /// `s` with the bytes `escape` picks replaced by what it returns. ASCII bytes only are
    /// offered to `escape`, so multi-byte characters pass through whole. Runs of plain bytes
    /// are copied at once.
    mutating func write(_ s: String, escaping needsEscape: (UInt8) -> Bool, _ escape: (UInt8, inout [UInt8]) -> Void) {
        var s = s
        s.withUTF8 { u in
            var start = 0
            for i in u.indices where u[i] < 0x80 && needsEscape(u[i]) {
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i])) }
                escape(u[i], &bytes)
                start = i + 1
            }
            if start < u.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...])) }
        }
        flushIfFull()
    }

    /// `s` on one line of a line-per-item report: a control character (a line break in a
    /// quoted CSV claim id, a tab, an escape) is written as `\n`, `\r`, `\t` or `\u{1B}`, so
    /// that a value from the input cannot split an item's line or colour a terminal.
    mutating func writeOnOneLine(_ s: String) {
        write(s, escaping: ReportOutput.isControl, ReportOutput.escapeControl)
    }

    /// A C0 control character or DEL.
    static func isControl(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F }

    /// A control character as `writeOnOneLine` writes it: `\n`, `\r`, `\t` or `\u{1B}`.
    static func escapeControl(_ b: UInt8, _ bytes: inout [UInt8]) {
        switch b {
        case 0x0A: bytes += Array("\\n".utf8)
        case 0x0D: bytes += Array("\\r".utf8)
        case 0x09: bytes += Array("\\t".utf8)
        default: bytes += Array("\\u{\(String(b, radix: 16, uppercase: true))}".utf8)
        }
    }

    /// Threads `writeItems` renders on when its caller does not say; nil for every core. Tests
    /// set it to 1 to compare the parallel bytes with the serial ones.
    @TaskLocal static var renderThreads: Int?

    /// Appends bytes rendered elsewhere.
    mutating func write(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
        flushIfFull()
    }

    /// Writes `count` items in order, item `i` rendered by `render(i, &output)`. Many items are
    /// rendered a window at a time: the window's chunks on every core, each into its own
    /// buffer, then appended in order, so the bytes are those of rendering one by one while
    /// writing the findings' messages (the costly part) runs in parallel. The next window is
    /// rendered while this thread writes the one before, so memory holds two windows. Stops
    /// between windows once writing failed.
    mutating func writeItems(
        count: Int, chunk: Int = 1_024, threads: Int = ReportOutput.renderThreads ?? ProcessInfo.processInfo.activeProcessorCount,
        _ render: @Sendable (Int, inout ReportOutput) -> Void
    ) {
        writeChunks(count: count, chunk: chunk, threads: threads) { range, out in
            for i in range where !out.failed { render(i, &out) }
        }
    }

    /// `writeItems` for findings: each chunk's findings are named in order with one cursor
    /// (`FindingList.forEach(in:)`), not each on its own.
    mutating func writeFindings(_ findings: FindingList, _ render: @Sendable (Int, Finding, inout ReportOutput) -> Void) {
        writeChunks(count: findings.count) { range, out in
            findings.forEach(in: range) { i, f in
                if !out.failed { render(i, f, &out) }
            }
        }
    }

    /// `writeItems` a chunk of consecutive items at a time: `render(range, &output)` writes the
    /// items of `range`, in order.
    private mutating func writeChunks(
        count: Int, chunk: Int = 1_024, threads: Int = ReportOutput.renderThreads ?? ProcessInfo.processInfo.activeProcessorCount,
        _ render: @Sendable (Range<Int>, inout ReportOutput) -> Void
    ) {
        let threads = min(max(threads, 1), 64)
        guard threads > 1, count > chunk else {
            for c in stride(from: 0, to: count, by: chunk) where !failed { render(c..<min(c + chunk, count), &self) }
            return
        }
        let chunks = (count + chunk - 1) / chunk, window = threads * 4
        withoutActuallyEscaping(render) { render in
            /// Renders the window of chunks from `first` in the background.
            func start(_ first: Int) -> RenderedWindow {
                let n = min(window, chunks - first)
                let w = RenderedWindow(count: n)
                DispatchQueue.global().async(group: w.done) {
                    DispatchQueue.concurrentPerform(iterations: n) { k in
                        var part = ReportOutput()
                        let c = first + k
                        render((c * chunk)..<min((c + 1) * chunk, count), &part)
                        let bytes = part.bytes
                        w.parts.withLock { $0[k] = bytes }
                    }
                }
                return w
            }
            var first = 0
            var next = start(0)
            while true {
                // Every window started is waited for: `render` does not outlive this call.
                next.done.wait()
                let parts = next.parts.withLock { all in
                    defer { all = [] }
                    return all
                }
                first += parts.count
                let more = first < chunks && !failed
                if more { next = start(first) }
                for part in parts where !failed { write(bytes: part) }
                if !more { break }
            }
        }
    }

    private mutating func flushIfFull() {
        if bytes.count >= chunkSize { drain() }
    }

    /// Hands on what is buffered; the caller's last step. Throws what `flush` threw, if
    /// anything did.
    mutating func finish() throws {
        if flush != nil { drain() }
        if let failure { throw failure }
    }

    private mutating func drain() {
        guard let flush, !bytes.isEmpty else { return }
        if failure == nil {
            do {
                try bytes.withUnsafeBytes { try flush($0) }
            } catch {
                failure = error
            }
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// The chunks of a window `ReportOutput.writeItems` renders in the background.
private final class RenderedWindow: Sendable {
    let done = DispatchGroup()
    let parts: Mutex<[[UInt8]]>

    init(count: Int) { parts = Mutex(Array(repeating: [], count: count)) }
}
