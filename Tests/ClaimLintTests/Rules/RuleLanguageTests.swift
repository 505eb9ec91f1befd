import Foundation
import Testing
@testable import ClaimLint

@Suite struct RuleLanguageTests {
    func parse(_ text: String) throws -> [UserRule] {
        try RulePack.parse(files: [("t/x.rules", text)], origin: "t").rules
    }

    static let valid = """
        rule payer.x
          severity: warning
          message: {code} in place {date}
          when code in 97110-97112, G0283 and pos is 21
          example fires on 1: pos=21 : 97112 x1
          example passes: pos=11 : 97112 x1
        end
        """

    @Test func parsesARule() throws {
        let r = try #require(try parse(Self.valid).first)
        #expect(r.id == "payer.x" && r.family == "payer" && r.severity == .warning && r.location.line == 1)
        guard case .conditional(let conditions, nil) = r.statement else { Issue.record("not conditional"); return }
        guard case .code(let set) = conditions[0] else { Issue.record("no code condition"); return }
        #expect(set.codes == ["97110", "97111", "97112", "G0283"])
        #expect(r.examples.map(\.fires) == [["1"], []])
        #expect(r.examples[0].location.line == 5)
    }

    struct BadRule: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { name }
    }

    static func rule(_ body: String) -> String {
        "rule payer.x\n  message: m\n\(body)\n  example fires on 1: 97110 x1\n  example passes: 99213 x1\nend\n"
    }

    static let bad: [BadRule] = [
        BadRule(name: "unknown key", text: "rule payer.x\n  sevrity: error\nend\n", line: 2, column: 3, message: "unknown key 'sevrity'; expected one of: name, severity"),
        BadRule(name: "unknown statement", text: rule("  whenever code is 97110"), line: 3, column: 3, message: "unknown statement 'whenever'"),
        BadRule(name: "bad code", text: rule("  when code is 9711"), line: 3, column: 16, message: "'9711' is not a HCPCS/CPT code"),
        BadRule(name: "empty range", text: rule("  when code in 97546-97110"), line: 3, column: 16, message: "the range 97546-97110 is empty"),
        BadRule(name: "codes with nothing in common", text: rule("  when code is 97110 and code is 97112"), line: 3, column: 26, message: "code in 97110 and code in 97112 have no code in common, so the condition can never be true"),
        BadRule(name: "impossible age", text: rule("  when age < 18 and age > 65"), line: 3, column: 27, message: "no age meets the age conditions"),
        BadRule(name: "unknown condition", text: rule("  when colour is red"), line: 3, column: 8, message: "unknown condition 'colour'"),
        BadRule(name: "bad place of service", text: rule("  when pos is 2"), line: 3, column: 15, message: "'2' is not a place of service"),
        BadRule(name: "bad severity", text: "rule payer.x\n  severity: fatal\n  message: m\n  when code is 97110\n  example passes: 99213 x1\nend\n", line: 2, column: 13, message: "severity must be error, warning or info, found 'fatal'"),
        BadRule(name: "no end", text: "rule payer.x\n  message: m\n  when code is 97110\n", line: 1, column: 1, message: "rule 'payer.x' has no 'end'"),
        BadRule(name: "no examples", text: "rule payer.x\n  message: m\n  when code is 97110\nend\n", line: 1, column: 1, message: "rule 'payer.x' has no examples"),
        BadRule(name: "no message", text: "rule payer.x\n  when code is 97110\n  example passes: 99213 x1\nend\n", line: 1, column: 1, message: "rule 'payer.x' needs a 'message:'"),
        BadRule(name: "example does not parse", text: "rule payer.x\n  message: m\n  when code is 97110\n  example passes: 9711 x1\nend\n", line: 4, column: 19, message: "the example's claims do not parse: '9711' is not a HCPCS/CPT code"),
        BadRule(name: "bad example line", text: "rule payer.x\n  message: m\n  when code is 97110\n  example fires on two: 97110 x1\nend\n", line: 4, column: 20, message: "'two' is not a line"),
        BadRule(name: "two edits", text: rule("  when code is 97110\n  counted 97110 per unit"), line: 4, column: 3, message: "rule 'payer.x' already has its edit (line 3)"),
        BadRule(name: "requirement without when", text: "rule payer.x\n  message: m\n  require modifier GP\nend\n", line: 3, column: 3, message: "'require' needs a 'when' line before it"),
        BadRule(name: "appealable per line", text: "rule payer.x\n  limit 89353 1 per line appealable\n  example passes: 89353 x1\nend\n", line: 2, column: 26, message: "'appealable' applies to per-date limits only"),
        BadRule(name: "bad id", text: "rule Payer.X\nend\n", line: 1, column: 6, message: "rule id 'Payer.X' must be FAMILY.NAME"),
        BadRule(name: "built-in id", text: "rule ptp.pair\n  message: m\n  when code is 97110\n  example passes: 99213 x1\nend\n", line: 1, column: 6, message: "rule id 'ptp.pair' is a built-in rule's"),
        BadRule(name: "duplicate id", text: rule("  when code is 97110") + rule("  when code is 97112"), line: 7, column: 6, message: "duplicate rule id 'payer.x' (first defined at line 1)"),
        BadRule(name: "=> is not a comparison", text: rule("  when age => 10"), line: 3, column: 12, message: "'=>' is not a comparison; expected <, <=, >, >= or ="),
        BadRule(name: "a statement with a colon", text: rule("  when: code is 97110"), line: 3, column: 7, message: "'when' starts a statement, not a key: write it without the colon"),
        BadRule(name: "a code list ending with a comma", text: rule("  when code in 97110, 97112,"), line: 3, column: 28, message: "the list ends with ','"),
        BadRule(name: "a modifier list ending with a comma", text: rule("  when modifier in GP,"), line: 3, column: 22, message: "the list ends with ','"),
        BadRule(name: "range of two shapes", text: rule("  when code in 0200U-99999"), line: 3, column: 16, message: "the range 0200U-99999 joins codes of different shapes"),
        BadRule(name: "severity on a table rule", text: "rule payer.x\n  severity: warning\n  limit 99213 1 per date\n  example passes: 99213 x1\nend\n", line: 2, column: 13, message: "'severity' applies to 'when' rules"),
        BadRule(name: "duplicate id, spaced", text: rule("  when code is 97110") + "rule   payer.x\n  message: m\n  when code is 97110\n  example passes: 99213 x1\nend\n", line: 7, column: 8, message: "duplicate rule id 'payer.x'"),
        BadRule(name: "statement outside a rule", text: "when code is 97110\n", line: 1, column: 1, message: "expected 'rule ID' to start a rule, found 'when'"),
        BadRule(
            name: "unknown placeholder", text: "rule payer.x\n  message: {code} over {limit}\n  when code is 97110\n  example passes: 99213 x1\nend\n",
            line: 2, column: 12, message: "unknown placeholder '{limit}' in the message; use {code}, {units} or {date}"),
        BadRule(
            name: "placeholder in another case", text: "rule payer.x\n  message: {Code} is out\n  when code is 97110\n  example passes: 99213 x1\nend\n",
            line: 2, column: 12, message: "unknown placeholder '{Code}'"),
        BadRule(
            name: "unclosed placeholder", text: "rule payer.x\n  message: {code} is {out\n  when code is 97110\n  example passes: 99213 x1\nend\n",
            line: 2, column: 12, message: "unknown placeholder '{out'"),
        BadRule(
            name: "not a denial code", text: "rule payer.x\n  message: m\n  denial: CO-58 XX-1\n  when code is 97110\n  example passes: 99213 x1\nend\n",
            line: 3, column: 11, message: "'XX-1' is not a CARC code"),
        BadRule(
            name: "a group code alone", text: "rule payer.x\n  message: m\n  denial: CO 58\n  when code is 97110\n  example passes: 99213 x1\nend\n",
            line: 3, column: 11, message: "'CO' is not a CARC code"),
    ]

    /// A `#` next to text in a key's value is text; one with spaces around it starts a
    /// trailing comment, as a `#` anywhere does in a statement's line.
    @Test func aHashInAValueIsTextAndASpacedOneAComment() throws {
        let text = """
            # a comment
            rule payer.h
              name: Policy #12 edit
              severity: warning # checked with the payer
              message: {code} is not covered; see policy #PT-12 section 4 #
              source: Manual #4, C# ch.2\t#\tlast
              rationale: "quoted # 1"
              denial: CO-97 # the payer's
              when code is 99213   # a trailing comment
              example fires on 1: 99213 x1   # another
            end
            """
        let r = try #require(try parse(text).first)
        #expect(r.name == "Policy #12 edit" && r.severity == .warning && r.denialCodes == ["CO-97"])
        #expect(r.message == "{code} is not covered; see policy #PT-12 section 4")
        #expect(r.source == "Manual #4, C# ch.2" && r.rationale == "quoted # 1")
        #expect(r.examples[0].claims == "99213 x1")
    }

    @Test func denialCodesAreCARCOrRARC() throws {
        for code in ["97", "CO-97", "CO97", "PR-1", "OA-23", "PI-204", "CR-2", "B7", "CO-B7", "P12", "N362", "M15", "MA130", "N1"] {
            #expect(RuleFileParser.isDenialCode(code), "\(code)")
        }
        for code in ["XX-1", "CO", "CO-", "9999", "co-97", "N3620", "MA", "B123", "CO--97", "97A", "-97", "Ｎ362"] {
            #expect(!RuleFileParser.isDenialCode(code), "\(code)")
        }
        let r = try #require(try parse(Self.valid.replacingOccurrences(of: "  severity: warning", with: "  denial: CO-58, N362 97")).first)
        #expect(r.denialCodes == ["CO-58", "N362", "97"])
    }

    @Test(arguments: bad)
    func errorsNameTheLineAndColumn(_ b: BadRule) {
        #expect {
            try parse(b.text)
        } throws: { e in
            guard let p = e as? PackError else { return false }
            let ok = p.file == "t/x.rules" && p.line == b.line && p.column == b.column && p.message.hasPrefix(b.message)
            if !ok { Issue.record("got \(p)") }
            return ok
        }
    }

    @Test func rangesKeepToOneShapeOfCode() throws {
        func codes(_ range: String) throws -> Set<ProcedureCode> {
            let r = try #require(try parse(Self.rule("  when code in \(range)")).first)
            guard case .conditional(let c, _) = r.statement, case .code(let set) = c[0] else { return [] }
            return set.codes
        }
        let surgery = try codes("30000-30999")
        #expect(surgery.count == 1000 && surgery.contains("30520") && !surgery.contains("3008F"))
        let pla = try codes("0200U-0299U")
        #expect(pla.count == 100 && pla.contains("0208U") && !pla.contains("0208T"))
        let hcpcs = try codes("G0101-G0124")
        #expect(hcpcs.count == 24 && hcpcs.contains("G0121"))
        #expect(try codes("10004-69990").count == 59_987)
    }

    /// A code of a shape: 0 five digits (`n`), 1 four digits and `letter`, 2 `letter` and four
    /// digits (`n` modulo 10,000).
    static func code(_ shape: Int, _ n: Int, _ letter: Character) -> ProcedureCode {
        let digits = String(repeating: "0", count: 4 - String(n % 10_000).count) + String(n % 10_000)
        switch shape {
        case 0: return ProcedureCode(String(repeating: "0", count: 5 - String(n).count) + String(n))!
        case 1: return ProcedureCode(digits + String(letter))!
        default: return ProcedureCode(String(letter) + digits)!
        }
    }

    /// A range is its two ends and its shape: what it contains, counts and writes out agree,
    /// for ranges of each shape, and for codes of every shape between and around their ends.
    @Test func aRangeContainsWhatItWritesOut() throws {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<300 {
            let shape = Int.random(in: 0...2, using: &rng)
            let letter = "ABFGTUJ".randomElement(using: &rng)!
            let top = shape == 0 ? 99_999 : 9_999
            let a = Int.random(in: 0...top, using: &rng), b = min(top, a + Int.random(in: 0...400, using: &rng))
            let range = try #require(CodeRange(Self.code(shape, a, letter), Self.code(shape, b, letter)))
            let codes = range.codes
            #expect(codes.count == range.count && codes.count == b - a + 1 && codes == codes.sorted())
            let written = Set(codes)
            for _ in 0..<50 {
                let probe = Self.code(Int.random(in: 0...2, using: &rng), Int.random(in: max(0, a - 50)...min(top, b + 50), using: &rng), "ABFGTUJ".randomElement(using: &rng)!)
                #expect(range.contains(probe) == written.contains(probe), "\(range.first.text)-\(range.last.text) \(probe.text)")
            }
        }
        #expect(CodeRange("30000", "3008F") == nil && CodeRange("0200U", "0299T") == nil && CodeRange("G0101", "J0101") == nil)
    }

    /// Sets of many ranges, overlapping, of every shape, and codes alone: what a set contains
    /// and the intersection of two are those of the codes written out.
    @Test func aSetOfRangesContainsWhatItWritesOut() throws {
        var rng = SplitMix64(seed: 17)
        func randomSet() -> CodeSet {
            var ranges: [CodeRange] = [], singles: Set<ProcedureCode> = []
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                let shape = Int.random(in: 0...2, using: &rng), letter = "AGTU".randomElement(using: &rng)!
                let a = Int.random(in: 0...1_500, using: &rng), b = a + Int.random(in: 0...300, using: &rng)
                ranges.append(CodeRange(Self.code(shape, a, letter), Self.code(shape, b, letter))!)
            }
            for _ in 0..<Int.random(in: 0...5, using: &rng) { singles.insert(Self.code(Int.random(in: 0...2, using: &rng), Int.random(in: 0...1_900, using: &rng), "AGTU".randomElement(using: &rng)!)) }
            return CodeSet(singles: singles, ranges: ranges, text: "t")
        }
        for _ in 0..<60 {
            let a = randomSet(), b = randomSet()
            let written = a.codes
            for _ in 0..<300 {
                let probe = Self.code(Int.random(in: 0...2, using: &rng), Int.random(in: 0...1_900, using: &rng), "AGTUZ".randomElement(using: &rng)!)
                #expect(a.contains(probe) == written.contains(probe))
            }
            #expect(a.intersection(b, text: "t").codes == written.intersection(b.codes))
            #expect(zip(a.ranges, a.ranges.dropFirst()).allSatisfy { $0.endKind < $1.endKind || ($0.endKind == $1.endKind && $0.last < $1.first) })
        }
    }

    /// Rules over wide ranges (every code) load as their ends: the plan checks them on every
    /// line rather than indexing 100,000 codes each, and they still fire on the codes they hold.
    @Test func wideRangesAreNotWrittenOut() throws {
        var text = ""
        for k in 0..<200 {
            text += "rule payer.wide\(k)\n  message: m\n  when code in 00000-99999, A0000-A9999 and units > 4\n  example passes: 99213 x1\nend\n"
        }
        text += "rule payer.narrow\n  message: m\n  when code in 97110-97546\n  example passes: 99213 x1\nend\n"
        let rules = try parse(text)
        let plan = UserRulePlan(rules)
        #expect(plan.anyCode.count == 200)
        let pack = RulePack(name: "wide", origin: "t", tables: ReferenceTables(), rules: rules)
        let findings = Checker(packs: [.bundled, pack]).check(try RuleExample.parseClaims("A0425 x5; 0856T x5; 97110 x1")).findings
        #expect(findings.filter { $0.rule.hasPrefix("payer.wide") }.map(\.line) == Array(repeating: 1, count: 200))
        #expect(findings.filter { $0.rule == "payer.narrow" }.map(\.line) == [3])
        // Two ranges with no code in common, and an add-on over too many primaries.
        #expect(throws: PackError.self) { try parse(Self.rule("  when code in 0200U-0299U and code in 0200T-0299T")) }
        #expect(throws: PackError.self) { try parse(Self.rule("  when code in 30000-30999 and code in 3008F")) }
        #expect(try parse(Self.rule("  when code in 30000-30999 and code in 30500-31500, 3008F")).count == 1)
        // Thousands of ranges on both sides of an intersection: merged, one range each.
        let many = Array(repeating: "00000-99999", count: 3_000).joined(separator: ", ")
        let wide = try parse(Self.rule("  when code in \(many) and code in \(many)"))
        guard case .conditional(let c, _)? = wide.first?.statement, case .code(let set) = c[0] else { Issue.record("no code condition"); return }
        #expect(set.ranges.count == 1 && set.count == 100_000)
        let addon = "rule payer.a\n  addon 99292 requires 10000-29999\n  example passes: 99213 x1\nend\n"
        #expect { try parse(addon) } throws: { "\($0)".contains("20000 primary codes; an add-on rule names at most 10000") }
    }

    /// `anatomic` stands for the anatomic modifiers anywhere in a modifier list (it had to come
    /// first, alone).
    @Test func anatomicJoinsAModifierList() throws {
        let r = try #require(try parse(Self.rule("  when modifier in 59, anatomic, XS")).first)
        guard case .conditional(let c, _) = r.statement, case .modifier(let set) = c[0] else { Issue.record("no modifier condition"); return }
        #expect(set == Modifier.anatomic.union(["59", "XS"]))
    }

    @Test func exampleLinesTakeATrailingComment() throws {
        let r = try #require(try parse("rule payer.x\n  message: m\n  when code is 97110\n  example fires on 1: 97110 x1   # no GP\nend\n").first)
        #expect(r.examples[0].claims == "97110 x1")
    }

    @Test func theCompleteExampleOfRulesREADMELoadsAndPasses() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("Rules/README.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```\n# Lines starting with # are comments"))
        let body = doc[start.upperBound...]
        let end = try #require(body.range(of: "```"))
        let text = "# Lines starting with # are comments" + body[..<end.lowerBound]
        let pack = try RulePack.parse(files: [("Rules/README.md.rules", text)], origin: "doc")
        #expect(pack.rules.map(\.id) == ["payer.therapy-inpatient"])
        let summary = RuleTester.run(rules: pack.rules, packs: [.bundled, pack])
        #expect(summary.failed == 0 && summary.passed == 2, "\(RuleTester.render(summary))")
    }

    @Test func thePayerFixturePassesItsOwnExamples() throws {
        let pack = try RulePack.load(directory: fixture("packs/payer-rules"))
        #expect(pack.rules.count == 13)
        let summary = RuleTester.run(rules: pack.rules, packs: [.bundled, pack])
        #expect(summary.failed == 0, "\(RuleTester.render(summary))")
        #expect(summary.passed == summary.results.count && summary.passed >= 26)
    }

    @Test func theBrokenFixtureNamesItsMistake() {
        #expect {
            try RulePack.load(directory: fixture("packs/payer-rules-broken"))
        } throws: { e in
            (e as? PackError)?.description == fixture("packs/payer-rules-broken") + "/example-health.rules:11:16: error: the range 97546-97110 is empty: its first code is after its last, so the condition can never be true"
        }
    }

    @Test func aFailingExampleIsReportedWithExpectedAndActual() throws {
        let pack = try RulePack.parse(files: [("p/x.rules", """
            rule payer.wrong
              message: m
              when code is 97110
              example fires on 2: 97110 x1; 99213 x1
            end
            """)], origin: "p")
        let summary = RuleTester.run(rules: pack.rules, packs: [.bundled, pack])
        #expect(summary.failed == 1)
        #expect(RuleTester.render(summary) == """
            FAIL payer.wrong (p/x.rules:4): 97110 x1; 99213 x1
              expected: fires on 1/2
              actual:   fires on 1/1
              findings: cms.therapy-modifier-required@C1/1 payer.wrong@C1/1
            0 passed, 1 failed

            """)
    }

    @Test func packRulesRunInTheChecker() throws {
        let pack = try RulePack.load(directory: fixture("packs/payer-rules"))
        let claims = try RuleExample.parseClaims("pos=21 : 97110-GP x2; 20610 x1; 27447 x1 || born=1990-01-01 : G0121 x1")
        let findings = Checker(packs: [.bundled, pack]).check(claims).findings
        let ids = findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" }
        #expect(ids.contains("payer.therapy-inpatient@C1/1") && ids.contains("payer.knee-injection-with-arthroplasty@C1/2") && ids.contains("payer.screening-colonoscopy-age@C2/1"))
        let f = try #require(findings.first { $0.rule == "payer.therapy-inpatient" })
        #expect(f.message.hasPrefix("97110-GP: 97110 is a therapy service") && f.message.hasSuffix("[source: Example Health policy PT-12]"))
        // A pack disables one of its own rules.
        let off = try RulePack.parse(files: [("o/pack.txt", "disable: payer.therapy-inpatient\n")], origin: "o")
        #expect(!Checker(packs: [.bundled, pack, off]).check(claims).findings.contains { $0.rule == "payer.therapy-inpatient" })
    }

    /// A table rule's rows are rows of its pack's tables: its pack's period dates them, and a
    /// later pack's table overrides them (they were laid over every period, last). A later
    /// pack's rule of the same id takes them away.
    @Test func tableRulesAreDatedByTheirPackAndOverriddenByLaterPacks() throws {
        func pack(_ name: String, _ files: [(String, String)]) throws -> RulePack {
            try RulePack.parse(files: files.map { ("\(name)/\($0.0)", $0.1) }, origin: name)
        }
        func limit(_ id: String, _ code: String, _ n: Int) -> String {
            "rule \(id)\n  limit \(code) \(n) per date\n  example passes: \(code) x1\nend\n"
        }
        func mue(_ packs: [RulePack], _ claims: String) throws -> [String] {
            Checker(packs: packs).check(try RuleExample.parseClaims(claims)).findings.filter { $0.family == "mue" }.map { "\($0.claimID)/\($0.line)" }
        }
        let quarter = try pack("q3", [("pack.txt", "period: 2024-07-01..2024-09-30\n"), ("q3.rules", limit("payer.lim", "88305", 2))])
        // 88305's bundled MUE is 16: the rule's 2 holds in the third quarter only.
        #expect(try mue([.bundled, quarter], "88305 x3 || 2024-11-01 | 88305 x3 || 2024-07-01 | 88305 x3") == ["C1/1", "C3/1"])
        let later = try pack("later", [("mue.tsv", "code\tvalue\tmai\n88305\t4\t3\n")])
        #expect(try mue([.bundled, quarter, later], "88305 x3 || 88305 x5") == ["C2/1"])
        // Replaced by a later pack's rule of the same id: 88305 is back to 16, 71045 limited.
        let replacing = try pack("r", [("r.rules", limit("payer.lim", "71045", 1))])
        #expect(try mue([.bundled, quarter, replacing], "88305 x3 || 71045 x2 || 2024-11-01 | 71045 x2") == ["C2/1", "C3/1"])
        #expect(try mue([.bundled, quarter, replacing, later], "88305 x5 || 88305 x3") == ["C1/1"])
        // What was added is kept for building the sets again while packs are added, not by a
        // checker, whose tables would be held twice.
        #expect(ReferenceData(packs: [.bundled, quarter, later]).keptAdditions == 3)
        #expect(Checker(packs: [.bundled, quarter, later]).reference.keptAdditions == 0)
        // A table rule's undated examples are dated in its pack's period.
        let spring = try pack("q2", [
            ("pack.txt", "period: 2024-04-01..2024-06-30\n"),
            ("q2.rules", "rule payer.q2\n  limit 88305 1 per date\n  example fires on 1: 88305 x3\n  example passes: 2024-08-14 | 88305 x3\nend\n"),
        ])
        let summary = RuleTester.run(rules: spring.rules, packs: [.bundled, spring])
        #expect(summary.failed == 0 && summary.passed == 2, "\(RuleTester.render(summary))")
    }

    /// A table rule's example that fires just as it does without the rule passes with a note:
    /// a mistyped code (`limit 89335`) passed an example on 89353, which the bundled MUE fires.
    @Test func aTableRuleExampleTheTablesAlreadyFireIsNoted() throws {
        let text = """
            rule payer.typo
              limit 89335 1 per date
              example fires on 1: 89353 x2
            end
            rule payer.real
              limit 88305 2 per date
              example fires on 1: 88305 x3
              example passes: 88305 x2
            end
            rule payer.when
              message: m
              when code is 89353
              example fires on 1: 89353 x1
            end

            """
        let pack = try RulePack.parse(files: [("p/p.rules", text)], origin: "p")
        let summary = RuleTester.run(rules: pack.rules, packs: [.bundled, pack])
        #expect(summary.failed == 0 && summary.passed == 4)
        #expect(summary.results.map { $0.note != nil } == [true, false, false, false])
        #expect(RuleTester.render(summary) == """
            NOTE payer.typo (p/p.rules:3): 89353 x2
              the mue findings are the same without the rule (the tables before it already make them), so the example does not show what the rule adds
            4 passed, 0 failed

            """)
    }

    @Test func aCMSAndAPayerAddonRequirementGiveOneFinding() throws {
        let rule = "rule payer.0856t\n  source: restates the CMS add-on edit\n  addon 0856T requires 88348\n  example fires on 2: 88305 x1; 0856T x1\nend\n"
        let pack = try RulePack.parse(files: [("p/p.rules", rule)], origin: "p")
        let findings = Checker(packs: [.bundled, pack]).check(try RuleExample.parseClaims("88305 x1; 0856T x1")).findings
        #expect(findings.map(\.rule) == ["addon.primary-missing"])
    }

    /// Spaces and tabs at the end of an example line are not part of its claims: a trailing tab
    /// failed with "'97110\t' is not a HCPCS/CPT code".
    @Test func anExampleLineEndingInATabOrSpacesParses() throws {
        let r = try #require(try parse("rule payer.x\n  message: m\n  when code is 97110\n  example fires on 1: 97110 x2\t\n  example passes: 97140 \t \r\nend\n").first)
        #expect(r.examples.map(\.claims) == ["97110 x2", "97140"])
    }

    /// A `pair` rule without `effective:` holds on every date, and its findings say so: they
    /// printed the row's internal start, "in force -2937836-09-26..open".
    @Test func aPairRuleWithoutEffectiveIsInForceOnEveryDate() throws {
        func message(_ effective: String) throws -> String {
            let rule = "rule payer.pair\n\(effective)  pair 27447 20610 modifier 0\n  example fires on 2: 27447; 20610\nend\n"
            let pack = try RulePack.parse(files: [("p/p.rules", rule)], origin: "p")
            let f = Checker(packs: [.bundled, pack]).check(try RuleExample.parseClaims("27447; 20610")).findings
            return try #require(f.first { $0.rule == "ptp.pair-no-bypass" }).message
        }
        #expect(try message("").hasPrefix("20610 is the column 2 code of NCCI pair 27447/20610 (in force on every date; rationale: payer.pair (pack rule payer.pair)) with 27447 on line 1"))
        #expect(try message("  effective: ..2024-12-31\n").contains("(in force through 2024-12-31; rationale:"))
        #expect(try message("  effective: 2024-02-01..\n").contains("(in force 2024-02-01..open; rationale:"))
    }

    /// The bundled pack's own rules test without a NOTE: a counted rule's repeated line is
    /// units.duplicate-line with the rule and units.duplicate-service without it, which shows
    /// what the rule adds (the note compared lines, not rules, and noted five examples).
    @Test func theBundledPacksRulesTestWithoutANote() throws {
        let summary = RuleTester.run(rules: RulePack.bundled.rules, packs: [.bundled])
        #expect(summary.failed == 0 && !summary.results.isEmpty)
        #expect(!RuleTester.render(summary).contains("NOTE"), "\(RuleTester.render(summary))")
        // A mistyped code is still noted: the findings are the same rules on the same lines.
        let typo = "rule payer.typo\n  counted 87235 per isolate\n  example fires on 2: 87253 x1; 87253 x1\nend\n"
        let pack = try RulePack.parse(files: [("p/p.rules", typo)], origin: "p")
        let noted = RuleTester.run(rules: pack.rules, packs: [.bundled, pack])
        #expect(noted.failed == 0 && noted.results.map { $0.note != nil } == [true])
    }

    /// `rules explain` shows a rule as the packs loaded have it: its severity, `off`, and what
    /// its examples find with their tables (the payer pack's MUE of 2 for 89353 passes the
    /// bundled `89353 x2`). It showed the bundled pack's, whatever was loaded.
    @Test func explainShowsTheRuleAsThePacksLoadedHaveIt() throws {
        let payer = try RulePack.load(directory: fixture("packs/payer"))
        let packs = [RulePack.bundled, payer]
        let settings = ReferenceData(packs: packs).settings
        func explain(_ id: String) throws -> String {
            let r = try #require(Checker(packs: packs).rules.first { $0.id == id })
            return RuleText.explain(r, settings: settings, found: RuleTester.examples(of: id, packs: packs))
        }
        #expect(try explain("modifier.unknown").hasPrefix("modifier.unknown (error, set by a pack loaded; warning by default): "))
        let off = try explain("units.duplicate-line")
        #expect(off.hasPrefix("units.duplicate-line (off: a pack loaded disables it; error when on): "))
        // Its examples still show what it finds when on.
        #expect(off.contains("  (what the rule finds when on)\n  87253 x1; 87253 x1  -> fires on line 2\n"), "\(off)")
        let mue = try explain("mue.date-limit-appealable")
        #expect(mue.hasPrefix("mue.date-limit-appealable (error): "))
        #expect(mue.contains("\n  89353 x2  -> passes with the packs loaded; the example says: fires on line 1 (89353 MUE 1, MAI 3)\n"), "\(mue)")
        #expect(mue.contains("\n  89353 x1  -> passes\n"))
        // With the bundled pack alone, as written.
        let r = try #require(RuleCatalog.descriptor("mue.date-limit-appealable"))
        #expect(RuleText.explain(r, settings: RuleSettings(), found: RuleTester.examples(of: r.id, packs: [.bundled])) == RuleText.explain(r))
        // A pack's own table rule, checked with a later pack's tables.
        let lim = try RulePack.parse(files: [("l/l.rules", "rule payer.lim\n  limit 97110 1 per date\n  example fires on 1: 97110-GP x2\nend\n")], origin: "l")
        let later = try RulePack.parse(files: [("m/mue.tsv", "code\tvalue\tmai\n97110\t4\t2\n")], origin: "m")
        let found = RuleTester.examples(of: "payer.lim", packs: [.bundled, lim, later])
        #expect(found.map(\.actual) == [[]] && found.map(\.expected) == [["1/1"]])
        #expect(RuleTester.examples(of: "payer.lim", packs: [.bundled, lim]).map(\.actual) == [["1/1"]])
    }
}
