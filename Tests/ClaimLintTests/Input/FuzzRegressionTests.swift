import Foundation
import Testing
@testable import ClaimLint

/// Inputs the fuzzers (Scripts/fuzz.sh) found crashing, kept under Fixtures/fuzz/: each must
/// now be read (or refused with an error) without trapping.
@Suite struct FuzzRegressionTests {
    static let files = (try? FileManager.default.contentsOfDirectory(atPath: fixture("fuzz")))?.sorted() ?? []

    @Test func thereAreRegressionFixtures() {
        #expect(!FuzzRegressionTests.files.isEmpty)
    }

    @Test(arguments: files.filter { $0.hasSuffix(".rules") })
    func ruleFileIsReadOrRefused(name: String) throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: fixture("fuzz/" + name))), as: UTF8.self)
        do {
            let pack = try RulePack.parse(files: [(name: "x.rules", text: text)], origin: "fuzz")
            _ = Checker(packs: [pack]).check(try RuleExample.parseClaims("99213 x1; 11042 x1"))
        } catch let error as PackError {
            #expect(error.line >= 1)
        }
    }
}

extension FuzzRegressionTests {
    /// A delimited file reads the same serially and in parts (as the fuzz target requires),
    /// and every report format streams what it renders. csv-latin1-id-after-a-claim-with-errors:
    /// the Latin-1 claim id's warning came before the claim it follows was ended serially, and
    /// after it in parts. tsv-parts-differ: the pre-scan read a Latin-1 claim id as UTF-8, so
    /// a cut between two rows of that claim (malformed rows between them) looked like a claim's
    /// start, and the part after it split the claim (11 claims read, serially 10).
    @Test(arguments: files.filter { $0.hasSuffix(".csv") })
    func delimitedFileReadsAlikeInParts(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("fuzz/" + name))))
        let serial = try ClaimFileReader.read(bytes: bytes, file: "fuzz.csv")
        let text = try FileContent.text(of: bytes, file: "fuzz.csv")
        let parallel = try text.withUnsafeBytes { CSVParallelReader.read($0, file: "fuzz.csv", parts: 1_000, minimumPartBytes: 0, threads: 2, onClaim: nil) }.get()
        #expect(parallel.claims == serial.claims && parallel.diagnostics == serial.diagnostics && parallel.suppressions == serial.suppressions)
        #expect(parallel.claimsRead == serial.claimsRead && parallel.linesRead == serial.linesRead)
        #expect(parallel.claimsUnreadable == serial.claimsUnreadable && parallel.linesUnreadable == serial.linesUnreadable)
        #expect(serial.diagnostics.contains { $0.id == "input.not-utf8" })
        var summary = Summary()
        (summary.files, summary.claims, summary.lines) = (1, serial.claimsRead, serial.linesRead)
        let report = Checker().report(claims: serial.claims, summary: summary, diagnostics: serial.diagnostics, suppressions: serial.suppressions)
        for format in ReportFormat.allCases {
            let whole = ReportRenderer.render(report, format: format, options: ReportOptions(showPHI: true))
            var streamed: [UInt8] = []
            var out = ReportOutput(chunkSize: 7) { streamed += $0 }
            ReportRenderer.write(report, format: format, options: ReportOptions(showPHI: true), to: &out)
            try out.finish()
            #expect(streamed == Array(whole.utf8), "\(format)")
        }
    }

    /// The minimal form of rules-crash-example-dashes.rules: an example line that is only dashes.
    @Test(arguments: ["-", "---", "99213 x1; --- x2", "- x1"])
    func exampleLineOfDashesIsAnError(notation: String) {
        #expect(throws: ExampleError.self) { try RuleExample.parseClaims(notation) }
    }
}
