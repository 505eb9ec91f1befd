/// `pctc`: modifiers 26 and TC are valid only where the fee schedule has a row for that
/// (code, modifier): PC/TC 1 takes both, 6 takes 26 only, every other indicator neither.
enum PCTCRules {
    static let modifierNotAllowed = RuleDescriptor(
        id: "pctc.modifier-not-allowed", name: "26 or TC on a code without that component", severity: .error,
        summary: "Modifier 26 or TC is billed on a code whose fee schedule has no row for that (code, modifier).",
        rationale: "Only diagnostic tests with PC/TC indicator 1 split into a professional (26) and technical (TC) component, and indicator 6 codes take 26 only. Codes that are already professional-only (2), technical-only (3), global-only (4) or not applicable (9) are denied with either modifier.",
        source: "CMS Medicare Physician Fee Schedule relative value file (PPRRVU), PC/TC indicator; Claims Processing Manual, ch. 12, section 20.4",
        examples: [
            RuleExample("88348-26 x1", note: "PC/TC 1"),
            RuleExample("88348-TC x1"),
            RuleExample("0856T-TC x1", fires: ["1"], note: "PC/TC 3: already technical only"),
            RuleExample("93010-26 x1", fires: ["1"], note: "PC/TC 2: already professional only"),
            RuleExample("86353-26 x1", fires: ["1"], note: "PC/TC 9: not applicable"),
            RuleExample("99213-26 x1", fires: ["1"], note: "PC/TC 0: a physician service"),
        ], denialCodes: ["CO-4"])

    static let bothComponents = RuleDescriptor(
        id: "pctc.both-components", name: "26 and TC on one line", severity: .error,
        summary: "Modifiers 26 and TC together on one line.",
        rationale: "A line is the professional component, the technical component, or the global service; 26 with TC is the global service and is billed without either modifier.",
        source: "CMS Claims Processing Manual, ch. 12, section 20.4",
        examples: [
            RuleExample("88348-26-TC x1", fires: ["1"]),
            RuleExample("88348 x1"),
        ], denialCodes: ["CO-4"])

    static let all = [modifierNotAllowed, bothComponents]

    static let meaning: [UInt8: String] = [
        0: "0, a physician service with no components",
        1: "1, a diagnostic test with professional and technical components",
        2: "2, a professional-component-only code",
        3: "3, a technical-component-only code",
        4: "4, a global-test-only code (its components have their own codes)",
        5: "5, an incident-to service",
        6: "6, a laboratory physician interpretation (26 only)",
        7: "7, a physical therapy service",
        8: "8, a physician interpretation code",
        9: "9, not applicable",
    ]

    static func check(line e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) {
        let has26 = e.modifiers.contains(.professional)
        let hasTC = e.modifiers.contains(.technical)
        guard has26 || hasTC, let global = tables.pointee.codes.row(e.code) else { return }
        var invalid: [Modifier] = []
        if has26, tables.pointee.codes.row(e.code, modifier: .professional) == nil { invalid.append(.professional) }
        if hasTC, tables.pointee.codes.row(e.code, modifier: .technical) == nil { invalid.append(.technical) }
        let pctc = global.pctc
        if !invalid.isEmpty {
            let invalid = invalid
            sink.emit(modifierNotAllowed, e) {
                let indicator = meaning[pctc] ?? String(pctc)
                let mods = invalid.map(\.text).joined(separator: " and ")
                let allowed: String
                switch pctc {
                case 1: allowed = "26 and TC are both priced for it"
                case 6: allowed = "only 26 is priced for it"
                default: allowed = "bill it without 26 or TC"
                }
                return "\(describe(e)): modifier \(mods) is not valid on \(e.code); its PC/TC indicator is \(indicator), and the fee schedule has no \(e.code)-\(invalid[0]) row. Remove \(mods): \(allowed)."
            }
        } else if has26 && hasTC {
            sink.emit(bothComponents, e) {
                "\(describe(e)) carries both 26 and TC; together they are the global service. Bill \(e.code) without either modifier, or the one component you performed."
            }
        }
    }
}
