import Testing
import ClaimLint

/// The README's "Embedding the library" example, compiled and run.
@Suite struct EmbeddingExampleTests {
    @Test func readmeExample() throws {
        // --- README example start
        let checker = Checker()  // the bundled pack; Checker(packs: [.bundled, myPack]) adds your own
        let claim = Claim(
            id: "PCN-1", memberID: "M-77", billingNPI: NPI("1234567893")!,
            lines: [
                ServiceLine(number: 1, code: "88305", units: Units(1), dates: DateRange("2024-08-14"),
                            location: SourceLocation(file: "ehr", line: 1, column: 1)),
                ServiceLine(number: 2, code: "0856T", units: Units(1), dates: DateRange("2024-08-14"),
                            location: SourceLocation(file: "ehr", line: 2, column: 1)),
            ],
            location: SourceLocation(file: "ehr", line: 1, column: 1))
        for finding in checker.check(claim) {
            print(finding.rule, finding.line, finding.message)  // addon.primary-missing 2 0856T is an add-on code ...
        }
        // --- README example end
        #expect(checker.check(claim).map(\.rule) == ["addon.primary-missing"])
    }
}
