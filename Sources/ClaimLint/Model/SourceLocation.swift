/// Where something came from in an input file: 1-based line and column, and for X12 the
/// segment's ordinal in the file and its byte offset and length.
public struct SourceLocation: Hashable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    /// 1-based ordinal of the X12 segment in the file.
    public var segment: Int?
    /// 0-based byte offset of the segment or field in the file.
    public var byteOffset: Int?
    public var byteLength: Int?

    public init(file: String, line: Int, column: Int, segment: Int? = nil, byteOffset: Int? = nil, byteLength: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.segment = segment
        self.byteOffset = byteOffset
        self.byteLength = byteLength
    }
}

extension SourceLocation: CustomStringConvertible {
    public var description: String { "\(file):\(line):\(column)" }
}
