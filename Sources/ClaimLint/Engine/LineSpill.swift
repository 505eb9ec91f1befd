import Foundation

/// When a batch's line entries leave memory for a file (`LineSpill`): once a batch holds
/// `after` lines, and from then on every `window` lines; the batch-wide edits then read them
/// back about `partitionLines` at a time, a few (patient, provider) groups after another.
struct SpillPolicy: Sendable {
    var after: Int
    var window: Int
    var partitionLines: Int

    /// A batch of up to a million lines stays in memory (36 MB of entries); a larger
    /// one keeps about 65,536 lines' entries in memory while it is read, and a million at a time
    /// while its batch-wide edits run.
    static let standard = SpillPolicy(after: 1 << 20, window: 1 << 16, partitionLines: 1 << 20)
    /// Entries are never spilled.
    static let never = SpillPolicy(after: .max, window: .max, partitionLines: .max)
}

/// A batch's line entries, written out of memory to a `SpillFile`, by bucket: a line's bucket
/// is its group's number modulo `buckets`, so the lines of one (patient, provider) group are in
/// one bucket, in batch order. The batch-wide edits read back a few buckets at a time
/// (`read(buckets:)`), each group whole.
///
/// Each bucket gathers its lines in a small buffer written out when full. When a write fails
/// (a full disk), nothing is lost: the spill stops writing and its buffers keep the lines from
/// then on, in memory.
final class LineSpill: @unchecked Sendable {
    let buckets: Int
    /// Where the lines go; the batch's claim ids and line sources go there too (`ByteLog`).
    let file: SpillFile
    private var buffers: [[LineEntry]]
    /// Per bucket, its written chunks in file order: where each starts and how many lines.
    private var chunks: [[(offset: Int, count: Int)]]
    /// Lines per bucket, written or buffered.
    private(set) var counts: [Int]
    /// Whether a write failed; the buffers then keep every line after it.
    private(set) var failed = false
    static let bufferRecords = 1_024
    /// Makes every later write fail, as on a full disk (for tests).
    var failsWrites: Bool {
        get { file.failsWrites.load(ordering: .relaxed) }
        set { file.failsWrites.store(newValue, ordering: .relaxed) }
    }

    /// Nil when no temporary file can be made; the batch then stays in memory.
    init?(buckets: Int, directory: String = SpillFile.directory) {
        guard let file = SpillFile(directory: directory) else { return nil }
        self.file = file
        self.buckets = max(buckets, 1)
        buffers = Array(repeating: [], count: self.buckets)
        chunks = Array(repeating: [], count: self.buckets)
        counts = Array(repeating: 0, count: self.buckets)
    }

    /// Lines written or buffered.
    var count: Int { counts.reduce(0, +) }

    func append(_ entries: UnsafeBufferPointer<LineEntry>) {
        for i in entries.indices {
            let b = Int(UInt32(bitPattern: entries[i].group)) % buckets
            buffers[b].append(entries[i])
            counts[b] += 1
            if buffers[b].count >= LineSpill.bufferRecords, !failed { flush(b) }
        }
    }

    private func flush(_ b: Int) {
        let n = buffers[b].count
        guard let offset = buffers[b].withUnsafeBytes({ file.append($0) }) else {
            failed = true
            return
        }
        chunks[b].append((offset, n))
        buffers[b].removeAll(keepingCapacity: true)
    }

    /// Calls `body` with the lines of `buckets`, bucket by bucket, each in batch order.
    func read(buckets range: Range<Int>, _ body: (LineEntry) -> Void) {
        for b in range {
            for chunk in chunks[b] {
                let n = chunk.count
                let records = [LineEntry](unsafeUninitializedCapacity: n) { buffer, initialized in
                    file.read(into: UnsafeMutableRawBufferPointer(buffer), at: chunk.offset)
                    initialized = n
                }
                for r in records { body(r) }
            }
            for r in buffers[b] { body(r) }
        }
    }
}

/// The entries of a batch's lines by entry index, of which only those from `base`
/// on are in memory: the lines before were spilled (`LineSpill`). Without spilling `base` is 0
/// and this is the array of every line.
struct EntryWindow: Sendable {
    private(set) var base = 0
    private(set) var local: [LineEntry] = []

    init() {}
    init(_ elements: [LineEntry]) { local = elements }

    /// Lines added, spilled or not.
    var count: Int { base + local.count }
    var isEmpty: Bool { count == 0 }
    var capacity: Int { local.capacity }

    @inline(__always) subscript(i: Int) -> LineEntry { local[i &- base] }
    subscript(r: Range<Int>) -> ArraySlice<LineEntry> { local[(r.lowerBound - base)..<(r.upperBound - base)] }

    mutating func append(_ e: LineEntry) { local.append(e) }
    mutating func reserveCapacity(_ n: Int) { local.reserveCapacity(n) }

    /// Forgets the lines in memory (they were spilled); with `keeping`, room for that many.
    mutating func drop(keeping: Int) {
        base += local.count
        if local.capacity > keeping * 2 {
            local = []
            local.reserveCapacity(keeping)
        } else {
            local.removeAll(keepingCapacity: true)
        }
    }
}
