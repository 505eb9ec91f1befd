import Foundation

/// What a claim file's first bytes show before its format is detected: text ClaimLint reads,
/// UTF-16 text (a spreadsheet's "Unicode text" export) it decodes first, or a compressed,
/// archived or binary file, which it refuses with an error that says what to do
/// (`input.not-text`) rather than reading it as a CSV with no header. Text whose lines end in
/// CR alone (a "CSV (Macintosh)" export) is read with line feeds in their place.
enum FileContent: Equatable {
    case text
    /// Text whose lines end in CR alone (`crLineEnds(in:)`).
    case crLineEnds
    case utf16(bigEndian: Bool)

    /// Leading bytes of files that are not text, and what to do with each.
    private static let signatures: [(bytes: [UInt8], what: @Sendable (String) -> String)] = [
        ([0x1F, 0x8B], { "is gzip-compressed; decompress it first (\(decompress("gunzip", $0)))" }),
        (Array("BZh".utf8), { "is bzip2-compressed; decompress it first (\(decompress("bunzip2", $0)))" }),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], { "is xz-compressed; decompress it first (\(decompress("unxz", $0)))" }),
        ([0x28, 0xB5, 0x2F, 0xFD], { "is zstd-compressed; decompress it first (\(decompress("unzstd", $0)))" }),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], { _ in "is a 7-Zip archive; extract its claim files first" }),
        ([0x50, 0x4B, 0x03, 0x04], { _ in "is a zip archive (an .xlsx spreadsheet is one too); unzip its claim files, or save the sheet as CSV" }),
        ([0x50, 0x4B, 0x05, 0x06], { _ in "is an empty zip archive" }),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], { _ in "is an Excel 97-2003 (.xls) or other Office document; save the sheet as CSV" }),
        (Array("%PDF-".utf8), { _ in "is a PDF document, not a claim file" }),
        ([0xFF, 0xFE, 0x00, 0x00], { _ in "is UTF-32 text; save it as UTF-8" }),
        ([0x00, 0x00, 0xFE, 0xFF], { _ in "is UTF-32 text; save it as UTF-8" }),
    ]

    /// The command that decompresses `file` for ClaimLint: `gunzip -k 'claims.837.gz'`, or for
    /// standard input, `gunzip -c FILE | claimlint check -`.
    static func decompress(_ tool: String, _ file: String) -> String {
        file == "<stdin>"
            ? "\(tool) -c FILE | claimlint check -"
            : "\(tool) -k '\(file.replacingOccurrences(of: "'", with: "'\\''"))'"
    }

    /// The content's kind; throws `input.not-text` for content that is not claims in text.
    static func kind<Bytes: RandomAccessCollection<UInt8>>(of bytes: Bytes, file: String) throws(InputError) -> FileContent where Bytes.Index == Int {
        let head = Array(bytes.prefix(8))
        for s in signatures where head.starts(with: s.bytes) {
            throw InputError(Diagnostic(
                id: "input.not-text", severity: .error, message: "the file \(s.what(file)); ClaimLint reads X12 837, CSV, TSV and JSON text",
                location: SourceLocation(file: file, line: 1, column: 1)))
        }
        if head.starts(with: [0xFF, 0xFE]) { return .utf16(bigEndian: false) }
        if head.starts(with: [0xFE, 0xFF]) { return .utf16(bigEndian: true) }
        // Without a byte-order mark: ASCII characters with a zero byte after (or before) each.
        if head.count >= 4 {
            if head[0] != 0, head[1] == 0, head[2] != 0, head[3] == 0 { return .utf16(bigEndian: false) }
            if head[0] == 0, head[1] != 0, head[2] == 0, head[3] != 0 { return .utf16(bigEndian: true) }
        }
        return crLineEnds(in: bytes) ? .crLineEnds : .text
    }

    /// How far `crLineEnds(in:)` looks for a line feed: further than the longest record or
    /// segment the readers keep.
    static let lineEndWindow = 128 * 1024

    /// Whether the text's lines end in CR alone: a CR and no line feed in its first
    /// `lineEndWindow` bytes. Read as they are, such a CSV is one header row of every field in
    /// the file, and no claim (an X12 or JSON file is read either way, on one line).
    static func crLineEnds<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes) -> Bool where Bytes.Index == Int {
        var sawCR = false
        for b in bytes.prefix(lineEndWindow) {
            if b == UInt8(ascii: "\n") { return false }
            if b == UInt8(ascii: "\r") { sawCR = true }
        }
        return sawCR
    }

    /// Text whose lines end in CR alone with a line feed for each CR (every CR: in such text a
    /// CR inside a quoted field is a line break too); other text as it is. Line and column
    /// numbers are then those of an editor's.
    /// Changed in place: a file read whole is not held twice.
    static func withLineFeeds(_ bytes: consuming [UInt8]) -> [UInt8] {
        var text = consume bytes
        guard crLineEnds(in: text) else { return text }
        text.withUnsafeMutableBufferPointer { b in
            for i in b.indices where b[i] == UInt8(ascii: "\r") { b[i] = UInt8(ascii: "\n") }
        }
        return text
    }

    /// The content as text: itself, with line feeds for CR line ends, or decoded from UTF-16
    /// (once: what that gives is read as it is, but for its line ends); throws `input.not-text`
    /// as `kind(of:file:)` does.
    static func text(of bytes: [UInt8], file: String) throws(InputError) -> [UInt8] {
        switch try kind(of: bytes, file: file) {
        case .text: bytes
        case .crLineEnds: withLineFeeds(bytes)
        case .utf16(let bigEndian): withLineFeeds(utf8(fromUTF16: bytes, bigEndian: bigEndian))
        }
    }

    /// UTF-16 text as UTF-8, for the readers of text: its byte-order mark dropped (so that
    /// columns and byte offsets are those of the same text saved as UTF-8), an unpaired
    /// surrogate as U+FFFD, a last odd byte dropped.
    static func utf8<Bytes: RandomAccessCollection<UInt8>>(fromUTF16 bytes: Bytes, bigEndian: Bool) -> [UInt8] where Bytes.Index == Int {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        return Array(String(decoding: units.first == 0xFEFF ? units.dropFirst() : units[...], as: UTF16.self).utf8)
    }
}
