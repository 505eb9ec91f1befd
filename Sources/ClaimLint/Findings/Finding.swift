/// What a payer would deny (or question) on a claim line, and why.
///
/// A finding made by the edits holds how to write its message, not the text: the text is
/// written each time `message` is read (a report reads it once), so a batch's findings do not
/// keep hundreds of bytes of text each until the report is written.
///
/// Its stored fields are in the order that leaves the least padding, and its location is packed
/// (`FindingPlace`): 112 bytes, where a `SourceLocation` field took 144 and the order of the
/// initializer's arguments 160. A large batch's report holds a million of them.
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
    public var location: SourceLocation {
        get { place.location }
        set { place = FindingPlace(newValue) }
    }
    var place: FindingPlace
    /// The finding's claim's position in the batch the engine checked, or -1 (a finding made
    /// otherwise): what tells apart claims that share an id when rejected claims are counted.
    /// Not compared. Last, in the place's padding: the size stays 112 bytes.
    var claimPosition: Int32 = -1

    public init(rule: String, severity: Severity, claimID: String, line: Int, code: ProcedureCode, message: String, location: SourceLocation) {
        self.rule = rule
        self.severity = severity
        self.claimID = claimID
        self.line = line
        self.code = code
        self.messageText = .text(message)
        self.place = FindingPlace(location)
    }

    init(
        rule: String, severity: Severity, claimID: String, line: Int, code: ProcedureCode, messageText: MessageText, location: SourceLocation,
        claimPosition: Int32 = -1
    ) {
        self.claimPosition = claimPosition
        self.rule = rule
        self.severity = severity
        self.claimID = claimID
        self.line = line
        self.code = code
        self.messageText = messageText
        self.place = FindingPlace(location)
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

/// A `SourceLocation` in 41 bytes instead of 73: line, column, segment and length as 32-bit
/// numbers (an absent segment or length as `UInt32.max`), the byte offset as 64 bits (absent:
/// `Int64.min`). A location with a value that does not fit (a negative line, a line past
/// 4,294,967,294) is kept whole, in a box.
enum FindingPlace: Sendable {
    case packed(file: String, line: UInt32, column: UInt32, segment: UInt32, length: UInt32, offset: Int64)
    indirect case whole(SourceLocation)

    private static let absent = UInt32.max

    init(_ l: SourceLocation) {
        func small(_ v: Int) -> UInt32? { v >= 0 && v < Int(FindingPlace.absent) ? UInt32(v) : nil }
        func optional(_ v: Int?) -> UInt32? {
            guard let v else { return FindingPlace.absent }
            return small(v)
        }
        if let line = small(l.line), let column = small(l.column), let segment = optional(l.segment), let length = optional(l.byteLength),
            let offset = l.byteOffset.map({ Int64(exactly: $0).flatMap { $0 == Int64.min ? nil : $0 } }) ?? Int64.min
        {
            self = .packed(file: l.file, line: line, column: column, segment: segment, length: length, offset: offset)
        } else {
            self = .whole(l)
        }
    }

    var location: SourceLocation {
        switch self {
        case .packed(let file, let line, let column, let segment, let length, let offset):
            SourceLocation(
                file: file, line: Int(line), column: Int(column), segment: segment == FindingPlace.absent ? nil : Int(segment),
                byteOffset: offset == Int64.min ? nil : Int(offset), byteLength: length == FindingPlace.absent ? nil : Int(length))
        case .whole(let l): l
        }
    }
}
