/// Plain-text descriptions of rules, for `claimlint rules explain`.
public enum RuleText {
    public static func explain(_ r: RuleDescriptor) -> String {
        var out = "\(r.id) (\(r.severity.rawValue)): \(r.name)\n\n\(r.summary)\n\nWhy: \(r.rationale)\nSource: \(r.source)\n"
        if !r.denialCodes.isEmpty { out += "Denial codes: \(r.denialCodes.joined(separator: ", "))\n" }
        if !r.examples.isEmpty {
            out += "\nExamples (DATE | CODE-MODS xUNITS; claims separated by ||):\n"
            for e in r.examples {
                let verdict = e.mustPass ? "passes" : "fires on line \(e.fires.joined(separator: ", "))"
                out += "  \(e.claims)  -> \(verdict)\(e.note.isEmpty ? "" : " (\(e.note))")\(e.tables.isEmpty ? "" : " [with example tables]")\n"
            }
        }
        return out
    }
}
