extension CMSFolder {
    /// Sorts parsed files into table sets, one per effective period:
    /// - PTP and MUE files with a period, and PPRRVU files of a release quarter, define the sets;
    ///   files of the same period build one set (the PTP parts of a quarter, one table).
    /// - A PPRRVU file of a whole year joins the sets of its year that have no quarterly
    ///   PPRRVU, or else makes its own set for the year.
    /// - Each set takes the AOC releases in force on a day of its period, each cut to the dates
    ///   it is in force (`addonReleases`); AOC rows also carry their own dates.
    /// - Files without a period join every set lacking their table (one set for any date when
    ///   there is no other).
    static func group(_ parsed: inout [Parsed]) -> (tables: [ReferenceTables], loaded: [CMSLoadedFile], notes: [Diagnostic]) {
        var notes: [Diagnostic] = []
        var members: [DateRange?: [Int]] = [:]
        func has(_ period: DateRange?, _ kind: CMSTableKind) -> Bool {
            members[period, default: []].contains { parsed[$0].kind == kind }
        }
        let usable = parsed.indices.filter { parsed[$0].content != nil && parsed[$0].rows > 0 }
        // Sets defined by quarter files.
        for i in usable where parsed[i].kind != .aoc && !parsed[i].wholeYear {
            if let period = parsed[i].period { members[period, default: []].append(i) }
        }
        // Whole-year fee schedules.
        for i in usable where parsed[i].wholeYear {
            let year = parsed[i].period!
            let targets = members.keys.compactMap { $0 }.filter { $0.overlaps(year) && !has($0, .pprrvu) }
            if targets.isEmpty {
                members[year, default: []].append(i)
            } else {
                for t in targets { members[t]!.append(i) }
            }
        }
        // Add-on code edit releases, each for the dates of service it is in force.
        let addonWindows = addonReleases(parsed, usable: usable, members: &members, notes: &notes)
        // Files without a period.
        let undated = usable.filter { parsed[$0].period == nil }
        if !undated.isEmpty {
            let periods = members.keys.compactMap { $0 }
            if periods.isEmpty {
                members[nil, default: []] += undated
            } else {
                for i in undated {
                    for p in periods where !has(p, parsed[i].kind) || parsed[i].kind == .ptp && members[p]!.contains(where: { parsed[$0].kind == .ptp && parsed[$0].period == nil }) {
                        members[p]!.append(i)
                    }
                }
            }
        }

        // Two files of one PTP part for a period (the `r0` and `r1` revisions of a quarter
        // unzipped side by side, or a copy): only the latest revision is read, as merging them
        // kept the edits a revision retracted.
        for period in members.keys {
            var kept: [Int: (file: Int, revision: Int)] = [:]
            var dropped: Set<Int> = []
            for i in members[period]!.sorted() where parsed[i].kind == .ptp {
                guard let key = CMSPeriods.ptpPart(name: parsed[i].path) else { continue }
                guard let other = kept[key.part] else {
                    kept[key.part] = (i, key.revision)
                    continue
                }
                let this = (file: i, revision: key.revision)
                let keep = key.revision >= other.revision ? this : other
                let drop = key.revision >= other.revision ? other : this
                kept[key.part] = keep
                dropped.insert(drop.file)
                notes.append(Diagnostic(
                    id: "cms.duplicate", severity: .warning,
                    message: "not used for \(period?.description ?? "any date"): \(CMSPeriods.baseName(parsed[keep.file].path)) is \(keep.revision > drop.revision ? "a later revision of" : "another copy of") the same PTP part (f\(key.part)), and is read instead; keep one revision of a quarter's parts in the folder",
                    location: SourceLocation(file: parsed[drop.file].path, line: 1, column: 1)))
            }
            if !dropped.isEmpty { members[period]!.removeAll { dropped.contains($0) } }
        }

        // A period without a table of a kind another period has (a quarter's PTP files but no
        // PPRRVU of its own, or a mid-quarter MUE release's few weeks) takes that of the latest
        // period starting on or before it: a fee schedule or an edit table stays in force until
        // the next release. Else, with a warning, the earliest later one's.
        let snapshot = members
        let dated = snapshot.keys.compactMap { $0 }.sorted { $0.from < $1.from }
        for period in dated {
            for kind in [CMSTableKind.pprrvu, .mue, .ptp] where !snapshot[period]!.contains(where: { parsed[$0].kind == kind }) {
                let donors = dated.filter { d in d != period && snapshot[d]!.contains { parsed[$0].kind == kind } }
                guard let donor = donors.last(where: { $0.from <= period.from }) ?? donors.first else { continue }
                let files = snapshot[donor]!.filter { parsed[$0].kind == kind }
                members[period]! += files
                let names = files.map { CMSPeriods.baseName(parsed[$0].path) }.sorted()
                let earlier = donor.from <= period.from
                notes.append(Diagnostic(
                    id: "cms.missing-table", severity: earlier ? .info : .warning,
                    message: "the tables for \(period.description) have no \(kind.rawValue) file of their own: they use \(donor.description)'s (\(names.joined(separator: ", ")))"
                        + (earlier ? ", the latest release before them" : ", released after them: load the release in force then"),
                    location: SourceLocation(file: parsed[files[0]].path, line: 1, column: 1)))
            }
        }

        // Build the sets.
        var appliesTo: [Int: [DateRange?]] = [:]
        let periods = members.keys.sorted { ($0?.from ?? ServiceDate(daysSinceEpoch: .min)) < ($1?.from ?? ServiceDate(daysSinceEpoch: .min)) }
        var uses: [Int: Int] = [:]
        for p in periods { for i in members[p]! { uses[i, default: 0] += 1 } }
        var tables: [ReferenceTables] = []
        var builtPTP: [[Int]: PTPTable] = [:]
        // The periods whose PPRRVU is their own release, by its files.
        var schedules: [[Int]: FeeSchedule] = [:]
        for period in periods {
            let feeFiles = members[period]!.filter { parsed[$0].kind == .pprrvu }.sorted()
            if let period, let first = feeFiles.first, let released = parsed[first].period,
               feeFiles.allSatisfy({ parsed[$0].period.map { $0.from <= period.from && period.through <= $0.through } ?? false }) {
                let names = feeFiles.map { parsed[$0].path.split(separator: "/").last.map(String.init) ?? parsed[$0].path }.joined(separator: ", ")
                schedules[feeFiles, default: FeeSchedule(sets: [], files: feeFiles, period: released, names: names)].sets.append(tables.count)
            }
            var set = ReferenceTables(period: period)
            var parts: [PTPPart] = []
            var seen: [CMSTableKind: Int] = [:]
            for i in members[period]!.sorted() {
                appliesTo[i, default: []].append(period)
                let p = parsed[i]
                // (Add-on releases of one set replace each other by date: `addonReleases` says so.)
                if p.kind != .ptp, p.kind != .aoc, let earlier = seen[p.kind] {
                    notes.append(Diagnostic(
                        id: "cms.duplicate", severity: .info,
                        message: "also gives the \(p.kind.rawValue) table for \(period?.description ?? "any date") (as does \(CMSPeriods.baseName(parsed[earlier].path))); its rows replace the earlier file's where they meet",
                        location: SourceLocation(file: p.path, line: 1, column: 1)))
                }
                seen[p.kind] = i
                let name = CMSPeriods.baseName(p.path)
                switch p.content {
                case .codes(let rows):
                    for r in rows { set.codes.insert(r) }
                case .mue(let rows):
                    for r in rows { set.mue.insert(r) }
                case .addons(let rows):
                    if let window = addonWindows[period]?[i] {
                        for r in rows { if let r = window.clip(r) { set.addons.append(r) } }
                    } else {
                        for r in rows { set.addons.append(r) }
                    }
                case .ptp(let part):
                    parts.append(part)
                    // The last set to use a part takes it, so its rows are not kept twice.
                    uses[i]! -= 1
                    if uses[i]! == 0 { parsed[i].content = nil }
                case nil:
                    break
                }
                let source = "CMS \(p.kind.rawValue) \(name)"
                set.sources[p.kind.table] = set.sources[p.kind.table].map { $0 + "; " + source } ?? source
            }
            if !parts.isEmpty {
                // A period that took another's PTP files shares its table.
                let files = members[period]!.filter { parsed[$0].kind == .ptp }.sorted()
                if let built = builtPTP[files] {
                    set.ptp = built
                } else {
                    let builder = PTPTable.Builder(merging: parts)
                    set.ptp = builder.build()
                    builtPTP[files] = set.ptp
                }
                parts = []
            }
            let missing = CMSTableKind.allCases.filter { seen[$0] == nil }
            if !missing.isEmpty {
                notes.append(Diagnostic(
                    id: "cms.missing-table", severity: .info,
                    message: "the tables for \(period?.description ?? "any date") have no \(missing.map(\.rawValue).joined(separator: ", ")) file: lines of that period are not checked against \(missing.count == 1 ? "it" : "them")",
                    location: nil))
            }
            tables.append(set)
        }
        dateCodes(&tables, Array(schedules.values))
        let loaded = usable.map { i in
            CMSLoadedFile(
                path: parsed[i].path, kind: parsed[i].kind, rows: parsed[i].rows, period: parsed[i].period,
                appliesTo: appliesTo[i] ?? [], seconds: parsed[i].seconds)
        }
        return (tables, loaded, notes)
    }
}
