/// What a payer would deny (or question) on a claim line, and why.
///
/// A finding made by the edits holds how to write its message, not the text: the text is
/// written each time `message` is read (a report reads it once), so a batch's findings do not
/// keep hundreds of bytes of text each until the report is written.
///
/// Its stored fields are in the order that leaves the least padding (144 bytes, where the order
/// of the initializer's arguments takes 160): a large batch's report holds a million of them.
public struct Finding: Hashable, Sendable {
    /// Dotted rule id; its first part is the edit family (`addon.primary-missing`).
    public var rule: String
    public var claimID: String
    /// The service line's number within its claim.
    public var line: Int
    /// What is wrong, what was expected and what to do.
    public var message: String {
        get { messageText.string }
        set { messageText = .text(newValue) }
    }
    var messageText: MessageText
    public var severity: Severity
    public var code: ProcedureCode
    public var location: SourceLocation

    public init(rule: String, severity: Severity, claimID: String, line: Int, code: ProcedureCode, message: String, location: SourceLocation) {
        self.rule = rule
        self.severity = severity
        self.claimID = claimID
        self.line = line
        self.code = code
        self.messageText = .text(message)
        self.location = location
    }

    init(rule: String, severity: Severity, claimID: String, line: Int, code: ProcedureCode, messageText: MessageText, location: SourceLocation) {
        self.rule = rule
        self.severity = severity
        self.claimID = claimID
        self.line = line
        self.code = code
        self.messageText = messageText
        self.location = location
    }

    public static func == (a: Finding, b: Finding) -> Bool {
        a.rule == b.rule && a.severity == b.severity && a.claimID == b.claimID && a.line == b.line && a.code == b.code
            && a.location == b.location && a.message == b.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rule)
        hasher.combine(severity)
        hasher.combine(claimID)
        hasher.combine(line)
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(location)
    }

    /// The rule's family, the first dotted part of its id.
    public var family: String { String(rule.prefix { $0 != "." }) }
}

/// A message as the edits record it: its text, or a function that writes it when read. The
/// function captures only the values the message names (codes, dates, numbers), never the
/// batch's index or tables.
enum MessageText: Sendable {
    case text(String)
    case deferred(@Sendable () -> String)

    var string: String {
        switch self {
        case .text(let s): s
        case .deferred(let write): write()
        }
    }
}
