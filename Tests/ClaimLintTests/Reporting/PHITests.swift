import ClaimLint
import Foundation
import Testing

/// Member ids are protected health information: no format prints them unless asked.
@Suite struct PHITests {
    static let memberIDs = ["MBR0001", "MBR0002", "MBR0005", "MBR0010"]

    @Test(arguments: ReportFormat.allCases)
    func noMemberIDByDefault(format: ReportFormat) {
        for report in [Fixtures.sample, Fixtures.report(["Fixtures/claims/suppressed.csv"])] {
            let out = ReportRenderer.render(report, format: format) + ReportRenderer.gitHubStepSummary(report)
            #expect(!out.contains("MBR"), "\(format) prints a member id")
        }
    }

    @Test(arguments: [ReportFormat.text, .json, .sarif, .junit, .csv])
    func showPHIAddsTheMemberID(format: ReportFormat) {
        let out = ReportRenderer.render(Fixtures.sample, format: format, options: ReportOptions(showPHI: true))
        #expect(out.contains("MBR0002"))
    }

    /// Claims of two files that share ids: each finding shows its own claim's member, in every
    /// format (by claim id, the second file's findings showed the first file's members). The
    /// JSON and SARIF reports are read as JSON, each finding's member checked against the one
    /// its file gives its claim; the others line by line, a line naming a member and its file.
    @Test(arguments: [ReportFormat.text, .json, .sarif, .junit, .csv])
    func aFindingShowsItsOwnClaimsMember(format: ReportFormat) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: Fixtures.url("Fixtures/claims/sample.csv"), encoding: .utf8)
        let copy = dir.appendingPathComponent("copy.csv")
        try text.replacingOccurrences(of: ",MBR", with: ",OTHER").write(to: copy, atomically: true, encoding: .utf8)
        let report = Checker().check(files: [Fixtures.url("Fixtures/claims/sample.csv").path, copy.path])
        let out = ReportRenderer.render(report, format: format, options: ReportOptions(showPHI: true))
        // The member of each claim id in sample.csv (the first two columns); copy.csv's are
        // the same with OTHER for MBR.
        var sampleMembers: [String: String] = [:]
        for row in text.split(separator: "\n").dropFirst() {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            sampleMembers[String(cells[0])] = String(cells[1])
        }
        func expectedMember(file: String, claim: String) -> String? {
            let m = sampleMembers[claim]
            return file.hasSuffix("copy.csv") ? m.map { $0.replacingOccurrences(of: "MBR", with: "OTHER") } : m
        }
        var checked = 0
        switch format {
        case .json:
            let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            for f in try #require(json["findings"] as? [[String: Any]]) {
                let file = try #require((f["location"] as? [String: Any])?["file"] as? String), claim = try #require(f["claim"] as? String)
                #expect(f["member"] as? String == expectedMember(file: file, claim: claim), "\(file) \(claim)")
                checked += 1
            }
        case .sarif:
            let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            let results = try #require(((json["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
            for r in results {
                let location = try #require((r["locations"] as? [[String: Any]])?.first)
                let uri = try #require(((location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String)
                let claim = try #require((r["properties"] as? [String: Any])?["claim"] as? String)
                let logical = (location["logicalLocations"] as? [[String: Any]])?.first { $0["kind"] as? String == "claim" }
                let member = (logical?["properties"] as? [String: Any])?["memberId"] as? String
                #expect(member == expectedMember(file: uri, claim: claim), "\(uri) \(claim)")
                checked += 1
            }
        default:
            // Every line that names a member names the one of its own file.
            for line in out.split(separator: "\n") where line.contains("MBR") || line.contains("OTHER") {
                if line.contains("copy.csv") { #expect(!line.contains("MBR"), "\(format): \(line)"); checked += 1 }
                if line.contains("sample.csv") && !line.contains("copy.csv") { #expect(!line.contains("OTHER"), "\(format): \(line)"); checked += 1 }
            }
        }
        // Both files' findings were checked.
        #expect(checked >= 2 * Fixtures.sample.findings.count)
        #expect(out.contains("OTHER0002") && out.contains("MBR0002"))
    }

    /// Rows of one claim with differing member ids are told as `input.claim-field-differs` on
    /// `member_id` without either id: not in its value, nor its message, nor any report.
    @Test func differingMemberIDsAreNotQuoted() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("differs.csv")
        try """
            claim_id,member_id,billing_npi,rendering_npi,place_of_service,line,code,modifiers,units,date
            C1,MEMA7731,1234567893,1234567893,11,1,99213,,1,2024-08-14
            C1,MEMB8842,1234567893,1234567893,11,2,27447,,1,2024-08-14

            """.write(to: file, atomically: true, encoding: .utf8)
        let report = Checker().check(files: [file.path])
        let differs = report.diagnostics.filter { $0.id == "input.claim-field-differs" && $0.field == "member_id" }
        #expect(differs.count == 1)
        for d in differs {
            #expect(d.value == nil)
            #expect(!d.message.contains("MEMA7731") && !d.message.contains("MEMB8842"), "\(d.message)")
        }
        for format in ReportFormat.allCases {
            let out = ReportRenderer.render(report, format: format) + (format == .github ? ReportRenderer.gitHubStepSummary(report) : "")
            // JUnit lists input errors only, and the CSV report findings only.
            if ![.junit, .csv].contains(format) { #expect(out.contains("input.claim-field-differs"), "\(format)") }
            #expect(!out.contains("MEMA7731") && !out.contains("MEMB8842"), "\(format) quotes a member id")
        }
    }
}
