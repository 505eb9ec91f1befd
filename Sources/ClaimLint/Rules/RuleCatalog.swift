/// Every rule kind the engine has, in one explicit list. A test checks that ids are unique,
/// dotted by family, documented, and that each rule has examples that fire and pass.
public enum RuleCatalog {
    public static let all: [RuleDescriptor] =
        AddonRules.all + UnitsRules.all + MUERules.all + PCTCRules.all + CodeRules.all + StatusRules.all + PTPRules.all
        + GlobalRules.all + ModifierRules.all

    private static let byID: [String: RuleDescriptor] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static func descriptor(_ id: String) -> RuleDescriptor? { byID[id] }

    /// The families, in catalog order.
    public static var families: [String] {
        var seen: [String] = []
        for r in all where !seen.contains(r.family) { seen.append(r.family) }
        return seen
    }
}
