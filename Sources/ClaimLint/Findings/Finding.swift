/// What a payer would deny (or question) on a claim line, and why.
public struct Finding: Hashable, Sendable {
    /// Dotted rule id; its first part is the edit family (`addon.primary-missing`).
    public var rule: String
    public var severity: Severity
    public var claimID: String
    /// The service line's number within its claim.
    public var line: Int
    public var code: ProcedureCode
    /// What is wrong, what was expected and what to do.
    public var message: String
    public var location: SourceLocation

    public init(rule: String, severity: Severity, claimID: String, line: Int, code: ProcedureCode, message: String, location: SourceLocation) {
        self.rule = rule
        self.severity = severity
        self.claimID = claimID
        self.line = line
        self.code = code
        self.message = message
        self.location = location
    }

    /// The rule's family, the first dotted part of its id.
    public var family: String { String(rule.prefix { $0 != "." }) }
}
