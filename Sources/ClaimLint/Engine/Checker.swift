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
    public func check(_ claims: [Claim]) -> CheckResult {
        var sink = FindingSink(settings: reference.settings, claims: claims)
        let index = BatchIndex(claims: claims, reference: reference)
        guard !sets.isEmpty else { return CheckResult(findings: [], diagnostics: []) }

        for e in index.entries {
            LineRules.check(e, tables: sets[Int(e.tableSet)], index: index, sink: &sink)
        }
        for c in claims.indices {
            ClaimRules.check(claim: c, index: index, sets: sets, sink: &sink)
            if !userRules.isEmpty { UserRuleEvaluation.check(claim: c, plan: userRules, index: index, sink: &sink) }
        }
        for group in index.groups {
            GroupRules.check(group: group, index: index, sets: sets, sink: &sink)
            if !userRules.isEmpty { UserRuleEvaluation.check(group: group, plan: userRules, index: index, sink: &sink) }
        }
        return CheckResult(findings: sink.sorted(), diagnostics: index.periodDiagnostics(sets: sets))
    }
}

/// Findings of a batch, and run-wide notes (dates outside the tables' period).
public struct CheckResult: Sendable {
    public var findings: [Finding]
    public var diagnostics: [Diagnostic]
}
