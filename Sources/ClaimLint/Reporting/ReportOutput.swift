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
