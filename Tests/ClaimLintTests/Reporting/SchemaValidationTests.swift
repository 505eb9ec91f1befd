import ClaimLint
import Foundation
import Testing

/// The SARIF log against the OASIS SARIF 2.1.0 schema and the JUnit report against
/// junit-10.xsd, both in `../shared/schemas/`. Skipped, with the reason, when the schemas or
/// the validators (`pip install check-jsonschema xmlschema`) are not there.
@Suite struct SchemaValidationTests {
    static let sarifReason: Comment = "needs ../shared/schemas/sarif-schema-2.1.0.json and check-jsonschema on the PATH (pip install check-jsonschema)"
    static let junitReason: Comment = "needs ../shared/schemas/junit-10.xsd and python3 with xmlschema (pip install xmlschema)"

    static var canValidateSARIF: Bool { ExternalTool.schemas != nil && ExternalTool.checkJSONSchema != nil }
    static var canValidateJUnit: Bool { ExternalTool.schemas != nil && ExternalTool.pythonWithXMLSchema != nil }

    /// Reports worth validating: the sample, suppressed results, an unreadable file, an
    /// X12-style location with a segment offset, and rules a pack turns off or changes.
    static var reports: [(String, Report)] {
        var x12 = Fixtures.sample
        x12.findings = FindingList(x12.findings.map { f in
            var f = f
            f.location = SourceLocation(file: "claims/batch 1.837", line: 1, column: 812, segment: 31, byteOffset: 811, byteLength: 42)
            return f
        })
        return [
            ("sample", Fixtures.sample),
            ("suppressed", Fixtures.report(["Fixtures/claims/suppressed.csv"])),
            ("unreadable", Fixtures.report(["Fixtures/claims/sample.csv", "Fixtures/claims/missing.csv"])),
            ("claims not checked", Fixtures.report(["Fixtures/claims/malformed.csv", "Fixtures/claims/malformed.json", "Fixtures/x12/truncated.837"])),
            ("x12", x12),
            // A pack that turns a rule off and changes another's severity.
            ("packs", Fixtures.report(["Fixtures/claims/sample.csv"], packs: [.bundled, try! RulePack.load(directory: Fixtures.url("Fixtures/packs/payer").path)])),
        ]
    }

    @Test(.enabled(if: canValidateSARIF, sarifReason), arguments: reports.map(\.0))
    func sarifValidatesAgainstTheSchema(name: String) throws {
        let report = Self.reports.first { $0.0 == name }!.1
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("\(name).sarif")
        try Data(ReportRenderer.render(report, format: .sarif, options: ReportOptions(showPHI: true)).utf8).write(to: file)
        let schema = ExternalTool.schemas!.appendingPathComponent("sarif-schema-2.1.0.json")
        let r = try ExternalTool.run(ExternalTool.checkJSONSchema!, ["--schemafile", schema.path, file.path])
        #expect(r.status == 0, "check-jsonschema rejected the \(name) SARIF log:\n\(r.stdout)\(r.stderr)")
    }

    @Test(.enabled(if: canValidateJUnit, junitReason), arguments: reports.map(\.0))
    func junitValidatesAgainstTheSchema(name: String) throws {
        let report = Self.reports.first { $0.0 == name }!.1
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("\(name).xml")
        try Data(ReportRenderer.render(report, format: .junit).utf8).write(to: file)
        let xsd = ExternalTool.schemas!.appendingPathComponent("junit-10.xsd")
        let script = "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])"
        let r = try ExternalTool.run(ExternalTool.pythonWithXMLSchema!, ["-c", script, xsd.path, file.path])
        #expect(r.status == 0, "xmlschema rejected the \(name) JUnit report:\n\(r.stderr)")
    }

    /// The validation above can fail: an invalid level is rejected.
    @Test(.enabled(if: canValidateSARIF, sarifReason))
    func theValidatorRejectsAnInvalidLog() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.sarif")
        let text = ReportRenderer.render(Fixtures.sample, format: .sarif).replacingOccurrences(of: "\"level\": \"error\"", with: "\"level\": \"fatal\"")
        try Data(text.utf8).write(to: file)
        let schema = ExternalTool.schemas!.appendingPathComponent("sarif-schema-2.1.0.json")
        #expect(try ExternalTool.run(ExternalTool.checkJSONSchema!, ["--schemafile", schema.path, file.path]).status != 0)
    }

    @Test(.enabled(if: canValidateJUnit, junitReason))
    func theXSDRejectsAnInvalidReport() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.xml")
        let text = ReportRenderer.render(Fixtures.sample, format: .junit).replacingOccurrences(of: " tests=\"10\"", with: "")
        try Data(text.utf8).write(to: file)
        let xsd = ExternalTool.schemas!.appendingPathComponent("junit-10.xsd")
        let script = "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])"
        #expect(try ExternalTool.run(ExternalTool.pythonWithXMLSchema!, ["-c", script, xsd.path, file.path]).status != 0)
    }
}
