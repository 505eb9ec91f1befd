/// Plain-text descriptions of rules, for `claimlint rules explain`.
public enum RuleText {
    /// `r` described as the loaded packs have it: `settings` are their switches (a rule turned
    /// off, or given another severity), and `found` what each of its examples finds with their
    /// tables (`RuleTester.examples(of:packs:)`), shown where it is not what the example says.
    /// Without them, the rule as written.
    public static func explain(_ r: RuleDescriptor, settings: RuleSettings = RuleSettings(), found: [RuleTester.Result]? = nil) -> String {
        let state: String
        if settings.isDisabled(r.id) {
            state = "off: a pack loaded disables it; \(settings.severity(of: r).rawValue) when on"
        } else if settings.severity(of: r) != r.severity {
            state = "\(settings.severity(of: r).rawValue), set by a pack loaded; \(r.severity.rawValue) by default"
        } else {
            state = r.severity.rawValue
        }
        var out = "\(r.id) (\(state)): \(r.name)\n\n\(r.summary)\n\nWhy: \(r.rationale)\nSource: \(r.source)\n"
        if !r.denialCodes.isEmpty { out += "Denial codes: \(r.denialCodes.joined(separator: ", "))\n" }
        if !r.examples.isEmpty {
            out += "\nExamples (DATE | CODE-MODS xUNITS; claims separated by ||):\n"
            if settings.isDisabled(r.id) { out += "  (what the rule finds when on)\n" }
            let found = found.flatMap { $0.count == r.examples.count ? $0 : nil }
            for (i, e) in r.examples.enumerated() {
                let said = (e.mustPass ? "passes" : "fires on line \(e.fires.joined(separator: ", "))") + (e.note.isEmpty ? "" : " (\(e.note))")
                let tables = e.tables.isEmpty ? "" : " [with example tables]"
                guard let result = found?[i], !result.passed else {
                    out += "  \(e.claims)  -> \(said)\(tables)\n"
                    continue
                }
                // The loaded tables find otherwise (a pack's MUE of 2 passes the bundled
                // pack's `89353 x2`): what they find, then what the example says.
                let actual: String
                if let error = result.error {
                    actual = "cannot be checked with the packs loaded (\(error))"
                } else if result.actual.isEmpty {
                    actual = "passes with the packs loaded"
                } else {
                    // Lines of a one-claim example without their claim's number, as it writes them.
                    let oneClaim = !e.claims.contains("||")
                    let lines = result.actual.map { oneClaim && $0.hasPrefix("1/") ? String($0.dropFirst(2)) : $0 }
                    actual = "fires on line \(lines.joined(separator: ", ")) with the packs loaded"
                }
                out += "  \(e.claims)  -> \(actual)\(tables); the example says: \(said)\n"
            }
        }
        return out
    }
}
