/// `global`: the global surgical package. A procedure with global days 090, 010 or 000 opens a
/// window (D-1..D+90, D..D+10, D); an E/M or a later procedure by the same provider for the same
/// patient inside it is part of the package unless a modifier takes it out.
enum GlobalRules {
    static let evaluationInPackage = RuleDescriptor(
        id: "global.em-in-package", name: "E/M inside a global surgical package", severity: .error,
        summary: "An E/M (99202-99499) inside a procedure's global window, same patient and provider, needs 57 (decision for surgery, D-1 or D of a 090 procedure), 25 (significant, separate E/M on D of a 000 or 010 procedure), 24 (unrelated, after D) or FT; otherwise it is part of the package.",
        rationale: "The global surgical package pays for the visits of the pre-operative day (090), the day of the procedure and the post-operative period; only the modifiers named take a visit out of it. 57 is not valid with 000 or 010 procedures (use 25). A procedure that another edit denies (a PTP edit, its MUE, its status, its modifiers, its code's dates or units, a duplicate, an add-on without its primary) is not paid, so it has no package.",
        source: "CMS Medicare Claims Processing Manual, Pub. 100-04, ch. 12, section 40; MLN Global Surgery booklet",
        examples: [
            RuleExample("2024-03-11 | 99204-57 x1; 2024-03-12 | 27447-RT x1", note: "decision visit the day before a 090 procedure"),
            RuleExample("2024-03-11 | 99204 x1; 2024-03-12 | 27447-RT x1", fires: ["1"], note: "first day of the window (D-1)"),
            RuleExample("2024-03-10 | 99204 x1; 2024-03-12 | 27447-RT x1", note: "the day before the window"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-02 | 99213 x1", fires: ["2/1"], note: "post-op visit with no modifier"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-02 | 99213-24 x1", note: "24: unrelated post-op visit"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-06-10 | 99213 x1", fires: ["2/1"], note: "last day of the window (D+90)"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-06-11 | 99213 x1", note: "the day after the window"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-02 | 99213-FT x1", note: "FT: unrelated visit in the post-op period"),
            RuleExample("11042 x1; 99214-57 x1", fires: ["2"], note: "57 is not valid with a 000 procedure; 25 is required"),
            RuleExample("11042 x1; 99214-25 x1"),
            RuleExample("11042 x1 || 2024-08-15 | 99214 x1", note: "a 000 window is the day of the procedure only"),
            RuleExample("17000 x1; 99213 x1", fires: ["2"], note: "the day of a 010 procedure without 25"),
            RuleExample("17000 x1; 99213-25 x1", note: "25 on the day of a 010 procedure"),
            RuleExample("2024-08-14 | 17000 x1 || 2024-08-15 | 99213-25 x1", fires: ["2/1"], note: "after D, 25 does not help: 24 is needed"),
            RuleExample("2024-08-14 | 17000 x1 || 2024-08-24 | 99213 x1", fires: ["2/1"], note: "last day of a 010 window (D+10)"),
            RuleExample("2024-08-14 | 17000 x1 || 2024-08-25 | 99213 x1", note: "the day after a 010 window"),
            RuleExample("2024-03-12 | 27447-RT x1 @1811111115 || 2024-04-02 | 99213 x1", note: "another provider"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-01 | 27310-78-RT x1 || 2024-06-05 | 99213 x1", fires: ["3/1"], note: "78 opens no new window; the visit is in 27447's"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-01 | 29881-79-LT x1 || 2024-06-20 | 99213 x1", fires: ["3/1"], note: "inside the window 79 opened"),
            RuleExample(
                "17000 x1; 99213 x1", note: "17000 as an add-on of 99213 (a hypothetical pack row): reported with its primary as one service, not a package around it",
                tables: addonOfVisit),
            RuleExample("17000 x1; 99214 x1", note: "99214 is not its primary: 17000, an add-on without its primary, is not paid and has no package", tables: addonOfVisit),
            RuleExample(
                "2024-08-14 | 17000 x1; 2024-08-14 | 99213 x1 || 2024-08-20 | 99213 x1", fires: ["2/1"], note: "with its primary it is paid: a later visit is in its 010 window",
                tables: addonOfVisit),
            RuleExample("11042 x1; 17000 x1 || 2024-08-20 | 99213 x1", note: "PTP 11042/17000 denies 17000: not paid, it has no package to take the visit in"),
            RuleExample("11042 x1; 17000-59 x1 || 2024-08-20 | 99213 x1", fires: ["2/1"], note: "59 bypasses that edit: 17000 is paid, and the visit is in its 010 window"),
            RuleExample(
                "11042 x1; 17000 x1 || 2024-08-20 | 99213 x1", fires: ["2/1"], note: "a pack makes that PTP edit a warning: 17000 is paid again",
                tables: ["pack.txt": "severity: ptp.pair warning\n"]),
            RuleExample("2024-03-12 | 27447-RT x2 || 2024-04-02 | 99213 x1", note: "2 units of 27447 are over its MUE of 1 a date (MAI 2): denied, no package"),
            RuleExample(
                "2024-08-14 | 17000 x1 || 2024-08-20 | 99213 x1", note: "17000 deleted before the date (a payer's row): not a valid code, not paid, no package",
                tables: ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\tdeletion\n17000\t\tA\t0\t010\t2024-06-30\n"]),
            RuleExample("36598 x1; 99213 x1", fires: ["2"], note: "36598 (status T, global 000): the visit lacks 25, so it is in the package and 36598 is paid (as CMS PTP 36598/99213 has it)"),
            RuleExample("36598 x1; 99213-25 x1", note: "25: the visit is paid, and 36598 is bundled into it"),
        ], denialCodes: ["CO-97", "M144"])

    static let procedureInPackage = RuleDescriptor(
        id: "global.procedure-in-package", name: "Procedure inside another procedure's global period", severity: .error,
        summary: "A procedure on a later date inside another 010 or 090 procedure's window, same patient and provider, needs 58 (staged or related, new window), 78 (unplanned return to the OR, no new window) or 79 (unrelated, new window).",
        rationale: "Complications and follow-up care within the global period are part of the package unless the procedure is staged (58), an unplanned return to the operating room (78) or unrelated (79). A procedure that another edit denies is not paid, so it opens no global period.",
        source: "CMS Medicare Claims Processing Manual, Pub. 100-04, ch. 12, section 40.2",
        examples: [
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-01 | 27310-78-RT x1", note: "78: return to the OR"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-01 | 27310-RT x1", fires: ["2/1"]),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-01 | 27310-78-RT x1 || 2024-06-20 | 29881-RT x1", note: "78 opens no new window: 2024-06-20 is after 27447's window"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-01 | 29881-79-LT x1 || 2024-06-20 | 27310-LT x1", fires: ["3/1"], note: "79 opens a new window (to 2024-06-30)"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-01 | 29881-58-RT x1 || 2024-04-02 | 27310-RT x1", fires: ["3/1"], note: "58 opens a new window"),
            RuleExample("2024-08-14 | 27447 x1; 2024-08-14 | 20610 x1", note: "same-day procedures are a matter for PTP"),
            RuleExample("2024-03-12 | 27447-RT x1 || 2024-04-01 | 71046 x1", note: "a diagnostic test (XXX) is not in the package"),
            RuleExample("11042 x1; 17000 x1 || 2024-08-20 | 17000 x1", note: "PTP 11042/17000 denies the first 17000: not paid, it opens no window"),
            RuleExample("11042 x1; 17000-59 x1 || 2024-08-20 | 17000 x1", fires: ["2/1"], note: "59 bypasses that edit"),
            RuleExample(
                "11042 x1; 17000 x1 || 2024-08-20 | 17000 x1", fires: ["2/1"], note: "a pack makes that PTP edit a warning: the first 17000 is paid again",
                tables: ["pack.txt": "severity: ptp.pair warning\n"]),
            RuleExample("2024-03-12 | 27447-RT x2 || 2024-04-01 | 27310-RT x1", note: "2 units of 27447 are over its MUE of 1 a date: denied, no window"),
            RuleExample(
                "2024-03-12 | 27447-RT x2 || 2024-04-01 | 27310-RT x1", fires: ["2/1"], note: "a pack makes that MUE edit a warning",
                tables: ["pack.txt": "severity: mue.date-limit warning\n"]),
            RuleExample("2024-03-12 | 27447-66 x1 || 2024-04-01 | 27310 x1", note: "team surgery is not permitted for 27447 (TEAM 0): the line is denied as billed"),
            RuleExample("2024-03-12 | 27447-62 x1 || 2024-04-01 | 27310 x1", fires: ["2/1"], note: "co-surgery with documentation (CO-SURG 1) is a warning: it does not deny"),
        ], denialCodes: ["CO-97", "M144"])

    /// A hypothetical pack row: 17000 (global 010) an add-on of the visit 99213.
    static let addonOfVisit = ["addons.tsv": "addon\tprimary\ttype\n17000\t99213\t1\n"]

    static let all = [evaluationInPackage, procedureInPackage]

    /// A procedure's global window: the days its package takes in.
    struct Window: Sendable {
        var procedure: LineEntry
        var global: GlobalDays
        var first: ServiceDate
        var last: ServiceDate
        var date: ServiceDate { procedure.date }
    }

    private static let procedureExits: ModifierBits = ["58", "78", "79"]

    /// Returns the group's windows, which the add-on and status T edits then ask of a primary
    /// or of the other service (`package(of:)`), so that they are laid out once.
    @discardableResult
    static func check(group: EntryRun, index: BatchIndex, sets: TableSets, sink: inout FindingSink) -> [Window] {
        // Procedures in date order open windows; one on a later date inside a window is in the
        // package unless 58, 78 or 79 takes it out, and opens its own window only with 58 or 79.
        var windows: [Window] = []
        // The run of the date whose answers `sink.payments` keeps.
        var asked: Range<Int>?
        for k in group.startIndex..<group.endIndex {
            let i = group[k], e = index.entries[Int(i)]
            guard let global = packageGlobal(e, sets: sets) else { continue }
            if let (w, exit) = placement(of: e, in: windows) {
                guard let exit else {
                    reportProcedure(e, in: w, index: index, sink: &sink)
                    continue
                }
                if exit == "78" { continue }
            }
            let first = global == .ninety ? e.date.adding(days: -1) : e.date
            let last = e.date.adding(days: global == .ninety ? 90 : global == .ten ? 10 : 0)
            let window = Window(procedure: e, global: global, first: first, last: last)
            windows.append(window)
            // A procedure that another edit denies (a PTP edit, its MUE, its status, its
            // modifiers, its code's dates or units, a duplicate, an add-on without a paid
            // primary: `AddonRules.denial`, the test the
            // add-on and status T edits ask) is not paid, so no package takes anything in: its
            // window is taken back. Asked with the window open, the windows before it laid out:
            // a status T procedure (36598, global 000) whose only other service is a visit that
            // lacks 25 takes the visit into its package and is paid (as the CMS PTP edit
            // 36598/99213 has it), while with 25 the visit is paid, 36598 is bundled into it
            // and opens no window. Asked only of a window that could take a line in.
            guard mayTakeIn(window, at: k, of: group, index: index) else { continue }
            // The answers kept for the procedures of one date: the windows of earlier dates are
            // laid out, those of the date grow (`PaymentMemo`).
            let dates = sameDate(as: k, in: group, index: index), run = group[dates]
            if asked != dates {
                sink.payments.start(count: run.count, growing: true)
                asked = dates
            }
            if AddonRules.denial(
                of: i, at: Int32(k - dates.lowerBound), excluding: -1, run: run, windows: windows, denials: sink.addonDenials, index: index, sets: sets,
                asks: PaymentAsks(), sink: &sink)
                != nil {
                windows.removeLast()
            }
        }
        guard !windows.isEmpty else { return windows }
        for i in group {
            let e = index.entries[Int(i)]
            guard e.code.isEvaluationAndManagement, let (w, needed) = visitPackage(of: e, in: windows, sets: sets) else { continue }
            reportVisit(e, in: w, needed: needed, index: index, sink: &sink)
        }
        return windows
    }

    /// Whether window `w`, opened by the line at position `k` of `group` (sorted by date),
    /// could take in a line of the group: a visit on one of its days, or any line on a later
    /// one of them. Only then is its procedure asked whether it is paid: a window that takes in
    /// nothing changes no finding, and most procedures have no visit or later line in theirs.
    private static func mayTakeIn(_ w: Window, at k: Int, of group: EntryRun, index: BatchIndex) -> Bool {
        var j = k + 1
        while j < group.endIndex {
            let e = index.entries[Int(group[j])]
            if e.date > w.date { return e.date <= w.last }
            if e.code.isEvaluationAndManagement { return true }
            j += 1
        }
        // Earlier lines of its date, and the day before a 090 procedure.
        j = k
        while j > group.startIndex {
            j -= 1
            let e = index.entries[Int(group[j])]
            guard e.date >= w.first else { break }
            if e.code.isEvaluationAndManagement { return true }
        }
        return false
    }

    /// The positions of `group` (sorted by date) of the lines of the date of the line at `k`.
    private static func sameDate(as k: Int, in group: EntryRun, index: BatchIndex) -> Range<Int> {
        let date = index.entries[Int(group[k])].date
        var start = k, end = k + 1
        while start > group.startIndex, index.entries[Int(group[start - 1])].date == date { start -= 1 }
        while end < group.endIndex, index.entries[Int(group[end])].date == date { end += 1 }
        return start..<end
    }

    /// The global days of a line that opens a window, and falls in an earlier one's package:
    /// a procedure (not an E/M) of global 000, 010 or 090.
    private static func packageGlobal(_ e: LineEntry, sets: TableSets) -> GlobalDays? {
        guard !e.code.isEvaluationAndManagement, let global = (sets.baseAddress! + Int(e.tableSet)).pointee.codes.row(e.code)?.global,
              global == .zero || global == .ten || global == .ninety
        else { return nil }
        return global
    }

    /// Where procedure `e` stands: the most recent window, opened on an earlier date, that its
    /// date falls in, and the first of 58, 78 and 79 it carries (nil: it is part of that
    /// window's package); nil when it falls in none.
    private static func placement(of e: LineEntry, in windows: [Window]) -> (window: Window, exit: Modifier?)? {
        latestWindow(containing: e, in: windows).map { ($0, e.modifiers.first(in: procedureExits)) }
    }

    /// The most recent window, opened on an earlier date, that `e`'s date falls in. Windows
    /// are in date order and last at most 91 days, so the search stops at the first that ended
    /// 90 days before: a patient with many procedures costs no more than its last 91 days.
    private static func latestWindow(containing e: LineEntry, in windows: [Window]) -> Window? {
        for w in windows.reversed() {
            if w.date.adding(days: 90) < e.date { return nil }
            if e.date > w.date && e.date <= w.last { return w }
        }
        return nil
    }

    /// The window whose package takes in visit `e` (an E/M), the most recent first, and the
    /// modifier it lacks there; nil when FT, or a modifier for each window it falls in, takes
    /// it out. A window opened on the visit's date by an add-on of the visit's code
    /// (`AddonRules.isAddon`: a pack's add-on row on a code of 000, 010 or 090 days) does not
    /// take it in: the add-on is reported with its E/M primary as one service. The visit edit
    /// and the add-on edit (asking whether the E/M is a paid primary) both judge by this.
    private static func visitPackage(of e: LineEntry, in windows: [Window], sets: TableSets) -> (window: Window, needed: PackageMessage.Exit)? {
        guard !e.modifiers.contains("FT") else { return nil }
        for w in windows.reversed() {
            // Windows open in date order and last at most 91 days: older ones end before.
            if w.date.adding(days: 90) < e.date { break }
            guard e.date >= w.first && e.date <= w.last, let needed = missingExit(e, w) else { continue }
            if w.date == e.date && AddonRules.isAddon(w.procedure, reportedWith: e.code, sets: sets) { continue }
            return (w, needed)
        }
        return nil
    }

    /// Which global-package edits count, for the add-on edits: the packs' switches may turn a
    /// rule off or make it a warning.
    struct Packaging {
        var procedure: Bool, visit: Bool
        var any: Bool { procedure || visit }
    }

    /// The window by whose package an edit `counting` holds takes in the line `e`, as `check`
    /// judges it (a procedure in an earlier one's window without 58, 78 or 79; a visit without
    /// the modifier its window needs); nil when it is paid apart. For the add-on edits, which
    /// pay an add-on only with a paid primary: `windows` are the ones `check` laid out for the
    /// line's patient and provider. (A procedure falls only in windows opened on earlier dates,
    /// so never in one its add-on opened.)
    static func package(of e: LineEntry, in windows: [Window], sets: TableSets, counting: Packaging) -> Window? {
        guard !windows.isEmpty else { return nil }
        if e.code.isEvaluationAndManagement {
            return counting.visit ? visitPackage(of: e, in: windows, sets: sets)?.window : nil
        }
        guard counting.procedure, packageGlobal(e, sets: sets) != nil, let (w, exit) = placement(of: e, in: windows), exit == nil else { return nil }
        return w
    }

    /// What a visit inside a window lacks, or nil when a modifier takes it out of the package.
    private static func missingExit(_ e: LineEntry, _ w: Window) -> PackageMessage.Exit? {
        if e.date > w.date {
            return e.modifiers.contains("24") ? nil : .unrelated
        }
        if w.global == .ninety {
            return e.modifiers.contains("57") ? nil : .decision
        }
        if e.modifiers.contains("25") { return nil }
        return e.modifiers.contains("57") ? .separateNot57 : .separate
    }

    private static func reportVisit(_ e: LineEntry, in w: Window, needed: PackageMessage.Exit, index: BatchIndex, sink: inout FindingSink) {
        report(evaluationInPackage, e, in: w, needed: needed, index: index, sink: &sink)
    }

    private static func reportProcedure(_ e: LineEntry, in w: Window, index: BatchIndex, sink: inout FindingSink) {
        report(procedureInPackage, e, in: w, needed: nil, index: index, sink: &sink)
    }

    /// The message's values are kept in the finding's record: the procedure by its batch
    /// position, its claim id and number looked up when the finding is named.
    private static func report(_ rule: borrowing RuleDescriptor, _ e: LineEntry, in w: Window, needed: PackageMessage.Exit?, index: BatchIndex, sink: inout FindingSink) {
        let message = PackageMessage(
            modifiers: e.modifiers, needed: needed, global: w.global, procedure: LineName(w.procedure), date: e.date, opened: w.date,
            procedurePosition: Int32(index.position(of: w.procedure)))
        sink.emit(rule, e, message: .package(message))
    }

    /// A global-package finding's message as its record keeps it, in 40 bytes
    /// (`RecordedMessage`): the line is the finding's (its code is the finding's), the
    /// procedure is named by its batch position; its window follows from its date and global
    /// days.
    struct PackageMessage: Sendable {
        /// The modifier a visit lacks.
        enum Exit: UInt8, Sendable {
            case unrelated, decision, separate, separateNot57

            var text: String {
                switch self {
                case .unrelated: "24 (an unrelated E/M in the post-operative period) or FT"
                case .decision: "57 (the visit that led to the decision to operate) or FT"
                case .separate: "25 (a significant, separately identifiable E/M) or FT"
                case .separateNot57: "25 (a significant, separately identifiable E/M) or FT; 57 is valid only with 090 procedures"
                }
            }
        }

        var modifiers: PackedModifiers
        /// nil: a procedure in another's global period (`global.procedure-in-package`).
        var needed: Exit?
        var global: GlobalDays
        var procedure: LineName
        /// The line's date and the procedure's.
        var date: ServiceDate, opened: ServiceDate
        var procedurePosition: Int32

        /// The message, given the line's code and the procedure's claim id and line number.
        func text(code: ProcedureCode, claim: String, number: Int) -> MessageText {
            let line = LineName(modifiers: modifiers, code: code), date = date, procedure = procedure, global = global, opened = opened
            let first = global == .ninety ? opened.adding(days: -1) : opened
            let last = opened.adding(days: global == .ninety ? 90 : global == .ten ? 10 : 0)
            guard let needed else {
                return .deferred {
                    "\(line.text) on \(date.iso) falls in the global period of \(procedure.text) (claim \(claim) line \(number), \(opened.iso), global \(global.rawValue), window ends \(last.iso)), same patient and provider, so it is part of the package. If it is separately payable, add 58 (staged or related; new global period), 78 (unplanned return to the operating room; no new period) or 79 (unrelated; new global period)."
                }
            }
            return .deferred {
                let when = date < opened ? "the day before" : date == opened ? "the day of" : "the post-operative period of"
                return "\(line.text) on \(date.iso) falls in \(when) \(procedure.text) (claim \(claim) line \(number), \(opened.iso), global \(global.rawValue), window \(first.iso)..\(last.iso)), same patient and provider, so it is part of the surgical package. If it is separately payable, it needs \(needed.text)."
            }
        }
    }
}
