/// Runs rule examples as tests: each example's claims are checked with the packs, and the lines
/// the rule fires on must be exactly the ones the example names (none for `passes`).
///
/// A conditional rule's examples look at the rule's own findings; a table rule's (addon,
/// counted, limit, pair) at the findings of the family it feeds (addon, units, mue, ptp).
public enum RuleTester {
    public struct Result: Sendable, Hashable {
        public var rule: String
        /// `file:line` of the example, or `built-in` for the catalog's own examples.
        public var location: String
        public var claims: String
        public var expected: [String]
        public var actual: [String]
        /// Every finding of the example's claims, as `rule@claim/line`, for failure messages.
        public var findings: [String]
        public var error: String?
        /// Something the example does not show, though it passes: a table rule's example that
        /// fires just as it does without the rule (the tables before it already do), so a
        /// mistyped code would pass it too.
        public var note: String?

        public var passed: Bool { error == nil && expected == actual }
    }

    public struct Summary: Sendable {
        public var results: [Result]
        public init(results: [Result]) { self.results = results }
        public var passed: Int { results.filter(\.passed).count }
        public var failed: Int { results.count - passed }
    }

    /// Tests the examples of `rules` (a pack's own rules), checked with `packs` (which should
    /// include the pack itself, after the packs it builds on).
    public static func run(rules: [UserRule], packs: [RulePack]) -> Summary {
        var results: [Result] = []
        let checker = Checker(packs: packs)
        for rule in rules {
            let (family, undated) = context(of: rule, packs: packs)
            // A table rule's examples that fire are checked without the rule too (lazily: most
            // rules are `when` rules).
            var without: Checker?
            for example in rule.examples {
                let location = "\(example.location.file):\(example.location.line)"
                let matches = { (f: Finding) in family.map { f.family == $0 } ?? (f.rule == rule.id) }
                var result = evaluate(
                    rule: rule.id, location: location, claims: example.claims, fires: example.fires, checker: checker, undated: undated, matches: matches)
                if let family, result.passed, !result.expected.isEmpty {
                    let inFamily = { (f: String) in f.hasPrefix(family + ".") }
                    if without == nil {
                        without = Checker(packs: packs.map { p in
                            var p = p
                            p.rules.removeAll { $0.id == rule.id }
                            return p
                        })
                    }
                    let alone = evaluate(
                        rule: rule.id, location: location, claims: example.claims, fires: example.fires, checker: without!, undated: undated, matches: matches)
                    // The same rules on the same lines: a rule that changes which of the
                    // family's rules fires (a counted code's repeat is units.duplicate-line,
                    // not units.duplicate-service) shows what it adds.
                    if alone.findings.filter(inFamily).sorted() == result.findings.filter(inFamily).sorted() {
                        result.note = "the \(family) findings are the same without the rule (the tables before it already make them), so the example does not show what the rule adds"
                    }
                }
                results.append(result)
            }
        }
        return Summary(results: results)
    }

    /// The family whose findings `rule`'s examples check (nil: its own), and the date of their
    /// undated lines: a table rule's rows hold in its pack's period, so they are dated in it
    /// (the first day, when the usual date is outside).
    private static func context(of rule: UserRule, packs: [RulePack]) -> (family: String?, undated: ServiceDate) {
        let family = rule.statement.tableFamily
        let period = family == nil ? nil : packs.last(where: { $0.rules.contains { $0.id == rule.id } })?.tables.period
        return (family, period.map { $0.contains(RuleExample.defaultDate) ? RuleExample.defaultDate : $0.from } ?? RuleExample.defaultDate)
    }

    /// What the examples of rule `id` (built in, or a rule of one of `packs`) find with `packs`,
    /// for `rules explain`: a result per example, in order, whose `actual` lines are the ones
    /// its rule fires on with these tables (a pack's MUE of 2 passes the bundled `89353 x2`).
    /// The rule is on for this though a pack turns it off, so that they show what it finds;
    /// a built-in example's own tables are laid over `packs`. Empty for an unknown id.
    public static func examples(of id: String, packs: [RulePack]) -> [Result] {
        let on = packs.map { p in
            var p = p
            p.settings.disabled.remove(id)
            return p
        }
        if let rule = RuleCatalog.descriptor(id) {
            return builtIn(rule, checker: Checker(packs: on), packs: on)
        }
        guard let rule = on.last(where: { $0.rules.contains { $0.id == id } })?.rules.first(where: { $0.id == id }) else { return [] }
        let checker = Checker(packs: on)
        let (family, undated) = context(of: rule, packs: on)
        return rule.examples.map { example in
            evaluate(
                rule: rule.id, location: "\(example.location.file):\(example.location.line)", claims: example.claims, fires: example.fires,
                checker: checker, undated: undated, matches: { f in family.map { f.family == $0 } ?? (f.rule == rule.id) })
        }
    }

    /// Tests the examples of the built-in rules, with `packs` and each example's own tables.
    public static func runBuiltIn(packs: [RulePack] = [.bundled]) -> Summary {
        let base = Checker(packs: packs)
        return Summary(results: RuleCatalog.all.flatMap { builtIn($0, checker: base, packs: packs) })
    }

    /// The results of a built-in rule's examples, checked with `checker` (made from `packs`),
    /// or with `packs` and an example's own tables.
    private static func builtIn(_ rule: RuleDescriptor, checker base: Checker, packs: [RulePack]) -> [Result] {
        rule.examples.map { example in
            var checker = base
            if !example.tables.isEmpty {
                do {
                    let extra = try RulePack.parse(files: example.tables.map { ("example/" + $0.key, $0.value) }, origin: "example")
                    checker = Checker(packs: packs + [extra])
                } catch {
                    return Result(rule: rule.id, location: "built-in", claims: example.claims, expected: [], actual: [], findings: [], error: "\(error)")
                }
            }
            return evaluate(rule: rule.id, location: "built-in", claims: example.claims, fires: example.fires, checker: checker, matches: { $0.rule == rule.id })
        }
    }

    private static func evaluate(
        rule: String, location: String, claims text: String, fires: [String], checker: Checker, undated: ServiceDate = RuleExample.defaultDate,
        matches: (Finding) -> Bool
    ) -> Result {
        var result = Result(rule: rule, location: location, claims: text, expected: [], actual: [], findings: [])
        do {
            let claims = try RuleExample.parseClaims(text, undated: undated)
            let ordinal = Dictionary(uniqueKeysWithValues: claims.enumerated().map { ($1.id, $0 + 1) })
            let expected = try RuleExample(text, fires: fires).expectedHits()
            let findings = checker.check(claims).findings
            result.expected = expected.sorted().map(\.description)
            // A list: a line that fires twice for one rule shows twice, and fails the example.
            result.actual = findings.filter(matches).map { ExampleHit(claim: ordinal[$0.claimID] ?? 0, line: $0.line) }.sorted().map(\.description)
            result.findings = findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" }
        } catch {
            result.error = error.message
        }
        return result
    }

    /// Test-runner output: a line per failure with its location (and per note, `NOTE`), then
    /// `N passed, N failed`.
    public static func render(_ summary: Summary, verbose: Bool = false) -> String {
        var out = ""
        for r in summary.results {
            if r.passed {
                if verbose { out += "PASS \(r.rule) (\(r.location)): \(r.claims)\n" }
                if let note = r.note { out += "NOTE \(r.rule) (\(r.location)): \(r.claims)\n  \(note)\n" }
                continue
            }
            out += "FAIL \(r.rule) (\(r.location)): \(r.claims)\n"
            if let e = r.error {
                out += "  error: \(e)\n"
            } else {
                out += "  expected: \(r.expected.isEmpty ? "no finding" : "fires on " + r.expected.joined(separator: ", "))\n"
                out += "  actual:   \(r.actual.isEmpty ? "no finding" : "fires on " + r.actual.joined(separator: ", "))\n"
                out += "  findings: \(r.findings.isEmpty ? "none" : r.findings.joined(separator: " "))\n"
            }
        }
        out += "\(summary.passed) passed, \(summary.failed) failed\n"
        return out
    }
}
