import Dispatch
import Foundation

/// One NCCI procedure-to-procedure edit row: column 2 is denied when billed with column 1 by
/// the same provider for the same patient on the same date, while the row is in force.
public struct PTPRow: Sendable, Hashable {
    public var column1: ProcedureCode
    public var column2: ProcedureCode
    public var effective: ServiceDate
    /// Last day in force; nil while open (`*`).
    public var deletion: ServiceDate?
    /// 0: no modifier bypasses; 1: an NCCI-associated modifier bypasses; 9: not applicable.
    public var modifierIndicator: UInt8
    public var rationale: String

    public init(column1: ProcedureCode, column2: ProcedureCode, effective: ServiceDate, deletion: ServiceDate?, modifierIndicator: UInt8, rationale: String) {
        self.column1 = column1
        self.column2 = column2
        self.effective = effective
        self.deletion = deletion
        self.modifierIndicator = modifierIndicator
        self.rationale = rationale
    }

    /// The effective date of a row in force from any date: a pack's `pair` rule without an
    /// `effective:` start. A day no reader makes; messages say "in force on every date".
    public static let alwaysInForce = ServiceDate(daysSinceEpoch: Int32.min / 2)

    public func inForce(on date: ServiceDate) -> Bool {
        date >= effective && (deletion.map { date <= $0 } ?? true)
    }
}

/// PTP rows in a compact open-addressing table (2.5 million rows in a full quarter).
///
/// Most pairs have one row: its slot holds the whole row in 16 bytes (both codes, indicator and
/// rationale in one word, the two dates in the other), so a lookup reads one cache line. A pair
/// with several rows (different date ranges) points into `extra`, where its rows are contiguous,
/// oldest first.
///
/// The table is built once, so its slots are laid out in the order of the pairs' hashes: each
/// pair at its home slot or just after the pair before it (linear probing without wrap-around,
/// one empty slot at the end). A lookup stops at the first slot whose hash is greater than its
/// own, so a pair the table lacks (most pairs of a claim) costs about as few probes as one it
/// has: at a load of 0.8, about 3 slots instead of about 13 with insertion in any order.
public struct PTPTable: Sendable {
    struct Packed: Sendable {
        var column1: UInt32
        var column2: UInt32
        var effective: Int32
        var deletion: Int32  // Int32.max while open
        var indicator: UInt8
        /// The rationale's index in the table's list (the stride stays 20 bytes).
        var rationale: UInt16
    }

    /// `word`: column 1 (26 bits) | column 2 (26 bits) | indicator (4) | rationale (8); 0 is an
    /// empty slot (a pair's two codes differ, so no pair packs to 0). `dates`: effective (high
    /// 32 bits) and deletion (low 32), or for a pair of several rows `multiRow` in the high bits,
    /// the first row's index in `extra` in the low bits, and the row count in the word's low
    /// 12 bits (0 for 4,096 rows or more, whose count `longRuns` keeps). A single row whose
    /// rationale is past the 256th is kept in `extra` as a pair of one row.
    struct Slot: Sendable {
        var word: UInt64
        var dates: UInt64
    }

    /// In hash order; `homeCount` home slots, then room for the last ones pushed past them and
    /// an empty slot that ends every probe.
    private var slots: [Slot] = []
    private var homeCount = 0
    private var extra: [Packed] = []
    /// The row count of a pair of 4,096 rows or more, by its first row's index in `extra`
    /// (only a hostile or broken table has one).
    private var longRuns: [Int: Int] = [:]
    private var rationales: [String] = []
    /// Each rationale's number in `MessageStrings`, by which a finding's message keeps it (nil
    /// past that table's room).
    private var rationaleIDs: [UInt16?] = []
    public private(set) var count = 0
    public private(set) var pairCount = 0

    private static let multiRow = UInt32(bitPattern: Int32.min)
    private static let pairMask: UInt64 = ~0xFFF

    /// An empty table.
    public init() {}

    /// Which table this is: copies of a table (sharing its storage) have the same identity.
    struct Identity: Equatable {
        var slots: UnsafeRawPointer?
    }

    var identity: Identity { Identity(slots: slots.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }) }

    public init(_ rows: some Sequence<PTPRow>) {
        var builder = Builder()
        for r in rows { builder.append(r) }
        self = builder.build()
    }

    @inline(__always) static func pairBits(_ c1: UInt32, _ c2: UInt32) -> UInt64 {
        UInt64(c1) << 38 | UInt64(c2) << 12
    }

    /// A bijection of the pair's 52 bits: distinct pairs have distinct hashes.
    @inline(__always) static func hash(_ pair: UInt64) -> UInt64 {
        (pair >> 12) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The pair's home slot, nondecreasing in its hash.
    @inline(__always) private func home(hash h: UInt64) -> Int {
        Int(h.multipliedFullWidth(by: UInt64(homeCount)).high)
    }

    /// The slot of a pair, if the table has it.
    @inline(__always) private func slot(_ c1: UInt32, _ c2: UInt32) -> Slot? {
        guard !slots.isEmpty else { return nil }
        let pair = PTPTable.pairBits(c1, c2)
        let h = PTPTable.hash(pair)
        var i = home(hash: h)
        return slots.withUnsafeBufferPointer { buffer in
            while true {
                let s = buffer[i]
                let other = s.word & PTPTable.pairMask
                if other == pair { return s }
                // Past every pair that could be this one: an empty slot, or a greater hash.
                if s.word == 0 || PTPTable.hash(other) > h { return nil }
                i += 1
            }
        }
    }

    /// Accumulates rows, then sorts and indexes them once.
    public struct Builder {
        var rows: [Packed] = []
        var rationales: [String] = []
        var rationaleIndex: [String: UInt16] = [:]

        public init() { self.init(rationaleLimit: 65_535) }

        public mutating func reserveCapacity(_ n: Int) { rows.reserveCapacity(n) }

        public mutating func append(_ r: PTPRow) {
            append(column1: r.column1, column2: r.column2, effective: r.effective, deletion: r.deletion, indicator: r.modifierIndicator, rationale: r.rationale)
        }

        public mutating func append(column1: ProcedureCode, column2: ProcedureCode, effective: ServiceDate, deletion: ServiceDate?, indicator: UInt8, rationale: String) {
            rows.append(Packed(
                column1: column1.rawValue, column2: column2.rawValue, effective: effective.daysSinceEpoch,
                deletion: deletion?.daysSinceEpoch ?? Int32.max, indicator: indicator, rationale: intern(rationale)))
        }

        /// The most distinct rationales a table keeps (at most 65,535); the rows of any past
        /// them share the last, which says so (a CMS quarter has a few dozen; a pack's `pair`
        /// rules each have one).
        let rationaleLimit: Int

        init(rationaleLimit: Int) {
            precondition(rationaleLimit > 1 && rationaleLimit <= 65_535)
            self.rationaleLimit = rationaleLimit
        }

        /// The index of a rationale, added if new.
        mutating func intern(_ rationale: String) -> UInt16 {
            if let i = rationaleIndex[rationale] { return i }
            guard rationales.count < rationaleLimit - 1 else {
                if rationales.count == rationaleLimit - 1 {
                    rationales.append("(not kept: the table has more than \(rationaleLimit - 1) distinct rationales)")
                }
                return UInt16(rationaleLimit - 1)
            }
            let i = UInt16(rationales.count)
            rationales.append(rationale)
            rationaleIndex[rationale] = i
            return i
        }

        /// The table. The builder's rows (2.5 million rows of a full quarter are 50 MB) are
        /// sorted into slot order in a new array (the unsorted one freed after the first pass);
        /// the slots are then laid out from it.
        public consuming func build() -> PTPTable {
            var unsorted = self.rows
            self.rows = []
            let rows = PTPTable.sortedByHash(&unsorted)
            var table = PTPTable()
            table.rationales = rationales
            table.rationaleIDs = rationales.map(MessageStrings.id)
            table.count = rows.count
            var pairs = 0
            var i = 0
            while i < rows.count {
                let k = (rows[i].column1, rows[i].column2)
                pairs += 1
                i += 1
                while i < rows.count, (rows[i].column1, rows[i].column2) == k { i += 1 }
            }
            table.pairCount = pairs
            guard pairs > 0 else { return table }
            // A load of 0.8 keeps the table small; ordered probing stays within a line or two.
            table.homeCount = max(8, pairs * 5 / 4 + 1)
            var placed: [Slot] = []
            placed.reserveCapacity(table.homeCount + 64)
            i = 0
            while i < rows.count {
                let first = rows[i]
                var end = i + 1
                while end < rows.count, rows[end].column1 == first.column1, rows[end].column2 == first.column2 { end += 1 }
                let pair = PTPTable.pairBits(first.column1, first.column2)
                let slot: Slot
                if end - i == 1, first.rationale <= 0xFF {
                    slot = Slot(
                        word: pair | UInt64(min(first.indicator, 15)) << 8 | UInt64(first.rationale),
                        dates: UInt64(UInt32(bitPattern: first.effective)) << 32 | UInt64(UInt32(bitPattern: first.deletion)))
                } else {
                    let n = end - i
                    if n > 0xFFF { table.longRuns[table.extra.count] = n }
                    slot = Slot(word: pair | UInt64(n > 0xFFF ? 0 : n), dates: UInt64(PTPTable.multiRow) << 32 | UInt64(table.extra.count))
                    table.extra.append(contentsOf: rows[i..<end])
                }
                // At its home, or just after the pair before it (whose hash is smaller).
                let at = table.home(hash: PTPTable.hash(pair))
                if placed.count < at { placed.append(contentsOf: repeatElement(Slot(word: 0, dates: 0), count: at - placed.count)) }
                placed.append(slot)
                i = end
            }
            // Empty up to the last home, and one empty slot after the last pair.
            placed.append(contentsOf: repeatElement(Slot(word: 0, dates: 0), count: max(table.homeCount - placed.count, 0) + 1))
            table.slots = placed
            return table
        }
    }

    @inline(__always) static func hash(_ r: Packed) -> UInt64 { hash(pairBits(r.column1, r.column2)) }

    /// `rows` in hash order, a pair's rows together and oldest first: the order of the slots.
    /// A radix sort on the hash's top bits in two passes (about one final bucket per row, each
    /// pass writing to few enough places to stay in cache), then an insertion sort within each
    /// bucket: linear, where a comparison sort of a quarter's 2.5 million rows took most of the
    /// tables' load time. A large table's passes run on every core. `rows` is emptied once read.
    static func sortedByHash(_ rows: inout [Packed]) -> [Packed] {
        let n = rows.count
        guard n > 1 else { return rows }
        let bits = min(max(2, Int.bitWidth - (n - 1).leadingZeroBitCount), 22)
        let highBits = (bits + 1) / 2, lowBits = bits - highBits
        // Pass 1: by the top `highBits` into `out`; a large table's rows in slices on every
        // core, each slice counting its rows per bucket and then writing them after those of
        // the slices before it (so the pass stays stable, as the serial one).
        let highShift = UInt64(64 - highBits), buckets = 1 << highBits
        let threads = min(ProcessInfo.processInfo.activeProcessorCount, 64)
        let slices = n < 1 << 16 ? 1 : threads * 4
        var offsets = [Int](repeating: 0, count: slices * buckets)
        var starts = [Int](repeating: 0, count: buckets + 1)
        return [Packed](unsafeUninitializedCapacity: n) { out, count in
            rows.withUnsafeBufferPointer { input in
                nonisolated(unsafe) let input = input
                offsets.withUnsafeMutableBufferPointer { counts in
                    nonisolated(unsafe) let counts = counts
                    DispatchQueue.concurrentPerform(iterations: slices) { s in
                        for i in (0..<n).part(s, of: slices) { counts[s * buckets + Int(hash(input[i]) >> highShift)] += 1 }
                    }
                    // Counts become where each slice's rows of each bucket start.
                    var at = 0
                    for b in 0..<buckets {
                        starts[b] = at
                        for s in 0..<slices {
                            let c = counts[s * buckets + b]
                            counts[s * buckets + b] = at
                            at += c
                        }
                    }
                    starts[buckets] = n
                    nonisolated(unsafe) let out = out
                    DispatchQueue.concurrentPerform(iterations: slices) { s in
                        for i in (0..<n).part(s, of: slices) {
                            let r = input[i], k = s * buckets + Int(hash(r) >> highShift)
                            (out.baseAddress! + counts[k]).initialize(to: r)
                            counts[k] += 1
                        }
                    }
                }
            }
            count = n
            rows = []
            // Pass 2: each bucket by the next `lowBits` through a scratch buffer, then each small
            // bucket by (hash, effective). Buckets are disjoint: a large table's are sorted on
            // every core, a slice of buckets each.
            let lowShift = UInt64(64 - bits), lowMask = UInt64(1 << lowBits - 1)
            nonisolated(unsafe) let rows = out
            let bounds = starts
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                var scratch: [Packed] = []
                var counts = [Int](repeating: 0, count: (1 << lowBits) + 1)
                for b in (0..<buckets).part(slice, of: slices) {
                    let begin = bounds[b], end = bounds[b + 1]
                    guard end - begin > 16 else {
                        insertionSort(rows, begin, end)
                        continue
                    }
                    for k in counts.indices { counts[k] = 0 }
                    for i in begin..<end { counts[Int(hash(rows[i]) >> lowShift & lowMask) + 1] += 1 }
                    for k in 0..<(1 << lowBits) { counts[k + 1] += counts[k] }
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: rows[begin..<end])
                    var at = counts
                    for r in scratch {
                        let k = Int(hash(r) >> lowShift & lowMask)
                        rows[begin + at[k]] = r
                        at[k] += 1
                    }
                    for k in 0..<(1 << lowBits) where counts[k + 1] - counts[k] > 1 {
                        insertionSort(rows, begin + counts[k], begin + counts[k + 1])
                    }
                }
            }
        }
    }

    /// Sorts `rows[begin..<end]` (a few rows) by (hash, effective).
    private static func insertionSort(_ rows: UnsafeMutableBufferPointer<Packed>, _ begin: Int, _ end: Int) {
        guard end - begin > 1 else { return }
        for i in (begin + 1)..<end {
            let r = rows[i], key = (hash(r), r.effective)
            var j = i
            while j > begin, key < (hash(rows[j - 1]), rows[j - 1].effective) {
                rows[j] = rows[j - 1]
                j -= 1
            }
            rows[j] = r
        }
    }

    /// The row for (column 1, column 2) in force on `date`, if any. Indicator 9 rows are returned
    /// too; the caller ignores them.
    public func row(_ column1: ProcedureCode, _ column2: ProcedureCode, on date: ServiceDate) -> PTPRow? {
        packedRow(column1, column2, on: date).map(row)
    }

    /// The row in force of the pair on `date` as the table packs it: what the edits compare
    /// (no text, nothing retained); `rowAndRationaleID(of:)` makes the `PTPRow` of one they
    /// report.
    func packedRow(_ column1: ProcedureCode, _ column2: ProcedureCode, on date: ServiceDate) -> Packed? {
        guard let s = slot(column1.rawValue, column2.rawValue) else { return nil }
        let d = date.daysSinceEpoch
        guard UInt32(truncatingIfNeeded: s.dates >> 32) == PTPTable.multiRow else {
            let r = unpack(s)
            return d >= r.effective && d <= r.deletion ? r : nil
        }
        var found: Packed?
        for r in rowsOf(s) where d >= r.effective && d <= r.deletion {
            // Prefer a row that is an edit (0 or 1) over a not-applicable one.
            if found == nil || found!.indicator == 9 { found = r }
        }
        return found
    }

    /// Whether the pair has any row, whatever its dates.
    public func hasPair(_ column1: ProcedureCode, _ column2: ProcedureCode) -> Bool {
        slot(column1.rawValue, column2.rawValue) != nil
    }

    /// Every row of a pair, oldest first.
    public func rows(_ column1: ProcedureCode, _ column2: ProcedureCode) -> [PTPRow] {
        guard let s = slot(column1.rawValue, column2.rawValue) else { return [] }
        return packedRows(s).map(row)
    }

    /// Every row, sorted by column 1, column 2 and effective date.
    public var allRows: [PTPRow] {
        var packed: [Packed] = []
        packed.reserveCapacity(count)
        for s in slots where s.word != 0 { packed.append(contentsOf: packedRows(s)) }
        packed.sort { a, b in
            if a.column1 != b.column1 { return a.column1 < b.column1 }
            if a.column2 != b.column2 { return a.column2 < b.column2 }
            return a.effective < b.effective
        }
        return packed.map(row)
    }

    private func packedRows(_ s: Slot) -> [Packed] {
        UInt32(truncatingIfNeeded: s.dates >> 32) == PTPTable.multiRow ? Array(rowsOf(s)) : [unpack(s)]
    }

    private func rowsOf(_ s: Slot) -> ArraySlice<Packed> {
        let start = Int(UInt32(truncatingIfNeeded: s.dates))
        let n = Int(s.word & 0xFFF)
        return extra[start..<start + (n == 0 ? longRuns[start]! : n)]
    }

    private func unpack(_ s: Slot) -> Packed {
        Packed(
            column1: UInt32(truncatingIfNeeded: s.word >> 38), column2: UInt32(truncatingIfNeeded: (s.word >> 12) & 0x3FF_FFFF),
            effective: Int32(bitPattern: UInt32(truncatingIfNeeded: s.dates >> 32)),
            deletion: Int32(bitPattern: UInt32(truncatingIfNeeded: s.dates)),
            indicator: UInt8((s.word >> 8) & 0xF), rationale: UInt16(s.word & 0xFF))
    }

    /// The row of a packed row, and the number of its rationale in `MessageStrings` (nil past
    /// its room).
    func rowAndRationaleID(of r: Packed) -> (row: PTPRow, rationaleID: UInt16?) {
        (row(r), rationaleIDs[Int(r.rationale)])
    }

    private func row(_ r: Packed) -> PTPRow {
        PTPRow(
            column1: ProcedureCode(packed: r.column1), column2: ProcedureCode(packed: r.column2),
            effective: ServiceDate(daysSinceEpoch: r.effective),
            deletion: r.deletion == Int32.max ? nil : ServiceDate(daysSinceEpoch: r.deletion),
            modifierIndicator: r.indicator, rationale: rationales[Int(r.rationale)])
    }

    /// Rows of a later table replace every row of the same pair.
    mutating func overlay(_ other: PTPTable) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }  // a full CMS table into an empty set: no rebuild
        var builder = Builder()
        builder.reserveCapacity(count + other.count)
        for r in allRows where !other.hasPair(r.column1, r.column2) { builder.append(r) }
        for r in other.allRows { builder.append(r) }
        self = builder.build()
    }
}
