import Testing
@testable import ClaimLint

/// The frequent findings keep their message's values in their records (`RecordedMessage`):
/// the messages, with the other lines named when the finding is, are the ones written before.
@Suite struct RecordedMessageTests {
    static let pairTail = "Modifier indicator 1: 20610 is denied unless the services were distinct; if the documentation supports it, add an NCCI-associated modifier (XS, XE, XP, XU or 59, an anatomic modifier such as RT/LT, or 25/57 on an E/M)."
    static let package = "same patient and provider, so it is part of the surgical package. If it is separately payable, it needs"

    static let cases: [(claims: String, rule: String, line: Int, message: String)] = [
        ("27447 x1; 20610 x1", "ptp.pair", 2,
         "20610 is the column 2 code of NCCI pair 27447/20610 (in force 2024-01-01..open; rationale: Misuse of Column Two code with Column One code) with 27447 on line 1, same patient, provider and date 2024-08-14. \(pairTail)"),
        ("87253 x1 || 27447 x1; 20610 x1", "ptp.pair", 2,
         "20610 is the column 2 code of NCCI pair 27447/20610 (in force 2024-01-01..open; rationale: Misuse of Column Two code with Column One code) with 27447 on line 1, same patient, provider and date 2024-08-14. \(pairTail)"),
        ("27447 x1 || 20610 x1", "ptp.pair", 1,
         "20610 is the column 2 code of NCCI pair 27447/20610 (in force 2024-01-01..open; rationale: Misuse of Column Two code with Column One code) with 27447 on claim C1 line 1, same patient, provider and date 2024-08-14. \(pairTail)"),
        ("45380 x1; 45378-59-LT x1", "ptp.pair-no-bypass", 2,
         "45378-59-LT is the column 2 code of NCCI pair 45380/45378 (in force 2024-01-01..open; rationale: CPT Separate procedure definition) with 45380 on line 1, same patient, provider and date 2024-08-14. Modifier indicator 0: no modifier bypasses this edit, and 45378 is denied. The modifiers present (59, LT) cannot help. Remove 45378 unless it was performed at a separate encounter on another date."),
        ("2024-08-13 | 99214 x1 || 2024-08-14 | 87253 x1; 27447 x1", "global.em-in-package", 1,
         "99214 on 2024-08-13 falls in the day before 27447 (claim C2 line 2, 2024-08-14, global 090, window 2024-08-13..2024-11-12), \(package) 57 (the visit that led to the decision to operate) or FT."),
        ("2024-08-20 | 99214 x1 || 2024-08-14 | 27447 x1", "global.em-in-package", 1,
         "99214 on 2024-08-20 falls in the post-operative period of 27447 (claim C2 line 1, 2024-08-14, global 090, window 2024-08-13..2024-11-12), \(package) 24 (an unrelated E/M in the post-operative period) or FT."),
        ("20610 x1; 99214 x1", "global.em-in-package", 2,
         "99214 on 2024-08-14 falls in the day of 20610 (claim C1 line 1, 2024-08-14, global 000, window 2024-08-14..2024-08-14), \(package) 25 (a significant, separately identifiable E/M) or FT."),
        ("20610 x1; 99214-57 x1", "global.em-in-package", 2,
         "99214-57 on 2024-08-14 falls in the day of 20610 (claim C1 line 1, 2024-08-14, global 000, window 2024-08-14..2024-08-14), \(package) 25 (a significant, separately identifiable E/M) or FT; 57 is valid only with 090 procedures."),
        ("2024-08-14 | 17000 x1 || 2024-08-24 | 99213 x1", "global.em-in-package", 1,
         "99213 on 2024-08-24 falls in the post-operative period of 17000 (claim C1 line 1, 2024-08-14, global 010, window 2024-08-14..2024-08-24), \(package) 24 (an unrelated E/M in the post-operative period) or FT."),
        ("27447 x1 || 2024-08-20 | 27447-LT x1", "global.procedure-in-package", 1,
         "27447-LT on 2024-08-20 falls in the global period of 27447 (claim C1 line 1, 2024-08-14, global 090, window ends 2024-11-12), same patient and provider, so it is part of the package. If it is separately payable, add 58 (staged or related; new global period), 78 (unplanned return to the operating room; no new period) or 79 (unrelated; new global period)."),
        ("87253 x3", "mue.date-limit-appealable", 1,
         "87253 totals 3 units for this patient by provider 1234567893 on 2024-08-14 with this claim; the MUE is 2 per date (MAI 3, clinical; rationale: Clinical: Data). Over it, every unit of 87253 this claim bills on that date is denied, this line's with them; the denial is appealable with documentation of medical necessity."),
        ("27447-RT x1 || 27447-LT x1", "mue.date-limit", 1,
         "27447 totals 2 units for this patient by provider 1234567893 on 2024-08-14 with this claim; the MUE is 1 per date (MAI 2, policy; rationale: CMS Policy). Over it, every unit of 27447 this claim bills on that date is denied, this line's with them; the denial is not appealable and modifiers do not bypass it. Correct the units across the lines of 27447 to at most 1 in all."),
    ]

    /// Named at once (a small batch) and kept as records, named when read.
    @Test(arguments: [Int.max, 0])
    func messagesNameTheirLines(recordedFrom: Int) throws {
        for c in RecordedMessageTests.cases {
            var stream = CheckStream(Checker())
            stream.recordedFrom = recordedFrom
            stream.add(try RuleExample.parseClaims(c.claims))
            let findings = stream.finish().findings
            let f = findings.filter { $0.rule == c.rule }
            #expect(f.map(\.line) == [c.line], "\(c.claims)")
            #expect(f.first?.message == c.message, "\(c.claims)")
        }
    }

    /// The findings of those rules keep no function for their message.
    @Test func frequentFindingsKeepTheirValues() throws {
        var stream = CheckStream(Checker())
        stream.recordedFrom = 0
        for c in RecordedMessageTests.cases { stream.add(try RuleExample.parseClaims(c.claims)) }
        guard case .recorded(let r) = stream.finish().findings.storage else {
            Issue.record("not recorded")
            return
        }
        var kinds: [String: Int] = [:]
        for record in r.records {
            let rule = r.rules[Int(record.rule)]
            guard rule.hasPrefix("ptp.") || rule.hasPrefix("global.") || rule.hasPrefix("mue.date") else { continue }
            switch record.message {
            case .written: Issue.record("\(rule) keeps a function")
            case .pair: kinds["pair", default: 0] += 1
            case .package: kinds["package", default: 0] += 1
            case .dateTotal: kinds["dateTotal", default: 0] += 1
            }
        }
        #expect(kinds["pair", default: 0] >= 4 && kinds["package", default: 0] >= 6 && kinds["dateTotal", default: 0] >= 2)
    }

    /// A row with a deletion date names it.
    @Test func aClosedRowNamesItsLastDay() throws {
        let table = ["ptp.tsv": "column1\tcolumn2\teffective\tdeletion\tmodifier\n45380\t45378\t2024-01-01\t2024-12-31\t0\n"]
        let f = try check("45380 x1; 45378 x1", extra: table).filter { $0.rule == "ptp.pair-no-bypass" }
        #expect(f.count == 1)
        #expect(f.first?.message.contains("(in force 2024-01-01..2024-12-31) with 45380 on line 1") == true, "\(f.map(\.message))")
    }

    /// An MUE past 32 bits (no CMS table has one) is written from a function's values, the same
    /// message.
    @Test func anMUEPastThirtyTwoBitsIsNamedWhole() throws {
        let table = ["mue.tsv": "code\tvalue\tmai\trationale\n87253\t3000000000\t3\tPayer\n"]
        let f = try check("87253 x3000000001", extra: table).filter { $0.rule == "mue.date-limit-appealable" }
        #expect(f.count == 1)
        #expect(f.first?.message == "87253 totals 3000000001 units for this patient by provider 1234567893 on 2024-08-14 with this claim; the MUE is 3000000000 per date (MAI 3, clinical; rationale: Payer). Over it, every unit of 87253 this claim bills on that date is denied, this line's with them; the denial is appealable with documentation of medical necessity.")
    }

    @Test func messageStringsAreNumberedOnce() {
        let a = MessageStrings.id("a rationale for RecordedMessageTests"), b = MessageStrings.id("another rationale for RecordedMessageTests")
        #expect(a != nil && b != nil && a != b)
        #expect(MessageStrings.id("a rationale for RecordedMessageTests") == a)
        #expect(MessageStrings.string(b!) == "another rationale for RecordedMessageTests")
    }
}
