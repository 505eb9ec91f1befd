/// `addon`: an add-on code is paid only with one of its primary procedures, billed for the same
/// patient by the same rendering provider on the same date, anywhere in the batch.
enum AddonRules {
    static let primaryMissing = RuleDescriptor(
        id: "addon.primary-missing", name: "Add-on code without its primary procedure", severity: .error,
        summary: "An add-on code (CMS add-on edit table) needs one of its listed primaries for the same patient, rendering provider and date of service.",
        rationale: "Type 1 add-on codes are never paid unless a listed primary is also paid to the same practitioner for the same patient and date. Type 3 lists primaries a contractor may extend, so a missing listed primary is a warning. Type 2 primaries are contractor-defined and are not checked.",
        source: "CMS NCCI add-on code edits; Medicare NCCI Policy Manual, ch. I",
        examples: [
            RuleExample("88348 x1; 0856T x1", note: "0856T's only primary is 88348"),
            RuleExample("88321 x1; 88348 x1; 0856T x1", fires: ["3"], note: "PTP 88321/88348 denies the primary, so 0856T is not paid either"),
            RuleExample("88321 x1; 88348-59 x1; 0856T x1", note: "59 bypasses that edit: the primary is paid"),
            RuleExample(
                "88348 x1; 0856T x1", note: "a PTP edit of the add-on over its primary (a hypothetical row) does not unpay the primary for the add-on",
                tables: ["ptp.tsv": "column1\tcolumn2\teffective\tdeletion\tmodifier\n0856T\t88348\t2024-01-01\t\t0\n"]),
            RuleExample(
                "88348 x1; 0856T x1; 0856T-59 x1", fires: ["3"],
                note: "only the add-on's own PTP edit over its primary is left out (indicator 1, a hypothetical row; 59 bypasses it for 0856T-59's line): 0856T is paid, but for 0856T-59 the edit of 0856T denies 88348",
                tables: addonOverPrimary),
            RuleExample("88348 x1; 0856T-59 x1; 0856T x1", fires: ["2"], note: "the same, the add-ons in the other order", tables: addonOverPrimary),
            RuleExample("88348 x2; 0856T x1", fires: ["2"], note: "the MUE (1 per date) denies both units of 88348, so 0856T is not paid either"),
            RuleExample("88348 x1 || 88348 x1; 0856T x1", note: "the first claim's 88348 is paid, and a primary on another claim counts"),
            RuleExample("88348 x2; 0856T x1", fires: ["2"], note: "a line edit (MAI 1, a payer's table) denies the line", tables: ["mue.tsv": "code\tvalue\tmai\n88348\t1\t1\n"]),
            RuleExample("88348 x2; 0856T x1", note: "an MUE of 2 (a payer's table) pays both units", tables: ["mue.tsv": "code\tvalue\tmai\n88348\t2\t3\n"]),
            RuleExample(
                "88348 x3 || 88348 x1; 0856T x1", note: "the first claim's 3 units are denied and paid nothing, so the second claim's 1 is within an MUE of 2 (a payer's table)",
                tables: ["mue.tsv": "code\tvalue\tmai\n88348\t2\t3\n"]),
            RuleExample(
                "2024-08-10 | 17000 x1 || 2024-08-14 | 17000 x1; 2024-08-14 | 17003 x1", fires: ["2/2"],
                note: "the second 17000 falls in the first's 010 global period: part of its package, so 17003 is not paid either"),
            RuleExample("2024-08-10 | 17000 x1 || 2024-08-14 | 17000-79 x1; 2024-08-14 | 17003 x1", note: "79: an unrelated procedure, paid"),
            RuleExample(
                "2024-08-10 | 17000 x1 || 2024-08-14 | 17000 x1; 2024-08-14 | 17003 x1", note: "a pack makes the global edit a warning: the primary is paid",
                tables: ["pack.txt": "severity: global.procedure-in-package warning\n"]),
            RuleExample("2024-08-01 | 27447 x1 || 2024-08-14 | 64483 x1; 2024-08-14 | 64484 x1", fires: ["2/2"], note: "a 000 primary in 27447's 090 global period"),
            RuleExample("2024-08-14 | 64483 x1; 2024-08-14 | 64484 x1 || 2024-08-15 | 27447 x1", note: "a procedure on a later date takes nothing back"),
            RuleExample(
                "2024-08-01 | 27447 x1 || 2024-08-14 | 99291 x1; 2024-08-14 | 99292 x1", fires: ["2/2"],
                note: "an E/M primary in 27447's post-operative period without 24 or FT is part of the package"),
            RuleExample("2024-08-01 | 27447 x1 || 2024-08-14 | 99291-FT x1; 2024-08-14 | 99292 x1", note: "FT: unrelated critical care, paid"),
            RuleExample(
                "2024-08-01 | 27447 x1 || 2024-08-14 | 99291 x1; 2024-08-14 | 99292 x1", note: "a pack turns the visit edit off",
                tables: ["pack.txt": "disable: global.em-in-package\n"]),
            RuleExample("37216 x1; 37252 x1", fires: ["2"], note: "37216 has fee schedule status N: not covered, so 37252 is not paid either"),
            RuleExample("37216 x1; 37224 x1; 37252 x1", note: "another listed primary, 37224, is paid"),
            RuleExample("99242 x1; 90833 x1", fires: ["2"], note: "a CMS row the bundled pack lacks: 99242 has status I", tables: ["addons.tsv": "addon\tprimary\ttype\n90833\t99242\t1\n"]),
            RuleExample(
                "37216 x1; 37252 x1", note: "a pack makes the status N edit a warning: the primary is paid",
                tables: ["pack.txt": "severity: status.non-covered warning\n"]),
            RuleExample("A4220 x1; 0856T x1", note: "status P is a warning (a hypothetical row): it does not deny", tables: statusPrimary),
            RuleExample(
                "A4220 x1; 0856T x1", fires: ["2"], note: "a pack makes status P an error", tables: statusPrimary.merging(["pack.txt": "severity: status.bundled-or-excluded error\n"]) { $1 }),
            RuleExample("99213 x1; 94760 x1; 0856T x1", fires: ["3"], note: "status T with a visit the same day (a hypothetical row): bundled into it", tables: statusPrimary),
            RuleExample(
                "99213 x1; 94760 x1; 0856T x1", note: "a pack makes the status T edit a warning",
                tables: statusPrimary.merging(["pack.txt": "severity: status.injection-with-service warning\n"]) { $1 }),
            RuleExample("94760 x1; 0856T x1", note: "the add-on itself (status C) does not bundle its own primary", tables: statusPrimary),
            RuleExample("17000 x1; 99213 x1", note: "an add-on of global 010 (a hypothetical row) opens no package around its own E/M primary", tables: GlobalRules.addonOfVisit),
            RuleExample("11042-26 x1; 11045 x1", fires: ["2"], note: "26 is not valid on 11042 (PC/TC 0): the line is denied as billed"),
            RuleExample("64483-80 x1; 64484-80 x1", fires: ["2"], note: "no assistant at surgery is paid for 64483 (ASST 1)"),
            RuleExample("64483-50 x1; 64484-50 x1", note: "50 is allowed on 64483 (BILAT 1)"),
            RuleExample("17000-53 x1; 17003 x1", note: "53 with no -53 row is a warning (priced on review): it does not deny"),
            RuleExample(
                "11042-26 x1; 11045 x1", note: "a pack makes the PC/TC edit a warning", tables: ["pack.txt": "severity: pctc.modifier-not-allowed warning\n"]),
            RuleExample("2025-01-02 | 88348 x1; 2025-01-02 | 0856T x1", fires: ["2"], note: "88348 is deleted before the date (a payer's codes.tsv): not a valid code, so 0856T is not paid either", tables: deletedPrimary),
            RuleExample("2024-12-31 | 88348 x1; 2024-12-31 | 0856T x1", note: "the deletion date is the code's last day in force", tables: deletedPrimary),
            RuleExample(
                "2025-01-02 | 88348 x1; 2025-01-02 | 0856T x1", note: "a pack makes the deletion edit a warning: the primary is paid",
                tables: deletedPrimary.merging(["pack.txt": "severity: code.deleted warning\n"]) { $1 }),
            RuleExample("88348 x1; 0856T x1", fires: ["2"], note: "88348 not yet in effect on the date (a hypothetical effective date)", tables: laterPrimary),
            RuleExample("88348 x1; 0856T x1", note: "a pack turns the effective-date edit off", tables: laterPrimary.merging(["pack.txt": "disable: code.not-yet-effective\n"]) { $1 }),
            RuleExample("88348 x0; 0856T x1", fires: ["2"], note: "0 units: the primary's line is denied"),
            RuleExample("88348 x0; 0856T x1", note: "a pack makes the units edit a warning", tables: ["pack.txt": "severity: units.not-positive warning\n"]),
            RuleExample("87253 x1.5; 0856T x1", fires: ["2"], note: "half an isolate of 87253, counted per isolate (a hypothetical primary): denied", tables: countedPrimary),
            RuleExample("87253 x1.5; 0856T x1", note: "a pack turns the fractional-units edit off", tables: countedPrimary.merging(["pack.txt": "disable: units.fractional\n"]) { $1 }),
            RuleExample("87253 x1; 87253 x1; 0856T x1", note: "the repeat is denied (units.duplicate-line), the first line is paid", tables: countedPrimary),
            RuleExample("87253 x0.5; 87253 x1; 0856T x1", fires: ["3"], note: "the first line's fraction denies it, and the repeat is denied as a duplicate", tables: countedPrimary),
            RuleExample(
                "87253 x0.5; 87253 x1; 0856T x1", note: "a pack makes the duplicate-line edit a warning: the repeat is paid",
                tables: countedPrimary.merging(["pack.txt": "severity: units.duplicate-line warning\n"]) { $1 }),
            RuleExample("88348 x1; 88348 x1; 0856T x1", note: "with a per-line MUE (MAI 1, a payer's table) the repeat is denied (units.duplicate-service), the first line is paid", tables: lineMUE),
            RuleExample("88348 x2; 88348 x1; 0856T x1", fires: ["3"], note: "line 1 is over that MUE of 1, and line 2 is denied as its duplicate", tables: lineMUE),
            RuleExample(
                "88348 x2; 88348 x1; 0856T x1", note: "a pack turns the duplicate-service edit off: line 2 is paid",
                tables: lineMUE.merging(["pack.txt": "disable: units.duplicate-service\n"]) { $1 }),
            RuleExample("J1100 x0; J1100 x1; 0856T x1", note: "a J code's repeat is a warning (it may bill another NDC): paid (a hypothetical primary)", tables: drugPrimary),
            RuleExample(
                "J1100 x0; J1100 x1; 0856T x1", fires: ["3"], note: "a pack makes the duplicate-service edit an error",
                tables: drugPrimary.merging(["pack.txt": "severity: units.duplicate-service error\n"]) { $1 }),
            RuleExample("88305 x1; 0856T x1", fires: ["2"], note: "88305 is not a primary of 0856T"),
            RuleExample("0856T x1; 88348 x1", note: "line order does not matter"),
            RuleExample("88348 x1 || 0856T x1", note: "the primary may be on another claim of the batch"),
            RuleExample("2024-08-14 | 88348 x1 || 2024-08-15 | 0856T x1", fires: ["2/1"], note: "another date"),
            RuleExample("88348 x1 @1811111115; 0856T x1", fires: ["2"], note: "another rendering provider"),
            RuleExample("member=M1 : 88348 x1 || member=M2 : 0856T x1", fires: ["2/1"], note: "another patient"),
            RuleExample("37224 x1; 37253 x1", note: "37224 is one of the 200 CMS primaries of 37253"),
            RuleExample("99213 x1; 96372 x1", fires: ["2"], note: "type 3 (a hypothetical row): a warning", tables: typeThree),
            RuleExample("99213 x1; 96372 x1; 96360 x1", tables: typeThree),
            RuleExample("2024-08-14 | 37224 x1; 2024-08-14 | 37253 x1", note: "a pack replaces the CPT rule with one deleted before the date", tables: ["addons.tsv": "addon\tprimary\ttype\tsource\tdeletion\n37253\t37224\t1\tCPT\t2024-06-30\n"]),
            RuleExample("17003 x1; 0856T x1", fires: ["1", "2"], note: "its primary 17003 (a hypothetical row) is an add-on billed without its own primary 17000: not paid, so neither is 0856T", tables: addonOfAddon),
            RuleExample("17000 x1; 17003 x1; 0856T x1", tables: addonOfAddon),
            RuleExample(
                "88348 x1; 0856T x1", note: "two add-ons that list each other as primaries (a hypothetical row, as CMS lists 0836T and 88177) are paid together",
                tables: ["addons.tsv": "addon\tprimary\ttype\n88348\t0856T\t1\n"]),
        ], denialCodes: ["CO-107"])

    /// A hypothetical PTP row: the add-on 0856T over its primary 88348, indicator 1.
    static let addonOverPrimary = ["ptp.tsv": "column1\tcolumn2\teffective\tdeletion\tmodifier\n0856T\t88348\t2024-01-01\t\t1\n"]

    static let typeThree = ["addons.tsv": "addon\tprimary\ttype\n96372\t96360\t3\n"]

    /// 88348 deleted at the end of 2024 (a payer's row: the bundled codes are all current).
    static let deletedPrimary = ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\tdeletion\n88348\t\tA\t1\tXXX\t2024-12-31\n"]

    /// 88348 in effect from 2024-10-01 (hypothetical: it is older).
    static let laterPrimary = ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\teffective\n88348\t\tA\t1\tXXX\t2024-10-01\n"]

    /// Hypothetical rows: 0856T with a primary counted per isolate (87253), and with a drug
    /// (J1100).
    static let countedPrimary = ["addons.tsv": "addon\tprimary\ttype\n0856T\t87253\t1\n"]
    static let drugPrimary = ["addons.tsv": "addon\tprimary\ttype\n0856T\tJ1100\t1\n"]

    /// A payer's line edit for 88348: an MUE of 1 per line (MAI 1).
    static let lineMUE = ["mue.tsv": "code\tvalue\tmai\n88348\t1\t1\n"]

    /// A hypothetical row: 0856T an add-on of 17003, itself an add-on of 17000.
    static let addonOfAddon = ["addons.tsv": "addon\tprimary\ttype\n0856T\t17003\t1\n"]

    /// Hypothetical rows: 0856T with a status P primary (A4220) and a status T one (94760).
    static let statusPrimary = ["addons.tsv": "addon\tprimary\ttype\n0856T\tA4220\t1\n0856T\t94760\t1\n"]

    static let cptPrimaryMissing = RuleDescriptor(
        id: "addon.cpt-primary-missing", name: "Add-on code without the primary CPT names", severity: .error,
        summary: "An add-on code whose CPT instructions name its primary (37253 is reported with 37252) needs that primary for the same patient, rendering provider and date.",
        rationale: "CPT reports 37253 (each additional noncoronary vessel) with 37252 (the first vessel); the CMS table lists 200 other primaries but not 37252, so this is checked on top of it.",
        source: "CPT reporting instruction for 37253; bundled pack addons.tsv rows marked CPT",
        examples: [
            RuleExample("37224 x1; 37253 x1", fires: ["2"], note: "passes the CMS table, fails the CPT rule"),
            RuleExample("37224 x1; 37252 x1; 37253 x2"),
            RuleExample("37252 x1; 37253 x1", fires: ["2"], note: "37252 is an add-on billed without a primary of its own: not paid, so neither is 37253"),
        ], denialCodes: ["CO-107"])

    static let all = [primaryMissing, cptPrimaryMissing]

    /// Checks the add-on lines of one patient and provider (entries sorted by date); `windows`
    /// are the global windows `GlobalRules.check` laid out for them. Each date's answers are
    /// kept (`PaymentMemo`): a primary is judged once for all the add-ons that ask about it.
    static func check(group: EntryRun, windows: [GlobalRules.Window], index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        index.forEachDate(in: group) { run in
            var started = false
            for k in run.startIndex..<run.endIndex {
                let i = run[k], e = index.entries[Int(i)]
                let requirements = sets[Int(e.tableSet)].addons.requirements(for: e.code)
                guard !requirements.isEmpty else { continue }
                if !started {
                    sink.payments.start(count: run.count, growing: false)
                    started = true
                }
                // The add-on's own question, inside which its primaries are asked.
                let asks = PaymentAsks().opening(Int32(k - run.startIndex))!
                // One problem, one finding: a CMS and a payer requirement on the same add-on
                // report addon.primary-missing once.
                var primaryMissingReported = false
                for req in requirements {
                    if req.source != .cpt && primaryMissingReported { continue }
                    let (listed, paid, denied, repeated) = primaryPayment(of: i, requirement: req, run: run, windows: windows, index: index, sets: sets, asks: asks, sink: &sink)
                    guard listed, !paid else { continue }  // none listed (type 2): contractor-defined
                    reportMissing(e, requirement: req, denied: denied, repeated: repeated, index: index, sink: &sink)
                    if req.source != .cpt { primaryMissingReported = true }
                }
            }
        }
    }

    /// Whether `req` lists a primary in force on the date of the add-on at `i` (not so for type
    /// 2: contractor-defined), whether one of them billed among `run` is paid, and why the first
    /// billed one is not. A primary that an edit denies (`denial(of:at:excluding:...)`, asked within
    /// `asks`) is not paid, so neither is the add-on ("never paid unless a listed primary is
    /// also paid"): each listed primary billed is asked of the edits until one is not denied,
    /// found without building the list (the usual case: the primary is there).
    private static func primaryPayment(
        of i: Int32, requirement req: AddonRequirement, run: EntryRun, windows: [GlobalRules.Window], index: BatchIndex, sets: TableSets,
        asks: PaymentAsks, sink: inout FindingSink
    ) -> (listed: Bool, paid: Bool, denied: DeniedPrimary?, repeated: DeniedPrimary?) {
        // Which edits deny a primary: those whose findings are errors (a pack may disable them
        // or make them warnings). Asked of a primary line only when an edit of its kind can.
        let denials = sink.addonDenials
        // Rows in force on the date of service, by their own dates (as PTP rows).
        let lookupDate = index.entries[Int(i)].date
        var listed = false
        // The first denial met, and a later copy of its code denied as a repeat (a copy is
        // asked only once the earlier ones are denied: the note says why the repeat does not
        // count either).
        var denied: DeniedPrimary?, repeated: DeniedPrimary?
        let indexed = run.count > PaymentMemo.indexedRun
        for row in req.rows where row.inForce(on: lookupDate) {
            guard let p = row.primary else { continue }
            listed = true
            // The primary's lines in run order: the run looked through, or a long run's found
            // by the index of its codes.
            if indexed {
                for k in sink.payments.lines(of: p, in: run, index: index) {
                    let place = sink.payments.place(at: k)
                    guard run[run.startIndex + Int(place)] != i else { continue }
                    if paid(place, for: i, run: run, windows: windows, denials: denials, index: index, sets: sets, asks: asks, denied: &denied, repeated: &repeated, sink: &sink) {
                        return (true, true, nil, nil)
                    }
                }
            } else {
                for k in run.startIndex..<run.endIndex where run[k] != i && index.entries[Int(run[k])].code == p {
                    let place = Int32(k - run.startIndex)
                    if paid(place, for: i, run: run, windows: windows, denials: denials, index: index, sets: sets, asks: asks, denied: &denied, repeated: &repeated, sink: &sink) {
                        return (true, true, nil, nil)
                    }
                }
            }
        }
        return (listed, false, denied, repeated)
    }

    /// Whether the primary line at `place` of `run` is paid, asked for the add-on at `i`
    /// (`primaryPayment`); if not, notes why in `denied` (the first denial) or `repeated` (a
    /// later copy of its code denied as a repeat).
    private static func paid(
        _ place: Int32, for i: Int32, run: EntryRun, windows: [GlobalRules.Window], denials: Denials, index: BatchIndex, sets: TableSets,
        asks: PaymentAsks, denied: inout DeniedPrimary?, repeated: inout DeniedPrimary?, sink: inout FindingSink
    ) -> Bool {
        guard let why = denial(
            of: run[run.startIndex + Int(place)], at: place, excluding: i, run: run, windows: windows, denials: denials, index: index, sets: sets,
            asks: asks, sink: &sink)
        else { return true }
        if let first = denied {
            if repeated == nil, case .duplicate(let d, _) = why, d.code == first.primary.code { repeated = why }
        } else {
            denied = why
        }
        return false
    }

    /// Whether the add-on edit denies the line at `j`: a requirement on its code lists primaries
    /// and none billed is paid (asked within `asks`, which hold `j`'s own question), and the
    /// finding it makes then is an error under the packs (type 3 is a warning unless a pack
    /// makes it one), weighed as a probe of `sink`. For `denial(of:at:excluding:...)`: an add-on
    /// whose primary is an add-on is paid only if that one is.
    private static func deniesAddon(
        _ j: Int32, requirements: [AddonRequirement], run: EntryRun, windows: [GlobalRules.Window], index: BatchIndex, sets: TableSets, asks: PaymentAsks,
        sink: inout FindingSink
    ) -> Bool {
        let e = index.entries[Int(j)]
        for req in requirements {
            let (listed, paid, denied, repeated) = primaryPayment(of: j, requirement: req, run: run, windows: windows, index: index, sets: sets, asks: asks, sink: &sink)
            guard listed, !paid else { continue }
            sink.startProbe()
            reportMissing(e, requirement: req, denied: denied, repeated: repeated, index: index, sink: &sink)
            if sink.endProbe() != nil { return true }
        }
        return false
    }

    /// Whether line `a` is an add-on billed with `primary` as its primary: a requirement on its
    /// code (CMS, CPT or payer) has a row in force on its date that lists `primary`. An add-on
    /// is reported with its primary as one service, so the edits that weigh a line against the
    /// other services of the patient, provider and date leave it out there: it does not make
    /// its own status T primary a code "with another service" (`StatusRules.bundling(of:)`)
    /// nor take its own E/M primary into a global package it opened (`GlobalRules`). The add-on
    /// edit asks those same edits whether a primary is paid, so it leaves the add-on out by
    /// this one test. A table lookup: asked only of a line that would otherwise count.
    static func isAddon(_ a: LineEntry, reportedWith primary: ProcedureCode, sets: TableSets) -> Bool {
        // Through the set's address: binding its add-on table would retain the table's storage.
        let requirements = (sets.baseAddress! + Int(a.tableSet)).pointee.addons.requirements(for: a.code)
        for req in requirements {
            for row in req.rows where row.primary == primary && row.inForce(on: a.date) { return true }
        }
        return false
    }

    /// The edits that deny a primary, by kind (`FindingSink.addonDenials`).
    struct Denials {
        /// `code.deleted` or `code.not-yet-effective`.
        var code: Bool
        var units: UnitsRules.Denials
        var ptp: PTPRules.Indicators
        var mue: MUERules.Adjudications
        var status: StatusRules.Denials
        /// Any modifier or PC/TC edit of the line's own modifiers.
        var modifier: Bool
        var package: GlobalRules.Packaging
        /// The add-on edits (an add-on whose primary is an add-on).
        var addon: Bool
    }

    /// Why the line at `j` (among `run`, the lines of its patient, provider and date, at `place`
    /// in it) is not paid, by the first edit that denies it, as each edit judges it: a repeat of
    /// an earlier line of its code (a duplicate edit; the first copy is paid), its code deleted
    /// or not yet in effect on its date, its units not more than zero or a fraction of a code
    /// counted per item, a PTP edit with another line of the date (not `excluding`: an add-on
    /// asking about its primary), its units over the MUE, its fee schedule status (status T:
    /// another service paid that day), its modifiers, another procedure's global package
    /// (`windows`), or, for an add-on, no paid primary; nil when it is paid. The status and
    /// global edits leave out the add-on lines of the line itself (`isAddon`). The one test of
    /// payment: the add-on edit asks it of a primary, the status T edit of the other service
    /// (`StatusRules.bundling`), the global edit of a procedure opening a window. Status T and
    /// the add-on edit ask it in turn of other lines, within `asks` and `j`'s own question
    /// (`PaymentAsks`: a line that comes round again is judged without them). The answer is
    /// kept for the run's later questions where it holds (`FindingSink.payments`, which the
    /// caller starts on `run`).
    static func denial(
        of j: Int32, at place: Int32, excluding i: Int32, run: EntryRun, windows: [GlobalRules.Window], denials: Denials, index: BatchIndex,
        sets: TableSets, asks: PaymentAsks, sink: inout FindingSink
    ) -> DeniedPrimary? {
        // An answer kept leaving another line out holds only if that line is no column 1 line
        // of a PTP edit that denies this one.
        let left = sink.payments.unchecked(place, excluding: i)
        if left >= 0 {
            // Through the set's address, as `PTPRules.blocking` reads it.
            let b = index.entries[Int(j)]
            let denies = PTPRules.row(denying: b, by: index.entries[Int(left)], tables: sets.baseAddress! + Int(b.tableSet), counting: denials.ptp) != nil
            sink.payments.checked(place, denies: denies)
        }
        if let kept = sink.payments.answer(place, asks: asks, excluding: i, index: index) { return kept }
        sink.payments.enter(asks)
        let inner = asks.opening(place)
        let why = judge(j, at: place, excluding: i, run: run, windows: windows, denials: denials, index: index, sets: sets, asks: asks, inner: inner, sink: &sink)
        // Kept with the line it left out when leaving it out could change the answer: not
        // decided before the PTP edit. (Checked only if another question asks.)
        var excluded: Int32 = -1
        if i >= 0 && denials.ptp.any {
            switch why {
            case .duplicate, .code, .quantity: break
            default: excluded = i
            }
        }
        sink.payments.leave(place, asks: asks, opened: inner != nil, verdict: why, excluded: excluded)
        return why
    }

    /// `denial(of:at:excluding:...)` judged: `inner` is `asks` with `j`'s question open, nil when
    /// it cannot open (the steps that ask of other lines are then passed over).
    private static func judge(
        _ j: Int32, at place: Int32, excluding i: Int32, run: EntryRun, windows: [GlobalRules.Window], denials: Denials, index: BatchIndex,
        sets: TableSets, asks: PaymentAsks, inner: PaymentAsks?, sink: inout FindingSink
    ) -> DeniedPrimary? {
        let p = index.entries[Int(j)]
        // First, so that a later copy, asked only once the earlier ones are denied, says it
        // is a repeat.
        if denials.units.duplicate, let rule = UnitsRules.duplicate(of: j, in: run, index: index, sets: sets, counting: denials.units, sink: &sink) {
            return .duplicate(primary: p, rule: rule)
        }
        let tables = sets.baseAddress! + Int(p.tableSet)
        // One lookup of the code's row, for the code-date and status edits.
        let row = denials.code || denials.status.line ? tables.pointee.codes.row(p.code) : nil
        if denials.code, let rule = CodeRules.denial(of: p, row: row, tables: tables, index: index, sink: &sink) {
            return .code(primary: p, rule: rule)
        }
        if denials.units.line, let rule = UnitsRules.denial(of: p, tables: tables, index: index, sink: &sink) {
            return .quantity(primary: p, units: index.units(of: p), rule: rule)
        }
        if denials.ptp.any, let (column1, _) = PTPRules.blocking(j, in: run, index: index, sets: sets, counting: denials.ptp, excluding: i) {
            return .pair(primary: p, column1: column1)
        }
        if denials.mue.any, let value = MUERules.denial(of: j, in: run, index: index, sets: sets, counting: denials.mue) {
            return .units(primary: p, mue: value)
        }
        if denials.status.line, let row, let status = StatusRules.denial(of: p, row: row, sink: &sink) {
            return .status(primary: p, .status(status))
        }
        // Status T asks whether the other services are paid (a T code's own status is none
        // that the line edits deny).
        if denials.status.injection, tables.pointee.codes.isInjectionOnly(p.code) {
            sink.payments.reachesAsking(place, asks)
            if let inner, let (a, status) = StatusRules.bundling(of: j, in: run, windows: windows, index: index, sets: sets, asks: inner, sink: &sink) {
                return .status(primary: p, .bundled(into: LineName(a), status: status.asciiValue ?? 0))
            }
        }
        if denials.modifier, let rule = ModifierRules.denial(of: p, tables: tables, index: index, sink: &sink) {
            return .modifier(primary: p, rule: rule)
        }
        if denials.package.any {
            if denials.package.visit && p.code.isEvaluationAndManagement && !windows.isEmpty { sink.payments.readsWindows(asks) }
            if let w = GlobalRules.package(of: p, in: windows, sets: sets, counting: denials.package) {
                return .package(primary: p, procedure: LineName(w.procedure), opened: w.date, global: w.global)
            }
        }
        if denials.addon {
            // Through the set's address: binding its add-on table would retain the table's storage.
            let requirements = tables.pointee.addons.requirements(for: p.code)
            if !requirements.isEmpty {
                sink.payments.reachesAsking(place, asks)
                if let inner, deniesAddon(j, requirements: requirements, run: run, windows: windows, index: index, sets: sets, asks: inner, sink: &sink) {
                    return .addon(primary: p)
                }
            }
        }
        return nil
    }

    /// A primary billed but not paid, and why: a repeat of an earlier line, its code's dates,
    /// its units, a PTP edit with a column 1 line, its units over the MUE, its fee schedule
    /// status, a modifier edit, another procedure's global package, or, an add-on itself, no
    /// paid primary of its own. (Any line, for `denial(of:at:excluding:...)`.)
    enum DeniedPrimary: Sendable {
        /// A later copy of an earlier line, by the number of the edit's rule
        /// (`units.duplicate-line`, `units.duplicate-service`).
        case duplicate(primary: LineEntry, rule: UInt32)
        /// By the number of the edit's rule (`code.deleted`, `code.not-yet-effective`).
        case code(primary: LineEntry, rule: UInt32)
        /// By the number of the edit's rule (`units.not-positive`, `units.fractional`).
        case quantity(primary: LineEntry, units: Units, rule: UInt32)
        case pair(primary: LineEntry, column1: LineEntry)
        case units(primary: LineEntry, mue: Int)
        case status(primary: LineEntry, StatusRules.Denial)
        /// By the number of the edit's rule (`ModifierRules.lineRules`).
        case modifier(primary: LineEntry, rule: UInt32)
        case package(primary: LineEntry, procedure: LineName, opened: ServiceDate, global: GlobalDays)
        case addon(primary: LineEntry)

        var primary: LineEntry {
            switch self {
            case .duplicate(let p, _), .code(let p, _), .quantity(let p, _, _), .pair(let p, _), .units(let p, _), .status(let p, _), .modifier(let p, _),
                .package(let p, _, _, _), .addon(let p):
                p
            }
        }

        /// The note on the add-on's finding: this denial, then `repeated`'s, a later copy of
        /// the same code denied as a duplicate.
        func note(repeated: DeniedPrimary?) -> String {
            " (\(why)\(repeated.map { "; \($0.why)" } ?? ""), and an add-on is paid only with a paid primary)"
        }

        private var why: String {
            let why: String
            switch self {
            case .duplicate(let p, let rule):
                why = rule == UnitsRules.duplicateLine.number
                    ? "\(p.code) is billed again on another line of the claim, but its units count items and belong on one line, so the repeat is denied as a duplicate"
                    : "\(describe(p)) is billed again, but the repeat is denied as a duplicate of the earlier line"
            case .code(let p, let rule):
                why = rule == CodeRules.deleted.number
                    ? "\(p.code) is billed, but the code was deleted before this date of service, so the line is not valid"
                    : "\(p.code) is billed, but the code had not taken effect on this date of service, so the line is not valid"
            case .quantity(let p, let units, let rule):
                why = rule == UnitsRules.notPositive.number
                    ? "\(p.code) is billed, but with \(units) units, and units of service must be more than zero, so the line is denied"
                    : "\(p.code) is billed, but with \(units) units, a fraction of a code whose units count items, so the line is denied"
            case .pair(let p, let c1):
                why = "\(p.code) is billed, but the NCCI PTP edit \(c1.code)/\(p.code) denies it on this date"
            case .units(let p, let mue):
                why = "\(p.code) is billed, but its units are over its MUE of \(mue) on this date, which denies them"
            case .status(let p, .status(let status)):
                why = "\(p.code) is billed, but its fee schedule status \(Character(UnicodeScalar(status))) (\(StatusRules.meaning(status))) denies it"
            case .status(let p, .bundled(let other, let status)):
                why = "\(p.code) is billed, but it has fee schedule status T and \(other.text) (status \(Character(UnicodeScalar(status)))) is paid on this date, so its payment is bundled into that service"
            case .modifier(let p, let number):
                let rule = ModifierRules.lineRules.first { $0.number == number }
                why = "\(describe(p)) is billed, but the modifier edit \(rule?.id ?? "") (\(rule?.name ?? "")) denies the line as billed"
            case .package(let p, let procedure, let opened, let global):
                why = "\(describe(p)) is billed, but it falls in the global period of \(procedure.text) on \(opened.iso) (global \(global.rawValue)) without a modifier that takes it out, so it is part of that surgical package"
            case .addon(let p):
                why = "\(p.code) is billed, but it is an add-on code itself, without a paid primary of its own"
            }
            return why
        }
    }

    /// Reports the add-on `e` billed without a paid primary that `req` lists.
    private static func reportMissing(
        _ e: LineEntry, requirement req: AddonRequirement, denied: DeniedPrimary?, repeated: DeniedPrimary?, index: BatchIndex, sink: inout FindingSink
    ) {
        let rows = req.rows.filter { $0.inForce(on: e.date) }
        report(
            e, requirement: req, listed: rows.compactMap(\.primary), typeThreeOnly: rows.allSatisfy { $0.type == 3 }, denied: denied, repeated: repeated,
            index: index, sink: &sink)
    }

    private static func report(
        _ e: LineEntry, requirement: AddonRequirement, listed: [ProcedureCode], typeThreeOnly: Bool, denied: DeniedPrimary?,
        repeated: DeniedPrimary?, index: BatchIndex, sink: inout FindingSink
    ) {
        // Written with the message, when a report reads it.
        @Sendable func deniedNote() -> String { denied?.note(repeated: repeated) ?? "" }
        let isDenied = denied != nil
        @Sendable func primaries() -> String { (listed.count == 1 ? "its primary \(listed[0])" : "one of its primaries (\(describeCodes(listed)))") + (isDenied ? " that is paid" : "") }
        let provider = index.provider(of: e)
        @Sendable func context() -> String { "for this patient by rendering provider \(provider) on \(e.date.iso)" }
        switch requirement.source {
        case .cpt:
            sink.emit(cptPrimaryMissing, e) {
                "\(describe(e)) is billed without \(primaries()) \(context())\(deniedNote()); CPT instructs that \(e.code) is reported with \(describeCodes(listed)). Add the primary line or remove \(e.code)."
            }
        case .cms, .payer:
            let origin = requirement.source == .cms ? "CMS add-on code edit" : "payer add-on rule"
            if typeThreeOnly {
                sink.emit(primaryMissing, e, severity: .warning) {
                    "\(describe(e)) is an add-on code (\(origin), type 3) billed without \(primaries()) \(context())\(deniedNote()). A contractor may accept other primaries: check the payer's list, or add a listed primary."
                }
            } else {
                sink.emit(primaryMissing, e) {
                    "\(describe(e)) is an add-on code (\(origin), type 1) billed without \(primaries()) \(context())\(deniedNote()); it is not paid alone. Bill the primary procedure on the same date by the same provider, or remove \(e.code)."
                }
            }
        }
    }
}
