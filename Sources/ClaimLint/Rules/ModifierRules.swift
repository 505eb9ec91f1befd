/// `modifier`: whether the fee schedule allows a modifier on a code (50, 51, 62, 66, 80/81/82/AS,
/// from the code's row), and modifiers that cannot stand on a line at all.
enum ModifierRules {
    static let unknown = RuleDescriptor(
        id: "modifier.unknown", name: "Unknown modifier", severity: .warning,
        summary: "A modifier that is not a CPT or HCPCS modifier ClaimLint knows.",
        rationale: "Payers reject a line with an invalid modifier; a typo (OR for RT, 95 for 59) is a common cause.",
        source: "AMA CPT Appendix A; CMS HCPCS level II modifier list",
        examples: [RuleExample("99213-25 x1"), RuleExample("99213-ZZ x1", fires: ["1"])],
        denialCodes: ["CO-4"])

    static let tooMany = RuleDescriptor(
        id: "modifier.too-many", name: "More than four modifiers", severity: .error,
        summary: "A service line carries more than four modifiers.",
        rationale: "The 837P SV101 composite and the CMS-1500 item 24D hold four modifiers.",
        source: "ASC X12 005010X222A1 SV101-3..6; CMS-1500 instructions, item 24D",
        examples: [RuleExample("27447-RT-AS-59-XS x1"), RuleExample("27447-RT-AS-59-XS-GA x1", fires: ["1"])],
        denialCodes: ["CO-4"])

    static let repeated = RuleDescriptor(
        id: "modifier.repeated", name: "Same modifier twice on a line", severity: .error,
        summary: "A modifier appears more than once on one service line.",
        rationale: "Each modifier is reported once per line; a repeat is a keying error and is rejected.",
        source: "CMS-1500 instructions, item 24D",
        examples: [RuleExample("27447-RT x1"), RuleExample("27447-RT-RT x1", fires: ["1"]), RuleExample("27447-RT-RT-RT x1", fires: ["1"], note: "one finding for one repeated modifier")],
        denialCodes: ["CO-4"])

    static let evaluationOnly = RuleDescriptor(
        id: "modifier.em-only", name: "E/M modifier on a code that is not an E/M", severity: .error,
        summary: "24, 25, 57 or FT on a code outside 99202-99499.",
        rationale: "24, 25 and 57 describe evaluation and management services, and FT an unrelated E/M in a global period; on a procedure they are invalid.",
        source: "CMS Medicare Claims Processing Manual, ch. 12, sections 30.6 and 40.2",
        examples: [RuleExample("99213-25 x1"), RuleExample("27447-25 x1", fires: ["1"])],
        denialCodes: ["CO-4"])

    static let procedureOnly = RuleDescriptor(
        id: "modifier.procedure-only", name: "Procedure modifier on an E/M", severity: .error,
        summary: "58, 78 or 79 on an E/M code (99202-99499).",
        rationale: "58, 78 and 79 describe procedures in another procedure's global period; visits use 24, 25, 57 or FT.",
        source: "CMS Medicare Claims Processing Manual, ch. 12, section 40.2",
        examples: [RuleExample("27310-79 x1"), RuleExample("99213-79 x1", fires: ["1"])],
        denialCodes: ["CO-4"])

    static let laboratoryOnly = RuleDescriptor(
        id: "modifier.lab-only", name: "91 on a code that is not a clinical laboratory test", severity: .error,
        summary: "Modifier 91 (repeat clinical diagnostic laboratory test) on a code paid on the physician fee schedule (status A, R or T), or, unless its status is X (the clinical laboratory fee schedule), on a code outside CPT 80000-89999 and the proprietary laboratory analyses (0001U-9999U).",
        rationale: "91 reports a clinical diagnostic laboratory test repeated on the same day for a new result; on an E/M, a procedure, a drug or an anatomic pathology service it is invalid. It is also an NCCI-associated modifier, so misused it would bypass PTP edits.",
        source: "CPT Appendix A, modifier 91; CMS PPRRVU status indicator X; NCCI Policy Manual, ch. 1",
        examples: [
            RuleExample("87253-91 x1", note: "status X"), RuleExample("85025-91 x1", note: "no fee schedule row in the pack: a CPT laboratory code"),
            RuleExample("99213-91 x1", fires: ["1"]), RuleExample("88305-91 x1", fires: ["1"], note: "status A: anatomic pathology, paid on the physician fee schedule"),
            RuleExample("80320-91 x1", note: "status I (a drug test Medicare pays under a G code): still a laboratory code", tables: ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\n80320\t\tI\t9\tXXX\n"]),
            RuleExample("J1100-91 x1", fires: ["1"], note: "status E: a drug", tables: ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\nJ1100\t\tE\t9\tXXX\n"]),
        ],
        denialCodes: ["CO-4"])

    static let bilateralNotAllowed = RuleDescriptor(
        id: "modifier.bilateral-not-allowed", name: "50 on a code that is not bilateral", severity: .error,
        summary: "Modifier 50 needs bilateral surgery indicator 1, 2 or 3 on the code's fee schedule row.",
        rationale: "BILAT SURG 0: the 150% adjustment does not apply (the code is not done bilaterally, or a bilateral code exists); 9: the concept does not apply.",
        source: "CMS PPRRVU BILAT SURG indicator; Claims Processing Manual, ch. 12, section 40.7",
        examples: [RuleExample("27447-50 x1"), RuleExample("45380-50 x1", fires: ["1"])],
        denialCodes: ["CO-4"])

    static let bilateralUnits = RuleDescriptor(
        id: "modifier.bilateral-units", name: "50 with more than one unit", severity: .error,
        summary: "A bilateral procedure with 50 is reported on one line with one unit: more units, or a second line with 50 for the same code and date on the claim, is reported.",
        rationale: "Medicare prices the bilateral procedure from one line with 50 and one unit of service.",
        source: "CMS Medicare Claims Processing Manual, ch. 12, section 40.7",
        examples: [RuleExample("27447-50 x1"), RuleExample("27447-50 x2", fires: ["1"]), RuleExample("20610-50 x1; 20610-50 x1", fires: ["2"])],
        denialCodes: ["CO-16", "M53"])

    static let multipleNotAllowed = RuleDescriptor(
        id: "modifier.multiple-procedure-not-allowed", name: "51 on an add-on or a code exempt from multiple-procedure rules", severity: .error,
        summary: "Modifier 51 on an add-on code (global ZZZ, or an add-on in the add-on table) or on a code whose multiple procedure indicator is not 1, 2, 3, 4, 6 or 7: 0 (no reduction), 5 (the therapy practice expense reduction) or 9 (the concept does not apply).",
        rationale: "Add-on codes and codes with MULT PROC 0 or 9 take no multiple-procedure reduction, and the therapy reduction (5) is applied without a modifier, so 51 is invalid on them; Medicare ranks multiple procedures itself.",
        source: "CMS PPRRVU MULT PROC indicator; NCCI Policy Manual, ch. I",
        examples: [
            RuleExample("27447-51 x1"), RuleExample("29881-51 x1", note: "MULT PROC 3, endoscopy"), RuleExample("93000-51 x1", note: "MULT PROC 6"),
            RuleExample("37253-51 x1", fires: ["1"]), RuleExample("99213-51 x1", fires: ["1"]),
            RuleExample("87253-51 x1", fires: ["1"], note: "MULT PROC 9: a laboratory test"),
            RuleExample("97110-51 x1", fires: ["1"], note: "MULT PROC 5: therapy", tables: ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\tmult\n97110\t\tA\t7\tXXX\t5\n"]),
            RuleExample("2024-08-14 | 29881-51 x1", fires: ["1"], note: "an add-on by a pack's add-on row in force", tables: ["addons.tsv": "addon\tprimary\ttype\tsource\teffective\n29881\t29880\t1\tPAYER\t2024-01-01\n"]),
            RuleExample("2024-08-14 | 29881-51 x1", note: "the pack's add-on row ended before the date (an add-on release replaced by a later one ends so)", tables: ["addons.tsv": "addon\tprimary\ttype\tsource\tdeletion\n29881\t29880\t1\tPAYER\t2024-06-30\n"]),
        ],
        denialCodes: ["CO-4"])

    static let splitCareNotAllowed = RuleDescriptor(
        id: "modifier.split-care-not-allowed", name: "54, 55 or 56 on a code without a global period", severity: .error,
        summary: "Modifier 54 (surgical care only), 55 (post-operative management only) or 56 (pre-operative management only) on a code whose global days are 000, XXX or MMM.",
        rationale: "Split care divides a 010 or 090 procedure's global package between physicians, paid at its PRE, INTRA and POST OP shares; a code with no post-operative period (000, XXX) or whose package rules are not the global surgery ones (MMM, maternity) has nothing to split. Not reported on ZZZ (an add-on takes its primary's period) or YYY (the contractor sets the period).",
        source: "CMS PPRRVU GLOB DAYS and PRE/INTRA/POST OP shares; Claims Processing Manual, ch. 12, section 40",
        examples: [
            RuleExample("27447-54 x1", note: "global 090"), RuleExample("17000-55 x1", note: "global 010"),
            RuleExample("99213-54 x1", fires: ["1"], note: "global XXX"), RuleExample("71046-55 x1", fires: ["1"]),
            RuleExample("11042-56 x1", fires: ["1"], note: "global 000"),
            RuleExample("37253-54 x1", note: "ZZZ: the primary's period"),
        ],
        denialCodes: ["CO-4"])

    static let discontinuedReview = RuleDescriptor(
        id: "modifier.discontinued-review", name: "53 on a code the fee schedule does not price with 53", severity: .warning,
        summary: "Modifier 53 (discontinued procedure) on a code with no -53 row in the fee schedule.",
        rationale: "The fee schedule prices 53 only for the colonoscopies 45378, 44388, G0105 and G0121 (their -53 rows); elsewhere a discontinued procedure is priced by the contractor on review of the documentation. A warning: payment depends on that review.",
        source: "CMS PPRRVU rows with modifier 53",
        examples: [RuleExample("45378-53 x1", note: "a -53 row"), RuleExample("27447-53 x1", fires: ["1"])],
        denialCodes: ["CO-16", "N29"])

    static let coSurgeonNotAllowed = RuleDescriptor(
        id: "modifier.co-surgeon-not-allowed", name: "62 where co-surgeons are not permitted", severity: .error,
        summary: "Modifier 62 on a code with co-surgeon indicator 0 or 9.",
        rationale: "CO-SURG 0: co-surgeons not permitted; 9: the concept does not apply.",
        source: "CMS PPRRVU CO-SURG indicator; Claims Processing Manual, ch. 12, section 40.8",
        examples: [RuleExample("22633-62 x1", note: "CO-SURG 2"), RuleExample("45380-62 x1", fires: ["1"])],
        denialCodes: ["CO-54"])

    static let coSurgeonDocumentation = RuleDescriptor(
        id: "modifier.co-surgeon-documentation", name: "62 that needs documentation", severity: .warning,
        summary: "Modifier 62 on a code with co-surgeon indicator 1: payable only with documentation of medical necessity.",
        rationale: "CO-SURG 1: co-surgeons could be paid; supporting documentation is required.",
        source: "CMS PPRRVU CO-SURG indicator; Claims Processing Manual, ch. 12, section 40.8",
        examples: [RuleExample("22633-62 x1"), RuleExample("27447-62 x1", fires: ["1"], note: "CO-SURG 1")],
        denialCodes: ["CO-16", "N29"])

    static let teamNotAllowed = RuleDescriptor(
        id: "modifier.team-not-allowed", name: "66 where team surgery is not permitted", severity: .error,
        summary: "Modifier 66 on a code with team surgery indicator 0 or 9.",
        rationale: "TEAM SURG 0: team surgeons not permitted; 9: the concept does not apply.",
        source: "CMS PPRRVU TEAM SURG indicator; Claims Processing Manual, ch. 12, section 40.8",
        examples: [RuleExample("33945-66 x1", note: "TEAM 2"), RuleExample("27447-66 x1", fires: ["1"], note: "TEAM 0")],
        denialCodes: ["CO-54"])

    static let teamDocumentation = RuleDescriptor(
        id: "modifier.team-documentation", name: "66 that needs documentation", severity: .warning,
        summary: "Modifier 66 on a code with team surgery indicator 1: payable only with documentation, by report.",
        rationale: "TEAM SURG 1: team surgeons could be paid with supporting documentation.",
        source: "CMS PPRRVU TEAM SURG indicator",
        examples: [
            RuleExample("33945-66 x1"),
            RuleExample("33945-66 x1", fires: ["1"], note: "a hypothetical TEAM 1 row", tables: ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\tteam\n33945\t\tR\t0\t090\t1\n"]),
        ], denialCodes: ["CO-16", "N29"])

    static let assistantNotAllowed = RuleDescriptor(
        id: "modifier.assistant-not-allowed", name: "Assistant at surgery not paid", severity: .error,
        summary: "Modifier 80, 81, 82 or AS on a code with assistant at surgery indicator 1 (statutory payment restriction) or 9.",
        rationale: "ASST SURG 1: assistants at surgery are never paid for this procedure; 9: the concept does not apply.",
        source: "CMS PPRRVU ASST SURG indicator; Claims Processing Manual, ch. 12, section 20.4.3",
        examples: [
            RuleExample("27447-80 x1", note: "ASST 2"), RuleExample("45380-80 x1", fires: ["1"], note: "ASST 1, statutory"), RuleExample("87253-AS x1", fires: ["1"]),
            RuleExample("72159-TC-80 x1", fires: ["1"], note: "read from the -TC row (ASST 9), not the global row (ASST 2)", tables: componentRow),
            RuleExample("72159-80 x1", note: "the global row: ASST 2", tables: componentRow),
        ], denialCodes: ["CO-54"])

    /// A code whose -TC row differs from its global row, as 49 real codes' rows do.
    static let componentRow = ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\tasst\n72159\t\tA\t1\tXXX\t2\n72159\tTC\tA\t1\tXXX\t9\n72159\t26\tA\t1\tXXX\t2\n"]

    static let assistantDocumentation = RuleDescriptor(
        id: "modifier.assistant-documentation", name: "Assistant at surgery needs documentation", severity: .warning,
        summary: "Modifier 80, 81, 82 or AS on a code with assistant at surgery indicator 0: paid only when documentation shows it was medically necessary.",
        rationale: "ASST SURG 0: the payment restriction for assistants applies unless supporting documentation establishes medical necessity.",
        source: "CMS PPRRVU ASST SURG indicator",
        examples: [RuleExample("27447-80 x1"), RuleExample("29881-80 x1", fires: ["1"], note: "ASST 0")],
        denialCodes: ["CO-16", "N29"])

    static let all = [
        unknown, tooMany, repeated, evaluationOnly, procedureOnly, laboratoryOnly, bilateralNotAllowed, bilateralUnits, multipleNotAllowed,
        splitCareNotAllowed, discontinuedReview, coSurgeonNotAllowed, coSurgeonDocumentation, teamNotAllowed, teamDocumentation, assistantNotAllowed, assistantDocumentation,
    ]

    private static let evaluationModifiers: ModifierBits = ["24", "25", "57", "FT"]
    private static let procedureModifiers: ModifierBits = ["58", "78", "79"]
    private static let assistantModifiers: ModifierBits = ["80", "81", "82", "AS"]
    private static let componentModifiers: ModifierBits = ["26", "TC", "53"]
    private static let splitCareModifiers: ModifierBits = ["54", "55", "56"]

    /// The modifiers that appear more than once, in the order of their second appearance.
    private static func repeatsInOrder(_ list: ModifierList) -> [Modifier] {
        var seen: Set<Modifier> = []
        var repeats: [Modifier] = []
        var reported: Set<Modifier> = []
        for m in list where !seen.insert(m).inserted && reported.insert(m).inserted { repeats.append(m) }
        return repeats
    }

    /// Modifier 50 is reported on one line: a second line with 50 for the same code and date
    /// of a claim is reported.
    static func check(claim c: Int, index: BatchIndex, sink: inout FindingSink) {
        let entries = index.entries(ofClaim: c)
        // Most claims have no line with 50: they make no dictionary (about 100 instructions).
        guard let firstBilateral = entries.firstIndex(where: { $0.modifiers.contains("50") }) else { return }
        struct Key: Hashable { var code: ProcedureCode; var date: ServiceDate }
        var first: [Key: LineEntry] = [:]
        for e in entries[firstBilateral...] where e.modifiers.contains("50") {
            let key = Key(code: e.code, date: e.date)
            if let earlier = first[key] {
                let number = index.number(of: earlier)
                sink.emit(bilateralUnits, e) {
                    "\(describe(e)) repeats the bilateral procedure of line \(number) on \(e.date.iso); a bilateral procedure with 50 is reported on one line with 1 unit. Remove this line."
                }
            } else {
                first[key] = e
            }
        }
    }

    /// The edits `check(line:)` makes, with PC/TC's: those that judge a line by its own
    /// modifiers.
    static let lineRules = all + PCTCRules.all

    /// The first of `lineRules` whose finding on `e` is an error under the packs' switches, so
    /// that the line is not paid as billed, by its rule's number: `PCTCRules.check(line:)` and
    /// `check(line:)` themselves, run as a probe of `sink` (their findings weighed, not
    /// recorded). Nil when the line has no modifier, or every modifier edit passes it or only
    /// warns (53, or 62, 66 or 80 that need documentation: paid with it). For the add-on edits,
    /// which pay an add-on only with a paid primary. (The claim's second line with 50 for a
    /// code and date, `check(claim:)`, is not asked: the first line stands.)
    static func denial(of e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) -> UInt32? {
        guard !e.modifiers.isEmpty else { return nil }
        sink.startProbe()
        PCTCRules.check(line: e, tables: tables, index: index, sink: &sink)
        check(line: e, tables: tables, index: index, sink: &sink)
        return sink.endProbe()
    }

    static func check(line e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) {
        guard !e.modifiers.isEmpty else { return }
        // Every modifier for these three; the edits below see the four a claim carries.
        let all = index.modifiers(of: e)
        // Named only when a message is written.
        @Sendable func name() -> String { e.code.text + all.suffix }
        if all.count > 4 {
            sink.emit(tooMany, e) { "\(name()) has \(all.count) modifiers; a line holds at most four. Keep the four that affect payment (pricing modifiers first) and drop the rest." }
        }
        // Distinct modifiers in order, and those repeated (a line has a few: no hash set, and
        // lists that hold four inline, so the usual line allocates nothing).
        var distinct = ModifierList()
        var repeats = ModifierList()
        for m in all {
            if !distinct.contains(m) {
                distinct.append(m)
            } else if !repeats.contains(m) {
                repeats.append(m)
            }
            // A hostile line with thousands of modifiers: stop comparing each with all.
            if distinct.count > 64 {
                distinct = ModifierList(Set(all))
                repeats = ModifierList(repeatsInOrder(all))
                break
            }
        }
        if !repeats.isEmpty {
            let repeats = repeats
            sink.emit(repeated, e) { "\(name()) repeats modifier \(repeats.map(\.text).joined(separator: " and ")); report each modifier once." }
        }
        if distinct.contains(where: { !Modifier.knownBits.contains($0) }) {
            for m in distinct.sorted() where !Modifier.knownBits.contains(m) {
                sink.emit(unknown, e) { "\(name()): '\(m)' is not a CPT or HCPCS modifier; check for a typo (for example RT/LT, 59, XS)." }
            }
        }
        let isEM = e.code.isEvaluationAndManagement
        if !isEM, let m = e.modifiers.first(in: evaluationModifiers) {
            sink.emit(evaluationOnly, e) { "\(name()): modifier \(m) is for evaluation and management services (99202-99499), not \(e.code). Remove it; for a procedure in a global period use 58, 78 or 79." }
        }
        if isEM, let m = e.modifiers.first(in: procedureModifiers) {
            sink.emit(procedureOnly, e) { "\(name()): modifier \(m) is for procedures, not the E/M \(e.code). Use 24 (unrelated post-op visit), 25 (same-day significant E/M), 57 (decision for surgery) or FT instead." }
        }
        if e.modifiers.contains("91") {
            // Status X: the clinical laboratory fee schedule; A, R, T: paid on the physician
            // fee schedule, so not a clinical laboratory test. Any other status (I, N, C...:
            // drug tests, autopsies, carrier-priced tests) says nothing either way: by the code.
            let status = tables.pointee.codes.row(e.code)?.status
            let paidOnTheFeeSchedule = status == "A" || status == "R" || status == "T"
            if paidOnTheFeeSchedule || status != "X" && !e.code.isLaboratoryCode {
                sink.emit(laboratoryOnly, e) {
                    "\(name()): modifier 91 is for a clinical laboratory test repeated for a new result, and \(e.code) is not one"
                        + (paidOnTheFeeSchedule ? " (its fee schedule status is \(status ?? ""): paid on the physician fee schedule)" : "")
                        + ". Remove 91; for another procedure on the same day use 59 or XE/XS/XP/XU, or 76/77 for a repeat procedure, if they apply."
                }
            }
        }
        // Indicators come from the (code, modifier) row: a -26, -TC or -53 line has its own.
        let component = e.modifiers.first(in: componentModifiers)
        guard let row = component.flatMap({ tables.pointee.codes.row(e.code, modifier: $0) }) ?? tables.pointee.codes.row(e.code) else { return }
        let bilateral = row.bilateral, coSurgeon = row.coSurgeon, team = row.team, assistant = row.assistant
        if e.modifiers.contains("50") {
            if ![1, 2, 3].contains(row.bilateral) {
                sink.emit(bilateralNotAllowed, e) { "\(name()): modifier 50 is not allowed on \(e.code), whose bilateral surgery indicator is \(bilateral) (\(bilateral == 0 ? "the bilateral adjustment does not apply" : "not applicable")). Remove 50; if both sides were treated, check whether RT/LT lines or a bilateral code apply." }
            } else if case let units = index.units(of: e), units != Units(1) {
                sink.emit(bilateralUnits, e) { "\(name()) reports \(units) units; a bilateral procedure with 50 is one line with 1 unit." }
            }
        }
        if e.modifiers.contains("51") {
            // An add-on by the fee schedule (ZZZ) or by an add-on row in force on the date (an
            // add-on release cut to its dates keeps rows a later release dropped, out of force).
            let isAddon = row.global == .addOn || tables.pointee.addons.requirements(for: e.code).contains { $0.rows.contains { $0.inForce(on: e.date) } }
            let multiple = row.multipleProcedure
            if isAddon || ![1, 2, 3, 4, 6, 7].contains(multiple) {
                let why = isAddon ? "it is an add-on code, exempt from the multiple-procedure reduction"
                    : multiple == 5 ? "its multiple procedure indicator is 5 (the therapy practice expense reduction, which applies without 51)"
                    : multiple == 0 ? "its multiple procedure indicator is 0 (no reduction applies)"
                    : "its multiple procedure indicator is \(multiple) (the concept does not apply)"
                sink.emit(multipleNotAllowed, e) { "\(name()): modifier 51 is not valid on \(e.code): \(why). Remove 51." }
            }
        }
        if let m = e.modifiers.first(in: splitCareModifiers), [.zero, .notApplicable, .maternity].contains(row.global) {
            let global = row.global
            sink.emit(splitCareNotAllowed, e) { "\(name()): modifier \(m) (split surgical care) is for procedures with a 010 or 090 global period, and \(e.code)'s global days are \(global.rawValue). Remove \(m)." }
        }
        if e.modifiers.contains("53"), tables.pointee.codes.row(e.code, modifier: "53") == nil {
            sink.emit(discontinuedReview, e) { "\(name()): the fee schedule prices a discontinued procedure (53) only for 45378, 44388, G0105 and G0121; for \(e.code) the contractor prices it on review. Send the operative note with the claim." }
        }
        if e.modifiers.contains("62") {
            switch row.coSurgeon {
            case 2: break
            case 1: sink.emit(coSurgeonDocumentation, e) { "\(name()): co-surgeons are paid for \(e.code) (co-surgeon indicator 1) only with documentation of medical necessity; send the operative notes of both surgeons." }
            default: sink.emit(coSurgeonNotAllowed, e) { "\(name()): co-surgeons are not permitted for \(e.code) (co-surgeon indicator \(coSurgeon)). Remove 62; an assisting surgeon bills with 80/82 if allowed." }
            }
        }
        if e.modifiers.contains("66") {
            switch row.team {
            case 2: break
            case 1: sink.emit(teamDocumentation, e) { "\(name()): team surgery for \(e.code) (team indicator 1) is paid only with documentation, by report." }
            default: sink.emit(teamNotAllowed, e) { "\(name()): team surgery is not permitted for \(e.code) (team indicator \(team)). Remove 66." }
            }
        }
        if let m = e.modifiers.first(in: assistantModifiers) {
            switch row.assistant {
            case 2: break
            case 0: sink.emit(assistantDocumentation, e) { "\(name()): an assistant at surgery (\(m)) for \(e.code) (assistant indicator 0) is paid only when documentation shows it was medically necessary." }
            default: sink.emit(assistantNotAllowed, e) { "\(name()): an assistant at surgery (\(m)) is not paid for \(e.code) (assistant indicator \(assistant)\(assistant == 1 ? ": statutory payment restriction" : ": not applicable")). Remove the line." }
            }
        }
    }
}
