/// `units`: units of service must be positive; codes counted per item take whole units, and
/// their count belongs in the units of one line.
enum UnitsRules {
    static let notPositive = RuleDescriptor(
        id: "units.not-positive", name: "Units of service not positive", severity: .error,
        summary: "Every service line reports more than zero units.",
        rationale: "X12 SV104 and box 24G carry a positive quantity; payers and clearinghouses reject zero or negative units.",
        source: "ASC X12 005010X222A1 SV104; CMS-1500 instructions, item 24G",
        examples: [
            RuleExample("99213 x1"),
            RuleExample("99213 x0", fires: ["1"]),
            RuleExample("99213 x-1", fires: ["1"]),
        ], denialCodes: ["CO-16", "M53"])

    static let fractional = RuleDescriptor(
        id: "units.fractional", name: "Fractional units on a code counted per item", severity: .error,
        summary: "A code whose units count items (each isolate, each aliquot, each lesion...) takes whole units.",
        rationale: "The units of a per-item code are the number of items; a fraction of an isolate or aliquot cannot be billed.",
        source: "CPT unit-of-service conventions; bundled pack counted.tsv",
        examples: [
            RuleExample("87253 x2"),
            RuleExample("87253 x1.5", fires: ["1"]),
            RuleExample("A0425 x12.5", note: "mileage is not counted per item and takes tenths"),
        ], denialCodes: ["CO-16", "M53"])

    static let duplicateLine = RuleDescriptor(
        id: "units.duplicate-line", name: "Counted code repeated on a second line", severity: .error,
        summary: "The same per-item code twice on one claim and date, without a distinguishing modifier (59, XE, XS, XP, XU, 76, 77, 91 or anatomic), is reported on the later line.",
        rationale: "For per-item codes the count belongs in the units of one line; a second identical line reads as a duplicate and is denied. Lines that carry a distinguishing modifier are separate services.",
        source: "CMS Medicare Claims Processing Manual, ch. 23 (units of service); NCCI Policy Manual, ch. I (MUE)",
        examples: [
            RuleExample("87253 x1; 87253 x1", fires: ["2"]),
            RuleExample("87253 x2"),
            RuleExample("87253 x1; 87253-59 x1", note: "59 marks a separate service"),
            RuleExample("87253-91 x1; 87253-91 x1", note: "repeat tests with 91 are reported one per line"),
            RuleExample("2024-08-14 | 87253 x1; 2024-08-15 | 87253 x1", note: "another date"),
            RuleExample("87253 x1 || 87253 x1", note: "another claim: the date total is the MUE's business"),
            RuleExample("99213 x1; 99213 x1", note: "not a counted code"),
        ], denialCodes: ["CO-18"])

    static let all = [notPositive, fractional, duplicateLine]

    static func check(line e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) {
        let units = index.units(of: e)
        if !units.isPositive {
            sink.emit(notPositive, e) { "\(describe(e)) has \(units) units; units of service must be more than zero. Correct the quantity or remove the line." }
        } else if !units.isWhole, let per = tables.pointee.counted[e.code] {
            sink.emit(fractional, e) { "\(describe(e)) has \(units) units, but its units count each \(per); report a whole number of \(per)s." }
        }
    }

    static func check(claim c: Int, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        let entries = index.entries(ofClaim: c)
        guard entries.count > 1 else { return }
        // Most claims repeat no code on a date: then no table is looked at.
        if entries.count <= 32 {
            var repeats = false
            search: for i in entries.indices {
                for j in entries.indices where j > i && entries[j].code == entries[i].code && entries[j].date == entries[i].date {
                    repeats = true
                    break search
                }
            }
            if !repeats { return }
        }
        struct Key: Hashable { var code: ProcedureCode; var date: ServiceDate }
        var first: [Key: LineEntry] = [:]
        for e in entries {
            guard let per = sets[Int(e.tableSet)].counted[e.code], !e.modifiers.containsAny(of: Modifier.distinguishingBits) else { continue }
            let key = Key(code: e.code, date: e.date)
            if let earlier = first[key] {
                let number = index.number(of: earlier)
                sink.emit(duplicateLine, e) {
                    "\(describe(e)) repeats line \(number) (\(describe(earlier))) on \(e.date.iso); its units count each \(per), so report the total in the units of line \(number), or add 59/XS/91 or an anatomic modifier if this is a separate service."
                }
            } else {
                first[key] = e
            }
        }
    }
}
