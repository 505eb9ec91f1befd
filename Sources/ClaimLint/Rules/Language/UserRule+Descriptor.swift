extension UserRule {
    /// The rule as the reports and `rules explain` describe rules.
    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: id, name: name, severity: severity, summary: summary, rationale: rationale.isEmpty ? "(none given)" : rationale,
            source: (source.isEmpty ? "" : source + "; ") + "\(location.file):\(location.line)",
            examples: examples.map { RuleExample($0.claims, fires: $0.fires) }, denialCodes: denialCodes)
    }

    /// What the rule checks, in a sentence, from its statement.
    public var summary: String {
        switch statement {
        case .addon(let code, let primaries): return "\(code) is an add-on code of \(describeCodes(primaries))."
        case .counted(let code, let per): return "\(code) is counted per \(per)."
        case .limit(let code, let value, let mai):
            return "\(code) has a limit of \(value) unit\(value == 1 ? "" : "s") per \(mai == .line ? "line" : "date")\(mai == .dateOfServiceClinical ? ", appealable" : "")."
        case .pair(let c1, let c2, let ind): return "\(c2) is not billed with \(c1)\(ind == 1 ? " unless an NCCI-associated modifier separates them" : "")."
        case .conditional: return message.isEmpty ? name : message
        }
    }
}
