#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The columns of a report's locations in UTF-16 code units, the unit SARIF gives them in
/// (`run.columnKind`), as GitHub code scanning and editors count them. A location's column is
/// its 1-based UTF-8 byte column (`SourceLocation`), the same on a line with no multi-byte
/// character before it; after `José,` the code's byte column is 7 and its UTF-16 column 6.
///
/// Made once a check is done (`Checker.check(files:displayPath:listClaims:utf16Columns:)`), from
/// the claim files read again up to the last line a finding, suppression or diagnostic names:
/// nothing is added per claim line while checking. For each line named whose bytes before
/// the last column named hold a multi-byte character (or bytes that are not UTF-8, each U+FFFD
/// as Swift's decoder and a UTF-8 editor replace them), it keeps how many more bytes than UTF-16
/// units there are before each column named, where that changes: a one-line 837 with a name
/// `MUÑOZ` early on keeps one number for the line, not one per finding after it. A file that
/// cannot be read again (standard input) keeps byte columns.
struct UTF16Columns: Sendable {
    struct Line: Hashable, Sendable {
        var file: String
        var line: Int
    }

    /// From byte column `from` on, the UTF-16 column is `extra` less than the byte column.
    struct Shift: Equatable, Sendable {
        var from: Int
        var extra: Int
    }

    /// By line, in increasing order of `from`.
    var shifts: [Line: [Shift]] = [:]

    init() {}

    /// The UTF-16 column of `l`: exact for the locations the columns were made for (another
    /// column of one of their lines gets the shift of the last of them before it).
    func column(of l: SourceLocation) -> Int {
        guard let s = shifts[Line(file: l.file, line: l.line)] else { return l.column }
        var lo = 0, hi = s.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if s[mid].from <= l.column { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? l.column : l.column - s[lo - 1].extra
    }

    /// The columns of `report`'s locations in the files of `paths` (a file's name in the
    /// locations → the path to read it at).
    init(of report: Report, paths: [String: String]) {
        // File → line → the columns named on it (column 1 is 1 in any unit).
        var wanted: [String: [Int: [Int]]] = [:]
        func want(_ l: SourceLocation?) {
            guard let l, l.line >= 1, l.column > 1, paths[l.file] != nil else { return }
            wanted[l.file, default: [:]][l.line, default: []].append(l.column)
        }
        for f in report.findings { want(f.location) }
        for s in report.suppressed {
            want(s.finding.location)
            want(s.location)
        }
        for d in report.diagnostics { want(d.location) }
        for (file, lines) in wanted {
            let found = UTF16Columns.withText(path: paths[file]!, file: file) { text, mapped in
                UTF16Columns.shifts(in: text, lines: lines.map { ($0.key, Array(Set($0.value)).sorted()) }.sorted { $0.0 < $1.0 }, releasing: mapped)
            }
            for (line, s) in found ?? [] { shifts[Line(file: file, line: line)] = s }
        }
    }

    /// The text of the file at `path` as the readers read it (UTF-16 decoded, CR line ends as
    /// line feeds; a wrapped X12 file's locations are its own bytes'), or nil when it is not a
    /// regular file of text. `body` is told whether the text is the file's mapping (whose pages
    /// may be released), not a copy.
    private static func withText<R>(path: String, file: String, _ body: (UnsafeRawBufferPointer, Bool) -> R) -> R? {
        guard let mapping = X12FileMapping(path: path) else { return nil }
        defer { mapping.close() }
        guard let kind = try? FileContent.kind(of: mapping.bytes, file: file) else { return nil }
        if kind == .text { return body(mapping.bytes, true) }
        guard let text = try? FileContent.text(of: Array(mapping.bytes), file: file) else { return nil }
        return text.withUnsafeBytes { body($0, false) }
    }

    /// The shifts of `lines` (line numbers, each with its columns, in increasing order) in
    /// `text`: a shift at a column named where the bytes before it hold more bytes than UTF-16
    /// units than before the column named before it. Lines the text does not reach are left out.
    /// `releasing`: `text` is a private read-only file mapping, whose pages behind the walk are
    /// released (`X12FileMapping.releasePages`; on an array's memory that would zero them).
    static func shifts(in text: UnsafeRawBufferPointer, lines: [(line: Int, columns: [Int])], releasing: Bool = false) -> [(line: Int, shifts: [Shift])] {
        guard let base = text.baseAddress else { return [] }
        var out: [(line: Int, shifts: [Shift])] = []
        // Lines and columns count from after a byte order mark, as the readers count them.
        var line = 1, start = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var released = 0
        func lineEnd(from i: Int) -> Int? {
            guard i <= text.count else { return nil }
            guard let p = memchr(base + i, 0x0A, text.count - i) else { return text.count }
            return base.distance(to: UnsafeRawPointer(p))
        }
        for (number, columns) in lines {
            while line < number {
                guard let end = lineEnd(from: start), end < text.count else { return out }
                start = end + 1
                line += 1
            }
            // Pages behind are dropped as the file is walked, as the readers drop them.
            if releasing, start - released >= X12FileMapping.releaseStep {
                released = X12FileMapping.releasePages(of: text, from: released, upTo: start)
            }
            let end = lineEnd(from: start)!
            var shifts: [Shift] = []
            var i = start, extra = 0
            for column in columns {
                let upTo = min(start + column - 1, end)
                while i < upTo {
                    // Eight ASCII bytes at a time.
                    if i + 8 <= upTo, text.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                    guard text[i] >= 0x80 else {
                        i += 1
                        continue
                    }
                    var bytes = UnsafeRawBufferPointer(rebasing: text[i..<end]).makeIterator()
                    var parser = Unicode.UTF8.ForwardParser()
                    let (length, units) = switch parser.parseScalar(from: &bytes) {
                    case .valid(let scalar): (scalar.count, scalar.count == 4 ? 2 : 1)
                    case .error(let length): (length, 1)
                    case .emptyInput: (1, 1)
                    }
                    i += length
                    extra += length - units
                }
                if extra != (shifts.last?.extra ?? 0) { shifts.append(Shift(from: column, extra: extra)) }
            }
            if !shifts.isEmpty { out.append((number, shifts)) }
        }
        return out
    }
}
