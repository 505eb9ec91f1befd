/// One service line as the edits see it: where it is, its key fields, and its table set.
struct LineEntry: Sendable {
    var claim: Int32
    var line: Int32
    var code: ProcedureCode
    var modifiers: ModifierList
    var date: ServiceDate
    /// The date used for table lookups: the date of service, or the nearest day of the
    /// table set's period when the date lies outside it.
    var lookupDate: ServiceDate
    var units: Units
    var tableSet: Int16
    var patient: Int32
    var provider: NPI
}

/// The batch laid out for the edits: every line in batch order, and the lines of each
/// (patient, provider) in date order.
struct BatchIndex {
    let claims: [Claim]
    var entries: [LineEntry] = []
    /// Index of each claim's first entry; entries of a claim are contiguous.
    var claimStart: [Int] = []
    /// Entry indices of one patient and provider, sorted by date then batch order.
    var groups: [[Int32]] = []
    /// Runs of one patient, provider and date longer than `maxLinesPerDate`, taken out of
    /// `groups`: the pairwise edits (PTP, add-on primaries, global package, pack rules across
    /// lines) would cost the square of their length, so only MUE totals check them.
    var oversized: [[Int32]] = []
    /// The most lines of one patient, provider and date the pairwise edits compare. An 837P
    /// claim holds at most 50 lines, so 1,000 is twenty full claims for one patient, provider
    /// and day, beyond real billing; it bounds the pairwise cost at 1,000 lookups per line.
    static let maxLinesPerDate = 1_000
    /// Per table set: lines outside its period, and their first and last dates.
    var outside: [Int: (count: Int, first: ServiceDate, last: ServiceDate)] = [:]

    init(claims: [Claim], reference: ReferenceData) {
        self.claims = claims
        var patients: [String: Int32] = [:]
        struct GroupKey: Hashable { var patient: Int32; var provider: NPI }
        var groupOf: [GroupKey: Int] = [:]
        entries.reserveCapacity(claims.reduce(0) { $0 + $1.lines.count })
        claimStart.reserveCapacity(claims.count)
        for (ci, claim) in claims.enumerated() {
            claimStart.append(entries.count)
            let patientKey = claim.patientID.map { claim.memberID + "\u{1F}" + $0 } ?? claim.memberID
            let patient: Int32
            if let p = patients[patientKey] {
                patient = p
            } else {
                patient = Int32(patients.count)
                patients[patientKey] = patient
            }
            // Lines of a claim mostly share a date and a provider: remember the last ones.
            var lastDate: ServiceDate?
            var lastSelection = (index: 0, outside: false)
            var lastProvider: NPI?
            var lastGroup = 0
            for (li, line) in claim.lines.enumerated() {
                if line.date != lastDate {
                    lastSelection = reference.select(line.date)
                    lastDate = line.date
                }
                let (set, isOutside) = lastSelection
                var lookup = line.date
                if isOutside, let period = reference.sets[set].period {
                    lookup = line.date < period.from ? period.from : period.through
                    let prior = outside[set]
                    outside[set] = (
                        (prior?.count ?? 0) + 1, min(prior?.first ?? line.date, line.date), max(prior?.last ?? line.date, line.date)
                    )
                }
                let provider = claim.provider(of: line)
                let e = LineEntry(
                    claim: Int32(ci), line: Int32(li), code: line.code, modifiers: line.modifiers, date: line.date,
                    lookupDate: lookup, units: line.units, tableSet: Int16(max(set, 0)), patient: patient, provider: provider)
                if provider == lastProvider {
                    groups[lastGroup].append(Int32(entries.count))
                } else if let g = groupOf[GroupKey(patient: patient, provider: provider)] {
                    groups[g].append(Int32(entries.count))
                    (lastProvider, lastGroup) = (provider, g)
                } else {
                    groupOf[GroupKey(patient: patient, provider: provider)] = groups.count
                    (lastProvider, lastGroup) = (provider, groups.count)
                    groups.append([Int32(entries.count)])
                }
                entries.append(e)
            }
        }
        for g in groups.indices where groups[g].count > 1 {
            let es = entries
            groups[g].sort { a, b in
                let x = es[Int(a)], y = es[Int(b)]
                return x.date != y.date ? x.date < y.date : a < b
            }
            if groups[g].count > BatchIndex.maxLinesPerDate { takeOversizedRuns(g) }
        }
    }

    /// Moves the date runs of group `g` longer than `maxLinesPerDate` to `oversized`.
    private mutating func takeOversizedRuns(_ g: Int) {
        let group = groups[g]
        var kept: [Int32] = []
        var start = 0
        while start < group.count {
            var end = start + 1
            let date = entries[Int(group[start])].date
            while end < group.count, entries[Int(group[end])].date == date { end += 1 }
            if end - start > BatchIndex.maxLinesPerDate {
                oversized.append(Array(group[start..<end]))
            } else {
                kept += group[start..<end]
            }
            start = end
        }
        groups[g] = kept
    }

    /// One warning per oversized run, at its first line (in batch order). Names no patient.
    func oversizedDiagnostics() -> [Diagnostic] {
        oversized.map { run in
            let first = entries[Int(run.min()!)]
            let line = self.line(of: first)
            return Diagnostic(
                id: "engine.group-limit", severity: .warning,
                message: "\(run.count) service lines for one patient, provider \(first.provider) and date \(first.date.iso) (from claim \(claims[Int(first.claim)].id) line \(line.number)) exceed the limit of \(BatchIndex.maxLinesPerDate) per patient, provider and date; the edits between lines (PTP pairs, add-on primaries, global surgical package, pack rules across lines) are skipped for them, while line edits and MUE date totals still apply. Check whether the batch repeats claims",
                location: line.location)
        }
    }

    func line(of e: LineEntry) -> ServiceLine { claims[Int(e.claim)].lines[Int(e.line)] }

    /// Calls `body` with each run of one date of a group (whose entries are sorted by date).
    func forEachDate(in group: [Int32], _ body: (ArraySlice<Int32>) -> Void) {
        var start = 0
        while start < group.count {
            var end = start + 1
            let date = entries[Int(group[start])].date
            while end < group.count, entries[Int(group[end])].date == date { end += 1 }
            body(group[start..<end])
            start = end
        }
    }

    func entries(ofClaim c: Int) -> ArraySlice<LineEntry> {
        let end = c + 1 < claimStart.count ? claimStart[c + 1] : entries.count
        return entries[claimStart[c]..<end]
    }

    func periodDiagnostics(sets: [ReferenceTables]) -> [Diagnostic] {
        outside.keys.sorted().compactMap { set in
            guard let o = outside[set], let period = sets[set].period else { return nil }
            let span = o.first == o.last ? o.first.iso : "\(o.first.iso)..\(o.last.iso)"
            return Diagnostic(
                id: "tables.outside-period", severity: .info,
                message: "\(o.count) service line\(o.count == 1 ? "" : "s") dated \(span) fall\(o.count == 1 ? "s" : "") outside the loaded tables' period \(period.description) and \(o.count == 1 ? "was" : "were") checked against that period's values; load the tables for those dates for exact results",
                location: nil)
        }
    }
}

/// Collects findings, applying the packs' rule switches (disabled rules, severity changes).
struct FindingSink {
    let settings: RuleSettings
    let claims: [Claim]
    typealias Item = (claim: Int32, line: Int32, finding: Finding)
    private(set) var items: [Item] = []

    init(settings: RuleSettings, claims: [Claim]) {
        self.settings = settings
        self.claims = claims
    }

    /// Records a finding on `e`'s line; `severity` overrides the rule's default for this one
    /// finding, and a pack's severity setting overrides both.
    mutating func emit(_ rule: RuleDescriptor, _ e: LineEntry, _ message: String, severity: Severity? = nil) {
        guard !settings.disabled.contains(rule.id) else { return }
        let line = claims[Int(e.claim)].lines[Int(e.line)]
        items.append((e.claim, e.line, Finding(
            rule: rule.id, severity: settings.severity[rule.id] ?? severity ?? rule.severity, claimID: claims[Int(e.claim)].id,
            line: line.number, code: line.code, message: message, location: line.location)))
    }

    func sorted() -> [Finding] { FindingSink.sorted(items) }

    /// Batch order (claim, line), then rule id; findings that tie keep their order.
    static func sorted(_ items: [Item]) -> [Finding] {
        // Sorts positions, not the items: moving a `Finding` costs retains and releases.
        let order = items.indices.sorted { i, j in
            if items[i].claim != items[j].claim { return items[i].claim < items[j].claim }
            if items[i].line != items[j].line { return items[i].line < items[j].line }
            if items[i].finding.rule != items[j].finding.rule { return items[i].finding.rule < items[j].finding.rule }
            return i < j
        }
        return order.map { items[$0].finding }
    }
}
