import Foundation

/// Output formats of `claimlint check`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// `path:line:column: severity: message [rule]` lines and a summary, for people.
    case text
    /// The JSON report, version 1.
    case json
    /// A SARIF 2.1.0 log, for code scanning (GitHub, GitLab, Azure DevOps).
    case sarif
    /// JUnit XML: a test suite per file, a test case per claim, a failure per finding.
    case junit
    /// GitHub Actions workflow commands (`::error file=...::message`), most severe first.
    case github
    /// One row per finding, safe to open in a spreadsheet.
    case csv
}

/// What a report shows beyond the findings, the same for every format.
public struct ReportOptions: Sendable {
    /// ANSI colours (text only).
    public var color: Bool
    /// Print protected health information (the claims' member ids). Off by default: reports
    /// end up in CI logs and code-scanning alerts.
    public var showPHI: Bool
    /// Descriptions of denial codes, from a file the user supplies (they are licensed).
    public var denialCodes: DenialCodeDescriptions
    /// The version the SARIF log names.
    public var toolVersion: String

    public init(color: Bool = false, showPHI: Bool = false, denialCodes: DenialCodeDescriptions = DenialCodeDescriptions(), toolVersion: String = ClaimLintVersion.current) {
        self.color = color
        self.showPHI = showPHI
        self.denialCodes = denialCodes
        self.toolVersion = toolVersion
    }
}

/// Renders a report in a format. Every renderer is a pure function of (report, options): no
/// clock, no environment, no working directory, so the same report renders to the same bytes.
public enum ReportRenderer {
    public static func render(_ report: Report, format: ReportFormat, options: ReportOptions = ReportOptions()) -> String {
        var out = ReportOutput()
        write(report, format: format, options: options, to: &out)
        return out.text
    }

    /// Writes the report to `handle` (standard output, a file or a pipe) as it is rendered, in
    /// chunks of 64 KiB: a large report never sits whole in memory. The bytes are those of
    /// `render`. Throws the handle's first write error.
    public static func write(_ report: Report, format: ReportFormat, options: ReportOptions = ReportOptions(), to handle: FileHandle) throws {
        var out = ReportOutput { chunk in try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: chunk.baseAddress!), count: chunk.count, deallocator: .none)) }
        write(report, format: format, options: options, to: &out)
        try out.finish()
    }

    static func write(_ report: Report, format: ReportFormat, options: ReportOptions, to out: inout ReportOutput) {
        switch format {
        case .text: TextReport.write(report, options: options, to: &out)
        case .json: JSONReport.write(report, options: options, to: &out)
        case .sarif: SARIFReport.write(report, options: options, to: &out)
        case .junit: JUnitReport.write(report, options: options, to: &out)
        case .github: GitHubReport.write(report, options: options, to: &out)
        case .csv: CSVReport.write(report, options: options, to: &out)
        }
    }

    public static func render(_ report: Report, format: ReportFormat, color: Bool) -> String {
        render(report, format: format, options: ReportOptions(color: color))
    }

    /// Markdown totals for a GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`).
    public static func gitHubStepSummary(_ report: Report, options: ReportOptions = ReportOptions()) -> String {
        GitHubReport.stepSummary(report, options: options)
    }

    /// How a report names `path`: relative to `base` (the working directory, which the caller
    /// supplies) when it lies inside it, otherwise as given; `./` prefixes are dropped.
    public static func displayPath(_ path: String, relativeTo base: String?) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        guard p.hasPrefix("/"), var b = base, b.hasPrefix("/") else { return p }
        while b.count > 1 && b.hasSuffix("/") { b.removeLast() }
        if b == "/" { return String(p.dropFirst()) }
        guard p.hasPrefix(b + "/") else { return p }
        return String(p.dropFirst(b.count + 1))
    }
}

/// The member ids of a report's claims, for reports that show PHI (none otherwise): a
/// finding's is its own claim's, found by the claim's position in the batch. By claim id, two
/// claims that share one (claim `1` of two files) gave the second's findings the first's member:
/// another patient's id. Findings made otherwise are looked up by file and claim id.
struct MemberIDs: Sendable {
    private let claims: [CheckedClaim]
    private let byID: [String: String]

    init(_ report: Report, showPHI: Bool) {
        claims = showPHI ? report.claims : []
        var ids: [String: String] = [:]
        for c in claims where ids[c.location.file + "\u{0}" + c.id] == nil { ids[c.location.file + "\u{0}" + c.id] = c.memberID }
        byID = ids
    }

    /// The member id of the claim of `f`.
    subscript(f: Finding) -> String? {
        guard !claims.isEmpty else { return nil }
        if let i = f.claimIndex(in: claims) { return claims[i].memberID }
        return byID[f.location.file + "\u{0}" + f.claimID]
    }

    /// The member id of the report's claim at `index`.
    subscript(claim index: Int) -> String? {
        claims.isEmpty ? nil : claims[index].memberID
    }
}

extension Finding {
    /// The index in `claims` (a report's, in batch order) of the finding's claim: its position
    /// in the batch, when the claim there has the finding's id and file (a report's claims
    /// may not be the batch's); nil otherwise, or for a finding made outside the engine.
    func claimIndex(in claims: [CheckedClaim]) -> Int? {
        let p = Int(claimPosition)
        guard p >= 0, p < claims.count, claims[p].id == claimID, claims[p].location.file == location.file else { return nil }
        return p
    }
}

extension Report {
    /// The member ids of the claims, for reports that show PHI.
    func memberIDs(_ options: ReportOptions) -> MemberIDs {
        MemberIDs(self, showPHI: options.showPHI)
    }
}

extension Diagnostic {
    /// The value, unless it is a member or patient id and PHI is not to be shown.
    func shownValue(_ options: ReportOptions) -> String? {
        guard !options.showPHI, let field, ["member_id", "patient_id"].contains(field) else { return value }
        return nil
    }
}

extension Severity {
    /// The severity with the other formats' vocabulary: SARIF levels and GitHub commands.
    var sarifLevel: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }
}
