/// A table file of a rule pack: UTF-8 text, `#` comments (`# source: ...` names the table's
/// source), a header row naming the columns, then tab-separated rows. The rows are split into
/// fields one at a time as they are read (`rows`), not held: a row kept as an array of fields
/// and one of columns took about 18 times its bytes (a 12 MB `mue.tsv` of 500,000 rows, 214 MB).
struct PackTable {
    struct Row {
        var line: Int
        var fields: [Substring]
        var columns: [Int]  // 1-based column where each field starts

        init(line: Int, text: Substring) {
            self.line = line
            fields = []
            columns = []
            var col = 1
            for bytes in text.utf8.split(separator: 0x09, omittingEmptySubsequences: false) {
                fields.append(Substring(bytes))
                columns.append(col)
                col += bytes.count + 1
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
        let headerLine = headerLine
        return text.fileLines.enumerated().lazy
            .filter { $0.offset + 1 > headerLine && !PackTable.isBlankOrComment($0.element) }
            .map { Row(line: $0.offset + 1, text: $0.element) }
    }

    private static func isBlankOrComment(_ line: Substring) -> Bool {
        line.hasPrefix("#") || line.allSatisfy { $0 == " " || $0 == "\t" }
    }

    static func parse(_ text: String, file: String) throws(PackError) -> PackTable {
        var header: [String]?
        var headerLine = 1
        var directives: [String: String] = [:]
        var lineNumber = 0
        for line in text.fileLines {
            lineNumber += 1
            if line.hasPrefix("#") {
                let body = line.dropFirst().drop { $0 == " " }
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
    func requireColumns(_ required: [String], optional: [String]) throws(PackError) -> [String: Int] {
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
        return map
    }

}

extension PackTable.Row {
    func field(_ columns: [String: Int], _ name: String) -> Substring {
        guard let i = columns[name], i < fields.count else { return "" }
        return fields[i].trimmingSpaces
    }

    func column(_ columns: [String: Int], _ name: String) -> Int {
        guard let i = columns[name], i < self.columns.count else { return (self.columns.last ?? 1) }
        return self.columns[i]
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
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\r" { s.removeLast() }
        return s
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
