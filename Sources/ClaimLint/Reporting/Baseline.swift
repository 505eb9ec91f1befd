import Foundation

/// Findings accepted as they stand today (`claimlint check --write-baseline FILE`), so that a
/// later run (`--baseline FILE`) reports only new ones. A finding is recorded by what it is
/// about, its rule, claim, service line and code, never by where its file puts it, so
/// reordering or reformatting a claim file does not break the baseline.
public struct Baseline: Sendable, Hashable {
    /// One recorded finding. Entries may repeat; each matches one finding.
    public struct Entry: Hashable, Sendable, Comparable {
        public var rule: String
        public var claimID: String
        public var line: Int
        public var code: String

        public init(rule: String, claimID: String, line: Int, code: String) {
            self.rule = rule
            self.claimID = claimID
            self.line = line
            self.code = code
        }

        public init(_ f: Finding) {
            self.init(rule: f.rule, claimID: f.claimID, line: f.line, code: f.code.text)
        }

        public static func < (a: Entry, b: Entry) -> Bool {
            (a.claimID, a.line, a.rule, a.code) < (b.claimID, b.line, b.rule, b.code)
        }
    }

    /// A finding's stable 64-bit FNV-1a hash of `rule`, `claimID`, `line` and `code` joined by
    /// U+001F, as 16 hex digits (SARIF fingerprints).
    static func fingerprint(rule: String, claimID: String, line: Int, code: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ s: String) {
            for b in s.utf8 {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        add(rule)
        add("\u{1F}")
        add(claimID)
        add("\u{1F}")
        add(String(line))
        add("\u{1F}")
        add(code)
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Sorted entries.
    public private(set) var entries: [Entry]
    /// The file it was read from (`parse`), which the note on entries that match no finding
    /// names; nil for a baseline made in memory.
    public private(set) var file: String?
    /// Where in `file` each entry's first object is.
    private var places: [Entry: [(line: Int, column: Int)]] = [:]

    public init(entries: [Entry]) {
        self.entries = entries.sorted()
    }

    /// Baselines are equal when they record the same findings, wherever they were read from.
    public static func == (a: Baseline, b: Baseline) -> Bool { a.entries == b.entries }
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    /// The baseline of a report's findings (not the suppressed ones, which need none).
    public init(report: Report) {
        self.init(entries: report.findings.map(Entry.init))
    }

    /// The baseline file: JSON, one object per finding, sorted, so it diffs well in review.
    public func render() -> String {
        var w = JSONWriter()
        w.object { w in
            w.field("version", 1)
            w.key("findings")
            w.array { w in
                for e in entries {
                    w.object { w in
                        w.field("rule", e.rule)
                        w.field("claim", e.claimID)
                        w.field("line", e.line)
                        w.field("code", e.code)
                    }
                }
            }
        }
        return w.text + "\n"
    }

    /// Reads a baseline file; `file` names it in errors.
    public static func parse(bytes: [UInt8], file: String) throws(InputError) -> Baseline {
        func fail(_ message: String, _ line: Int, _ column: Int) -> InputError {
            InputError(Diagnostic(id: "input.invalid-baseline", severity: .error, message: message + "; write a new one with --write-baseline", location: SourceLocation(file: file, line: line, column: column)))
        }
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw fail("not a baseline file: \(error.message)", error.line, error.column)
        }
        guard case .object(let top) = root.value else { throw fail("expected a JSON object with 'version' and 'findings'", root.line, root.column) }
        guard let version = top.first(where: { $0.key == "version" }), case .number("1") = version.value.value else {
            throw fail("expected \"version\": 1", root.line, root.column)
        }
        guard let list = top.first(where: { $0.key == "findings" }), case .array(let items) = list.value.value else {
            throw fail("expected a 'findings' array", root.line, root.column)
        }
        var entries: [Entry] = []
        var places: [Entry: [(line: Int, column: Int)]] = [:]
        for item in items {
            guard case .object(let fields) = item.value else { throw fail("expected an object with rule, claim, line and code", item.line, item.column) }
            func string(_ key: String) throws(InputError) -> String {
                guard let f = fields.first(where: { $0.key == key }), case .string(let s) = f.value.value, !s.isEmpty else {
                    throw fail("expected a non-empty string '\(key)'", item.line, item.column)
                }
                return s
            }
            guard let l = fields.first(where: { $0.key == "line" }), case .number(let n) = l.value.value, let line = Int(n), line >= 1 else {
                throw fail("expected a 'line' number of 1 or more", item.line, item.column)
            }
            let entry = Entry(rule: try string("rule"), claimID: try string("claim"), line: line, code: try string("code"))
            entries.append(entry)
            places[entry, default: []].append((item.line, item.column))
        }
        var baseline = Baseline(entries: entries)
        baseline.file = file
        baseline.places = places
        return baseline
    }

    /// The report without the findings this baseline records, which it counts as `baselined`;
    /// the finding counts and rejected claims and lines are those of the findings left.
    /// Entries that match no finding (the finding they recorded is gone: the claim was
    /// corrected or left the batch) are counted as `baselineUnmatched`, with an info note
    /// (`baseline.unmatched`) naming the first, so that the baseline can be shrunk; the exit
    /// status does not change.
    public func apply(to report: Report) -> Report {
        var remaining: [Entry: Int] = [:]
        for e in entries { remaining[e, default: 0] += 1 }
        var out = report
        out.findings = report.findings.filter { f in
            let e = Entry(f)
            guard let n = remaining[e], n > 0 else { return true }
            remaining[e] = n - 1
            return false
        }
        out.summary.baselined = report.findings.count - out.findings.count
        out.summary.count(out.findings)
        let unmatched = entries.count - out.summary.baselined
        out.summary.baselineUnmatched = unmatched
        // The first entry of the file left unmatched: of an entry written n times and matched m
        // times, the copies after the m-th (the entries are sorted, their places in file order).
        let left = entries.filter { remaining[$0, default: 0] > 0 }
        let firstLeft = left.compactMap { e -> (Entry, (line: Int, column: Int))? in
            guard let p = places[e] else { return nil }
            return (e, p[p.count - remaining[e]!])
        }.min { ($0.1.line, $0.1.column) < ($1.1.line, $1.1.column) }
        if unmatched > 0, let first = firstLeft?.0 ?? left.first {
            let place = firstLeft?.1
            let entry = "\(first.rule) on claim \(first.claimID) line \(first.line) (\(first.code))"
            let note = Diagnostic(
                id: "baseline.unmatched", severity: .info,
                message: "\(unmatched == 1 ? "1 baseline entry matches" : "\(unmatched) baseline entries match") no finding of this run (\(unmatched == 1 ? "" : "the first: ")\(entry)): the \(unmatched == 1 ? "finding it recorded is" : "findings they recorded are") gone, so the baseline can be shrunk. Delete \(unmatched == 1 ? "it" : "them"), or write the baseline again with --write-baseline (which records every finding of the run)",
                location: file.map { SourceLocation(file: $0, line: place?.line ?? 0, column: place?.column ?? 0) })
            out.diagnostics.append(note)
            out.summary.diagnostics[.info, default: 0] += 1
        }
        return out
    }
}
