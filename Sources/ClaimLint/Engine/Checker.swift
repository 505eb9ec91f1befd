import Dispatch
import Foundation
import Synchronization

/// The claim-edit engine, a pure function of (rule packs, claims):
///
/// 1. `Input/` readers turn claim files (CSV, JSON, X12 837P) into `Claim`s and diagnostics.
/// 2. `Reference/` packs merge into `ReferenceData`: table sets, one per effective period.
/// 3. `Checker` indexes the batch (`BatchIndex`): each line as a compact `LineEntry` with its
///    table set, grouped by patient and provider, then runs the families of `Rules/` over
///    lines, claims and groups. Claims may come in parts (`CheckStream`, which `check(files:)`
///    feeds from the reader through `CheckPipeline`): a part's line and claim edits run when it
///    comes, the batch-wide (group) edits once every part is in.
/// 4. `Findings/` collect what a payer would deny; `Reporting/` prints them.
///
/// A `Checker` is an immutable `Sendable` value: build it once and call it from many threads.
public struct Checker: Sendable {
    /// What every copy of a checker shares, behind one reference: a copy (each check makes
    /// one, in its `CheckStream` and `BatchIndex`) then costs one retain, not one per table
    /// and rule array.
    final class Shared: Sendable {
        let reference: ReferenceData
        /// The reference data's sets with the packs' table rules compiled in.
        let sets: [ReferenceTables]
        let userRules: UserRulePlan
        /// Whether pack rules need ages, places of service or diagnoses (`BatchIndex.keepsDetails`).
        let needsDetails: Bool

        init(_ reference: ReferenceData) {
            self.reference = reference.compacted()
            sets = reference.effectiveSets
            userRules = UserRulePlan(reference.rules)
            needsDetails = userRules.needsDetails
        }
    }

    let shared: Shared
    public var reference: ReferenceData { shared.reference }
    var sets: [ReferenceTables] { shared.sets }
    var userRules: UserRulePlan { shared.userRules }
    /// How many threads a large batch (more than `parallelThreshold` lines) is checked on;
    /// 1 checks on the calling thread. Findings are the same whatever the value.
    public var concurrency = ProcessInfo.processInfo.activeProcessorCount
    /// Batches with at most this many lines are checked on the calling thread: below it the
    /// cost of starting threads is more than the work.
    public static let parallelThreshold = 5_000

    /// A checker with the given packs, later ones adding to or overriding earlier ones.
    /// The default is the bundled pack alone.
    public init(packs: [RulePack] = [RulePack.bundled]) {
        self.init(reference: ReferenceData(packs: packs))
    }

    public init(reference: ReferenceData) {
        shared = Shared(reference)
    }

    /// Every rule in play: the built-in catalog, then the packs' own rules.
    public var rules: [RuleDescriptor] { RuleCatalog.all + reference.rules.map(\.descriptor) }

    /// Checks one claim on its own (a batch of one).
    public func check(_ claim: Claim) -> [Finding] {
        // No one-element array to allocate, and no copy of the claim (which retains its
        // lines and texts): this is the call billing software makes per claim.
        withUnsafePointer(to: claim) { batch(UnsafeBufferPointer(start: $0, count: 1)).findings.named }
    }

    /// Checks a batch: batch-wide edits (add-on primaries, MUE date totals) see every claim.
    /// Findings come in batch order (claim, line), then by rule id.
    public func check(_ claims: [Claim]) -> CheckResult {
        batch(claims)
    }

    private func batch(_ claims: some Collection<Claim>) -> CheckResult {
        var stream = CheckStream(self)
        stream.add(claims)
        // In place: consuming a local stream copied it (retaining every array) per call.
        return stream.finishInPlace()
    }
}

/// Checks a batch that arrives in parts, such as claims streamed from a file as it is read:
/// each part's line and claim edits run when it is added, and the part is then kept only as
/// `LineEntry`s; `finish()` runs the batch-wide edits over every line added. The findings are
/// those of `Checker.check` on all the claims at once, in the same order.
///
/// The line, claim and group passes are independent across lines, claims and (patient,
/// provider) groups, so a large part is cut into slices checked on `concurrency` threads, each
/// into its own `FindingSink`; the sinks are merged in slice order and sorted, which gives
/// exactly the serial result.
public struct CheckStream: Sendable {
    let checker: Checker
    private var index: BatchIndex
    private var found = FindingSink.Found()
    /// Whether `add` may check a large part on several threads (a reading pipeline already
    /// runs beside it).
    var parallelParts = true
    /// Whether `add` leaves the line and claim edits of the claims it adds to run later over
    /// every claim added since, on every thread: before those lines' entries leave memory
    /// (`BatchIndex.spillIfLarge()`), else in `finish()`. A reading pipeline that adds its parts
    /// in turn on the reading threads (`CheckPipeline`) sets it: the edits then run outside that
    /// serial path. The findings are the same, in the same order once sorted.
    var defersPartEdits = false
    /// The first line and the first claim whose line and claim edits have not run.
    private var uncheckedLines = 0, uncheckedClaims = 0

    public init(_ checker: Checker) {
        self.checker = checker
        index = BatchIndex(checker.shared, keepsDetails: checker.shared.needsDetails)
    }

    /// Reserves room for about `lines` more lines, so that the entries grow without copies.
    /// Room never filled is never touched, so a generous estimate costs no resident memory.
    public mutating func reserve(lines: Int) {
        index.reserve(lines: lines)
    }

    /// At most the lines `files` can hold (a service line takes at least 48 bytes in any
    /// format), within an eighth of physical memory's worth of entries.
    static func estimatedLines(files: [String]) -> Int {
        var bytes = 0
        for f in files where f != "-" {
            bytes += fileSize(atPath: f)
        }
        let cap = Int(ProcessInfo.processInfo.physicalMemory / 8) / (MemoryLayout<LineEntry>.stride + LineSources.reservedBytesPerLine)
        return min(bytes / 48, cap)
    }

    /// When the batch's line entries leave memory for a temporary file (`SpillPolicy`): by
    /// default a batch over a million lines keeps about 65,536 lines' entries in memory while
    /// it is read and runs its batch-wide edits a million lines at a time.
    var spillPolicy: SpillPolicy {
        get { index.spillPolicy }
        set { index.spillPolicy = newValue }
    }

    /// Whether the batch's entries were spilled.
    var isSpilled: Bool { index.isSpilled }
    /// Whether the batch keeps each claim's diagnoses (and its lines' places of service and
    /// pointers) for rules that look at them.
    var keepsDetails: Bool { index.keepsDetails }
    /// The claim ids and the bytes of line sources written to the spill file with the entries.
    var spilled: (claimIDs: Int, sourceBytes: Int) { (index.claimIDs.base, index.sources.spilledBytes) }

    /// From how many findings `finish()` keeps them as records named when read (`FindingList`).
    var recordedFrom = FindingSink.Found.recordedFrom

    /// From how many lines `finish()` gives freed memory back to the system before the
    /// batch-wide edits and before naming the findings (`FreedMemory`); a small batch, such as
    /// one claim, never pays for it (a call took 5–35 ms on a 5M-line batch).
    static let releaseLines = 1 << 20
    /// Every how many lines `add` gives freed memory back while a batch is read: with the
    /// claims freed on the reading threads given back every 262,144 lines, a 5M-line 837P
    /// check held about 80 MB less at the end of reading than with none given back before
    /// `finish()`.
    static let releaseEvery = 1 << 18

    /// The claims added so far.
    public private(set) var claimCount = 0
    /// The service lines added so far, but a void claim's (`Claim.isVoid`), which none of the
    /// edits checks.
    public private(set) var lineCount = 0

    /// Adds claims at the end of the batch and runs their line and claim edits.
    public mutating func add(_ claims: some Collection<Claim>) {
        let before = lineCount
        for c in claims { lineCount += c.lines.count }
        // Also while a large batch is read: the claims freed on the reading threads would
        // otherwise stay resident until `finish()`.
        if lineCount / CheckStream.releaseEvery > before / CheckStream.releaseEvery { FreedMemory.release() }
        claimCount += claims.count
        guard !checker.sets.isEmpty, !claims.isEmpty else { return }
        let voidLines = index.voidLines
        index.append(claims)
        lineCount -= index.voidLines - voidLines
        // The edits read the entries: they run before the entries leave memory.
        if !defersPartEdits {
            runPartEdits(threads: parallelParts ? checker.concurrency : 1)
        } else if index.spillsNow {
            runPartEdits(threads: checker.concurrency)
        }
        index.spillIfLarge()
    }

    /// Runs the line and claim edits of the lines and claims added since they last ran.
    private mutating func runPartEdits(threads: Int) {
        let lines = uncheckedLines..<index.entries.count, claimRange = uncheckedClaims..<index.claimIDs.count
        guard !lines.isEmpty || !claimRange.isEmpty else { return }
        Passes.run([.lines, .claims], checker: checker, index: index, threads: threads, work: lines.count, into: &found) { pass, slice, count, checker, index, sink in
            switch pass {
            case .lines: Passes.checkLines(lines.part(slice, of: count), checker: checker, index: index, sink: &sink)
            default: Passes.checkClaims(claimRange.part(slice, of: count), checker: checker, index: index, sink: &sink)
            }
        }
        uncheckedLines = lines.upperBound
        uncheckedClaims = claimRange.upperBound
    }

    /// Runs the batch-wide edits and returns every finding, sorted.
    public consuming func finish() -> CheckResult {
        var stream = self
        return stream.finishInPlace()
    }

    /// `finish()` on the stream where it is; the stream is empty afterwards.
    mutating func finishInPlace() -> CheckResult {
        guard !checker.sets.isEmpty else { return CheckResult(findings: [], diagnostics: []) }
        runPartEdits(threads: checker.concurrency)
        // A large batch was read on several threads: the claims they freed stay resident in
        // their arenas unless given back (`FreedMemory`).
        let large = lineCount >= CheckStream.releaseLines
        if large { FreedMemory.release() }
        func runGroupPasses() {
            let groups = 0..<index.groupCount, oversized = 0..<index.oversized.count
            Passes.run(
                [.groups, .oversized], checker: checker, index: index, threads: checker.concurrency, work: index.entries.count, into: &found
            ) { pass, slice, count, checker, index, sink in
                switch pass {
                case .groups: Passes.checkGroups(groups.part(slice, of: count), checker: checker, index: index, sink: &sink)
                default: Passes.checkOversized(oversized.part(slice, of: count), checker: checker, index: index, sink: &sink)
                }
            }
        }
        var diagnostics = index.periodDiagnostics(sets: checker.sets)
        if let partitions = index.spillPartitions() {
            // A spilled batch: its groups a partition at a time. The oversized runs' warnings
            // are put in group order, as one layout of every group gives them.
            var oversized: [(group: Int32, Diagnostic)] = []
            for p in partitions {
                index.loadPartition(p)
                oversized += zip(index.oversized.map { index.entries[Int($0[0])].group }, index.oversizedDiagnostics()).map { ($0, $1) }
                runGroupPasses()
            }
            diagnostics += oversized.enumerated().sorted { ($0.element.group, $0.offset) < ($1.element.group, $1.offset) }.map(\.element.1)
        } else {
            index.finishGroups(threads: checker.concurrency)
            diagnostics += index.oversizedDiagnostics()
            runGroupPasses()
        }
        // The lines' entries are no longer needed: their memory is free for the findings,
        // named from the claim ids and line sources kept until then (a large batch's are read
        // back from its spill file now).
        let claimIDs = index.claimIDs, claimStart = index.claimStart, sources = index.sources, ordinalNumbers = index.ordinalNumbers
        index = BatchIndex(checker.shared, keepsDetails: false)
        if large { FreedMemory.release() }
        return CheckResult(
            findings: found.sorted(
                claimIDs: claimIDs.all(), claimStart: claimStart, sources: sources.loaded(), ordinalNumbers: ordinalNumbers,
                recordedFrom: recordedFrom, threads: checker.concurrency),
            diagnostics: diagnostics)
    }

}

/// The edits over an index, by pass. The checker and the index are passed along as
/// arguments, never stored: a copy of either would retain and release each of its tables and
/// arrays, a cost that shows when one claim is checked at a time.
private enum Passes {
    /// The passes, in the order the serial path runs them.
    enum Pass {
        /// Each line alone.
        case lines
        /// Each claim alone.
        case claims
        /// The lines of each patient and provider across the batch.
        case groups
        /// Lines of a (patient, provider, date) over `BatchIndex.maxLinesPerDate`: only the
        /// linear MUE date totals; the pairwise edits are skipped with a diagnostic.
        case oversized
    }

    /// Runs `passes` over `work` lines: on the calling thread when small, else each pass in
    /// more slices than threads (to even out slices of costlier lines), kept pass by pass,
    /// slice by slice: the serial order of emission.
    static func run(
        _ passes: [Pass], checker: Checker, index: BatchIndex, threads: Int, work: Int, into found: inout FindingSink.Found,
        _ body: @Sendable (Pass, Int, Int, Checker, BatchIndex, inout FindingSink) -> Void
    ) {
        let threads = min(threads, 64)
        guard threads > 1, work > Checker.parallelThreshold else {
            // The sink appends to `found` itself (swapped in and out, so its array stays
            // uniquely referenced): no array per pass to allocate and copy.
            var sink = FindingSink(settings: checker.reference.settings)
            swap(&sink.found, &found)
            for pass in passes { body(pass, 0, 1, checker, index, &sink) }
            swap(&sink.found, &found)
            return
        }
        let slices = threads * 8
        let jobs = passes.count * slices
        let results = Mutex<[FindingSink.Found]>(Array(repeating: FindingSink.Found(), count: jobs))
        let settings = checker.reference.settings
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            var sink = FindingSink(settings: settings)
            body(passes[job / slices], job % slices, slices, checker, index, &sink)
            let found = sink.found
            results.withLock { $0[job] = found }
        }
        // Each slice's findings join as parts: none is copied.
        results.withLock { all in
            for i in all.indices {
                found.append(contentsOf: all[i])
                all[i] = FindingSink.Found()
            }
        }
    }

    static func checkLines(_ r: Range<Int>, checker: Checker, index: BatchIndex, sink: inout FindingSink) {
        // Through a buffer: each line's table set is borrowed, not copied (retained) per line.
        checker.sets.withUnsafeBufferPointer { sets in
            for i in r {
                let e = index.entries[i]
                LineRules.check(e, tables: sets.baseAddress! + Int(e.tableSet), index: index, sink: &sink)
            }
        }
    }

    static func checkClaims(_ r: Range<Int>, checker: Checker, index: BatchIndex, sink: inout FindingSink) {
        checker.sets.withUnsafeBufferPointer { sets in
            for c in r {
                ClaimRules.check(claim: c, index: index, sets: sets, sink: &sink)
                if !checker.userRules.isEmpty { UserRuleEvaluation.check(claim: c, plan: checker.userRules, index: index, sink: &sink) }
            }
        }
    }

    static func checkGroups(_ r: Range<Int>, checker: Checker, index: BatchIndex, sink: inout FindingSink) {
        checker.sets.withUnsafeBufferPointer { sets in
            index.withGroups { all in
                for g in r {
                    let group = index.group(g, in: all)
                    GroupRules.check(group: group, index: index, sets: sets, sink: &sink)
                    if !checker.userRules.isEmpty { UserRuleEvaluation.check(group: group, plan: checker.userRules, index: index, sink: &sink) }
                }
            }
        }
    }

    static func checkOversized(_ r: Range<Int>, checker: Checker, index: BatchIndex, sink: inout FindingSink) {
        checker.sets.withUnsafeBufferPointer { sets in
            for o in r {
                index.oversized[o].withUnsafeBufferPointer { MUERules.check(group: $0[...], index: index, sets: sets, sink: &sink) }
            }
        }
    }
}

/// Findings of a batch, and run-wide notes (dates outside the tables' period).
public struct CheckResult: Sendable {
    /// A large batch's are named as they are read (`FindingList`).
    public var findings: FindingList
    public var diagnostics: [Diagnostic]
}
