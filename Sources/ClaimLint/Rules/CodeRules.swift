/// `code`: a code billed outside its own effective and deletion dates.
enum CodeRules {
    static let notYetEffective = RuleDescriptor(
        id: "code.not-yet-effective", name: "Code billed before it took effect", severity: .error,
        summary: "The date of service is before the code's effective date.",
        rationale: "A HCPCS/CPT code is valid only from its effective date; a service before it must be reported with the code in force then.",
        source: "CMS HCPCS quarterly update; CPT category III release dates (0856T took effect 2024-01-01)",
        examples: [
            RuleExample("88348 x1; 0856T x1"),
            RuleExample("2023-12-31 | 88348 x1; 2023-12-31 | 0856T x1", fires: ["2"]),
        ], denialCodes: ["CO-181"])

    static let deleted = RuleDescriptor(
        id: "code.deleted", name: "Code billed after its deletion", severity: .error,
        summary: "The date of service is after the code's deletion date.",
        rationale: "A deleted code is not valid for dates of service after its deletion; report its replacement.",
        source: "CMS HCPCS quarterly update; PPRRVU status D/F",
        examples: [
            RuleExample("2024-12-31 | 99213 x1", tables: deletedAtEndOf2024),
            RuleExample("2025-01-02 | 99213 x1", fires: ["1"], tables: deletedAtEndOf2024),
        ], denialCodes: ["CO-181"])

    /// A hypothetical deletion, for the examples: the bundled codes are all current.
    static let deletedAtEndOf2024 = ["codes.tsv": "code\tmod\tstatus\tpctc\tglobal\tdeletion\n99213\t\tD\t0\tXXX\t2024-12-31\n"]

    static let all = [notYetEffective, deleted]

    /// Inlined into `LineRules.check`, which looks the line's code row up once for this and the
    /// status edits: called there as a function, it looked the row up once more than when
    /// inlined (770 instructions more per 5-line claim checked, callgrind). The dating of codes
    /// without a row in force (`ReferenceTables.codeDating`, from `--cms`) is looked up only
    /// for a line whose code has no row, or a dated one.
    @inline(__always) static func check(line e: LineEntry, row: CodeRow?, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) {
        guard let row else {
            if tables.pointee.codeDating.count > 0 { checkDating(line: e, tables: tables, index: index, sink: &sink) }
            return
        }
        guard row.effective != nil || row.deletion != nil else { return }
        if tables.pointee.codeDating.count > 0, checkAbsence(line: e, tables: tables, sink: &sink) { return }
        check(line: e, effective: row.effective, deletion: row.deletion, index: index, sink: &sink)
    }

    /// The rule of the code-date edit that denies the line `e` (whose code's row is `row`), as
    /// `check(line:row:tables:index:sink:)` judges it, run as a probe of `sink` (an error it
    /// would record denies: a pack may disable either edit or make it a warning); nil when the
    /// code is valid on the line's dates. For the add-on edits, which pay an add-on only with a
    /// paid primary: a deleted or not yet effective code is not a valid code.
    static func denial(of e: LineEntry, row: CodeRow?, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) -> UInt32? {
        sink.startProbe()
        check(line: e, row: row, tables: tables, index: index, sink: &sink)
        return sink.endProbe()
    }

    @inline(__always) private static func check(line e: LineEntry, effective: ServiceDate?, deletion: ServiceDate?, index: BatchIndex, sink: inout FindingSink) {
        if let eff = effective, e.date < eff {
            sink.emit(notYetEffective, e) { "\(describe(e)) is dated \(e.date.iso), before \(e.code) took effect on \(eff.iso). Check the date of service, or report the code that was in force on that date." }
        } else if let del = deletion, case let through = index.through(of: e), through > del {
            sink.emit(deleted, e) { "\(describe(e)) is dated \(through.iso), after \(e.code) was deleted on \(del.iso). Report the code that replaced it." }
        }
    }

    /// A line whose code has no row: a pack's dates for the code decide, else what the loaded
    /// fee schedules show on the line's date.
    @inline(never) private static func checkDating(line e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) {
        guard let d = tables.pointee.codeDating[CodeTable.key(e.code, nil)] else { return }
        if d.effective != nil || d.deletion != nil {
            check(line: e, effective: d.effective, deletion: d.deletion, index: index, sink: &sink)
        } else {
            _ = checkAbsence(line: e, tables: tables, sink: &sink)
        }
    }

    /// Whether the fee schedules of the line's period judge its code (a finding is then made).
    @inline(never) private static func checkAbsence(line e: LineEntry, tables: UnsafePointer<ReferenceTables>, sink: inout FindingSink) -> Bool {
        guard let a = tables.pointee.codeDating[CodeTable.key(e.code, nil)]?.absence, a.period.contains(e.date) else { return false }
        let explanation = a.explanation
        switch a.kind {
        case .notYetEffective:
            sink.emit(notYetEffective, e) { "\(describe(e)) is dated \(e.date.iso), before \(e.code) took effect: it \(explanation). Check the date of service, or report the code that was in force on that date." }
        case .deleted:
            sink.emit(deleted, e) { "\(describe(e)) is dated \(e.date.iso), after \(e.code) was deleted: it \(explanation). Report the code that replaced it." }
        }
        return true
    }
}
