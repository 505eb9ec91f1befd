import Foundation

/// The outcome of checking a run's files: counts that reconcile with the input, the findings
/// and the diagnostics.
/// A claim named by its file and id, as findings made outside the engine and suppressions
/// name it (two files' claims with one id are two).
struct ClaimKey: Hashable {
    var file: String
    var claim: String
}

public struct Report: Sendable {
    public var summary: Summary
    /// In batch order; a large batch's are named as they are read (`FindingList`).
    public var findings: FindingList
    public var diagnostics: [Diagnostic]
    /// Findings an inline suppression left out, with its reason (SARIF reports them as
    /// suppressed results; the other formats count them).
    public var suppressed: [SuppressedFinding]
    /// The claims that were checked, in batch order (JUnit makes one test case of each).
    public var claims: [CheckedClaim]
    /// The claims read and not checked, in batch order (JUnit makes a test case of each, with
    /// the errors about it); listed with `claims`.
    public var unreadableClaims: [UnreadableClaim] = []
    /// The files read, as reports name them, in order (including unreadable ones).
    public var files: [String]
    /// Every rule in play: the built-in catalog, then the packs' own rules.
    public var rules: [RuleDescriptor] = RuleCatalog.all
    /// The loaded packs' rule switches (rules turned off, severities changed): SARIF's rule
    /// configurations show them.
    public var settings = RuleSettings()
    /// The parts its files were read in, over all files (`ReadResult.parts`); for tests.
    var partsRead = 0
    /// The UTF-16 columns of the locations in the claim files, for SARIF
    /// (`check(files:displayPath:listClaims:utf16Columns:)`); empty: byte columns.
    var utf16Columns = UTF16Columns()

    public init(summary: Summary, findings: [Finding], diagnostics: [Diagnostic], suppressed: [SuppressedFinding] = [], claims: [CheckedClaim] = [], files: [String] = []) {
        self.init(summary: summary, findings: FindingList(findings), diagnostics: diagnostics, suppressed: suppressed, claims: claims, files: files)
    }

    public init(summary: Summary, findings: FindingList, diagnostics: [Diagnostic], suppressed: [SuppressedFinding] = [], claims: [CheckedClaim] = [], files: [String] = []) {
        self.summary = summary
        self.findings = findings
        self.diagnostics = diagnostics
        self.suppressed = suppressed
        self.claims = claims
        self.files = files
    }

    /// The description of a rule in play.
    public func descriptor(_ id: String) -> RuleDescriptor? {
        RuleCatalog.descriptor(id) ?? rules.first { $0.id == id }
    }

    /// The highest severity among the findings, nil when there are none.
    public var worstFinding: Severity? { findings.map(\.severity).max() }

    /// Puts diagnostics about the run's set-up (the problems of the CMS tables it checks
    /// against) before those of its files, counted in the summary with them.
    public mutating func prepend(_ notes: [Diagnostic]) {
        diagnostics.insert(contentsOf: notes, at: 0)
        for d in notes { summary.diagnostics[d.severity, default: 0] += d.count }
    }

    /// Whether some input could not be read: a file, or a claim in it.
    public var hasUnreadableInput: Bool {
        diagnostics.contains { $0.severity == .error }
    }
}

/// Counts for a run. `claims`/`lines` are what the files hold; each is either checked or
/// unreadable (`claims == claimsChecked + claimsUnreadable`). A rejected claim or line is a
/// checked one with at least one error finding, which a payer would deny: claims that share an
/// id are counted apart, lines of one claim by their numbers.
public struct Summary: Sendable, Hashable {
    public var files = 0
    public var claims = 0
    public var lines = 0
    public var claimsChecked = 0
    public var linesChecked = 0
    public var claimsUnreadable = 0
    public var linesUnreadable = 0
    /// Lines read that no edit applies to (837I revenue-code-only lines):
    /// `lines == linesChecked + linesUnreadable + linesSkipped`.
    public var linesSkipped = 0
    public var claimsRejected = 0
    public var linesRejected = 0
    public var findings: [Severity: Int] = [:]
    public var diagnostics: [Severity: Int] = [:]
    /// Findings left out by inline suppressions.
    public var suppressed = 0
    /// Findings left out because the baseline (`--baseline`) already records them.
    public var baselined = 0
    /// Entries of the baseline that matched no finding: the findings they recorded are gone,
    /// and the baseline can be shrunk.
    public var baselineUnmatched = 0

    public init() {}

    /// Sets the finding counts and the rejected claims and lines from `findings`.
    mutating func count(_ findings: FindingList) {
        let (info, warning, error, claims, lines) = findings.counts()
        (claimsRejected, linesRejected) = (claims, lines)
        self.findings = [:]
        for (severity, n) in [(Severity.info, info), (.warning, warning), (.error, error)] where n > 0 { self.findings[severity] = n }
    }
}

/// A finding an inline suppression turned off, and the reason given.
public struct SuppressedFinding: Hashable, Sendable {
    public var finding: Finding
    public var reason: String
    /// Where the suppression is written (the `suppress` cell or key).
    public var location: SourceLocation

    public init(finding: Finding, reason: String, location: SourceLocation) {
        self.finding = finding
        self.reason = reason
        self.location = location
    }
}

/// A claim that was checked: enough to name it in a report. `memberID` is protected health
/// information; renderers print it only when asked to (`ReportOptions.showPHI`).
public struct CheckedClaim: Hashable, Sendable {
    public var id: String
    public var memberID: String
    public var lineCount: Int
    /// Where the claim starts; its `file` is the file as reports name it.
    public var location: SourceLocation

    public init(id: String, memberID: String, lineCount: Int, location: SourceLocation) {
        self.id = id
        self.memberID = memberID
        self.lineCount = lineCount
        self.location = location
    }

    public init(_ claim: Claim) {
        self.init(id: claim.id, memberID: claim.memberID, lineCount: claim.lines.count, location: claim.location)
    }
}

extension Checker {
    /// Reads and checks claim files as one batch (batch-wide edits see every claim of every
    /// file). A file that cannot be read at all becomes an error diagnostic; the others are
    /// still checked. `displayPath` maps a path to how reports name it.
    ///
    /// Files are checked while they are read (a large X12 file on `concurrency` threads; a
    /// JSON file once its syntax is checked): the reader hands claims over in parts of
    /// `partSize`, whose line and claim edits run on another thread, and each claim is then
    /// kept only as the compact entries the batch-wide edits need. `listClaims` false leaves
    /// `Report.claims` and `Report.unreadableClaims` empty (only JUnit reports and member ids
    /// shown with `showPHI` use them), so memory does not grow with a record per claim: the
    /// readers then count the claims they cannot read without listing them.
    /// `utf16Columns` false leaves the SARIF report's columns in UTF-8 bytes, as the other
    /// reports give them: true reads each file with a finding again, up to the last line named,
    /// for its columns in UTF-16 code units (`UTF16Columns`; a file read from standard input
    /// keeps byte columns).
    public func check(files: [String], displayPath: (String) -> String = { $0 }, listClaims: Bool = true, utf16Columns: Bool = true) -> Report {
        check(files: files, displayPath: displayPath, listClaims: listClaims, utf16Columns: utf16Columns, partSize: ClaimFileReader.partSize)
    }

    func check(files: [String], displayPath: (String) -> String, listClaims: Bool, utf16Columns: Bool = true, partSize: Int) -> Report {
        var summary = Summary()
        var diagnostics: [Diagnostic] = []
        var suppressions: [Suppression] = []
        var checked: [CheckedClaim] = []
        var unreadable: [UnreadableClaim] = []
        let names = files.map(displayPath)
        var stream = CheckStream(self)
        stream.reserve(lines: CheckStream.estimatedLines(files: files))
        // Files are read on `concurrency` threads: their parts are then checked where they
        // are delivered.
        let pipeline = CheckPipeline(consume stream, listClaims: listClaims, inline: concurrency > 1)
        // A file given twice (by another path, or through a link) is read once: its claims
        // twice over would be counted twice and meet themselves in the batch-wide edits.
        var seen: [FileIdentity: String] = [:]
        var read: [String] = []
        // Each file's path, by the name its locations give it (standard input is not read again).
        var paths: [String: String] = [:]
        var partsRead = 0
        for (path, name) in zip(files, names) {
            let identity = FileIdentity(path: path)
            if let identity, let first = seen[identity] {
                diagnostics.append(Diagnostic(
                    id: "input.same-file", severity: .warning,
                    message: first == name ? "given twice; read once" : "the same file as \(first), given before; read once",
                    location: SourceLocation(file: path == "-" ? "<stdin>" : name, line: 0, column: 0)))
                continue
            }
            if let identity { seen[identity] = name }
            // Named as its locations name it: standard input is `<stdin>`, not `-` (SARIF
            // listed both as artifacts).
            read.append(path == "-" ? "<stdin>" : name)
            if path != "-", paths[name] == nil { paths[name] = path }
            summary.files += 1
            do {
                let r = try ClaimFileReader.read(
                    path: path, displayPath: name, partSize: partSize, threads: concurrency, recycling: pipeline.recycling, listsUnreadableClaims: listClaims,
                    chunks: pipeline.submit)
                summary.claims += r.claimsRead
                summary.lines += r.linesRead
                summary.claimsUnreadable += r.claimsUnreadable
                summary.linesUnreadable += r.linesUnreadable
                summary.linesSkipped += r.linesSkipped
                unreadable += r.unreadableClaims
                partsRead += r.parts
                diagnostics.append(contentsOf: r.diagnostics)
                suppressions.append(contentsOf: r.suppressions)
            } catch {
                diagnostics.append(error.diagnostic)
            }
        }
        (stream, checked) = pipeline.finish()
        // Consumed, not copied: `finish()` frees the lines before sorting the findings.
        var r = report(consume stream, claims: checked, summary: summary, diagnostics: diagnostics, suppressions: suppressions)
        r.files = read
        r.unreadableClaims = unreadable
        r.partsRead = partsRead
        if utf16Columns { r.utf16Columns = UTF16Columns(of: r, paths: paths) }
        return r
    }

    /// The suppressions that name a rule of ClaimLint or of the packs loaded (or a family of
    /// them, `family.*`), and a warning for each rule id of the others, at its first place with
    /// how many suppressions wrote it: a mistyped `payer.therapy-inpatent` suppressed nothing,
    /// without a word, when only the built-in families' ids were checked (by the readers, which
    /// do not know the packs).
    func knownSuppressions(_ suppressions: [Suppression]) -> ([Suppression], [Diagnostic]) {
        guard !suppressions.isEmpty else { return (suppressions, []) }
        let packRules = reference.rules
        // A table rule's findings carry its family's ids (mue.date-limit, ptp.pair...), not its
        // own: a suppression naming it would suppress nothing.
        let tableRules = Dictionary(packRules.compactMap { r in r.statement.tableFamily.map { (r.id, $0) } }, uniquingKeysWith: { a, _ in a })
        let ids = Set(packRules.map(\.id)).subtracting(tableRules.keys)
        let families = Set(packRules.filter { $0.statement.tableFamily == nil }.map { String($0.id.prefix { $0 != "." }) })
        var kept: [Suppression] = []
        var unknown: [String: (first: Suppression, count: Int)] = [:]
        var order: [String] = []
        for s in suppressions {
            let known = RuleCatalog.descriptor(s.rule) != nil || ids.contains(s.rule)
                || (s.rule.hasSuffix(".*") && (RuleCatalog.families.contains(String(s.rule.dropLast(2))) || families.contains(String(s.rule.dropLast(2)))))
            if known {
                kept.append(s)
            } else if let u = unknown[s.rule] {
                unknown[s.rule] = (u.first, u.count + 1)
            } else {
                unknown[s.rule] = (s, 1)
                order.append(s.rule)
            }
        }
        let warnings = order.map { rule in
            let (first, n) = unknown[rule]!
            let which = n == 1 ? "this suppression" : "this and \(n - 1) more suppressions"
            let why = tableRules[rule].map { family in
                "'\(rule)' is a table rule: its findings carry the \(family) family's rule ids, not its own, so \(which) suppresses nothing; name the finding's rule id as the report shows it, or \(family).*"
            } ?? "'\(rule)' names no rule of ClaimLint or of the packs loaded (\(which)); see 'claimlint rules list --rules DIR'"
            return Diagnostic(
                id: "input.invalid-suppression", severity: .warning,
                message: "\(why). The suppression is ignored",
                location: first.location, field: "suppress", value: rule)
        }
        return (kept, warnings)
    }

    /// Checks claims already read and builds the report.
    public func report(claims: [Claim], summary base: Summary, diagnostics: [Diagnostic], suppressions: [Suppression] = []) -> Report {
        var stream = CheckStream(self)
        stream.add(claims)
        var r = report(consume stream, claims: claims.map(CheckedClaim.init), summary: base, diagnostics: diagnostics, suppressions: suppressions)
        var files: [String] = []
        for c in claims where !files.contains(c.location.file) { files.append(c.location.file) }
        r.files = files
        return r
    }

    private func report(_ stream: consuming CheckStream, claims: [CheckedClaim], summary base: Summary, diagnostics: [Diagnostic], suppressions: [Suppression]) -> Report {
        var summary = base
        let (suppressions, unknown) = knownSuppressions(suppressions)
        let diagnostics = diagnostics + unknown
        summary.claimsChecked = stream.claimCount
        summary.linesChecked = stream.lineCount
        let result = stream.finish()
        var findings = result.findings
        var suppressed: [SuppressedFinding] = []
        if !suppressions.isEmpty {
            // By claim: a finding is compared with its own claim's suppressions only (each with
            // every one took 42 s for 100,000 claims that each had one).
            var byClaim: [ClaimKey: [Suppression]] = [:]
            for s in suppressions { byClaim[ClaimKey(file: s.location.file, claim: s.claimID), default: []].append(s) }
            findings = findings.filter { f in
                guard let s = byClaim[ClaimKey(file: f.location.file, claim: f.claimID)]?.first(where: { $0.matches(f) }) else { return true }
                suppressed.append(SuppressedFinding(finding: f, reason: s.reason, location: s.location))
                return false
            }
        }
        summary.suppressed = suppressed.count
        summary.count(findings)
        let all = diagnostics + result.diagnostics
        for d in all { summary.diagnostics[d.severity, default: 0] += d.count }
        var report = Report(summary: summary, findings: findings, diagnostics: all, suppressed: suppressed, claims: claims)
        report.rules = rules
        report.settings = reference.settings
        return report
    }
}
