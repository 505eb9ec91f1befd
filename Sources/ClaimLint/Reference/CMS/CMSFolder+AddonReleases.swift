extension CMSFolder {
    /// The dates of service an add-on release's rows are kept for in one table set: a row in
    /// force from `from` through `through` (nil: unbounded) at most.
    struct AddonWindow: Hashable {
        var from: ServiceDate?
        var through: ServiceDate?

        /// The row with its dates narrowed to the window; nil when none of its dates is left.
        func clip(_ row: AddonRow) -> AddonRow? {
            var r = row
            if let from, r.effective.map({ $0 < from }) ?? true { r.effective = from }
            if let through, r.deletion.map({ $0 > through }) ?? true { r.deletion = through }
            if let e = r.effective, let d = r.deletion, d < e { return nil }
            return r
        }
    }

    /// Places the add-on code edit releases in the table sets, by date of service.
    ///
    /// A release applies from its date (`CMSPeriods.aoc`) to the day before the next release's:
    /// CMS publishes a quarter's release and, when needed, updates within the quarter
    /// (2024-04-01, then 2024-06-03), and each replaces the one before from its date. The
    /// earliest release loaded also applies to dates before it (with a warning,
    /// `cms.release-after-period`), the latest to dates after it. A set takes every release in
    /// force on some day of its period, each release's rows cut to its dates (returned by set and
    /// file), so a line dated 2024-05-10 is checked against the 2024-04-01 release's rows and one
    /// dated 2024-06-10 against the 2024-06-03 release's, and a pair the later release dropped
    /// is not in force from its date.
    ///
    /// Files of one date: the latest revision (`AOC_V2025Q4_01-MCR` after `AOC_V2025Q4-MCR`)
    /// is read alone; files of the same revision are read together. A file without a date in
    /// its name is an error when others have one (when its rows apply cannot be told, and it is
    /// not used), and a warning when it is the only add-on file (it applies to every date).
    ///
    /// With no period from another file, each release makes a set from its date to the end of
    /// its quarter (or to the day before a later release of the quarter).
    static func addonReleases(
        _ parsed: [Parsed], usable: [Int], members: inout [DateRange?: [Int]], notes: inout [Diagnostic]
    ) -> [DateRange?: [Int: AddonWindow]] {
        // As the file is named (`baseName` is lower-cased, for matching).
        func name(_ i: Int) -> String { parsed[i].path.split(separator: "/").last.map(String.init) ?? parsed[i].path }
        func note(_ id: String, _ severity: Severity, _ i: Int, _ message: String) {
            notes.append(Diagnostic(id: id, severity: severity, message: message, location: SourceLocation(file: parsed[i].path, line: 1, column: 1)))
        }
        let files = usable.filter { parsed[$0].kind == .aoc }
        let dated = files.filter { parsed[$0].release != nil }
        let undated = files.filter { parsed[$0].release == nil }
        if !dated.isEmpty {
            let others = dated.map(name).sorted()
            for i in undated {
                note("cms.no-release-date", .error, i,
                     "not used: no release date in the name, so when these add-on code edits apply cannot be told beside the dated release\(others.count == 1 ? "" : "s") (\(others.joined(separator: ", "))). Names understood: \(CMSPeriods.aocNames). Rename it with its release date, or move it out of the folder")
            }
        } else if undated.count == 1 {
            note("cms.no-period", .warning, undated[0],
                 "no release date in the name (names understood: \(CMSPeriods.aocNames)); its rows apply to every period loaded")
        } else {
            for i in undated {
                note("cms.no-release-date", .error, i,
                     "no release date in the name, nor in those of the other add-on code edit files (\(undated.filter { $0 != i }.map(name).sorted().joined(separator: ", "))): which release is later cannot be told, and their rows would be merged, keeping pairs a later release dropped. Names understood: \(CMSPeriods.aocNames). Rename each with its release date, or keep one")
            }
        }
        guard !dated.isEmpty else { return [:] }

        // Releases by date; of several files of one date, the latest revision.
        var releases: [(date: ServiceDate, files: [Int])] = []
        for (date, group) in Dictionary(grouping: dated, by: { parsed[$0].release! }).sorted(by: { $0.key < $1.key }) {
            let revision = group.map { CMSPeriods.aocRevision(name: parsed[$0].path) }.max()!
            let kept = group.filter { CMSPeriods.aocRevision(name: parsed[$0].path) == revision }.sorted()
            for i in group where !kept.contains(i) {
                note("cms.duplicate", .warning, i,
                     "not used: \(name(kept[0])) is a later revision of the add-on code edits released \(date.iso), and is read instead; keep one revision of a release in the folder")
            }
            for i in kept.dropFirst() {
                note("cms.duplicate", .info, i,
                     "also gives the add-on code edits released \(date.iso) (as does \(name(kept[0]))): their rows are read together, as one release")
            }
            releases.append((date, kept))
        }
        // Release k applies from its date (the first: from any date) to the day before release k+1's.
        func window(_ k: Int) -> AddonWindow {
            AddonWindow(from: k == 0 ? nil : releases[k].date, through: k == releases.count - 1 ? nil : releases[k + 1].date.adding(days: -1))
        }
        func overlaps(_ w: AddonWindow, _ p: DateRange) -> Bool {
            (w.from.map { $0 <= p.through } ?? true) && (w.through.map { $0 >= p.from } ?? true)
        }

        if members.keys.allSatisfy({ $0 == nil }) {
            // From its date to the end of its quarter, or to the day before the next release's
            // (as a mid-quarter MUE release's period): each set has one release.
            for (k, r) in releases.enumerated() {
                let end = DateRange.quarter(containing: r.date).through
                let through = k + 1 < releases.count ? min(end, releases[k + 1].date.adding(days: -1)) : end
                members[DateRange(from: r.date, through: through)!] = []
            }
        }
        var windows: [DateRange?: [Int: AddonWindow]] = [:]
        var used = Set<Int>()
        for period in members.keys.compactMap({ $0 }).sorted(by: { $0.from < $1.from }) {
            let included = releases.indices.filter { overlaps(window($0), period) }
            for (j, k) in included.enumerated() {
                // Cut to the release's dates within the set; the set's first release also holds
                // before, and its last after (a line outside every period is checked against the
                // nearest one).
                var w = window(k)
                if j == 0 { w.from = nil }
                if j == included.count - 1 { w.through = nil }
                for i in releases[k].files {
                    members[period]!.append(i)
                    used.insert(i)
                    if w != AddonWindow() { windows[period, default: [:]][i] = w }
                }
                if j > 0 {
                    let earlier = releases[included[j - 1]]
                    note("cms.release-replaces", .info, releases[k].files[0],
                         "replaces the add-on code edits of \(earlier.files.map(name).joined(separator: ", ")) from its release date, \(releases[k].date.iso), in \(period.description): lines dated before it are checked against the earlier release, lines from it on against this one")
                }
            }
            let first = releases[included[0]]
            if included[0] == 0, first.date > period.from {
                // Its rows may hold pairs that did not exist yet (0856T in 2023).
                let before = first.date > period.through ? "\(period.description), which ends before that release" : "\(period.from.iso)..\(first.date.adding(days: -1).iso) of \(period.description), before that release"
                note("cms.release-after-period", .warning, first.files[0],
                     "the add-on code edits released \(first.date.iso), the earliest loaded, are used for \(before): codes and pairs added since may give findings that period did not have. Load the release in force then")
            }
        }
        let periods = members.keys.compactMap { $0 }
        for (k, r) in releases.enumerated() {
            let w = window(k)
            let why = if let through = w.through, periods.allSatisfy({ $0.from > through }) {
                "a later add-on code edit release applies to every period loaded"
            } else if periods.allSatisfy({ $0.through < r.date }) {
                "released \(r.date.iso), after every period loaded ends"
            } else {
                "it applies from \(r.date.iso) through \(w.through?.iso ?? "")" + ", the day before the next release, and no period loaded falls on those dates"
            }
            for i in r.files where !used.contains(i) { note("cms.superseded", .info, i, "not used: " + why) }
        }
        return windows
    }
}
