import Foundation
import Testing
@testable import ClaimLint

/// The `code` edits with `--cms`: the bundled pack's own code dates still apply over the CMS
/// fee schedules, and the fee schedules of several loaded periods date the codes one lacks
/// (not yet effective before a later one has them, deleted after an earlier one had them), on
/// small synthetic PPRRVU files in a temporary folder.
@Suite struct CMSCodeDatingTests {
    /// A PPRRVU CSV (the fixture's title and heading lines, then one global row per
    /// (code, status)) for the period of the name it is saved under.
    static func pprrvu(_ rows: [(ProcedureCode, String)]) throws -> String {
        let fixture = try String(contentsOfFile: CMSShared.fixtures + "/good/PPRRVU2026_JUL_nonQPP.csv", encoding: .isoLatin1)
        // CRLF: "\r\n" is one Character, so the lines are split on its scalars.
        var text = fixture.unicodeScalars.split(separator: "\n").prefix(10).map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n") + "\n"
        for (code, status) in rows {
            text += "\(code),,Synthetic,\(status),,1.00,0.50,,0.40,,0.05,1.55,1.45,0,000,0.00,0.00,0.00,2,0,1,0,0,9,,33.4009,09,0,99,0.00,0.00,0.00\r\n"
        }
        return text
    }

    /// Loads the files into a temporary folder and checks `lines` (code, date) against the
    /// tables with the bundled pack, one claim per line: the `code` findings' messages by
    /// "code date".
    static func codeFindings(_ files: [String: String], _ lines: [(String, String)]) throws -> [String: String] {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        let cms = try CMSFolder.load(directory: dir.path)
        #expect(!cms.diagnostics.contains { $0.severity == .error }, "\(cms.diagnostics.map(\.message))")
        let rows = files.values.map { $0.components(separatedBy: ",Synthetic,").count - 1 }.reduce(0, +)
        #expect(cms.loaded.filter { $0.kind == .pprrvu }.map(\.rows).reduce(0, +) == rows)
        var csv = "claim_id,member_id,billing_npi,code,units,date\n"
        for (i, (code, date)) in lines.enumerated() { csv += "C\(i),M\(i),1234567893,\(code),1,\(date)\n" }
        let claims = dir.appendingPathComponent("claims.csv")
        try Data(csv.utf8).write(to: claims)
        let report = Checker(reference: ReferenceData(cms: cms.tables, packs: [.bundled])).check(files: [claims.path]) { $0 }
        var found: [String: String] = [:]
        for f in report.findings where f.rule.hasPrefix("code.") {
            let (code, date) = lines[Int(f.claimID.dropFirst())!]
            found["\(code) \(date)"] = "\(f.rule): \(f.message)"
        }
        return found
    }

    static let jan23 = "PPRRVU23_JAN.csv"
    static let jul24 = "PPRRVU24_JUL.csv"

    /// 0856T's effective date (2024-01-01) is the bundled pack's `codes.tsv`, not the fee
    /// schedule's: over CMS tables it still applies, on the row a period has for the code
    /// (2023-12-20 is checked against the nearest period, 2024 Q3) and for a period whose fee
    /// schedule lacks it, where it decides before what the fee schedules show.
    @Test func theBundledPacksCodeDatesApplyOverTheCMSTables() throws {
        let found = try Self.codeFindings(
            [Self.jan23: try Self.pprrvu([("88348", "A")]), Self.jul24: try Self.pprrvu([("88348", "A"), ("0856T", "C")])],
            [("0856T", "2023-02-15"), ("0856T", "2023-12-20"), ("0856T", "2024-08-14"), ("88348", "2023-02-15")])
        #expect(found == [
            "0856T 2023-02-15": "code.not-yet-effective: 0856T is dated 2023-02-15, before 0856T took effect on 2024-01-01. Check the date of service, or report the code that was in force on that date.",
            "0856T 2023-12-20": "code.not-yet-effective: 0856T is dated 2023-12-20, before 0856T took effect on 2024-01-01. Check the date of service, or report the code that was in force on that date.",
        ])
    }

    /// A code absent from the fee schedule of its date's period that a later one has is not yet
    /// effective; one an earlier had and neither it nor a later one has in force (absent, or
    /// status D or F) is deleted, and stays deleted. A code no fee schedule has (99999), and
    /// codes present on the date, get nothing; nor does a date outside every period, though the
    /// nearest period's fee schedule lacks the code.
    @Test func theFeeSchedulesOfSeveralPeriodsDateTheCodesOneLacks() throws {
        let files = [
            Self.jan23: try Self.pprrvu([("10001", "A"), ("10003", "A"), ("10004", "A"), ("10005", "F")]),
            Self.jul24: try Self.pprrvu([("10001", "A"), ("10002", "A"), ("10004", "D")]),
        ]
        let lines = [
            ("10001", "2023-02-15"), ("10001", "2024-08-14"),
            ("10002", "2023-02-15"), ("10002", "2024-08-14"), ("10002", "2022-11-01"),
            ("10003", "2023-02-15"), ("10003", "2024-08-14"), ("10003", "2025-03-01"),
            ("10004", "2023-02-15"), ("10004", "2024-08-14"),
            ("10005", "2023-02-15"), ("10005", "2024-08-14"),
            ("99999", "2023-02-15"), ("99999", "2024-08-14"),
        ]
        let found = try Self.codeFindings(files, lines)
        let q1 = "the fee schedule for 2023-01-01..2023-03-31 (PPRRVU23_JAN.csv)"
        let q3 = "the fee schedule for 2024-07-01..2024-09-30 (PPRRVU24_JUL.csv)"
        #expect(found == [
            "10002 2023-02-15": "code.not-yet-effective: 10002 is dated 2023-02-15, before 10002 took effect: it is absent from \(q1) and first appears in that for 2024-07-01..2024-09-30 (PPRRVU24_JUL.csv). Check the date of service, or report the code that was in force on that date.",
            "10003 2024-08-14": "code.deleted: 10003 is dated 2024-08-14, after 10003 was deleted: it is absent from \(q3), though that for 2023-01-01..2023-03-31 (PPRRVU23_JAN.csv) has it. Report the code that replaced it.",
            "10004 2024-08-14": "code.deleted: 10004 is dated 2024-08-14, after 10004 was deleted: it has status D (deleted) in \(q3), though that for 2023-01-01..2023-03-31 (PPRRVU23_JAN.csv) has it. Report the code that replaced it.",
            "10005 2023-02-15": "code.deleted: 10005 is dated 2023-02-15, after 10005 was deleted: it has status F (deleted) in \(q1). Report the code that replaced it.",
            "10005 2024-08-14": "code.deleted: 10005 is dated 2024-08-14, after 10005 was deleted: it is absent from \(q3), and that for 2023-01-01..2023-03-31 (PPRRVU23_JAN.csv) has it with status F (deleted). Report the code that replaced it.",
        ])
    }

    /// A period whose fee schedule is carried forward from another's (a quarter of PTP files
    /// alone) is no evidence: a code that fee schedule lacks gets nothing on its dates. A
    /// mid-quarter MUE release's weeks read their quarter's own fee schedule, and are judged.
    @Test func aFeeScheduleCarriedForwardIsNoEvidence() throws {
        let mue = try String(contentsOfFile: CMSShared.fixtures + "/good/MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", encoding: .isoLatin1)
        let files = [
            Self.jan23: try Self.pprrvu([("10001", "A"), ("10003", "A")]),
            Self.jul24: try Self.pprrvu([("10001", "A"), ("10002", "A")]),
            "MCR_MUE_PractitionerServices_Eff_08-15-2024.csv": mue,
        ].merging(CMSFixtureTests.ptpQuarter("ccipra-2024q1", rows: "45380\t45378\t\t20240101\t*\t0\tStandards of medical/surgical practice\n")) { a, _ in a }
        let lines = [("10002", "2024-02-01"), ("10003", "2024-02-01"), ("10003", "2024-09-01"), ("10002", "2023-02-15")]
        let found = try Self.codeFindings(files, lines)
        #expect(found.keys.sorted() == ["10002 2023-02-15", "10003 2024-09-01"])
        #expect(found["10003 2024-09-01"]?.hasPrefix("code.deleted: 10003 is dated 2024-09-01, after 10003 was deleted: it is absent from the fee schedule for 2024-07-01..2024-09-30 (PPRRVU24_JUL.csv)") == true)
    }

    /// The probe's claims on the real fee schedules of `../shared/cms/` (2023 January and 2024
    /// July): 0856T before 2024 by the bundled pack's date, 22836 (first in the 2024 file) not
    /// yet effective in 2023, 74710 (only in the 2023 file) deleted in 2024, 99999 nothing; and
    /// the sample claims keep their finding on PCN-1010.
    @Test(.enabled(if: CMSShared.has(jan23) && CMSShared.has(jul24), "../shared/cms/PPRRVU23_JAN.csv or PPRRVU24_JUL.csv is absent"))
    func theRealFeeSchedulesDateTheProbesCodes() throws {
        let cms = CMSFolder.load(files: [CMSShared.path(Self.jan23), CMSShared.path(Self.jul24)])
        let checker = Checker(reference: ReferenceData(cms: cms.tables, packs: [.bundled]))
        let claims = try RuleExample.parseClaims(
            "2023-02-15 | 0856T x1; 2023-02-15 | 88348 x1 || 2024-08-14 | 74710 x1 || 2023-02-15 | 22836 x1 || 2024-08-14 | 99999 x1")
        let hits = checker.check(claims).findings.filter { $0.rule.hasPrefix("code.") }.map { "\($0.rule)@\($0.claimID)/\($0.line)" }.sorted()
        #expect(hits == ["code.deleted@C2/1", "code.not-yet-effective@C1/1", "code.not-yet-effective@C3/1"])
        let sample = checker.check(files: [fixture("claims/sample.csv")]) { $0 }
        #expect(sample.findings.contains { $0.rule == "code.not-yet-effective" && $0.claimID == "PCN-1010" })
    }
}
