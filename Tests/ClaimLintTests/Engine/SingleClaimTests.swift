import Foundation
import Testing
@testable import ClaimLint

/// A claim checked alone (`Checker.check(_:)`, the call billing software makes per claim) takes
/// shorter paths than a batch: one group needs no counting sort, a group whose dates never go
/// down needs no sort, findings already in order are named without sorting them. These tests
/// hold those paths to the batch's results.
@Suite struct SingleClaimTests {
    static let checker = Checker()
    static let providers = ["1811111115", "1234567893", "1306849450"].map { NPI($0)! }
    static let codes: [ProcedureCode] = ["99213", "99214", "27447", "20610", "11042", "11045", "88348", "0856T", "45380", "45378",
                                         "17000", "17003", "87253", "84132", "89353", "96372", "93000", "93010", "29881", "27310"]
    static let modifiers: [Modifier] = ["25", "59", "RT", "LT", "26", "TC", "50", "91", "XS", "57", "24", "79", "ZZ", "AS"]

    /// A random claim of up to 7 lines over three dates (in any order) and up to three
    /// rendering providers, with repeated and unknown modifiers now and then.
    static func randomClaim(_ rng: inout PropertyTests.Seeded, id: String, member: String) -> Claim {
        let lineCount = 1 + rng.next(7)
        let lines = (1...lineCount).map { n in
            var mods = ModifierList()
            for _ in 0..<rng.next(4) { mods.append(modifiers[rng.next(modifiers.count)]) }
            let day = [12, 14, 16][rng.next(3)]
            let through = rng.next(8) == 0 ? day + 1 : day
            let dates = DateRange(from: ServiceDate(year: 2024, month: 8, day: day)!, through: ServiceDate(year: 2024, month: 8, day: through)!)!
            return ServiceLine(
                number: n, code: codes[rng.next(codes.count)], modifiers: mods, units: Units(1 + rng.next(3)), dates: dates,
                renderingNPI: rng.next(3) == 0 ? providers[rng.next(providers.count)] : nil,
                location: SourceLocation(file: "claims.csv", line: n + 1, column: 1))
        }
        return Claim(id: id, memberID: member, billingNPI: providers[1], lines: lines, location: SourceLocation(file: "claims.csv", line: 2, column: 1))
    }

    func said(_ f: Finding) -> [String] { [f.rule, f.claimID, "\(f.line)", f.code.text, f.severity.rawValue, f.message] }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func aClaimAloneHasItsFindingsInABatch(seed: UInt64) {
        var rng = PropertyTests.Seeded(seed)
        // One patient each, so that no batch-wide edit pairs lines of two claims.
        let claims = (0..<300).map { i in SingleClaimTests.randomClaim(&rng, id: "C\(i)", member: "M\(i)") }
        let batch = SingleClaimTests.checker.check(claims).findings
        var alone: [Finding] = []
        for c in claims { alone += SingleClaimTests.checker.check(c) }
        #expect(batch.count > 300)
        #expect(Set(batch.map(\.rule)).count > 8)
        #expect(alone.map(said) == batch.map(said))
    }

    /// A claim's lines on dates out of order are grouped by date: a PTP pair two lines apart
    /// on one date is found when a line of another date sits between them.
    @Test func linesOutOfDateOrderArePairedByDate() {
        let at = SourceLocation(file: "c.csv", line: 1, column: 1)
        func line(_ n: Int, _ code: ProcedureCode, _ day: Int) -> ServiceLine {
            ServiceLine(number: n, code: code, dates: DateRange(ServiceDate(year: 2024, month: 8, day: day)!), location: at)
        }
        let claim = Claim(
            id: "P", memberID: "M", billingNPI: NPI("1234567893")!,
            lines: [line(1, "45380", 14), line(2, "99213", 12), line(3, "45378", 14), line(4, "99213", 16)], location: at)
        let ptp = Checker().check(claim).filter { $0.rule.hasPrefix("ptp.") }
        #expect(ptp.map(\.line) == [3])
    }

    @Test func modifierBitsAgreeWithASet() {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let every = alphabet.flatMap { a in alphabet.map { b in Modifier("\(a)\(b)")! } }
        #expect(every.count == 1296)
        var rng = PropertyTests.Seeded(77)
        var sets: [Set<Modifier>] = [Modifier.known, Modifier.ncciAssociated, Modifier.distinguishing, [], Set(every), ["00"], ["ZZ"], ["09", "90", "A0", "0A"]]
        for _ in 0..<20 { sets.append(Set((0..<rng.next(200)).map { _ in every[rng.next(every.count)] })) }
        for set in sets {
            let bits = ModifierBits(set)
            #expect(every.filter(bits.contains) == every.filter(set.contains))
        }
        #expect(Modifier.knownBits.contains("25") && !Modifier.knownBits.contains("ZZ"))
        let packed = ModifierList(["ZZ", "RT", "59"]).packedPrefix
        #expect(packed.first(in: ModifierBits(Modifier.ncciAssociated)) == "RT")
        #expect(!packed.containsAny(of: ModifierBits(["26", "TC"])))
        // Made from other characters with `Modifier(packed:)`: in no set, and no crash.
        for raw: UInt16 in [0, 0x2020, 0x323A, 0x3A33, 0x617A, 0xFFFF, 0x2F30, 0x405A, 0x5B41] {
            #expect(!ModifierBits(every).contains(Modifier(packed: raw)))
        }
    }
}

/// The packs' rules a line meets: those indexed by its code, then those without a code
/// condition, each once.
@Suite struct UserRulePlanTests {
    static let pack = """
        rule payer.a
          message: a
          when code is 97110
          example fires on 1: 97110 x1
          example passes: 97112 x1
        end
        rule payer.b
          message: b
          when pos is 21
          example fires on 1: pos=21 : 99213 x1
          example passes: pos=11 : 99213 x1
        end
        rule payer.c
          message: c
          when code in 97110, 97112 and units > 1
          example fires on 1: 97112 x2
          example passes: 97112 x1
        end
        rule payer.d
          message: d
          when units > 2
          example fires on 1: 99213 x3
          example passes: 99213 x2
        end
        """

    @Test func candidatesAreTheCodesRulesThenTheRulesForAnyCode() throws {
        let rules = try RulePack.parse(files: [("p/x.rules", UserRulePlanTests.pack)], origin: "p").rules
        let plan = UserRulePlan(rules)
        func ids(_ code: ProcedureCode) -> [String] { plan.candidates(code).map { plan.rules[$0].id } }
        #expect(ids("97110") == ["payer.a", "payer.c", "payer.b", "payer.d"])
        #expect(ids("97112") == ["payer.c", "payer.b", "payer.d"])
        #expect(ids("99213") == ["payer.b", "payer.d"])
    }

    @Test func aLineMeetsEveryRuleThatHolds() throws {
        let pack = try RulePack.parse(files: [("p/x.rules", UserRulePlanTests.pack)], origin: "p")
        let checker = Checker(packs: [RulePack.bundled, pack])
        let at = SourceLocation(file: "c.csv", line: 1, column: 1)
        func line(_ n: Int, _ code: ProcedureCode, _ units: Int) -> ServiceLine {
            ServiceLine(number: n, code: code, units: Units(units), dates: DateRange("2024-08-14"), location: at)
        }
        let claim = Claim(
            id: "R", memberID: "M", billingNPI: NPI("1234567893")!, placeOfService: "21",
            lines: [line(1, "97110", 3), line(2, "99213", 1), line(3, "97112", 2)], location: at)
        let hits = checker.check(claim).filter { $0.rule.hasPrefix("payer.") }.map { "\($0.rule)@\($0.line)" }
        #expect(hits == ["payer.a@1", "payer.b@1", "payer.c@1", "payer.d@1", "payer.b@2", "payer.b@3", "payer.c@3"])
    }
}

extension UserRulePlanTests {
    /// A pack whose only rule looks at the patient's age: the batch keeps birth dates for it.
    @Test func anAgeRuleAloneSeesBirthDates() throws {
        let pack = try RulePack.parse(files: [("p/age.rules", """
            rule payer.young
              message: too young
              when code is G0121 and age < 50
              example fires on 1: G0121 x1
              example passes: 99213 x1
            end
            """)], origin: "p")
        let checker = Checker(packs: [RulePack.bundled, pack])
        #expect(checker.shared.needsDetails)
        let at = SourceLocation(file: "c.csv", line: 1, column: 1)
        func claim(_ id: String, born: String) -> Claim {
            Claim(
                id: id, memberID: id, billingNPI: NPI("1234567893")!, birthDate: ServiceDate(born),
                lines: [ServiceLine(number: 1, code: "G0121", dates: DateRange("2024-08-14"), location: at)], location: at)
        }
        let result = checker.check([claim("A", born: "1990-01-01"), claim("B", born: "1950-01-01")])
        #expect(result.findings.filter { $0.rule == "payer.young" }.map(\.claimID) == ["A"])
    }
}

@Suite struct GroupNumberingTests {
    /// Patients with one provider each need no hashing, also after patients numbered without
    /// a group (claims with no lines) leave gaps.
    @Test func patientsAfterAGapKeepTheirSlots() {
        var groups = GroupNumbering()
        for p in Int32(0)..<200 where p % 7 != 3 { _ = groups.number(patient: p, provider: p % 2) }
        #expect(groups.hashedPairs == 0)
        #expect(groups.count == 171)
        // A second provider for a patient is hashed.
        #expect(groups.number(patient: 5, provider: 9) == 171 && groups.hashedPairs == 1)
        #expect(groups.number(patient: 5, provider: 1) == 4)
    }

    /// A claim without lines between claims of other patients changes no finding.
    @Test func aClaimWithoutLinesChangesNothing() {
        var rng = PropertyTests.Seeded(9)
        let claims = (0..<60).map { i in SingleClaimTests.randomClaim(&rng, id: "C\(i)", member: "M\(i)") }
        let at = SourceLocation(file: "claims.csv", line: 1, column: 1)
        var withEmpty = claims
        withEmpty.insert(Claim(id: "E", memberID: "EMPTY", billingNPI: NPI("1234567893")!, lines: [], location: at), at: 10)
        let a = SingleClaimTests.checker.check(claims).findings, b = SingleClaimTests.checker.check(withEmpty).findings
        #expect(a.count > 30)
        #expect(a.map { [$0.rule, $0.claimID, "\($0.line)", $0.message] } == b.map { [$0.rule, $0.claimID, "\($0.line)", $0.message] })
    }

    /// Pairs are numbered in the order first seen, as `Numbering` numbers them, whether the
    /// first pair comes back or not.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func numbersPairsAsNumberingDoes(seed: UInt64) {
        struct Pair: Hashable { var patient: Int32, provider: Int32 }
        var rng = PropertyTests.Seeded(seed)
        var fast = GroupNumbering(), reference = Numbering<Pair>()
        var numbers: [Int32] = []
        for _ in 0..<20_000 {
            // Patients mostly in turn (the next new one, or one seen), sometimes out of turn
            // (ahead of the next, or Int32.max); few providers, so that pairs repeat.
            let seen = Int(reference.count)
            let patient = rng.next(50) == 0 ? Int32.max : rng.next(20) == 0 ? Int32(seen + 2 + rng.next(5)) : Int32(rng.next(seed == 1 ? 2 : min(seen + 1, 3_000)))
            let provider = rng.next(50) == 0 ? Int32.max : Int32(rng.next(4))
            let n = fast.number(patient: patient, provider: provider)
            #expect(n == reference.number(Pair(patient: patient, provider: provider)))
            numbers.append(n)
        }
        #expect(fast.count == reference.count)
        #expect(Set(numbers).count == fast.count && fast.count > 2)
    }

    /// Room reserved ahead (none, one key, or more than will come) changes no number: keys are
    /// numbered 0, 1, 2... in the order first seen, the first one too when it comes back.
    @Test(arguments: [0, 1, 2, 5_000])
    func reservingRoomChangesNoNumber(room: Int) {
        var numbering = Numbering<String>()
        numbering.reserve(room)
        let keys = ["M1", "M1", "M2", "M1", "M3", "M2"] + (0..<3_000).map { "M\($0 % 1_500)" }
        var firstSeen: [String: Int32] = [:]
        for key in keys {
            let expected = firstSeen[key] ?? Int32(firstSeen.count)
            firstSeen[key] = expected
            #expect(numbering.number(key) == expected, "\(key)")
        }
        #expect(numbering.count == firstSeen.count)
    }
}
