import Dispatch
import Foundation
import Synchronization

/// The claim-edit engine, a pure function of (rule packs, claims):
///
/// 1. `Input/` readers turn claim files (CSV, JSON, X12 837P) into `Claim`s and diagnostics.
/// 2. `Reference/` packs merge into `ReferenceData`: table sets, one per effective period.
/// 3. `Checker` indexes the batch (`BatchIndex`): each line with its table set, grouped by
///    patient and provider, then runs the families of `Rules/` over lines, claims and groups.
/// 4. `Findings/` collect what a payer would deny; `Reporting/` prints them.
///
/// A `Checker` is an immutable `Sendable` value: build it once and call it from many threads.
public struct Checker: Sendable {
    public let reference: ReferenceData
    /// The reference data's sets with the packs' table rules compiled in.
    let sets: [ReferenceTables]
    let userRules: UserRulePlan
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
        self.reference = reference
        sets = reference.effectiveSets
        userRules = UserRulePlan(reference.rules)
    }

    /// Every rule in play: the built-in catalog, then the packs' own rules.
    public var rules: [RuleDescriptor] { RuleCatalog.all + reference.rules.map(\.descriptor) }

    /// Checks one claim on its own (a batch of one).
    public func check(_ claim: Claim) -> [Finding] {
        check([claim]).findings
    }

    /// Checks a batch: batch-wide edits (add-on primaries, MUE date totals) see every claim.
    /// Findings come in batch order (claim, line), then by rule id.
    ///
    /// The line, claim and group passes are independent across lines, claims and (patient,
    /// provider) groups, so a large batch is cut into slices checked on `concurrency`
    /// threads, each into its own `FindingSink`; the sinks are merged in slice order and
    /// sorted, which gives exactly the serial result.
    public func check(_ claims: [Claim]) -> CheckResult {
        guard !sets.isEmpty else { return CheckResult(findings: [], diagnostics: []) }
        let index = BatchIndex(claims: claims, reference: reference)
        let diagnostics = index.periodDiagnostics(sets: sets) + index.oversizedDiagnostics()
        let threads = min(concurrency, 64)
        guard threads > 1, index.entries.count > Checker.parallelThreshold else {
            var sink = FindingSink(settings: reference.settings, claims: claims)
            for pass in Pass.allCases { check(pass, slice: 0, of: 1, index: index, sets: sets, sink: &sink) }
            return CheckResult(findings: sink.sorted(), diagnostics: diagnostics)
        }
        // Each pass in more slices than threads, to even out slices of costlier lines. The
        // results are kept pass by pass, slice by slice: the serial order of emission.
        let slices = threads * 8
        let jobs = Pass.allCases.count * slices
        let results = Mutex<[[FindingSink.Item]]>(Array(repeating: [], count: jobs))
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            var sink = FindingSink(settings: reference.settings, claims: claims)
            check(Pass.allCases[job / slices], slice: job % slices, of: slices, index: index, sets: sets, sink: &sink)
            let items = sink.items
            results.withLock { $0[job] = items }
        }
        let merged = results.withLock { all in all.flatMap { $0 } }
        return CheckResult(findings: FindingSink.sorted(merged), diagnostics: diagnostics)
    }

    /// The passes, in the order the serial path runs them.
    private enum Pass: CaseIterable {
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

    /// The `slice`-th of `count` equal parts of one pass.
    private func check(_ pass: Pass, slice: Int, of count: Int, index: BatchIndex, sets: [ReferenceTables], sink: inout FindingSink) {
        func part(_ n: Int) -> Range<Int> { (n * slice / count)..<(n * (slice + 1) / count) }
        switch pass {
        case .lines:
            for i in part(index.entries.count) {
                let e = index.entries[i]
                LineRules.check(e, tables: sets[Int(e.tableSet)], index: index, sink: &sink)
            }
        case .claims:
            for c in part(index.claims.count) {
                ClaimRules.check(claim: c, index: index, sets: sets, sink: &sink)
                if !userRules.isEmpty { UserRuleEvaluation.check(claim: c, plan: userRules, index: index, sink: &sink) }
            }
        case .groups:
            for g in part(index.groups.count) {
                let group = index.groups[g]
                GroupRules.check(group: group, index: index, sets: sets, sink: &sink)
                if !userRules.isEmpty { UserRuleEvaluation.check(group: group, plan: userRules, index: index, sink: &sink) }
            }
        case .oversized:
            for r in part(index.oversized.count) {
                MUERules.check(group: index.oversized[r], index: index, sets: sets, sink: &sink)
            }
        }
    }
}

/// Findings of a batch, and run-wide notes (dates outside the tables' period).
public struct CheckResult: Sendable {
    public var findings: [Finding]
    public var diagnostics: [Diagnostic]
}
