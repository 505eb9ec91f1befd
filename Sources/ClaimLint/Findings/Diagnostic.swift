/// Something about an input (a claim file, a rule pack, a table) that could not be read as it
/// stands, or that the reader wants the user to know.
public struct Diagnostic: Hashable, Sendable {
    /// Dotted id of the kind of problem (`input.bad-code`, `input.missing-column`).
    public var id: String
    public var severity: Severity
    public var message: String
    /// nil for run-wide notes (such as dates outside the tables' period).
    public var location: SourceLocation?
    /// The field (column, element or key) concerned, and the value found, when there is one.
    public var field: String?
    public var value: String?
    /// How many problems it stands for: 1, or for the note that ends a file's diagnostics of an
    /// id past `ReadResult.perID`, how many of them are not listed (the summary counts them all).
    public var count = 1
    /// The claim of its file it was told while reading, by its ordinal among the file's claims
    /// (1 for the first; `UnreadableClaim.ordinal`); nil when about none, or the file itself.
    public var claimOrdinal: Int?

    public init(id: String, severity: Severity, message: String, location: SourceLocation?, field: String? = nil, value: String? = nil, claimOrdinal: Int? = nil) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.field = field
        self.value = value
        self.claimOrdinal = claimOrdinal
    }
}

/// An input that could not be read at all (missing file, unknown format, missing header).
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic
    public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
    public var description: String {
        (diagnostic.location.map { "\($0): " } ?? "") + diagnostic.message
    }
}
