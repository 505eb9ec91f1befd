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
    /// The minimal form of rules-crash-example-dashes.rules: an example line that is only dashes.
    @Test(arguments: ["-", "---", "99213 x1; --- x2", "- x1"])
    func exampleLineOfDashesIsAnError(notation: String) {
        #expect(throws: ExampleError.self) { try RuleExample.parseClaims(notation) }
    }
}
