/// Delimited text over an array's bytes, as the CMS and denial-code readers read it.
typealias DelimitedText = DelimitedTextReader<[UInt8]>

/// A record that could not be split into fields, or that is too large to keep.
enum DelimitedTextProblem: Error, Equatable {
    /// `lines`: the physical lines from the quote's to the end of the file, all inside it.
    case unterminatedQuote(line: Int, column: Int, lines: Int)
    case textAfterQuote(line: Int, column: Int)
    /// More than `DelimitedTextLimits.maxRecordBytes` bytes, line breaks inside quotes
    /// included: the record is read to its end, keeping no more than the limits allow
    /// (`DelimitedTextReader.overLimitFields`).
    case recordTooLong(line: Int, bytes: Int)
    /// More than `DelimitedTextLimits.maxFields` fields: the record is read to its end, keeping
    /// no more than the limits allow.
    case tooManyFields(line: Int, count: Int)

    /// A record over a limit (not malformed): its first fields are in the reader's
    /// `overLimitFields`.
    var isOverLimit: Bool {
        switch self {
        case .recordTooLong, .tooManyFields: true
        case .unterminatedQuote, .textAfterQuote: false
        }
    }

    /// Where the problem is: the quote's place, or the record's first line.
    var place: (line: Int, column: Int) {
        switch self {
        case .unterminatedQuote(let line, let column, _), .textAfterQuote(let line, let column): (line, column)
        case .recordTooLong(let line, _), .tooManyFields(let line, _): (line, 1)
        }
    }

    /// What is wrong, for a diagnostic; `record` names a record ("row", "line").
    func message(record: String) -> String {
        switch self {
        case .unterminatedQuote(_, _, let lines):
            "a quoted field opened here is never closed; the rest of the file (\(plural(lines, "line")) from here) is inside it and not read. Close the quote, or write a quote inside a value as two quotes (\"\")"
        case .textAfterQuote: "text follows a closing quote; write a quote inside a quoted field as two quotes (\"\")"
        case .recordTooLong(_, let bytes):
            "the \(record) is \(bytes) bytes long, more than the \(DelimitedTextLimits.maxRecordBytes) this reader accepts (a missing line break or a quote never closed runs \(record)s together)"
        case .tooManyFields(_, let count):
            "the \(record) has \(count) fields, more than the \(DelimitedTextLimits.maxFields) this reader accepts (is the delimiter right?)"
        }
    }
}

/// The limits that keep a hostile or broken file from exhausting memory, as the X12 scanner's
/// on a segment: no claim file or CMS table has records near them.
enum DelimitedTextLimits {
    /// The longest record kept, in bytes.
    static let maxRecordBytes = 64 * 1024
    /// The most fields a kept record has.
    static let maxFields = 512
}

/// Splits delimited text (CSV or TSV) into records, RFC 4180 style: quoted fields may hold the
/// delimiter, doubled quotes and line breaks; CRLF, LF and a UTF-8 byte order mark are accepted.
/// Each field keeps the line and column where it starts, for diagnostics. `Bytes` is an array,
/// or a mapped file read in place (`UnsafeRawBufferPointer`).
struct DelimitedTextReader<Bytes: RandomAccessCollection> where Bytes.Element == UInt8, Bytes.Index == Int {
    struct Field {
        fileprivate enum Content {
            /// An unquoted field, as it stands in the text.
            case span(Bytes.SubSequence)
            /// A quoted field, unquoted.
            case unquoted([UInt8])
        }

        fileprivate var content: Content
        var line: Int
        var column: Int

        /// Text of the field, unquoted.
        var text: String {
            switch content {
            case .span(let s): String(decoding: s, as: UTF8.self)
            case .unquoted(let a): String(decoding: a, as: UTF8.self)
            }
        }

        /// Whether the field's bytes are UTF-8 (else `text` holds U+FFFD for those that are
        /// not, which takes more bytes than they do).
        var isUTF8: Bool { text.utf8.count == count }

        /// Text of the field read as Latin-1 (ISO-8859-1), each byte one character: for a
        /// field whose bytes are not UTF-8 (`text` then holds U+FFFD for them).
        var latin1Text: String {
            switch content {
            case .span(let s): String(String.UnicodeScalarView(s.map { Unicode.Scalar($0) }))
            case .unquoted(let a): String(String.UnicodeScalarView(a.map { Unicode.Scalar($0) }))
            }
        }

        /// Bytes of the field, unquoted.
        var count: Int {
            switch content {
            case .span(let s): s.count
            case .unquoted(let a): a.count
            }
        }

        var isBlank: Bool {
            switch content {
            case .span(let s): s.allSatisfy { $0 == UInt8(ascii: " ") }
            case .unquoted(let a): a.allSatisfy { $0 == UInt8(ascii: " ") }
            }
        }
    }

    struct Record {
        var line: Int
        var fields: [Field]
        var isBlank: Bool { fields.allSatisfy(\.isBlank) }
    }

    typealias Problem = DelimitedTextProblem

    let bytes: Bytes
    let delimiter: UInt8
    /// A byte of the record `next()` returned last is not ASCII: its fields may not be UTF-8
    /// (`Field.isUTF8`). Not in `Record`, whose result a flag more made slower to pass on.
    private(set) var lastRecordHasNonASCII = false
    private var position: Int
    private var line = 1
    private var lineStart: Int
    /// Fields of the last record: the next is sized for as many, so that a row of a dozen
    /// fields is not grown from one in five steps.
    private var lastFieldCount = 0
    /// The fields kept of the last record reported over a limit (at most `maxFields` of them,
    /// their quoted ones cut to `maxRecordBytes` copied bytes in all), so that a reader can tell
    /// whose record it was.
    private(set) var overLimitFields: [Field] = []

    /// Where the next record starts.
    var offset: Int { position }
    /// The line the next record starts on, and the offset where that line starts.
    var place: (line: Int, lineStart: Int) { (line, lineStart) }

    init(bytes: Bytes, delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        position = bom
        lineStart = bom
    }

    /// A reader that starts at `position`, a record start found by a pre-scan
    /// (`CSVParallelReader`), with the line and the offset where it starts as a reader from
    /// the start has them there.
    init(bytes: Bytes, delimiter: UInt8, position: Int, line: Int, lineStart: Int) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = position
        self.line = line
        self.lineStart = lineStart
    }

    /// Guesses the delimiter from the first line: a tab if it has more tabs than commas (and
    /// than semicolons), a semicolon if more semicolons than either (the CSV of spreadsheets
    /// set for a locale whose decimal mark is a comma), else a comma.
    static func guessDelimiter(_ bytes: some Collection<UInt8>) -> UInt8 {
        var tabs = 0, commas = 0, semicolons = 0
        for b in bytes {
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\t") { tabs += 1 } else if b == UInt8(ascii: ",") { commas += 1 } else if b == UInt8(ascii: ";") { semicolons += 1 }
        }
        if tabs > commas, tabs >= semicolons { return UInt8(ascii: "\t") }
        return semicolons > commas && semicolons > tabs ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// The next record, or nil at the end. A malformed quote ends the record at the end of the
    /// line and reports the problem. A record over `DelimitedTextLimits` is read to its end
    /// (quotes and all, so the next record starts where it would), keeping at most the limits'
    /// worth of it, and reported.
    mutating func next() -> Result<Record, Problem>? {
        guard position < bytes.count else { return nil }
        let recordLine = line, recordStart = position
        var fields: [Field] = []
        fields.reserveCapacity(min(lastFieldCount, DelimitedTextLimits.maxFields))
        // Fields read, kept or not; bytes of quoted fields copied (unquoted ones are not).
        var fieldCount = 0, copied = 0
        // The record's bytes or'd together: one not ASCII sets the high bit.
        var high: UInt8 = 0
        let maxFields = DelimitedTextLimits.maxFields, maxBytes = DelimitedTextLimits.maxRecordBytes
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
                            if copied < maxBytes {
                                out.append(quote)
                                copied += 1
                            }
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
                    high |= b
                    if copied < maxBytes {
                        out.append(b)
                        copied += 1
                    }
                    position += 1
                }
                guard closed else {
                    // The lines it swallowed, for the reader to say how much was not read.
                    let lastLineEmpty = bytes.last == lf
                    return .failure(.unterminatedQuote(line: fieldLine, column: column, lines: line - fieldLine + (lastLineEmpty ? 0 : 1)))
                }
                if fieldCount < maxFields { fields.append(Field(content: .unquoted(out), line: fieldLine, column: column)) }
                fieldCount += 1
                if position < bytes.count, bytes[position] != delimiter, bytes[position] != cr, bytes[position] != lf {
                    let problemColumn = position - lineStart + 1
                    skipLine()
                    return .failure(.textAfterQuote(line: line - 1, column: problemColumn))
                }
            } else {
                let start = position
                while position < bytes.count, bytes[position] != delimiter, bytes[position] != lf {
                    high |= bytes[position]
                    position += 1
                }
                var end = position
                if end > start, bytes[end - 1] == cr, position >= bytes.count || bytes[position] == lf { end -= 1 }
                if fieldCount < maxFields { fields.append(Field(content: .span(bytes[start..<end]), line: fieldLine, column: column)) }
                fieldCount += 1
            }
            if position >= bytes.count { break }
            if bytes[position] == delimiter {
                position += 1
                if position >= bytes.count {
                    if fieldCount < maxFields { fields.append(Field(content: .unquoted([]), line: line, column: position - lineStart + 1)) }
                    fieldCount += 1
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
        lastFieldCount = fields.count
        if fieldCount > maxFields {
            overLimitFields = fields
            return .failure(.tooManyFields(line: recordLine, count: fieldCount))
        }
        // The record's bytes without its line break (a CR the field loop left is one).
        var recordEnd = position
        if recordEnd > recordStart, bytes[recordEnd - 1] == lf { recordEnd -= 1 }
        if recordEnd > recordStart, bytes[recordEnd - 1] == cr { recordEnd -= 1 }
        if recordEnd - recordStart > maxBytes {
            overLimitFields = fields
            return .failure(.recordTooLong(line: recordLine, bytes: recordEnd - recordStart))
        }
        lastRecordHasNonASCII = high >= 0x80
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

extension DelimitedTextReader.Field where Bytes == [UInt8] {
    /// The field's bytes, unquoted.
    var bytes: ArraySlice<UInt8> {
        switch content {
        case .span(let s): s
        case .unquoted(let a): a[...]
        }
    }
}
