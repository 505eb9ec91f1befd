import Testing
@testable import ClaimLint

/// Every rule's examples are tests: a firing example must fire exactly on its lines, a passing
/// one must not fire at all.
@Suite struct RuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: RuleDescriptor
        var example: RuleExample
        var testDescription: String { "\(rule.id): \(example.claims)" }
    }

    static let cases: [Case] = RuleCatalog.all.flatMap { r in r.examples.map { Case(rule: r, example: $0) } }

    @Test(arguments: cases)
    func example(_ c: Case) throws {
        let findings = try check(c.example.claims, extra: c.example.tables)
        let claims = try RuleExample.parseClaims(c.example.claims)
        let ordinal = Dictionary(uniqueKeysWithValues: claims.enumerated().map { ($1.id, $0 + 1) })
        // A list, not a set: one problem gives one finding, so a line fires at most once.
        let actual = findings.filter { $0.rule == c.rule.id }.map { ExampleHit(claim: ordinal[$0.claimID]!, line: $0.line) }.sorted()
        let expected = try c.example.expectedHits().sorted()
        #expect(actual == expected, "\(c.rule.id) on '\(c.example.claims)' (\(c.example.note)): expected \(expected), got \(actual); all findings: \(findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" })")
    }

    @Test func everyRuleHasFiringAndPassingExamples() {
        for r in RuleCatalog.all {
            #expect(r.examples.contains { !$0.mustPass }, "\(r.id) has no example that fires")
            #expect(r.examples.contains { $0.mustPass }, "\(r.id) has no example that passes")
        }
    }

    @Test func idsAreUniqueDottedAndDocumented() {
        let ids = RuleCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate rule ids")
        let families: Set = ["addon", "units", "mue", "pctc", "code", "status", "ptp", "global", "modifier"]
        for r in RuleCatalog.all {
            #expect(families.contains(r.family), "\(r.id): unknown family")
            #expect(r.id.split(separator: ".").count == 2 && r.id == r.id.lowercased(), "\(r.id): ids are family.kebab-name")
            #expect(!r.name.isEmpty && !r.summary.isEmpty && !r.rationale.isEmpty && !r.source.isEmpty, "\(r.id) is not documented")
        }
    }
}

/// The examples of the bundled pack's own rules (`Rules/*.rules`), so the pack cannot ship a
/// rule whose examples fail.
@Suite struct BundledRuleExampleTests {
    static let results = RuleTester.run(rules: RulePack.bundled.rules, packs: [.bundled]).results

    @Test func thePackHasRules() {
        #expect(RulePack.bundled.rules.count >= 10)
        #expect(RulePack.bundled.rules.contains { $0.id == "cpt.37253-with-37252" })
    }

    @Test(arguments: results.map { "\($0.rule) \($0.location)" })
    func example(_ name: String) {
        let r = Self.results.first { "\($0.rule) \($0.location)" == name }!
        #expect(r.passed, "\(RuleTester.render(RuleTester.Summary(results: [r])))")
    }
}
