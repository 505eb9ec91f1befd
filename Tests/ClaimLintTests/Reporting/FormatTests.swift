@testable import ClaimLint
import Foundation
import Testing

@Suite struct JUnitReportTests {
    @Test func oneSuitePerFileOneCasePerClaimOneFailurePerFinding() {
        let xml = ReportRenderer.render(Fixtures.report(["Fixtures/claims/sample.csv", "Fixtures/claims/clean.csv"]), format: .junit)
        #expect(xml.contains("<testsuites name=\"claimlint\" tests=\"12\" failures=\"8\" errors=\"0\">"))
        #expect(xml.contains("<testsuite name=\"Fixtures/claims/sample.csv\" tests=\"10\" failures=\"8\" errors=\"0\""))
        #expect(xml.contains("<testsuite name=\"Fixtures/claims/clean.csv\" tests=\"2\" failures=\"0\" errors=\"0\""))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 12)
        #expect(xml.components(separatedBy: "<failure ").count - 1 == 9)
        #expect(xml.contains("<testcase name=\"PCN-3001\" classname=\"Fixtures/claims/clean.csv\"/>"))
        #expect(xml.contains("<testcase name=\"PCN-1001\" classname=\"Fixtures/claims/sample.csv\"/>"))
    }

    /// Two claims of an 837 that share an id are two test cases, each with its own failures
    /// (keyed by file and id, each had both claims' failures and both failed).
    @Test func claimsThatShareAnIDKeepTheirOwnFailures() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: Fixtures.url("Fixtures/x12/professional.837"), encoding: .utf8)
        let file = dir.appendingPathComponent("reused.837")
        try text.replacingOccurrences(of: "CLM*X12-1002*", with: "CLM*X12-1001*").write(to: file, atomically: true, encoding: .utf8)
        let report = Checker().check(files: [file.path])
        #expect(report.diagnostics.contains { $0.id == "x12.duplicate-claim-id" })
        let failing = Set(report.findings.filter { $0.claimID == "X12-1001" }.map(\.location.line))
        #expect(!failing.isEmpty)
        let xml = ReportRenderer.render(report, format: .junit)
        let cases = xml.components(separatedBy: "<testcase name=\"X12-1001\"").dropFirst()
        #expect(cases.count == 2)
        // The first X12-1001 (88348 with its add-on) passes; the second (0856T alone) fails.
        #expect(cases.first?.hasPrefix(" classname=\"\(file.path)\"/>") == true, "\(cases.first ?? "")")
        #expect(cases.last?.contains("addon.primary-missing") == true)
        #expect(report.summary.claimsRejected == Set(report.findings.filter { $0.severity == .error }.map(\.claimPosition)).count)
    }

    /// The test cases of a JUnit report, in order: name, and the types of its errors and
    /// failures.
    static func cases(_ xml: String) -> [(name: String, errors: [String], failures: [String])] {
        xml.components(separatedBy: "<testcase name=\"").dropFirst().map { part in
            let name = String(part.prefix { $0 != "\"" })
            let body = part.components(separatedBy: "</testcase>")[0]
            func types(_ tag: String) -> [String] {
                body.components(separatedBy: "<\(tag) type=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            }
            return (name.replacingOccurrences(of: "&apos;", with: "'"), types("error"), types("failure"))
        }
    }

    /// Every claim read is a test case: `Fixtures/claims/malformed.csv` holds 7 claims, and
    /// JUnit said tests="3" (the 5 claims not checked were errors of one "(input)" case). Each
    /// claim not checked is now a case with its own errors.
    @Test func everyClaimReadIsATestCase() {
        let report = Fixtures.report(["Fixtures/claims/malformed.csv"])
        #expect(report.summary.claims == 7 && report.summary.claimsUnreadable == 5)
        let xml = ReportRenderer.render(report, format: .junit)
        #expect(xml.contains("<testsuites name=\"claimlint\" tests=\"7\" failures=\"1\" errors=\"5\">"))
        #expect(xml.contains("<testsuite name=\"Fixtures/claims/malformed.csv\" tests=\"7\" failures=\"1\" errors=\"5\""))
        let cases = Self.cases(xml)
        #expect(cases.map(\.name) == (1...7).map { "PCN-400\($0)" })
        #expect(cases.map(\.errors) == [
            [], ["input.invalid-code", "input.claim-not-checked"], ["input.invalid-date", "input.claim-not-checked"],
            ["input.invalid-units", "input.claim-not-checked"], ["input.ragged-row", "input.claim-not-checked"],
            ["input.invalid-value", "input.claim-not-checked"], [],
        ])
        #expect(cases.map(\.failures.count) == [0, 0, 0, 0, 0, 0, 1])
        #expect(xml.contains("<error type=\"input.invalid-code\" message=\"column &apos;code&apos;: &apos;9921&apos; is not a HCPCS/CPT code"))
    }

    /// The errors of a claim not checked are its case's, wherever the reader told them (before
    /// its row was added, when it ended, at a row of an id used before); a row without a claim
    /// id belongs to none, and is the "(input)" case's.
    @Test func errorsGoToTheirClaimsCase() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("cases.csv")
        try """
            claim_id,member_id,billing_npi,code,units,date
            A,M1,1234567893,99213,1,2024-08-14
            B,M2,1234567893,9921,1,2024-08-14
            B,M2,1234567893,99213,x,2024-08-14
            ,M3,1234567893,99213,1,2024-08-14
            C,M3,1234567893,99213,1,2024-08-14,extra
            A,M1,1234567893,99214,1,2024-08-14
            D,,1234567893,99213,1,2024-08-14
            E,M5,1234567893,99213,1,2024-08-14

            """.write(to: file, atomically: true, encoding: .utf8)
        for threads in [1, 4] {
            var checker = Checker()
            checker.concurrency = threads
            let report = checker.check(files: [file.path])
            #expect(report.summary.claims == 6 && report.summary.claimsUnreadable == 4)
            #expect(report.unreadableClaims.map(\.ordinal) == [2, 3, 4, 5])
            let xml = ReportRenderer.render(report, format: .junit)
            #expect(xml.contains("tests=\"7\" failures=\"0\" errors=\"5\""), "\(xml)")
            let cases = Self.cases(xml)
            #expect(cases.map(\.name) == ["A", "B", "C", "A", "D", "E", "(input)"])
            #expect(cases.map(\.errors) == [
                [], ["input.invalid-code", "input.invalid-units", "input.claim-not-checked"], ["input.ragged-row", "input.claim-not-checked"],
                ["input.claim-split"], ["input.missing-value", "input.claim-not-checked"], [], ["input.missing-value"],
            ], "\(threads) threads")
        }
    }

    /// An X12 file's envelope errors are about the file, not the claim open when they are told
    /// (a transaction set cut short is told at the end of the file, its last claim open).
    @Test func envelopeErrorsAreTheFilesCase() {
        let cases = Self.cases(ReportRenderer.render(Fixtures.report(["Fixtures/x12/truncated.837"]), format: .junit))
        #expect(cases.map(\.name) == ["X12-7001", "X12-7002", "(input)"])
        #expect(cases.map(\.errors) == [[], ["x12.missing-date", "input.claim-not-checked"], ["x12.truncated", "x12.truncated", "x12.truncated"]])
    }

    /// In every format's fixtures, the cases of a file are its claims read (and "(input)" when
    /// it has errors about no claim not checked), every error listed is in one case, and a
    /// case has errors exactly when its claim was not checked.
    @Test(arguments: [
        "Fixtures/claims/malformed.csv", "Fixtures/claims/malformed.json", "Fixtures/claims/sample.csv", "Fixtures/claims/missing-column.csv",
        "Fixtures/x12/bad-values.837", "Fixtures/x12/truncated.837", "Fixtures/x12/se-count.837", "Fixtures/x12/two-interchanges.837",
        "Fixtures/x12/wrapped.837",
    ])
    func casesAreTheClaimsRead(_ fixture: String) {
        let report = Fixtures.report([fixture])
        let xml = ReportRenderer.render(report, format: .junit)
        let cases = Self.cases(xml)
        let input = cases.filter { $0.name == "(input)" }
        #expect(input.count <= 1)
        #expect(cases.count == report.summary.claims + input.count, "\(xml)")
        #expect(xml.contains(" tests=\"\(report.summary.claims + input.count)\""))
        #expect(cases.filter { $0.name != "(input)" && !$0.errors.isEmpty }.count == report.summary.claimsUnreadable)
        let errors = report.diagnostics.filter { $0.severity == .error && $0.location != nil }
        #expect(cases.reduce(0) { $0 + $1.errors.count } == errors.count)
        #expect(xml.contains(" errors=\"\(report.summary.claimsUnreadable + input.count)\""))
    }

    /// Past the errors of each kind a file lists, a claim not checked still has its case, with
    /// an error saying its problems are among those not listed.
    @Test func aClaimWhoseErrorsAreNotListedIsStillAnError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("many.csv")
        let n = ReadResult.perID + 5
        try ("claim_id,member_id,billing_npi,code,units,date\n" + (1...n).map { "P\($0),M,1234567893,9921,1,2024-08-14\n" }.joined())
            .write(to: file, atomically: true, encoding: .utf8)
        let report = Checker().check(files: [file.path])
        #expect(report.summary.claimsUnreadable == n)
        let cases = Self.cases(ReportRenderer.render(report, format: .junit))
        #expect(cases.map(\.name) == (1...n).map { "P\($0)" } + ["(input)"])
        #expect(cases.dropLast().allSatisfy { !$0.errors.isEmpty })
        #expect(cases[n - 1].errors == ["input.claim-not-checked"])
        #expect(ReportRenderer.render(report, format: .junit).contains("claim &apos;P\(n)&apos; is not checked: values of it could not be read, told among the problems past the 1000 of each kind the file lists"))
        // The notes saying how many are not listed are about the file.
        #expect(cases.last?.errors == ["input.claim-not-checked", "input.invalid-code"])
    }

    @Test func unreadableFileIsAnError() {
        let xml = ReportRenderer.render(Fixtures.report(["Fixtures/claims/missing.csv"]), format: .junit)
        #expect(xml.contains("<testsuite name=\"Fixtures/claims/missing.csv\" tests=\"1\" failures=\"0\" errors=\"1\""))
        #expect(xml.contains("<error type=\"input.unreadable\" message=\"no such file\">"))
    }

    @Test(arguments: [
        ("a<b>&c", false, "a&lt;b&gt;&amp;c"),
        ("say \"x\" 'y'", true, "say &quot;x&quot; &apos;y&apos;"),
        ("two\nlines", true, "two&#10;lines"),
        ("two\nlines", false, "two\nlines"),
        ("bell\u{07}", false, "bell\u{FFFD}"),
    ])
    func xmlEscaping(raw: String, attribute: Bool, escaped: String) {
        #expect(XMLText.escape(raw, attribute: attribute) == escaped)
    }
}

@Suite struct GitHubReportTests {
    @Test(arguments: [
        ("100% done", "100%25 done"),
        ("line\r\nnext", "line%0D%0Anext"),
        ("a: b, c", "a: b, c"),
        ("id\u{1B}[2J\tx\u{7F}", "id\\u{1B}[2J\\tx\\u{7F}"),
    ])
    func messageEscaping(raw: String, escaped: String) {
        #expect(GitHubReport.escapeData(raw) == escaped)
    }

    @Test(arguments: [
        ("rule: claim, line", "rule%3A claim%2C line"),
        ("c:\u{301}d", "c%3A\u{301}d"),
        ("50%\n", "50%25%0A"),
        ("P\u{1B}[31m:1", "P\\u{1B}[31m%3A1"),
    ])
    func propertyEscaping(raw: String, escaped: String) {
        #expect(GitHubReport.escapeProperty(raw) == escaped)
    }

    /// A claim id holding an escape sequence (and a line break) reaches neither the log nor the
    /// annotation raw: the escape is written `\u{1B}`, the break as GitHub's `%0A`.
    @Test func controlCharactersFromTheInputAreEscaped() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("escape-id.csv")
        try Data("claim_id,member_id,billing_npi,line,code,units,date\n\"PCN\n\u{1B}[2J9\",M1,1234567893,1,A0425,251,2024-08-17\n".utf8).write(to: file)
        let report = Checker().check(files: [file.path])
        #expect(report.findings.map(\.claimID) == ["PCN\n\u{1B}[2J9"])
        let out = ReportRenderer.render(report, format: .github)
        #expect(!out.contains("\u{1B}"))
        let annotation = try #require(out.split(separator: "\n").first { $0.hasPrefix("::error ") })
        #expect(annotation.contains("title=mue.line-limit%3A claim PCN%0A\\u{1B}[2J9 line 1 (A0425)::"), "\(annotation)")
        #expect(out.split(separator: "\n").count == 2, "\(out)")
    }

    @Test func mostSevereFirst() {
        var report = Fixtures.sample
        report.findings[0].severity = .info
        report.findings[1].severity = .warning
        let lines = ReportRenderer.render(report, format: .github).split(separator: "\n")
        let kinds = lines.compactMap { $0.hasPrefix("::") ? $0.dropFirst(2).prefix { $0 != " " } : nil }
        #expect(kinds == ["error", "error", "error", "error", "error", "error", "error", "warning", "notice", "notice"])
        #expect(lines[0].hasPrefix("::error file=Fixtures/claims/sample.csv,line=9,col=41,title=units.duplicate-line%3A claim PCN-1004 line 2 (87253)::"))
    }

    @Test func stepSummaryHasTotalsAndRules() {
        let md = ReportRenderer.gitHubStepSummary(Fixtures.sample)
        #expect(md.contains("| 1 | 10 | 8 | 0 | 9 | 9 | 0 | 0 | 0 | 0 | 0 |"))
        #expect(md.contains("| `mue.line-limit` Units over the MUE on one line (MAI 1) | 1 | N362 |"))
        // Claims not checked are in the table and the closing annotation line.
        let malformed = Fixtures.report(["Fixtures/claims/malformed.csv"])
        #expect(malformed.summary.claimsUnreadable > 0)
        let table = ReportRenderer.gitHubStepSummary(malformed)
        #expect(table.contains("Claims rejected | Claims not checked |") && table.contains("| \(malformed.summary.claimsRejected) | \(malformed.summary.claimsUnreadable) |"))
        let last = ReportRenderer.render(malformed, format: .github).split(separator: "\n").last ?? ""
        #expect(last.contains("(\(malformed.summary.claimsRejected) rejected, \(malformed.summary.claimsUnreadable) not checked)"), "\(last)")
    }
}

@Suite struct CSVReportTests {
    @Test(arguments: [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("a,b", "\"a,b\""),
        ("a,\u{301}b", "\"a,\u{301}b\""),
        ("q\"\u{301}x", "\"q\"\"\u{301}x\""),
        ("PCN-1002", "PCN-1002"),
    ])
    func cellsAreQuotedAndNeutralised(raw: String, cell: String) {
        #expect(CSVReport.cell(raw) == cell)
    }

    @Test func oneRowPerFinding() {
        let csv = ReportRenderer.render(Fixtures.sample, format: .csv)
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 10)
        #expect(rows[0] == "severity,rule,file,line,column,claim,service_line,code,denial_codes,message")
        #expect(rows[1].hasPrefix("error,addon.primary-missing,Fixtures/claims/sample.csv,5,42,PCN-1002,2,0856T,CO-107,"))
    }

    @Test func hostileClaimIDIsNeutralised() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("hostile.csv")
        try Data("claim_id,member_id,billing_npi,line,code,units,date\n=cmd|' /C calc'!A0,M1,1234567893,1,A0425,251,2024-08-17\n".utf8).write(to: file)
        let report = Checker().check(files: [file.path])
        #expect(report.findings.count == 1)
        let row = ReportRenderer.render(report, format: .csv).split(separator: "\n")[1]
        #expect(row.contains(",'=cmd|' /C calc'!A0,"))
    }
}

@Suite struct TextReportTests {
    /// A quoted CSV claim id may hold a line break; the text report is one line per finding, so
    /// the id is written escaped (it split the finding's line, and a reader of the log took the
    /// rest for another line).
    @Test func claimIDWithALineBreakStaysOnItsLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken-id.csv")
        try Data("claim_id,member_id,billing_npi,line,code,units,date\n\"PCN\n\u{1B}[2J9\",M1,1234567893,1,A0425,251,2024-08-17\n".utf8).write(to: file)
        let report = Checker().check(files: [file.path])
        #expect(report.findings.count == 1)
        #expect(report.findings.first?.claimID == "PCN\n\u{1B}[2J9")
        let text = ReportRenderer.render(report, format: .text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let finding = try #require(lines.first { $0.contains("[mue.line-limit]") })
        #expect(finding.contains(": claim PCN\\n\\u{1B}[2J9 line 1: "), "\(finding)")
        #expect(!text.contains("\u{1B}"))
        #expect(lines.filter { $0.hasPrefix(file.path) }.count == 1, "\(text)")
    }

    @Test(arguments: [("a\tb", "a\\tb"), ("a\r\nb", "a\\r\\nb"), ("x\u{7F}", "x\\u{7F}"), ("\u{1}é", "\\u{1}é"), ("plain", "plain")])
    func controlCharactersAreEscaped(raw: String, written: String) {
        var out = ReportOutput()
        out.writeOnOneLine(raw)
        #expect(out.text == written)
    }
}

@Suite struct DisplayPathTests {
    @Test(arguments: [
        ("/work/pkg/Fixtures/a.csv", "/work/pkg", "Fixtures/a.csv"),
        ("/work/pkg/Fixtures/a.csv", "/work/pkg/", "Fixtures/a.csv"),
        ("/work/pkgs/a.csv", "/work/pkg", "/work/pkgs/a.csv"),
        ("./Fixtures/a.csv", "/work/pkg", "Fixtures/a.csv"),
        ("../x/a.csv", "/work/pkg", "../x/a.csv"),
        ("/a.csv", "/", "a.csv"),
    ])
    func relativeToTheWorkingDirectory(path: String, base: String, shown: String) {
        #expect(ReportRenderer.displayPath(path, relativeTo: base) == shown)
    }
}

@Suite struct DenialCodeTests {
    @Test func parsesTheUsersFileAndLooksUpWithoutTheGroupCode() throws {
        let bytes = Array("code,description\n107,\"Related, qualifying\"\nN362,Units\n".utf8)
        let d = try DenialCodeDescriptions.parse(bytes: bytes, file: "codes.csv")
        #expect(d.description(of: "CO-107") == "Related, qualifying")
        #expect(d.description(of: "N362") == "Units")
        #expect(d.description(of: "CO-4") == nil)
    }

    /// A header's description column is the description (later columns are not glued on);
    /// without a header, every field after the code is. Conflicts and empty files are errors.
    @Test func readsTheDescriptionColumnAndRefusesConflictsAndEmptyFiles() throws {
        let d = try DenialCodeDescriptions.parse(bytes: Array("Code,Description,Effective\n107,Related,2020-01-01\n107,Related,2021-01-01\n".utf8), file: "c.csv")
        #expect(d.descriptions == ["107": "Related"])
        let noHeader = try DenialCodeDescriptions.parse(bytes: Array("107,Related, qualifying\n".utf8), file: "c.csv")
        #expect(noHeader.descriptions == ["107": "Related, qualifying"])
        let reordered = try DenialCodeDescriptions.parse(bytes: Array("code,group,description\n107,CO,Related\n".utf8), file: "c.csv")
        #expect(reordered.descriptions == ["107": "Related"])
        func error(_ text: String) -> Diagnostic? {
            do { _ = try DenialCodeDescriptions.parse(bytes: Array(text.utf8), file: "c.csv") } catch { return error.diagnostic }
            return nil
        }
        #expect(error("code,description\n107,Related\nN362,Units\n107,Other\n")?.message == "code '107' is described twice, differently (first at line 2); keep one description")
        #expect(error("code,description\n107,Related\nN362,Units\n107,Other\n")?.location == SourceLocation(file: "c.csv", line: 4, column: 1))
        #expect(error("")?.message.hasPrefix("no codes") == true)
        #expect(error("code,description\n\n")?.message.hasPrefix("no codes") == true)
        #expect(error("code,description,effective\n107,,2020\n")?.message.hasPrefix("expected 'code,description'") == true)
    }

    @Test func rejectsARowWithoutADescription() {
        #expect(throws: InputError.self) { try DenialCodeDescriptions.parse(bytes: Array("107\n".utf8), file: "codes.csv") }
    }

    /// A line over the delimited-text limits stops the file with an error naming it.
    @Test func rejectsALineOverTheLimits() {
        let text = "code,description\n107,Related\nN362," + String(repeating: "x", count: DelimitedTextLimits.maxRecordBytes) + "\n"
        #expect {
            try DenialCodeDescriptions.parse(bytes: Array(text.utf8), file: "codes.csv")
        } throws: { e in
            guard let d = (e as? InputError)?.diagnostic else { return false }
            return d.id == "input.denial-codes" && d.location == SourceLocation(file: "codes.csv", line: 3, column: 1)
                && d.message.hasPrefix("the line is \(DelimitedTextLimits.maxRecordBytes + 5) bytes long, more than the \(DelimitedTextLimits.maxRecordBytes)")
        }
    }

    @Test func descriptionsReachTextAndSARIFHelp() {
        let options = ReportOptions(denialCodes: DenialCodeDescriptions(["107": "DESCRIPTION-107"]))
        #expect(ReportRenderer.render(Fixtures.sample, format: .text, options: options).contains("addon.primary-missing: CO-107 (DESCRIPTION-107)"))
        #expect(ReportRenderer.render(Fixtures.sample, format: .sarif, options: options).contains("Denial codes: CO-107 (DESCRIPTION-107)"))
    }

    @Test(arguments: ReportFormat.allCases)
    func everyFormatCarriesTheCodes(format: ReportFormat) {
        let out = ReportRenderer.render(Fixtures.sample, format: format)
        for code in ["CO-107", "CO-18", "N362", "CO-4", "CO-181"] { #expect(out.contains(code), "\(format) lacks \(code)") }
    }

    @Test func codesAreCodesOnly() {
        for r in RuleCatalog.all {
            for c in r.denialCodes {
                #expect(c.wholeMatch(of: /(CO|PR|OA|PI|CR)-[A-Z]?\d{1,3}|[MN]A?\d{1,3}/) != nil, "\(r.id): \(c)")
            }
        }
    }
}
