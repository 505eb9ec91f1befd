/// A rule kind's static description: the stable id users type, what it checks, why (with its
/// source), its default severity, and examples that must fire and must pass. The examples are
/// run as tests (`RuleExampleTests`), so a rule cannot ship with examples that fail.
public struct RuleDescriptor: Sendable, Hashable {
    /// Dotted id; the first part is the family (`addon.primary-missing`).
    public let id: String
    public let name: String
    public let severity: Severity
    /// What the rule checks, in a sentence.
    public let summary: String
    /// Why a payer denies it.
    public let rationale: String
    /// Where the rule comes from (CMS manual chapter, NCCI policy, CPT instruction).
    public let source: String
    public let examples: [RuleExample]
    /// The X12 adjustment codes a payer would use to deny it: CARCs with their group code
    /// (`CO-4`) and RARCs (`N362`). Codes only; their descriptions are licensed, and come from
    /// a file the user supplies (`--denial-codes`).
    public let denialCodes: [String]
    /// The id's number in `RuleNumbers`, which a finding's record keeps.
    let number: UInt32

    public init(id: String, name: String, severity: Severity, summary: String, rationale: String, source: String, examples: [RuleExample], denialCodes: [String] = []) {
        self.id = id
        self.name = name
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.source = source
        self.examples = examples
        self.denialCodes = denialCodes
        number = RuleNumbers.number(id)
    }

    public var family: String { String(id.prefix { $0 != "." }) }
}

/// A small batch of claims in example notation, and the lines the rule must fire on.
///
/// Notation (one claim per `||`, lines separated by `;`):
/// `[DATE |] CODE[-MOD...] [xUNITS] [@NPI]`, for instance `2024-03-12 | 27447-RT x1; 20610-LT x1`.
/// Claim options come first, before a colon: `member=M2 npi=1234567893 pos=21 born=1980-05-01
/// dx=Z12.11,K63.5 freq=7 :` (`npi` is the claim's rendering NPI, `billing` its billing NPI,
/// `freq` its frequency code). Defaults: date
/// 2024-08-14, one unit, member `M1`, billing and rendering NPI 1234567893.
/// `fires` lists `LINE` (first claim) or `CLAIM/LINE`, both 1-based; empty means it must pass.
public struct RuleExample: Sendable, Hashable {
    public let claims: String
    public let fires: [String]
    public let note: String
    /// Pack files (name to text) laid over the bundled pack for this example only, for rules
    /// whose cases the bundled codes do not show (a deleted code, a type 3 add-on).
    public let tables: [String: String]

    public init(_ claims: String, fires: [String] = [], note: String = "", tables: [String: String] = [:]) {
        self.claims = claims
        self.fires = fires
        self.note = note
        self.tables = tables
    }

    public var mustPass: Bool { fires.isEmpty }
}
