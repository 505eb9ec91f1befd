/// What `AddonRules.denial(of:at:excluding:...)` answered of the lines of one run (one patient,
/// provider and date), kept so that a line is judged once however many lines ask about it: the
/// add-on edit asks the billed primaries of every add-on of the date, the status T edit the
/// other services of every T code, the global edit the run of every procedure opening a window.
/// Asked again by each, a run of hundreds of add-ons and denied primaries took add-ons ×
/// primaries × run (each question scans the run for duplicates, PTP pairs and MUE totals), and
/// two add-on codes that list each other (0836T and 88177) took the fourth power of the run.
///
/// An answer is kept as the line's question has it with no other question open and nothing
/// left out (`PaymentAsks`), and holds for a later question unless one of three things could
/// change it:
/// - A line whose question is open then is among those that went into the answer by a
///   question of their own (`reach`): that line, coming round again, would be judged without
///   its questions (two add-ons that list each other, one of them a status T code bundled into
///   a visit). A line is in `reach` when it reaches a step that asks of other lines, status T
///   with another service or an add-on's primaries, whether its question opened or not; a line
///   decided before that step (a PTP pair, an MUE, a duplicate), or whose code asks nothing, is
///   judged the same either way and brings nothing.
/// - The questions open then, and those nested in the answer (`depth`: its lines that asked,
///   one inside another), pass `PaymentAsks.capacity`: the deepest would be judged without its
///   questions.
/// - It is a PTP denial by the line the later question leaves out (an add-on asking about its
///   primary: `PTPRules.blocking(excluding:)`). An answer judged leaving a line out is kept
///   with that line, and holds for a question leaving out another only once that line is found
///   to be no column 1 line of a PTP edit that denies it (found then, not when kept: most
///   answers are asked for once).
/// Otherwise the question is judged as asked, and its answer kept when it is the one the line
/// has with nothing open: no line it reached is open, and no question in it was cut short by
/// the capacity. The global edit asks while it lays out the windows of the date (`growing`):
/// a visit's package reads them, so an answer that read one is not kept there.
///
/// One per worker (`FindingSink.payments`), started on each run by the edit that asks: its
/// storage is reused.
struct PaymentMemo {
    /// What is kept of the line at one place of the run.
    private struct Slot {
        /// `PaymentMemo.stamp` when kept in this run.
        var stamp: UInt32 = 0
        var depth: UInt8 = 0
        /// The start of its `reach` row in `reaches`, or -1 when its reach is empty.
        var row: Int32 = -1
        /// The line (batch position) its question left out, when leaving it out might have
        /// changed the answer (a PTP edit weighed it): checked when another question asks.
        var excluded: Int32 = -1
        var verdict: AddonRules.DeniedPrimary?
    }

    /// What went into the answer being judged at one depth, so far.
    private struct Frame {
        /// The deepest nesting of the questions it asked.
        var depth: UInt8 = 0
        /// The line reached a step that asks of other lines.
        var asks = false
        /// Its bits in `frameBits` may not all be zero.
        var reaches = false
        /// A question in it was not asked for the capacity.
        var cut = false
        /// A visit's package read the windows.
        var readsWindows = false
    }

    private var slots: [Slot] = []
    /// This run's number: a slot of another run's is not kept.
    private var stamp: UInt32 = 0
    /// Rows of `words` words, `reachCount` of them in use: bit p is the line at place p.
    private var reaches: [UInt64] = []
    private var reachCount = 0
    /// The question being judged at each depth (the number of questions open when it was
    /// asked, 0...`PaymentAsks.capacity`), held inline; their bits, `words` a depth, in
    /// `frameBits`.
    private var frames: (Frame, Frame, Frame, Frame, Frame, Frame, Frame, Frame, Frame) = (
        Frame(), Frame(), Frame(), Frame(), Frame(), Frame(), Frame(), Frame(), Frame()
    )
    private var frameBits: [UInt64] = []
    private var words = 0
    private var growing = false
    /// The run's lines as (code, place), sorted, for `lines(of:in:index:)`; for the run of
    /// `codesStamp`.
    private var codes: [UInt64] = []
    private var codesStamp: UInt32 = 0

    /// Runs longer than this find the lines of a code by a sorted index of the run's codes
    /// (`lines(of:in:index:)`), not a look at each line: an add-on code lists up to 200
    /// primaries (37253), each looked for in the run for each add-on line.
    static let indexedRun = 16

    /// How many questions were judged, not answered from what was kept (for tests: a line is
    /// judged once a run however many lines ask about it).
    private(set) var judged = 0

    /// The frame at depth `level`, to read or change.
    @inline(__always) private mutating func frame<R>(_ level: Int, _ body: (inout Frame) -> R) -> R {
        withUnsafeMutableBytes(of: &frames) { body(&$0.baseAddress!.assumingMemoryBound(to: Frame.self)[level]) }
    }

    /// Starts on a run of `count` lines, keeping nothing from the last. `growing`: the windows
    /// grow between questions (`GlobalRules.check`).
    mutating func start(count: Int, growing: Bool) {
        self.growing = growing
        stamp &+= 1
        if stamp == 0 || slots.count < count {
            slots = [Slot](repeating: Slot(), count: max(count, 16, slots.count))
            stamp = 1
            codesStamp = 0
        }
        reachCount = 0
        let words = (count + 63) >> 6
        if words != self.words {
            self.words = words
            frameBits = [UInt64](repeating: 0, count: (PaymentAsks.capacity + 1) * words)
            for level in 0...PaymentAsks.capacity { frame(level) { $0 = Frame() } }
        }
    }

    /// The positions in the run's code index of the lines of `code` (`place(at:)`), in run
    /// order; the index is made on the first call for the run (`run`, of more than
    /// `indexedRun` lines: a shorter one is looked through).
    mutating func lines(of code: ProcedureCode, in run: EntryRun, index: BatchIndex) -> Range<Int> {
        if codesStamp != stamp {
            codes.removeAll(keepingCapacity: true)
            for k in run.startIndex..<run.endIndex {
                codes.append(UInt64(index.entries[Int(run[k])].code.rawValue) << 32 | UInt64(k - run.startIndex))
            }
            codes.sort()
            codesStamp = stamp
        }
        let key = UInt64(code.rawValue) << 32
        return lowerBound(key)..<lowerBound(key + (1 << 32))
    }

    /// The place in the run of the line at `k` in the run's code index.
    func place(at k: Int) -> Int32 { Int32(truncatingIfNeeded: codes[k] & 0xFFFF_FFFF) }

    /// The first position in `codes` whose key is not below `key`.
    private func lowerBound(_ key: UInt64) -> Int {
        var low = 0, high = codes.count
        while low < high {
            let mid = (low + high) >> 1
            if codes[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The line (batch position) that the answer kept for the line at `place` left out, when it
    /// is to be checked before the answer holds for a question leaving out `excluded` (-1:
    /// none): whether it denies the line by a PTP edit (`checked(_:denies:)`). -1 when there is
    /// nothing to check.
    @inline(__always) func unchecked(_ place: Int32, excluding excluded: Int32) -> Int32 {
        let slot = slots[Int(place)]
        return slot.stamp == stamp && slot.excluded != excluded ? slot.excluded : -1
    }

    /// Whether the line the answer kept for the line at `place` left out denies it by a PTP
    /// edit: if so, the answer is not the line's with nothing left out, and is forgotten.
    mutating func checked(_ place: Int32, denies: Bool) {
        if denies {
            slots[Int(place)].stamp = 0
        } else {
            slots[Int(place)].excluded = -1
        }
    }

    /// The kept answer for the line at `place`, asked within `asks` and leaving out the line at
    /// batch position `excluded` (-1: none), when it holds there (`unchecked` checked first);
    /// it then counts in the question that asked.
    @inline(__always) mutating func answer(_ place: Int32, asks: PaymentAsks, excluding excluded: Int32, index: BatchIndex) -> AddonRules.DeniedPrimary?? {
        let p = Int(place)
        guard slots[p].stamp == stamp else { return nil }
        return kept(p, asks: asks, excluding: excluded, index: index)
    }

    private mutating func kept(_ p: Int, asks: PaymentAsks, excluding excluded: Int32, index: BatchIndex) -> AddonRules.DeniedPrimary?? {
        let slot = slots[p]
        guard slot.excluded < 0 || slot.excluded == excluded, asks.count + Int(slot.depth) <= PaymentAsks.capacity else { return nil }
        let row = Int(slot.row)
        if row >= 0 && PaymentMemo.meets(reaches, at: row, asks) { return nil }
        if excluded >= 0, case .pair(_, let column1) = slot.verdict, index.position(of: column1) == Int(excluded) { return nil }
        if asks.count > 0 {
            let level = asks.count - 1
            frame(level) { $0.depth = max($0.depth, slot.depth) }
            if row >= 0 {
                for w in 0..<words { frameBits[level * words + w] |= reaches[row + w] }
                frame(level) { $0.reaches = true }
            }
        }
        return .some(slot.verdict)
    }

    /// Whether the row of `bits` at `row` holds the place of a question open in `asks`.
    private static func meets(_ bits: [UInt64], at row: Int, _ asks: PaymentAsks) -> Bool {
        for k in 0..<asks.count {
            let place = Int(asks[k])
            if bits[row + place >> 6] & (1 << UInt64(place & 63)) != 0 { return true }
        }
        return false
    }

    /// Begins judging a line asked within `asks`.
    @inline(__always) mutating func enter(_ asks: PaymentAsks) {
        judged &+= 1
        let level = asks.count
        if frame(level, { $0.reaches }) {
            for w in 0..<words { frameBits[level * words + w] = 0 }
        }
        frame(level) { $0 = Frame() }
    }

    /// The line at `place`, asked within `asks`, reaches a step that asks of other lines (or
    /// would, if its question could open).
    mutating func reachesAsking(_ place: Int32, _ asks: PaymentAsks) {
        let level = asks.count
        let cut = asks.count >= PaymentAsks.capacity && !asks.contains(place)
        frame(level) {
            $0.asks = true
            $0.reaches = true
            $0.cut = $0.cut || cut
        }
        frameBits[level * words + Int(place) >> 6] |= 1 << UInt64(place & 63)
    }

    /// The line asked within `asks` is a visit whose package reads the windows.
    mutating func readsWindows(_ asks: PaymentAsks) {
        frame(asks.count) { $0.readsWindows = true }
    }

    /// Ends judging the line at `place` asked within `asks` (`opened`: its question opened),
    /// keeping `verdict` when it is the line's answer with nothing open, or nothing open and
    /// only the line at batch position `excluded` left out (-1: none that could change it);
    /// and counts it in the question that asked.
    @inline(__always) mutating func leave(_ place: Int32, asks: PaymentAsks, opened: Bool, verdict: AddonRules.DeniedPrimary?, excluded: Int32) {
        let level = asks.count, done = frame(level) { $0 }
        let depth = done.asks && opened ? done.depth + 1 : 0
        let base = level * words
        if !(growing && done.readsWindows) && (level == 0 || (!done.cut && !(done.reaches && PaymentMemo.meets(frameBits, at: base, asks)))) {
            var row: Int32 = -1
            if done.reaches { row = keepReach(base) }
            slots[Int(place)] = Slot(stamp: stamp, depth: depth, row: row, excluded: excluded, verdict: verdict)
        }
        guard level > 0 else { return }
        frame(level - 1) {
            $0.depth = max($0.depth, depth)
            $0.cut = $0.cut || done.cut
            $0.readsWindows = $0.readsWindows || done.readsWindows
            $0.reaches = $0.reaches || done.reaches
        }
        if done.reaches {
            for w in 0..<words { frameBits[base - words + w] |= frameBits[base + w] }
        }
    }

    /// Keeps the bits of the frame at `base` in `frameBits` as a row of `reaches`, and returns
    /// where.
    private mutating func keepReach(_ base: Int) -> Int32 {
        let row = reachCount
        if reaches.count < row + words { reaches.append(contentsOf: repeatElement(0, count: max(row + words - reaches.count, reaches.count))) }
        for w in 0..<words { reaches[row + w] = frameBits[base + w] }
        reachCount += words
        return Int32(row)
    }
}
