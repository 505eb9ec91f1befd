/// The tables the engine reads for one effective period: codes, MUEs, add-on edits, PTP pairs
/// and the codes counted per item.
public struct ReferenceTables: Sendable {
    /// The dates of service these tables are for; nil for tables that hold for any date.
    public var period: DateRange?
    public var codes = CodeTable()
    public var mue = MUETable()
    public var addons = AddonTable()
    public var ptp = PTPTable()
    /// Codes whose units count items ("each isolate", "each aliquot"), with the item's name.
    public var counted: [ProcedureCode: String] = [:]
    /// Where each table's values come from, by table name (`codes`, `mue`, `addons`, `ptp`).
    public var sources: [String: String] = [:]
    /// The dates of codes that `codes` has no row in force for, by `CodeTable.key(code, nil)`:
    /// a pack's dates for a code the CMS fee schedule of the period lacks, and what the fee
    /// schedules of the loaded CMS periods show (`CodeAbsence`). The `code` edits read it for a
    /// line whose code has no row, or a dated one (a code whose row has status D or F).
    var codeDating = CodeKeyedMap<CodeDating>()

    public init(period: DateRange? = nil) { self.period = period }

    var isEmpty: Bool {
        codes.count == 0 && mue.count == 0 && addons.addonCount == 0 && ptp.count == 0 && counted.isEmpty && codeDating.count == 0
    }

    /// Rows of `other` add to or replace this set's rows. A code row laid over replaces the
    /// code's dating too, as it replaces a dated row; a pack's dates (`CodeDating.effective`,
    /// `deletion`) go on the code's row when it has one without dates of its own (the CMS
    /// fee schedule gives none), and are kept beside the rows when it has none.
    mutating func overlay(_ other: ReferenceTables) {
        if codeDating.count > 0 {
            for row in other.codes.allRows where row.modifier == nil {
                let key = CodeTable.key(row.code, nil)
                if codeDating[key] != nil { codeDating.set(key, CodeDating(code: row.code)) }
            }
        }
        codes.overlay(other.codes)
        for d in other.codeDating.values {
            let key = CodeTable.key(d.code, nil)
            let had = codeDating[key]
            var mine = had ?? CodeDating(code: d.code)
            if d.effective != nil || d.deletion != nil {
                if var row = codes.row(d.code) {
                    if row.effective == nil && row.deletion == nil {
                        row.effective = d.effective
                        row.deletion = d.deletion
                        codes.insert(row)
                    }
                } else {
                    mine.effective = d.effective
                    mine.deletion = d.deletion
                }
            }
            if let a = d.absence { mine.absence = a }
            if had != nil || !mine.isEmpty { codeDating.set(key, mine) }
        }
        mue.overlay(other.mue)
        addons.overlay(other.addons)
        ptp.overlay(other.ptp)
        for (k, v) in other.counted { counted[k] = v }
        for (k, v) in other.sources { sources[k] = sources[k].map { $0 + "; " + v } ?? v }
    }
}

/// Rule switches a pack can set: rules turned off and severities changed.
public struct RuleSettings: Sendable, Hashable {
    public var disabled: Set<String> = []
    public var severity: [String: Severity] = [:]

    public init(disabled: Set<String> = [], severity: [String: Severity] = [:]) {
        self.disabled = disabled
        self.severity = severity
    }

    /// Whether the packs turned rule `id` off.
    public func isDisabled(_ id: String) -> Bool { disabled.contains(id) }

    /// The severity of `rule`'s findings with these switches (when it is on).
    public func severity(of rule: RuleDescriptor) -> Severity { severity[rule.id] ?? rule.severity }

    /// How `rules list` and `rules explain` show a rule's state: `off`, or its severity.
    public func state(of rule: RuleDescriptor) -> String { isDisabled(rule.id) ? "off" : severity(of: rule).rawValue }

    /// Whether findings of `rule` are made: no pack disables it.
    func makes(_ rule: borrowing RuleDescriptor) -> Bool {
        disabled.isEmpty || !disabled.contains(rule.id)
    }

    /// Whether findings of `rule` are errors under the packs' switches: what a payer denies.
    func denies(_ rule: borrowing RuleDescriptor) -> Bool {
        makes(rule) && ((severity.isEmpty ? nil : severity[rule.id]) ?? rule.severity) == .error
    }

    mutating func overlay(_ other: RuleSettings) {
        disabled.formUnion(other.disabled)
        for (k, v) in other.severity {
            severity[k] = v
            disabled.remove(k)
        }
    }
}

/// Every table set a run uses, one per effective period, built from rule packs in order.
public struct ReferenceData: Sendable {
    /// Sorted by period start; a set without a period holds for any date.
    public private(set) var sets: [ReferenceTables] = []
    public private(set) var settings = RuleSettings()
    /// The packs' own rules; a later pack's rule replaces an earlier one with the same id.
    public private(set) var rules: [UserRule] = []

    public init() {}

    /// What was added, in order (a pack's tables with its rules, or tables alone; `complete`
    /// for `addComplete`): the sets are built again from it when a later pack replaces a
    /// table rule, whose rows must then leave the tables they were laid over. The tables are
    /// shared with what was added, not copied.
    private var added: [(tables: ReferenceTables, complete: Bool, rules: [UserRule])] = []
    /// The sets `added` is laid over when the sets are built again (`compacted()`).
    private var base: [ReferenceTables] = []

    /// How many additions are kept for building the sets again.
    var keptAdditions: Int { added.count }

    /// The same data without the additions kept for building the sets again, which hold the
    /// tables as they were added (a CMS quarter's tables beside the sets made from them, 16 MB
    /// more at the peak of a check whose pack has PTP rows): what a checker keeps. Its sets are
    /// the base that packs added later are laid over; a later pack's rule that replaces a table
    /// rule added before then leaves that rule's rows in place.
    func compacted() -> ReferenceData {
        var d = self
        d.base = sets
        d.added = []
        return d
    }

    /// Packs later in the list add to or override earlier ones. A pack without a period
    /// overlays every period; a pack with a period overlays the set of that exact period, or
    /// starts a new one, and the sets of the dates it shares with other periods. The table
    /// statements of a pack's rules (addon, counted, limit, pair) are rows of its tables:
    /// dated by its period, overridden by later packs.
    public init(packs: [RulePack]) {
        for p in packs { add(p) }
    }

    /// Adds a pack over those before it. A rule of the same id as an earlier pack's replaces it;
    /// a replaced table rule's rows leave the sets (except those of a `Checker`'s `reference`,
    /// which keeps its sets as they are: see `compacted()`).
    public mutating func add(_ pack: RulePack) {
        settings.overlay(pack.settings)
        // A table rule replaced by this pack's rule of the same id takes its rows with it.
        let replacesTableRows = pack.rules.contains { r in rules.contains { $0.id == r.id && $0.statement.tableFamily != nil } }
        for r in pack.rules {
            rules.removeAll { $0.id == r.id }
            rules.append(r)
        }
        added.append((pack.tables, false, pack.rules))
        if replacesTableRows {
            rebuild()
        } else {
            add(Self.withTableRules(pack.tables, pack.rules), startingFromNearest: true)
        }
    }

    /// Adds tables: a set without a period overlays every set; one with a period overlays the
    /// set of that exact period, or starts a new set from the tables in force for that period
    /// (the set holding its first day, or the nearest), so that a pack for a quarter adds to the
    /// packs before it rather than hiding them.
    public mutating func add(_ tables: ReferenceTables) {
        added.append((tables, false, []))
        add(tables, startingFromNearest: true)
    }

    /// Adds a complete table set for its period (a quarter of the CMS files), which starts from
    /// nothing but the period-less rows.
    public mutating func addComplete(_ tables: ReferenceTables) {
        added.append((tables, true, []))
        add(tables, startingFromNearest: false)
    }

    /// `tables` with the rows of `rules`' table statements laid over them (their period kept).
    private static func withTableRules(_ tables: ReferenceTables, _ rules: [UserRule]) -> ReferenceTables {
        let compiled = RulePack.compileTables(rules)
        guard !compiled.isEmpty else { return tables }
        var t = tables
        t.overlay(compiled)
        return t
    }

    /// Builds the sets again from what was added, each pack with those of its rules no later
    /// pack replaced.
    private mutating func rebuild() {
        var later: Set<String> = []
        var kept: [[UserRule]] = Array(repeating: [], count: added.count)
        for k in added.indices.reversed() {
            kept[k] = added[k].rules.filter { !later.contains($0.id) }
            for r in added[k].rules { later.insert(r.id) }
        }
        sets = base
        for (k, a) in added.enumerated() { add(Self.withTableRules(a.tables, kept[k]), startingFromNearest: !a.complete) }
    }

    private mutating func add(_ tables: ReferenceTables, startingFromNearest: Bool) {
        if let period = tables.period {
            if let i = sets.firstIndex(where: { $0.period == period }) {
                sets[i].overlay(tables)
            } else {
                var fresh = ReferenceTables(period: period)
                let (nearest, _) = select(period.from)
                if startingFromNearest, nearest >= 0 {
                    fresh.overlay(sets[nearest])
                } else {
                    for s in sets where s.period == nil { fresh.overlay(s) }
                }
                fresh.period = period
                fresh.overlay(tables)
                sets.append(fresh)
            }
            if startingFromNearest { overlayInside(period, tables) }
            sets.sort { ($0.period?.from ?? ServiceDate(daysSinceEpoch: .min)) < ($1.period?.from ?? ServiceDate(daysSinceEpoch: .min)) }
        } else if sets.isEmpty {
            sets.append(tables)
        } else {
            overlay(tables, onto: Array(sets.indices))
        }
    }

    /// Lays `tables`, of `period`, over the sets of other periods that share dates with it.
    /// For a date two sets hold, the shorter period's is read (`select`): a quarter's set
    /// inside a year pack's period would hide the pack's rows on the quarter's dates. A set
    /// whose period lies inside `period` gets the rows; one that shares only part of it gives
    /// a set of its own for the dates they share, the rows laid over a copy of it.
    private mutating func overlayInside(_ period: DateRange, _ tables: ReferenceTables) {
        var inside: [Int] = []
        var parts: [DateRange: Int] = [:]
        // Shortest period first: of two sets that share the same dates with `period`, the
        // part is made from the one `select` reads on those dates (a mid-quarter MUE
        // release's set over its quarter's).
        for i in sets.indices.sorted(by: { Self.length(sets[$0].period) < Self.length(sets[$1].period) }) {
            guard let q = sets[i].period, q != period,
                  let common = DateRange(from: max(q.from, period.from), through: min(q.through, period.through))
            else { continue }
            if common == q {
                inside.append(i)
            } else if common != period, parts[common] == nil, !sets.contains(where: { $0.period == common }) {
                parts[common] = i
            }
        }
        let first = sets.count
        for (common, i) in parts.sorted(by: { $0.key.from < $1.key.from }) {
            var part = sets[i]
            part.period = common
            sets.append(part)
        }
        overlay(tables, onto: inside + Array(first..<sets.count))
    }

    private static func length(_ p: DateRange?) -> Int { p.map { $0.from.distance(to: $0.through) } ?? Int.max }

    /// Lays `tables` over the sets at `indices`. Sets that share one PTP table (the periods a
    /// CMS folder gave one quarter's PTP files) share the table laid over too: each rebuilt
    /// its own copy of a quarter's 2.5 million rows.
    private mutating func overlay(_ tables: ReferenceTables, onto indices: [Int]) {
        var rebuilt: [(source: PTPTable.Identity, table: PTPTable)] = []
        for i in indices {
            let source = sets[i].ptp.identity
            if tables.ptp.count > 0, sets[i].ptp.count > 0, let done = rebuilt.first(where: { $0.source == source }) {
                var rest = tables
                rest.ptp = PTPTable()
                sets[i].overlay(rest)
                sets[i].ptp = done.table
            } else {
                sets[i].overlay(tables)
                if tables.ptp.count > 0 { rebuilt.append((source, sets[i].ptp)) }
            }
        }
    }

    /// The table set for a date of service: the set whose period holds it (the shortest, when
    /// periods overlap: a quarter's set over a year's), else the nearest period's (`outside` is
    /// then true), else a period-less set.
    public func select(_ date: ServiceDate) -> (index: Int, outside: Bool) {
        guard !sets.isEmpty else { return (-1, false) }
        var best = -1
        var bestDistance = Int.max
        var holding = -1
        var holdingLength = Int.max
        // Through a buffer: `sets[i].period` read through the array's subscript copies (and
        // retains each table of) the whole set.
        sets.withUnsafeBufferPointer { sets in
            for i in sets.indices {
                guard let p = sets[i].period else {
                    if best < 0 { best = i; bestDistance = Int.max - 1 }
                    continue
                }
                if p.contains(date) {
                    let length = Self.length(p)
                    if length <= holdingLength { holding = i; holdingLength = length }
                    continue
                }
                let d = date < p.from ? date.distance(to: p.from) : p.through.distance(to: date)
                if d < bestDistance { best = i; bestDistance = d }
            }
        }
        if holding >= 0 { return (holding, false) }
        let outside = best >= 0 && sets.withUnsafeBufferPointer { $0[best].period != nil }
        return (best, outside)
    }

    /// The sets the engine reads: `sets`, in which the packs' table rules (addon, counted,
    /// limit, pair) are rows of their packs' tables.
    public var effectiveSets: [ReferenceTables] { sets }
}
