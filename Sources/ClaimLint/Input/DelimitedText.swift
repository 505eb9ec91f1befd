/// Splits delimited text (CSV or TSV) into records, RFC 4180 style: quoted fields may hold the
/// delimiter, doubled quotes and line breaks; CRLF, LF and a UTF-8 byte order mark are accepted.
/// Each field keeps the line and column where it starts, for diagnostics.
struct DelimitedText {
    struct Field {
        var bytes: ArraySlice<UInt8>
        var line: Int
        var column: Int
        /// Text of the field, unquoted.
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    struct Record {
        var line: Int
        var fields: [Field]
        var isBlank: Bool { fields.allSatisfy { $0.bytes.allSatisfy { $0 == UInt8(ascii: " ") } } }
    }

    enum Problem: Error {
        case unterminatedQuote(line: Int, column: Int)
        case textAfterQuote(line: Int, column: Int)
    }

    let bytes: [UInt8]
    let delimiter: UInt8
    private var position: Int
    private var line = 1
    private var lineStart: Int

    init(bytes: [UInt8], delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        position = bom
        lineStart = bom
    }

    /// Guesses the delimiter from the first line: a tab if it has more tabs than commas.
    static func guessDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var tabs = 0, commas = 0
        for b in bytes {
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\t") { tabs += 1 } else if b == UInt8(ascii: ",") { commas += 1 }
        }
        return tabs > commas ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    /// The next record, or nil at the end. A malformed quote ends the record at the end of the
    /// line and reports the problem.
    mutating func next() -> Result<Record, Problem>? {
        guard position < bytes.count else { return nil }
        let recordLine = line
        var fields: [Field] = []
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), quote = UInt8(ascii: "\"")
        while true {
            let column = position - lineStart + 1
            let fieldLine = line
            if position < bytes.count, bytes[position] == quote {
                // Quoted field: copy, undoubling quotes.
                var out: [UInt8] = []
                position += 1
                var closed = false
                while position < bytes.count {
                    let b = bytes[position]
                    if b == quote {
                        if position + 1 < bytes.count, bytes[position + 1] == quote {
                            out.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        closed = true
                        break
                    }
                    if b == lf {
                        line += 1
                        lineStart = position + 1
                    }
                    out.append(b)
                    position += 1
                }
                guard closed else {
                    return .failure(.unterminatedQuote(line: fieldLine, column: column))
                }
                fields.append(Field(bytes: out[...], line: fieldLine, column: column))
                if position < bytes.count, bytes[position] != delimiter, bytes[position] != cr, bytes[position] != lf {
                    let problemColumn = position - lineStart + 1
                    skipLine()
                    return .failure(.textAfterQuote(line: line - 1, column: problemColumn))
                }
            } else {
                let start = position
                while position < bytes.count, bytes[position] != delimiter, bytes[position] != lf {
                    position += 1
                }
                var end = position
                if end > start, bytes[end - 1] == cr, position >= bytes.count || bytes[position] == lf { end -= 1 }
                fields.append(Field(bytes: bytes[start..<end], line: fieldLine, column: column))
            }
            if position >= bytes.count { break }
            if bytes[position] == delimiter {
                position += 1
                if position >= bytes.count {
                    fields.append(Field(bytes: [], line: line, column: position - lineStart + 1))
                    break
                }
                continue
            }
            if bytes[position] == cr { position += 1 }
            if position < bytes.count, bytes[position] == lf {
                position += 1
                line += 1
                lineStart = position
            }
            break
        }
        return .success(Record(line: recordLine, fields: fields))
    }

    private mutating func skipLine() {
        while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
        if position < bytes.count {
            position += 1
            line += 1
            lineStart = position
        }
    }
}
