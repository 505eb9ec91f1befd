/// `status`: the fee schedule's status code for a code (PPRRVU STATUS CODE). Only A, R and T
/// are paid from their RVUs; B and P are bundled, I is not valid for Medicare, N is not covered,
/// and T is paid only when no other fee schedule service is paid that day.
///
/// Left alone: X (paid on another fee schedule: clinical laboratory, ambulance), E (excluded by
/// regulation: drugs and biologicals, paid on their own schedules when covered), C
/// (contractor-priced), R (restricted coverage), M (measurement codes), J (anesthesia: the
/// anesthesia fee schedule), and D, F, G, H (deleted codes, `code.deleted`, by their dates).
enum StatusRules {
    static let bundled = RuleDescriptor(
        id: "status.bundled", name: "Bundled code billed", severity: .error,
        summary: "A code of fee schedule status B (bundled): never paid separately.",
        rationale: "Status B services are always bundled into the payment for the service they belong to; Medicare pays nothing for them as a line of their own, with another service on the day or alone.",
        source: "CMS PPRRVU status indicator B (RVU README, status codes)",
        examples: [
            RuleExample("22841 x1", fires: ["1"], note: "status B"),
            RuleExample("22633 x1; 22841 x1", fires: ["2"], note: "with the service it belongs to, still not paid"),
            RuleExample("22633 x1", note: "status A"),
        ], denialCodes: ["CO-97"])

    static let bundledOrExcluded = RuleDescriptor(
        id: "status.bundled-or-excluded", name: "Code not paid on the physician fee schedule", severity: .warning,
        summary: "A code of fee schedule status P (bundled or excluded): no payment on the physician fee schedule.",
        rationale: "Status P items are bundled into the physician service they are furnished with, or excluded from the fee schedule. A warning: whether another benefit pays an excluded item depends on things the claim does not show. The CARC (CO-97 when bundled) is not in the fee schedule file.",
        source: "CMS PPRRVU status indicator P (RVU README, status codes)",
        examples: [
            RuleExample("A4220 x1", fires: ["1"], note: "status P"),
            RuleExample("99213 x1; A4220 x1", fires: ["2"]),
            RuleExample("99213 x1"),
        ], denialCodes: ["CO-97"])

    static let notValid = RuleDescriptor(
        id: "status.not-valid-for-medicare", name: "Code not valid for Medicare", severity: .error,
        summary: "A code of fee schedule status I: not valid for Medicare purposes; Medicare uses another code for the service.",
        rationale: "Status I codes (dental D codes, private-payer S codes, Medicaid H and T codes, CPT codes Medicare replaces with a G code, such as the drug tests 80305-80377) are not accepted for the service; report the code Medicare uses. The CARC is not in the fee schedule file: CO-181 (code invalid on the date of service) is the usual choice; some payers use CO-4 or reject the line.",
        source: "CMS PPRRVU status indicator I (RVU README, status codes)",
        examples: [
            RuleExample("D1701 x1", fires: ["1"], note: "status I"),
            RuleExample("80320 x1", fires: ["1"], note: "status I: Medicare pays the drug test under a G code"),
            RuleExample("99213 x1"),
        ], denialCodes: ["CO-181"])

    static let nonCovered = RuleDescriptor(
        id: "status.non-covered", name: "Non-covered code", severity: .error,
        summary: "A code of fee schedule status N: not covered by Medicare.",
        rationale: "Status N services (preventive visits 99381-99397, many supplies) are not covered by Medicare, so the line is denied. The CARC is not in the fee schedule file: CO-96 (non-covered charge) is the usual choice, with group PR when the patient is liable.",
        source: "CMS PPRRVU status indicator N (RVU README, status codes)",
        examples: [
            RuleExample("A4457 x1", fires: ["1"], note: "status N"),
            RuleExample("99381 x1", fires: ["1"], note: "a preventive visit"),
            RuleExample("99213 x1"),
        ], denialCodes: ["CO-96"])

    static let injectionWithService = RuleDescriptor(
        id: "status.injection-with-service", name: "Status T code with another fee schedule service", severity: .error,
        summary: "A code of fee schedule status T with another service paid on the physician fee schedule (status A, R or C, and not denied by another edit), same patient, provider and date, anywhere in the batch.",
        rationale: "Status T services are paid only when no other service payable under the physician fee schedule is paid on the same date to the same provider; otherwise their payment is bundled into that service. A service another edit denies (the column 2 code of a PTP edit, units over the MUE, a modifier not valid on it, an add-on without a paid primary, a visit inside a global package) is not paid, so the T code is paid alone. Alone, or with services paid on other schedules (a status X laboratory test), they are paid. Two status T codes on one date are not reported.",
        source: "CMS PPRRVU status indicator T (RVU README, status codes)",
        examples: [
            RuleExample("99213 x1; 94760 x1", fires: ["2"], note: "pulse oximetry with a visit"),
            RuleExample("99213 x1 || 96523 x1", fires: ["2/1"], note: "the visit on another claim"),
            RuleExample("94760 x1", note: "alone: paid"),
            RuleExample("94760 x1; 87253 x1", note: "a status X laboratory test is paid on another schedule"),
            RuleExample("94760 x1; 94761 x1", note: "two status T codes"),
            RuleExample("99213 x1 || member=M2 : 94760 x1", note: "another patient"),
            RuleExample("99213 x1 || 94760 x1 @1811111115", note: "another provider"),
            RuleExample("2024-08-13 | 99213 x1; 94760 x1", note: "another date"),
            RuleExample("94760 x1; 0856T x1", note: "an add-on of 94760 (a hypothetical pack row) is reported with it as one service, not another", tables: addonOfT),
            RuleExample("99213 x1; 94760 x1; 0856T x1", fires: ["2"], note: "the visit is another service", tables: addonOfT),
            RuleExample(
                "94760 x1; 0856T x1", fires: ["1"], note: "the row deleted before the date: 0856T is no add-on of 94760",
                tables: ["addons.tsv": "addon\tprimary\ttype\tdeletion\n0856T\t94760\t1\t2024-06-30\n"]),
            RuleExample("94760 x1; 99213 x1", note: "PTP 94760/99213 denies the visit (column 2 of the T code itself): 94760 is paid", tables: oximetryOverVisit),
            RuleExample(
                "94760 x1; 99213 x1", fires: ["1"], note: "a pack makes that PTP edit a warning: the visit is paid again",
                tables: oximetryOverVisit.merging(["pack.txt": "severity: ptp.pair warning\n"]) { $1 }),
            RuleExample("94760 x1; 99213-25 x1", fires: ["1"], note: "25 on the visit bypasses that edit", tables: oximetryOverVisit),
            RuleExample("94760 x1; 11045 x1", note: "an add-on billed without its primary 11042 is not paid"),
            RuleExample(
                "94760 x1; 11045 x1", fires: ["1"], note: "a pack makes the add-on edit a warning: 11045 is paid",
                tables: ["pack.txt": "severity: addon.primary-missing warning\n"]),
            RuleExample("94760 x1; 27447 x2", note: "2 units of 27447 are over its MUE of 1 a date (MAI 2): denied"),
            RuleExample("94760 x1; 27447 x1", fires: ["1"]),
            RuleExample("94760 x1; 11042-26 x1", note: "26 is not valid on 11042 (PC/TC 0): the line is denied as billed"),
            RuleExample(
                "94760 x1; 11042-26 x1", fires: ["1"], note: "a pack makes the PC/TC edit a warning",
                tables: ["pack.txt": "severity: pctc.modifier-not-allowed warning\n"]),
            RuleExample(
                "2024-08-01 | 27447 x1 || 2024-08-14 | 99213 x1; 2024-08-14 | 94760 x1",
                note: "the visit falls in 27447's post-operative period without 24: part of its package, not paid"),
            RuleExample("2024-08-01 | 27447 x1 || 2024-08-14 | 99213-24 x1; 2024-08-14 | 94760 x1", fires: ["2/2"], note: "24: an unrelated visit, paid"),
            RuleExample("36598 x1; 99213 x1", note: "36598 has global 000: the visit, lacking 25, is part of its package, not paid"),
            RuleExample("36598 x1; 99213-25 x1", fires: ["1"], note: "25: the visit is paid, and 36598 is bundled into it"),
        ], denialCodes: ["CO-97"])

    /// A hypothetical pack row: 0856T an add-on of the status T code 94760.
    static let addonOfT = ["addons.tsv": "addon\tprimary\ttype\n0856T\t94760\t1\n"]

    /// The CMS PTP row 94760/99213 (indicator 1, in force from 2024-07-01), which the bundled
    /// pack lacks: the visit is column 2 of the T code.
    static let oximetryOverVisit = ["ptp.tsv": "column1\tcolumn2\teffective\tdeletion\tmodifier\n94760\t99213\t2024-07-01\t\t1\n"]

    static let all = [bundled, bundledOrExcluded, notValid, nonCovered, injectionWithService]

    /// The edits of a line's own status (`check(line:)`).
    static let lineRules = [bundled, bundledOrExcluded, notValid, nonCovered]

    /// B, P, I and N, from the line's global row (no code has a component row of another of
    /// these statuses). One byte compared: the usual line (status A) costs a comparison or two.
    @inline(__always) static func check(line e: LineEntry, row: CodeRow?, sink: inout FindingSink) {
        guard let status = row?.statusCode else { return }
        switch status {
        case UInt8(ascii: "B"):
            sink.emit(bundled, e) { "\(describe(e)): \(e.code) has fee schedule status B (bundled): Medicare never pays it separately; its payment is included in the service it is part of. Remove the line." }
        case UInt8(ascii: "P"):
            sink.emit(bundledOrExcluded, e) { "\(describe(e)): \(e.code) has fee schedule status P (bundled or excluded): it is not paid on the physician fee schedule; furnished with a physician service, its payment is in that service. Remove the line unless another benefit pays it." }
        case UInt8(ascii: "I"):
            sink.emit(notValid, e) { "\(describe(e)): \(e.code) has fee schedule status I: it is not valid for Medicare, which reports this service with another code. Report the code Medicare uses." }
        case UInt8(ascii: "N"):
            sink.emit(nonCovered, e) { "\(describe(e)): \(e.code) has fee schedule status N: Medicare does not cover it, and the line is denied. Remove it from the Medicare claim unless a denial is wanted (for another payer or the patient)." }
        default:
            break
        }
    }

    /// A status T line among the lines of one patient, provider and date with another line whose
    /// status is A, R or C and that is paid: no other edit denies it (`AddonRules.denial`;
    /// `windows`, the global windows `GlobalRules.check` laid out for the group, for its package).
    /// The T codes are a few (8 in CY2024) and kept apart by the code table, so a date's lines are
    /// compared with them without a row lookup each; the other lines are asked only on a date
    /// with a T code, each once for all the date's T codes (`FindingSink.payments`).
    static func check(group: EntryRun, windows: [GlobalRules.Window], index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        guard sink.makes(injectionWithService) else { return }
        index.forEachDate(in: group) { run in
            guard run.count > 1 else { return }
            var started = false
            for t in run {
                // The cheap test first, here: `bundling` is called only for a T code.
                let e = index.entries[Int(t)]
                guard (sets.baseAddress! + Int(e.tableSet)).pointee.codes.isInjectionOnly(e.code) else { continue }
                if !started {
                    sink.payments.start(count: run.count, growing: false)
                    started = true
                }
                guard let (a, status) = bundling(of: t, in: run, windows: windows, index: index, sets: sets, asks: PaymentAsks(), sink: &sink) else { continue }
                let other = LineName(a), number = index.number(of: a)
                let claim = a.claim == e.claim ? nil : index.claimID(of: a)
                sink.emit(injectionWithService, e) {
                    let place = claim.map { "claim \($0) line \(number)" } ?? "line \(number)"
                    return "\(describe(e)) on \(e.date.iso): \(e.code) has fee schedule status T, paid only when no other physician fee schedule service is paid that day to the same provider, and \(other.text) (status \(status), \(place)) is. Its payment is bundled into that service: remove the line."
                }
            }
        }
    }

    /// The first other line of `run` (the lines of one patient, provider and date, in batch
    /// order) paid on the physician fee schedule, and its status, into whose payment the line
    /// at `t` is bundled when its code has status T; nil when it has not, or no such line is
    /// paid. A line of status A, R or C that another edit denies (`AddonRules.denial`, asked
    /// within `asks`: a PTP edit, the T code's own among them, its MUE, its modifiers, a global
    /// package, an add-on without a paid primary) is no service paid: the T code is paid alone.
    /// (A T code is never the other service, so two T codes do not ask about each other.) An
    /// add-on of the T code (`AddonRules.isAddon`) is not another service either: it is reported
    /// with its primary as one. The status edit and the add-on edit (asking whether the T code
    /// is a paid primary) both judge by this. The answers are kept for the run
    /// (`FindingSink.payments`, started on `run`).
    static func bundling(
        of t: Int32, in run: EntryRun, windows: [GlobalRules.Window], index: BatchIndex, sets: TableSets, asks: PaymentAsks, sink: inout FindingSink
    ) -> (LineEntry, Character)? {
        let e = index.entries[Int(t)]
        guard (sets.baseAddress! + Int(e.tableSet)).pointee.codes.isInjectionOnly(e.code) else { return nil }
        for k in run.startIndex..<run.endIndex where run[k] != t {
            let o = run[k], a = index.entries[Int(o)]
            guard let status = paidStatus(a, sets: sets), !AddonRules.isAddon(a, reportedWith: e.code, sets: sets) else { continue }
            let denied = AddonRules.denial(
                of: o, at: Int32(k - run.startIndex), excluding: -1, run: run, windows: windows, denials: sink.addonDenials, index: index, sets: sets,
                asks: asks, sink: &sink)
            if denied == nil { return (a, status) }
        }
        return nil
    }

    /// What a status the line edits deny means, in a few words.
    static func meaning(_ status: UInt8) -> String {
        switch status {
        case UInt8(ascii: "B"): "bundled: never paid separately"
        case UInt8(ascii: "P"): "bundled or excluded"
        case UInt8(ascii: "I"): "not valid for Medicare"
        case UInt8(ascii: "N"): "not covered"
        default: "not paid"
        }
    }

    /// Which status edits count, for the add-on edits: the packs' switches may turn a rule off
    /// or make it a warning (as status P is by default).
    struct Denials {
        /// Any edit of the line's own status (B, P, I, N).
        var line: Bool
        /// Status T with another fee schedule service.
        var injection: Bool
        var any: Bool { line || injection }
    }

    /// Why a status edit denies a line (statuses as their ASCII bytes).
    enum Denial: Sendable, BitwiseCopyable {
        /// The line's own status (B, I, N; P when a pack makes it an error).
        case status(UInt8)
        /// Status T, with this other service (and its status) on the date.
        case bundled(into: LineName, status: UInt8)
    }

    /// The status (B, P, I or N, as its ASCII byte) by which an edit of the line's own status
    /// denies the line `e`, as `check(line:)` judges it (run as a probe of `sink`: an error it
    /// would record denies); nil when none does. `row` is the line's code row, which the add-on
    /// edit looks up once for this and the code-date edits (`CodeRules.denial`). For the add-on
    /// edits, which pay an add-on only with a paid primary; status T with another service is
    /// `bundling(of:...)`.
    static func denial(of e: LineEntry, row: CodeRow, sink: inout FindingSink) -> UInt8? {
        sink.startProbe()
        check(line: e, row: row, sink: &sink)
        return sink.endProbe() != nil ? row.statusCode : nil
    }

    /// The status of a line paid on the physician fee schedule (A, R or C), read from its
    /// (code, modifier) row for a 26 or TC line (a PC/TC 6 code's global row is X, its -26 row
    /// A); nil for any other status or no row.
    private static func paidStatus(_ e: LineEntry, sets: TableSets) -> Character? {
        // Through the set's address: binding its code table would retain the table's storage.
        let set = sets.baseAddress! + Int(e.tableSet)
        let component = e.modifiers.contains(.professional) ? Modifier.professional : e.modifiers.contains(.technical) ? .technical : nil
        guard let row = component.flatMap({ set.pointee.codes.row(e.code, modifier: $0) }) ?? set.pointee.codes.row(e.code) else { return nil }
        switch row.statusCode {
        case UInt8(ascii: "A"): return "A"
        case UInt8(ascii: "R"): return "R"
        case UInt8(ascii: "C"): return "C"
        default: return nil
        }
    }
}
