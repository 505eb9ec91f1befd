/// A table file of a rule pack: UTF-8 text, `#` comments (`# source: ...` names the table's
/// source), a header row naming the columns, then tab-separated rows. The rows are split into
/// fields one at a time as they are read (`rows`), not held: a row kept as an array of fields
/// and one of columns took about 18 times its bytes (a 12 MB `mue.tsv` of 500,000 rows, 214 MB).
struct PackTable {
    struct Row {
        var line: Int
        var fields: [Substring]
        var columns: [Int]  // 1-based column where each field starts

        init(line: Int, text: Substring, capacity: Int = 0) {
            self.line = line
            fields = []
            columns = []
            fields.reserveCapacity(capacity)
            columns.reserveCapacity(capacity)
            // Split on the UTF-8 bytes: a row is read once per pack load, and the pack's
            // 4,000 rows were a third of the command's start-up through generic `split`.
            let utf8 = text.utf8
            var start = utf8.startIndex
            var i = start
            var col = 1
            while true {
                if i == utf8.endIndex || utf8[i] == 0x09 {
                    fields.append(Substring(utf8[start..<i]))
                    columns.append(col)
                    col += utf8.distance(from: start, to: i) + 1
                    if i == utf8.endIndex { break }
                    i = utf8.index(after: i)
                    start = i
                } else {
                    i = utf8.index(after: i)
                }
            }
        }
    }

    var file: String
    var header: [String]
    var headerLine: Int
    var directives: [String: String]
    /// The file's text, whose rows `rows` reads.
    private var text: String

    /// The rows after the header, in file order, each split as it is reached.
    var rows: some Sequence<Row> {
        let headerLine = headerLine, width = header.count
        return text.fileLines.enumerated().lazy
            .filter { $0.offset + 1 > headerLine && !PackTable.isBlankOrComment($0.element) }
            .map { Row(line: $0.offset + 1, text: $0.element, capacity: width) }
    }

    /// A blank line, or a comment: a `#` first, after any spaces and tabs (an indented `#`
    /// line was read as a row).
    private static func isBlankOrComment(_ line: Substring) -> Bool {
        commentBody(line) != nil || line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// What follows the `#` of a comment line (one whose first byte other than spaces and
    /// tabs is `#`); nil for any other line.
    private static func commentBody(_ line: Substring) -> Substring? {
        let utf8 = line.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex, utf8[i] == 0x20 || utf8[i] == 0x09 { i = utf8.index(after: i) }
        guard i != utf8.endIndex, utf8[i] == UInt8(ascii: "#") else { return nil }
        return Substring(utf8[utf8.index(after: i)...])
    }

    static func parse(_ text: String, file: String) throws(PackError) -> PackTable {
        var header: [String]?
        var headerLine = 1
        var directives: [String: String] = [:]
        var lineNumber = 0
        for line in text.fileLines {
            lineNumber += 1
            if let comment = commentBody(line) {
                let body = comment.drop { $0 == " " }
                if let colon = body.firstIndex(of: ":"), !body[..<colon].contains(" ") {
                    directives[String(body[..<colon]).lowercased()] = String(body[body.index(after: colon)...].drop { $0 == " " })
                }
                continue
            }
            if header == nil, !isBlankOrComment(line) {
                header = Row(line: lineNumber, text: line).fields.map { $0.trimmingSpaces.lowercased() }
                headerLine = lineNumber
            }
        }
        guard let header else {
            throw PackError(file: file, line: max(lineNumber, 1), column: 1, message: "the table has no header row")
        }
        return PackTable(file: file, header: header, headerLine: headerLine, directives: directives, text: text)
    }

    /// Checks the header names against the columns a table kind knows.
    func requireColumns(_ required: [String], optional: [String]) throws(PackError) -> PackColumns {
        var map: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            guard required.contains(name) || optional.contains(name) else {
                throw PackError(file: file, line: headerLine, column: 1, message: "unknown column '\(name)'; expected one of: \((required + optional).joined(separator: ", "))")
            }
            guard map[name] == nil else {
                throw PackError(file: file, line: headerLine, column: 1, message: "column '\(name)' appears twice")
            }
            map[name] = i
        }
        for name in required where map[name] == nil {
            throw PackError(file: file, line: headerLine, column: 1, message: "missing column '\(name)'; the header must name: \(required.joined(separator: ", "))")
        }
        return PackColumns(indices: map)
    }

}

/// The columns a table's header names, by name: each reader takes its `PackColumn`s once, before
/// its rows, rather than hashing a column's name for every field of every row.
struct PackColumns {
    var indices: [String: Int]

    subscript(name: String) -> PackColumn { PackColumn(name: name, index: indices[name]) }
}

/// One column of a table: its name (for messages) and its place in a row, nil when the header
/// leaves it out.
struct PackColumn {
    var name: String
    var index: Int?
}

extension PackTable.Row {
    /// The field of `column`, without spaces around it; empty when the header or the row leaves it out.
    func field(_ column: PackColumn) -> Substring {
        guard let i = column.index, i < fields.count else { return "" }
        return fields[i].trimmingSpaces
    }

    /// The 1-based column where the field of `column` starts; when the row (or the header)
    /// leaves it out, the column just after the row's last field, where it would go.
    func column(_ column: PackColumn) -> Int {
        guard let i = column.index, i < columns.count else {
            guard let start = columns.last, let last = fields.last else { return 1 }
            return start + last.utf8.count
        }
        return columns[i]
    }
}

extension String {
    /// The lines of a text file (a rule pack's), split at each LF, with the CR of a CRLF line end
    /// dropped: a file saved with CRLF line ends reads as one with LF ends. Split on the UTF-8
    /// bytes: `split` on the `String` compares characters, and CR LF is one character, so a CRLF
    /// file came out as a single line. The last line is the text after the last LF (empty when
    /// the text ends with one). Found one at a time as they are read.
    var fileLines: FileLines { FileLines(text: self) }
}

/// The lines of a text, as `String.fileLines` tells.
struct FileLines: Sequence {
    var text: String

    struct Iterator: IteratorProtocol {
        let utf8: String.UTF8View
        var start: String.Index
        var done = false

        mutating func next() -> Substring? {
            guard !done else { return nil }
            var i = start
            while i != utf8.endIndex, utf8[i] != 0x0A { i = utf8.index(after: i) }
            let line = utf8[start..<i]
            if i == utf8.endIndex { done = true } else { start = utf8.index(after: i) }
            return Substring(line.last == 0x0D ? line.dropLast() : line)
        }
    }

    func makeIterator() -> Iterator { Iterator(utf8: text.utf8, start: text.utf8.startIndex) }
}

extension Substring {
    /// Without spaces (and CRs) at either end; on the UTF-8 bytes, not the characters.
    var trimmingSpaces: Substring { trimmingBytes { $0 == 0x20 || $0 == 0x0D } }

    /// Without spaces, tabs and CRs at either end.
    var trimmingBlanks: Substring { trimmingBytes { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }

    /// Without the ASCII bytes `drop` picks at either end.
    func trimmingBytes(_ drop: (UInt8) -> Bool) -> Substring {
        let utf8 = self.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start != end, drop(utf8[start]) { start = utf8.index(after: start) }
        while start != end {
            let last = utf8.index(before: end)
            guard drop(utf8[last]) else { break }
            end = last
        }
        return start == utf8.startIndex && end == utf8.endIndex ? self : Substring(utf8[start..<end])
    }
}

/// A rule pack file that could not be loaded, with its location.
public struct PackError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): error: \(message)" }

    public var diagnostic: Diagnostic {
        Diagnostic(id: "pack.invalid", severity: .error, message: message, location: SourceLocation(file: file, line: line, column: column))
    }
}
