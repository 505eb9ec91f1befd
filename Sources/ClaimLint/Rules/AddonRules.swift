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
            RuleExample("88348 x2; 0856T x1", fires: ["2"], note: "the MUE (1 per date) denies both units of 88348, so 0856T is not paid either"),
            RuleExample("88348 x1 || 88348 x1; 0856T x1", note: "the first claim's 88348 is paid, and a primary on another claim counts"),
            RuleExample("88348 x2; 0856T x1", fires: ["2"], note: "a line edit (MAI 1, a payer's table) denies the line", tables: ["mue.tsv": "code\tvalue\tmai\n88348\t1\t1\n"]),
            RuleExample("88348 x2; 0856T x1", note: "an MUE of 2 (a payer's table) pays both units", tables: ["mue.tsv": "code\tvalue\tmai\n88348\t2\t3\n"]),
            RuleExample(
                "88348 x3 || 88348 x1; 0856T x1", note: "the first claim's 3 units are denied and paid nothing, so the second claim's 1 is within an MUE of 2 (a payer's table)",
                tables: ["mue.tsv": "code\tvalue\tmai\n88348\t2\t3\n"]),
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
        ], denialCodes: ["CO-107"])

    static let typeThree = ["addons.tsv": "addon\tprimary\ttype\n96372\t96360\t3\n"]

    static let cptPrimaryMissing = RuleDescriptor(
        id: "addon.cpt-primary-missing", name: "Add-on code without the primary CPT names", severity: .error,
        summary: "An add-on code whose CPT instructions name its primary (37253 is reported with 37252) needs that primary for the same patient, rendering provider and date.",
        rationale: "CPT reports 37253 (each additional noncoronary vessel) with 37252 (the first vessel); the CMS table lists 200 other primaries but not 37252, so this is checked on top of it.",
        source: "CPT reporting instruction for 37253; bundled pack addons.tsv rows marked CPT",
        examples: [
            RuleExample("37224 x1; 37253 x1", fires: ["2"], note: "passes the CMS table, fails the CPT rule"),
            RuleExample("37224 x1; 37252 x1; 37253 x2"),
        ], denialCodes: ["CO-107"])

    static let all = [primaryMissing, cptPrimaryMissing]

    /// Checks the add-on lines of one patient and provider (entries sorted by date).
    static func check(group: EntryRun, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        // Which PTP edits deny a primary: those whose findings are errors (a pack may disable
        // them or make them warnings).
        let deniedBy = sink.ptpDenies
        // And which MUE edits: a primary whose units they deny is not paid either.
        let mueDenies = sink.mueDenies
        index.forEachDate(in: group) { run in
            for i in run {
                let e = index.entries[Int(i)]
                let requirements = sets[Int(e.tableSet)].addons.requirements(for: e.code)
                guard !requirements.isEmpty else { continue }
                // Rows in force on the date of service, by their own dates (as PTP rows).
                let lookupDate = e.date
                // One problem, one finding: a CMS and a payer requirement on the same add-on
                // report addon.primary-missing once.
                var primaryMissingReported = false
                for req in requirements {
                    if req.source != .cpt && primaryMissingReported { continue }
                    // Whether a listed primary in force is billed, found without building the
                    // list (the usual case: the primary is there).
                    // A primary denied by a PTP edit on the date is not paid, so neither is the
                    // add-on ("never paid unless a listed primary is also paid"): each listed
                    // primary billed is asked of the PTP edits until one is not denied.
                    var anyListed = false, found = false
                    var denied: DeniedPrimary?
                    for row in req.rows where row.inForce(on: lookupDate) {
                        guard let p = row.primary else { continue }
                        anyListed = true
                        for j in run where j != i && index.entries[Int(j)].code == p {
                            if deniedBy.any, let (column1, _) = PTPRules.blocking(j, in: run, index: index, sets: sets, counting: deniedBy, excluding: i) {
                                if denied == nil { denied = .pair(primary: index.entries[Int(j)], column1: column1) }
                            } else if mueDenies.any, let value = MUERules.denial(of: j, in: run, index: index, sets: sets, counting: mueDenies) {
                                if denied == nil { denied = .units(primary: index.entries[Int(j)], mue: value) }
                            } else {
                                found = true
                                break
                            }
                        }
                        if found { break }
                    }
                    guard anyListed, !found else { continue }  // none listed (type 2): contractor-defined
                    let rows = req.rows.filter { $0.inForce(on: lookupDate) }
                    let listed = rows.compactMap(\.primary)
                    report(e, requirement: req, listed: listed, typeThreeOnly: rows.allSatisfy { $0.type == 3 }, denied: denied, index: index, sink: &sink)
                    if req.source != .cpt { primaryMissingReported = true }
                }
            }
        }
    }

    /// A primary billed but not paid, and why: a PTP edit with a column 1 line, or its units
    /// over the MUE.
    private enum DeniedPrimary {
        case pair(primary: LineEntry, column1: LineEntry)
        case units(primary: LineEntry, mue: Int)

        var note: String {
            switch self {
            case .pair(let p, let c1):
                " (\(p.code) is billed, but the NCCI PTP edit \(c1.code)/\(p.code) denies it on this date, and an add-on is paid only with a paid primary)"
            case .units(let p, let mue):
                " (\(p.code) is billed, but its units are over its MUE of \(mue) on this date, which denies them, and an add-on is paid only with a paid primary)"
            }
        }
    }

    private static func report(
        _ e: LineEntry, requirement: AddonRequirement, listed: [ProcedureCode], typeThreeOnly: Bool, denied: DeniedPrimary?,
        index: BatchIndex, sink: inout FindingSink
    ) {
        let deniedNote = denied?.note ?? ""
        let isDenied = denied != nil
        @Sendable func primaries() -> String { (listed.count == 1 ? "its primary \(listed[0])" : "one of its primaries (\(describeCodes(listed)))") + (isDenied ? " that is paid" : "") }
        let provider = index.provider(of: e)
        @Sendable func context() -> String { "for this patient by rendering provider \(provider) on \(e.date.iso)" }
        switch requirement.source {
        case .cpt:
            sink.emit(cptPrimaryMissing, e) {
                "\(describe(e)) is billed without \(primaries()) \(context())\(deniedNote); CPT instructs that \(e.code) is reported with \(describeCodes(listed)). Add the primary line or remove \(e.code)."
            }
        case .cms, .payer:
            let origin = requirement.source == .cms ? "CMS add-on code edit" : "payer add-on rule"
            if typeThreeOnly {
                sink.emit(primaryMissing, e, severity: .warning) {
                    "\(describe(e)) is an add-on code (\(origin), type 3) billed without \(primaries()) \(context())\(deniedNote). A contractor may accept other primaries: check the payer's list, or add a listed primary."
                }
            } else {
                sink.emit(primaryMissing, e) {
                    "\(describe(e)) is an add-on code (\(origin), type 1) billed without \(primaries()) \(context())\(deniedNote); it is not paid alone. Bill the primary procedure on the same date by the same provider, or remove \(e.code)."
                }
            }
        }
    }
}
