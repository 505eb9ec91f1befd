/// The outcome of checking a run's files: counts that reconcile with the input, the findings
/// and the diagnostics.
public struct Report: Sendable {
    public var summary: Summary
    public var findings: [Finding]
    public var diagnostics: [Diagnostic]

    public init(summary: Summary, findings: [Finding], diagnostics: [Diagnostic]) {
        self.summary = summary
        self.findings = findings
        self.diagnostics = diagnostics
    }

    /// The highest severity among the findings, nil when there are none.
    public var worstFinding: Severity? { findings.map(\.severity).max() }

    /// Whether some input could not be read: a file, or a claim in it.
    public var hasUnreadableInput: Bool {
        diagnostics.contains { $0.severity == .error }
    }
}

/// Counts for a run. `claims`/`lines` are what the files hold; each is either checked or
/// unreadable (`claims == claimsChecked + claimsUnreadable`). A rejected claim or line is a
/// checked one with at least one error finding, which a payer would deny.
public struct Summary: Sendable, Hashable {
    public var files = 0
    public var claims = 0
    public var lines = 0
    public var claimsChecked = 0
    public var linesChecked = 0
    public var claimsUnreadable = 0
    public var linesUnreadable = 0
    public var claimsRejected = 0
    public var linesRejected = 0
    public var findings: [Severity: Int] = [:]
    public var diagnostics: [Severity: Int] = [:]
    /// Findings left out by inline suppressions.
    public var suppressed = 0

    public init() {}
}

extension Checker {
    /// Reads and checks claim files as one batch (batch-wide edits see every claim of every
    /// file). A file that cannot be read at all becomes an error diagnostic; the others are
    /// still checked. `displayPath` maps a path to how reports name it.
    public func check(files: [String], displayPath: (String) -> String = { $0 }) -> Report {
        var summary = Summary()
        var claims: [Claim] = []
        var diagnostics: [Diagnostic] = []
        var suppressions: [Suppression] = []
        for path in files {
            summary.files += 1
            do {
                let r = try ClaimFileReader.read(path: path, displayPath: displayPath(path))
                summary.claims += r.claimsRead
                summary.lines += r.linesRead
                summary.claimsUnreadable += r.claimsUnreadable
                summary.linesUnreadable += r.linesUnreadable
                claims.append(contentsOf: r.claims)
                diagnostics.append(contentsOf: r.diagnostics)
                suppressions.append(contentsOf: r.suppressions)
            } catch {
                diagnostics.append(error.diagnostic)
            }
        }
        return report(claims: claims, summary: summary, diagnostics: diagnostics, suppressions: suppressions)
    }

    /// Checks claims already read and builds the report.
    public func report(claims: [Claim], summary base: Summary, diagnostics: [Diagnostic], suppressions: [Suppression] = []) -> Report {
        var summary = base
        let result = check(claims)
        var findings = result.findings
        if !suppressions.isEmpty {
            let before = findings.count
            findings.removeAll { f in suppressions.contains { $0.matches(f) } }
            summary.suppressed = before - findings.count
        }
        summary.claimsChecked = claims.count
        summary.linesChecked = claims.reduce(0) { $0 + $1.lines.count }
        var rejectedClaims = Set<String>()
        var rejectedLines = Set<String>()
        for f in findings {
            summary.findings[f.severity, default: 0] += 1
            if f.severity == .error {
                rejectedClaims.insert(f.claimID)
                rejectedLines.insert(f.claimID + "\u{1F}" + String(f.line))
            }
        }
        summary.claimsRejected = rejectedClaims.count
        summary.linesRejected = rejectedLines.count
        let all = diagnostics + result.diagnostics
        for d in all { summary.diagnostics[d.severity, default: 0] += 1 }
        return Report(summary: summary, findings: findings, diagnostics: all)
    }
}
