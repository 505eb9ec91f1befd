import Testing
@testable import ClaimLint

/// `PaymentMemo`: whether a line is paid (`AddonRules.denial`) is judged once a run however
/// many lines ask, and an answer kept is used only where asking again would give it: the
/// findings are those of asking each time.
@Suite struct PaymentMemoTests {
    /// The group edits over `notation`'s claims in one sink, as the checker runs them: how many
    /// questions of payment were judged rather than answered from what was kept.
    static func judged(_ notation: String, extra: [String: String] = [:]) throws -> Int {
        var packs = [RulePack.bundled]
        if !extra.isEmpty { packs.append(try RulePack.parse(files: extra.map { ($0.key, $0.value) }, origin: "test")) }
        let checker = Checker(packs: packs)
        var index = BatchIndex(checker.shared, keepsDetails: false)
        index.append(try RuleExample.parseClaims(notation))
        index.finishGroups()
        var sink = FindingSink(settings: checker.reference.settings)
        checker.sets.withUnsafeBufferPointer { sets in
            index.withGroups { all in
                for g in 0..<index.groupCount { GroupRules.check(group: index.group(g, in: all), index: index, sets: sets, sink: &sink) }
            }
        }
        return sink.payments.judged
    }

    static let modifiers = ["59", "XS", "XE", "XP", "XU", "76", "77", "91", "RT", "LT"]

    /// `count` claims of `claim` on one date, `{m}` a modifier that marks a separate service (no
    /// claim repeats another).
    static func claims(_ count: Int, _ claim: String) -> String {
        (0..<count).map { claim.replacingOccurrences(of: "{m}", with: modifiers[$0 % modifiers.count]) }.joined(separator: " || ")
    }

    /// Each add-on asks every 88348 line (each over the MUE of 1, so none is paid): a line is
    /// judged once, not once for each add-on (a run of hundreds of each took seconds), in a
    /// short run looked through and in a long one found by its codes' index.
    @Test(arguments: [5, 20])
    func aPrimaryIsJudgedOnceForAllItsAddons(claims count: Int) throws {
        let notation = Self.claims(count, "88348-{m} x2; 0856T x1")
        #expect(try Self.judged(notation) == count)
        #expect(try hits(notation).filter { $0.rule == "addon.primary-missing" }.count == count)
    }

    /// The add-ons of a status T primary (a hypothetical row): each T line asks the other
    /// services (each 27447 over its MUE) once for the add-on edit, and the status edit asks
    /// them once again for its T codes.
    @Test func anOtherServiceIsJudgedOnceForAllTCodes() throws {
        let notation = Self.claims(10, "94760-{m} x1; 0856T x1; 27447-{m} x2")
        // The add-on edit: the first 94760 (paid: nothing else is) and the ten 27447; the status
        // edit: the ten 27447.
        #expect(try Self.judged(notation, extra: AddonRules.statusPrimary) == 21)
        #expect(try hits(notation, extra: AddonRules.statusPrimary).filter { $0.rule.hasPrefix("addon.") || $0.rule.hasPrefix("status.") }.isEmpty)
    }

    /// Ten 36598 (status T, global 000) with a visit with 25 on their day, and ten 27447 over
    /// the MUE: each window asks its procedure and the visit (paid: its package reads the
    /// windows, which grow), the 27447 once for all windows; the status edit asks the other
    /// services once for the ten T codes. Each 36598 is bundled into the visit.
    @Test func eachWindowAsksTheRunOnce() throws {
        let notation = Self.claims(10, "36598-{m} x1; 27447-{m} x2") + " || 99213-25 x1"
        #expect(try Self.judged(notation) == 10 * 2 + 10 + 11)
        let found = try hits(notation).filter { $0.rule.hasPrefix("global.") || $0.rule.hasPrefix("status.") }
        #expect(found == (1...10).map { Hit("status.injection-with-service", "C\($0)", 1) }.sorted())
    }

    /// Hypothetical rows: 0856T and the status T code 94760 list each other as primaries.
    static let mutualT = ["addons.tsv": "addon\tprimary\ttype\n0856T\t94760\t1\n94760\t0856T\t1\n"]

    /// 0856T asks 94760, which is bundled into the visit: not paid, so neither is 0856T. 94760
    /// asks 0856T, whose question then finds 94760's open and judges it without status T:
    /// paid, so 94760 is (as an add-on). The answer 94760 had for 0856T is not the one it has
    /// inside its own question.
    @Test func aLineThatComesRoundAgainIsJudgedWithoutItsQuestions() throws {
        #expect(try hits("0856T x1; 94760 x1; 99213 x1", extra: Self.mutualT) == [
            Hit("addon.primary-missing", "C1", 1), Hit("status.injection-with-service", "C1", 2),
        ])
        // 0856T judged inside 94760's question (paid, 94760 cut short) is not its answer when
        // 94761 asks it with nothing open: 94760 is bundled into the visit, so 0856T is not
        // paid and 94761 is bundled into the visit too.
        let found = try check("94760 x1; 0856T x1; 99213 x1; 94761 x1", extra: Self.mutualT)
        #expect(found.map { Hit($0.rule, $0.claimID, $0.line) } == [
            Hit("status.injection-with-service", "C1", 1), Hit("addon.primary-missing", "C1", 2), Hit("status.injection-with-service", "C1", 4),
        ])
        #expect(found.last?.message.contains("and 99213 (status A, line 3) is") == true)
    }

    /// Hypothetical rows: 10001 an add-on of 10002, ... 10010 of 10011, all status A.
    static let chain: [String: String] = {
        let codes = (10001...10011).map(String.init)
        return [
            "codes.tsv": "code\tmod\tstatus\tpctc\tglobal\n" + codes.map { "\($0)\t\tA\t9\tXXX\n" }.joined(),
            "addons.tsv": "addon\tprimary\ttype\n" + (0..<10).map { "\(codes[$0])\t\(codes[$0 + 1])\t1\n" }.joined(),
        ]
    }()

    /// The chain ends at 10011, with 0 units: not paid, nor the add-ons above it, but the
    /// questions of 10001 and 10002 go `PaymentAsks.capacity` deep before they reach it, and the
    /// last asked is judged without its own: paid. Their answers are not those that 10003...
    /// had, kept from shallower questions.
    @Test func aQuestionGoesNoDeeperThanTheCapacity() throws {
        let notation = (10001...10011).reversed().map { "\($0) x\($0 == 10011 ? 0 : 1)" }.joined(separator: "; ")
        #expect(try hits(notation, extra: Self.chain) == ([Hit("units.not-positive", "C1", 1)] + (2...9).map { Hit("addon.primary-missing", "C1", $0) }).sorted())
    }

    /// Hypothetical rows: 94760 status T with global 090 and an add-on of 17000 (not billed:
    /// never paid); 94761 status T with global 010. 94760's window asks the visit, which lacks
    /// 57 and is in that window's package; then 94760 is denied and its window taken back.
    /// 94761's window asks the visit again: with 25, it is paid in a 010 window, so 94761 is
    /// bundled into it and opens no window for the next day's visit.
    @Test func aVisitsAnswerIsNotKeptWhileTheWindowsAreLaidOut() throws {
        let tables = [
            "codes.tsv": "code\tmod\tstatus\tpctc\tglobal\n94760\t\tT\t3\t090\n94761\t\tT\t3\t010\n",
            "addons.tsv": "addon\tprimary\ttype\n94760\t17000\t1\n",
        ]
        #expect(try hits("94760 x1; 99213-25 x1; 94761 x1 || 2024-08-15 | 99213 x1", extra: tables) == [
            Hit("addon.primary-missing", "C1", 1), Hit("status.injection-with-service", "C1", 1), Hit("status.injection-with-service", "C1", 3),
        ])
    }
}
