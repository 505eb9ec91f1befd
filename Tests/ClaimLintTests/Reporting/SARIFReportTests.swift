@testable import ClaimLint
import Foundation
import Testing

@Suite struct SARIFReportTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func results(_ report: Report, options: ReportOptions = ReportOptions()) throws -> [[String: Any]] {
        let log = try json(ReportRenderer.render(report, format: .sarif, options: options))
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        return try #require(run["results"] as? [[String: Any]])
    }

    @Test func listsEveryRuleWithItsHelpAndLevel() throws {
        let log = try Self.json(ReportRenderer.render(Fixtures.sample, format: .sarif))
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == Checker().rules.map(\.id))
        #expect(rules.contains { $0["id"] as? String == "cms.therapy-modifier-required" }, "pack rules are listed too")
        let addon = try #require(rules.first { $0["id"] as? String == "addon.primary-missing" })
        #expect(addon["name"] as? String == "AddonPrimaryMissing")
        let help = try #require((addon["help"] as? [String: Any])?["text"] as? String)
        #expect(help.contains("Why: Type 1 add-on codes"))
        #expect(help.contains("Source: CMS NCCI add-on code edits"))
        #expect(help.contains("Denial codes: CO-107"))
        #expect((addon["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
    }

    /// A rule's `defaultConfiguration` is the run's: `enabled: false` for a rule a pack turns
    /// off, and the level a pack's `severity:` gives (it was the built-in level whatever the
    /// packs said).
    @Test func ruleConfigurationsFollowThePacksLoaded() throws {
        let payer = try RulePack.load(directory: fixture("packs/payer"))
        let report = Fixtures.report(["Fixtures/claims/sample.csv"], packs: [.bundled, payer])
        let log = try Self.json(ReportRenderer.render(report, format: .sarif))
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        func configuration(_ id: String) throws -> [String: Any] {
            try #require(rules.first { $0["id"] as? String == id }?["defaultConfiguration"] as? [String: Any])
        }
        let off = try configuration("units.duplicate-line")
        #expect(off["enabled"] as? Bool == false && off["level"] as? String == "error")
        let raised = try configuration("modifier.unknown")
        #expect(raised["level"] as? String == "error" && raised["enabled"] == nil)
        let plain = try configuration("modifier.discontinued-review")
        #expect(plain["level"] as? String == "warning" && plain["enabled"] == nil)
        // Without packs, the built-in configuration.
        let bundled = try Self.json(ReportRenderer.render(Fixtures.sample, format: .sarif))
        let builtIn = try #require(((((bundled["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]))
        #expect(builtIn.allSatisfy { ($0["defaultConfiguration"] as? [String: Any])?["enabled"] == nil })
        #expect((builtIn.first { $0["id"] as? String == "modifier.unknown" }?["defaultConfiguration"] as? [String: Any])?["level"] as? String == "warning")
    }

    @Test func resultHasPhysicalAndLogicalLocations() throws {
        let first = try #require(try Self.results(Fixtures.sample).first)
        #expect(first["ruleId"] as? String == "addon.primary-missing")
        #expect(first["level"] as? String == "error")
        let location = try #require((first["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "Fixtures/claims/sample.csv")
        let region = try #require(physical["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 5)
        #expect(region["startColumn"] as? Int == 42)
        #expect(region["byteOffset"] == nil)
        let logical = try #require(location["logicalLocations"] as? [[String: Any]])
        #expect(logical.map { $0["fullyQualifiedName"] as? String } == ["PCN-1002", "PCN-1002/line 2"])
    }

    @Test func x12SegmentOffsetBecomesByteOffset() throws {
        var report = Fixtures.sample
        report.findings = [report.findings[0]]
        report.findings[0].location = SourceLocation(file: "batch.837", line: 1, column: 812, segment: 31, byteOffset: 811, byteLength: 42)
        let result = try #require(try Self.results(report).first)
        let physical = try #require(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        let region = try #require(physical["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 1)
        #expect(region["startColumn"] as? Int == 812)
        #expect(region["byteOffset"] as? Int == 811)
        #expect(region["byteLength"] as? Int == 42)
    }

    /// The run measures columns in UTF-16 code units (`columnKind`), as code scanning and
    /// editors do; the other reports give UTF-8 byte columns. `PCN-JOSÉ-1` puts a two-byte É
    /// before the code: byte column 44, UTF-16 column 43 (SARIF said 44, a character to the
    /// right). Without `utf16Columns` (the CLI's other formats) the columns are bytes.
    @Test func columnsCountUTF16CodeUnits() throws {
        let file = "Fixtures/claims/multibyte-before-code.csv"
        func region(_ report: Report) throws -> [String: Any] {
            let result = try #require(try Self.results(report).first)
            return try #require((((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        }
        let report = Fixtures.report([file])
        let log = try Self.json(ReportRenderer.render(report, format: .sarif))
        #expect((log["runs"] as? [[String: Any]])?.first?["columnKind"] as? String == "utf16CodeUnits")
        let utf16 = try region(report)
        #expect(utf16["startLine"] as? Int == 3 && utf16["startColumn"] as? Int == 43)
        #expect(ReportRenderer.render(report, format: .text).hasPrefix("\(file):3:44: error: claim PCN-JOSÉ-1 line 2: 0856T"))
        let bytes = Checker(packs: [.bundled]).check(files: [Fixtures.url(file).path], displayPath: { ReportRenderer.displayPath($0, relativeTo: Fixtures.root.path) }, utf16Columns: false)
        #expect(try region(bytes)["startColumn"] as? Int == 44)
    }

    /// An 837 on one line with a two-byte Ñ and É and a four-byte emoji (two UTF-16 units) in
    /// the first claim's patient name: each later finding's column is the UTF-16 units before
    /// its segment plus 1, four less than its byte column, and its byte offset is the same.
    @Test func anX12FileOnOneLineCountsTheCharactersBeforeEachSegment() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: Fixtures.url("Fixtures/x12/professional.837"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: "")
            .replacingOccurrences(of: "NM1*IL*1*DOE*JANE", with: "NM1*IL*1*MUÑOZ*JOSÉ 😀")
        let path = dir.appendingPathComponent("one-line.837").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let bytes = Array(text.utf8)
        let report = Checker(packs: [.bundled]).check(files: [path])
        let results = try Self.results(report)
        #expect(results.count == report.findings.count && results.count == 4)
        for (result, f) in zip(results, report.findings) {
            let region = try #require((((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
            let offset = try #require(f.location.byteOffset)
            let units = String(decoding: bytes[..<offset], as: UTF8.self).utf16.count
            #expect(f.location.line == 1 && f.location.column == offset + 1)
            #expect(region["startColumn"] as? Int == units + 1 && units + 1 == f.location.column - 4)
            #expect(region["byteOffset"] as? Int == offset)
        }
    }

    @Test func fingerprintsSurviveReorderingTheFile() throws {
        func prints(_ file: String) throws -> Set<String> {
            Set(try Self.results(Fixtures.report([file])).compactMap { ($0["partialFingerprints"] as? [String: String])?[SARIFReport.fingerprintKey] })
        }
        let sample = try prints("Fixtures/claims/sample.csv")
        #expect(sample.count == 9)
        #expect(try prints("Fixtures/claims/reordered.csv") == sample)
    }

    @Test func suppressedFindingsCarryTheirJustification() throws {
        let results = try Self.results(Fixtures.report(["Fixtures/claims/suppressed.csv"]))
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.map { $0["ruleId"] as? String } == ["addon.primary-missing", "units.duplicate-line"])
        let s = try #require((suppressed.first?["suppressions"] as? [[String: Any]])?.first)
        #expect(s["kind"] as? String == "inSource")
        #expect(s["justification"] as? String == "primary 88348 was billed on the facility claim")
        #expect(results.filter { $0["suppressions"] == nil }.map { $0["ruleId"] as? String } == ["mue.line-limit"])
    }

    @Test(arguments: [
        ("Fixtures/claims/sample.csv", "Fixtures/claims/sample.csv"),
        ("claims/batch 1.csv", "claims/batch%201.csv"),
        ("c:x#1.csv", "c%3Ax%231.csv"),
        ("../other/é.csv", "../other/%C3%A9.csv"),
    ])
    func urisArePercentEncodedRelativeReferences(path: String, uri: String) {
        #expect(SARIFReport.uri(path) == uri)
    }

    @Test func unreadableInputIsAFailedInvocation() throws {
        let text = ReportRenderer.render(Fixtures.report(["Fixtures/claims/missing.csv"]), format: .sarif)
        let run = try #require((try Self.json(text)["runs"] as? [[String: Any]])?.first)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notes.map { ($0["descriptor"] as? [String: Any])?["id"] as? String } == ["input.unreadable"])
    }
}
