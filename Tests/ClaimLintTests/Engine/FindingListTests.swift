import Testing
@testable import ClaimLint

/// A large batch's findings are kept as records and named when read (`FindingList`): every way
/// of reading or changing them must give what the same findings named up front give.
@Suite struct FindingListTests {
    /// The findings of one batch, kept as records (`recordedFrom` 0) and named at once, of the
    /// bundled pack with some rules made warnings and infos.
    static func both(seed: UInt64 = 5, patients: Int = 400) throws -> (recorded: FindingList, named: FindingList, claims: [Claim]) {
        let batch = PropertyTests.Batch.random(seed: seed, patients: patients)
        let claims = try ClaimFileReader.read(bytes: Array(batch.csv(batch.rows).utf8), file: "b.csv").claims
        let settings = try RulePack.parse(
            files: [("p/pack.txt", "name: mixed\nseverity: addon.primary-missing warning\nseverity: mue.date-limit info\n")], origin: "t")
        let checker = Checker(packs: [.bundled, settings])
        func findings(recordedFrom: Int) -> FindingList {
            var stream = CheckStream(checker)
            stream.recordedFrom = recordedFrom
            // Added in parts, so that the findings are emitted out of batch order and sorted.
            for part in stride(from: 0, to: claims.count, by: 97) { stream.add(claims[part..<min(part + 97, claims.count)]) }
            return stream.finish().findings
        }
        return (findings(recordedFrom: 0), findings(recordedFrom: .max), claims)
    }

    /// The findings of `claims` checked in one part with the bundled pack, kept as records
    /// from `recordedFrom` findings.
    static func findings(of claims: [Claim], recordedFrom: Int) -> FindingList {
        var stream = CheckStream(Checker(packs: [.bundled]))
        stream.recordedFrom = recordedFrom
        stream.add(claims)
        return stream.finish().findings
    }

    /// A rejected line's key: its claim id and its line's number (or place).
    struct Key: Hashable {
        var claim: String
        var line: Int
    }

    /// `claims` checked with their findings recorded and named, which must read and count
    /// alike: the summary, and the named errors.
    static func countedBothWays(_ claims: [Claim]) -> (summary: Summary, errors: FindingList) {
        let recorded = findings(of: claims, recordedFrom: 0), named = findings(of: claims, recordedFrom: .max)
        #expect(recorded.isRecorded)
        #expect(Array(recorded) == Array(named))
        var a = Summary(), b = Summary()
        a.count(recorded)
        b.count(named)
        #expect(a == b)
        return (a, named.filter { $0.severity == .error })
    }

    /// Messages that name another line (an NCCI pair's column 1 line, a global surgery's
    /// procedure) name it by its number in the file, recorded or named, also when that number
    /// is not its place in its claim; and by its place when it is.
    @Test func messagesNameOtherLinesByTheirNumbers() throws {
        let at = SourceLocation(file: "n.837", line: 1, column: 1)
        func line(_ number: Int, _ code: ProcedureCode, _ date: String) -> ServiceLine {
            ServiceLine(number: number, code: code, dates: DateRange(ServiceDate(date)!), location: at)
        }
        func claim(_ id: String, _ member: String, _ lines: [ServiceLine]) -> Claim {
            Claim(id: id, memberID: member, billingNPI: NPI("1234567893")!, lines: lines, location: at)
        }
        let claims = [
            // A pair within a claim: 11042 is line 4 (its second place), then 2 (its first).
            claim("PAIR-A", "M1", [line(9, "17000", "2024-03-04"), line(4, "11042", "2024-03-04")]),
            claim("PAIR-B", "M1", [line(2, "11042", "2024-03-05"), line(1, "17000", "2024-03-05")]),
            // A global surgery on line 7 of one claim, a visit in its window on another claim.
            claim("SURGERY", "M2", [line(3, "99213", "2024-01-10"), line(7, "27447", "2024-01-10")]),
            claim("VISIT", "M2", [line(1, "99213", "2024-02-01")]),
            // The same with the surgery's number its place.
            claim("SURGERY-2", "M3", [line(1, "27310", "2024-05-02")]),
            claim("VISIT-2", "M3", [line(1, "99213", "2024-05-20")]),
        ]
        let recorded = FindingListTests.findings(of: claims, recordedFrom: 0), named = FindingListTests.findings(of: claims, recordedFrom: .max)
        #expect(recorded.isRecorded)
        #expect(recorded.map(\.message) == named.map(\.message))
        func messages(_ rule: String, _ claimID: String) -> [String] {
            named.filter { $0.rule == rule && $0.claimID == claimID }.map(\.message)
        }
        #expect(messages("ptp.pair", "PAIR-A").contains { $0.contains("line 4") }, "\(messages("ptp.pair", "PAIR-A"))")
        #expect(messages("ptp.pair", "PAIR-B").contains { $0.contains("line 2") }, "\(messages("ptp.pair", "PAIR-B"))")
        #expect(messages("global.em-in-package", "VISIT").contains { $0.contains("claim SURGERY line 7") }, "\(messages("global.em-in-package", "VISIT"))")
        #expect(messages("global.em-in-package", "VISIT-2").contains { $0.contains("claim SURGERY-2 line 1") }, "\(messages("global.em-in-package", "VISIT-2"))")
    }

    @Test func recordedFindingsReadAsNamedOnes() throws {
        let (recorded, named, _) = try FindingListTests.both()
        #expect(recorded.isRecorded)
        #expect(!named.isRecorded)
        #expect(named.count > 100)
        // In order (one cursor), by index in a random order, backwards, and as an array.
        #expect(Array(recorded) == Array(named))
        var rng = SplitMix64(seed: 3)
        let indices = named.indices.shuffled(using: &rng)
        for i in indices { #expect(recorded[i] == named[i]) }
        #expect(Array(recorded.reversed()) == Array(named.reversed()))
        #expect(recorded == named)
        #expect(recorded.named == named.named)
        // Messages are written the same way.
        #expect(recorded.map(\.message) == named.map(\.message))
        // The batch order: claim (by position), line, rule id; each finding at or after the
        // one before it, recorded or named.
        #expect(Set(named.map(\.claimID)).count > 50)
        for list in [recorded, named] {
            let keys = list.map { (Int($0.claimPosition), $0.line, $0.rule) }
            #expect(keys.allSatisfy { $0.0 >= 0 })
            let outOfOrder = zip(keys, keys.dropFirst()).filter { $1 < $0 }
            #expect(outOfOrder.isEmpty, "\(outOfOrder.prefix(3))")
            #expect(Set(keys.map(\.0)).count > 50)
        }
    }

    /// Ranges read in order with one cursor give what reading by index gives.
    @Test func rangesReadInOrder() throws {
        let (recorded, named, _) = try FindingListTests.both(seed: 29)
        var rng = SplitMix64(seed: 8)
        for _ in 0..<40 {
            let a = Int.random(in: 0...recorded.count, using: &rng), b = Int.random(in: 0...recorded.count, using: &rng)
            let range = min(a, b)..<max(a, b)
            for list in [recorded, named] {
                var seen: [(Int, Finding)] = []
                list.forEach(in: range) { seen.append(($0, $1)) }
                #expect(seen.map(\.0) == Array(range))
                #expect(seen.map(\.1) == range.map { named[$0] })
            }
        }
    }

    @Test func summaryCountsRecordedFindingsAsNamedOnes() throws {
        let (recorded, named, _) = try FindingListTests.both(seed: 9)
        var a = Summary(), b = Summary(), c = Summary()
        a.count(recorded)
        b.count(named)
        c.count(FindingList(Array(named.reversed())))
        #expect(a == b)
        #expect(b == c)
        #expect(a.findings.count == 3, "errors, warnings and infos")
        #expect(a.claimsRejected > 10)
        #expect(a.linesRejected > a.claimsRejected)
    }

    /// Claims that share an id (a file may reuse one; two files may each have a claim 1) are
    /// counted apart among rejected claims, as they are among claims read: counting by id,
    /// two copies of a file with 8 rejected claims reported 10 of 20. Their lines of one number
    /// are counted apart too. Recorded or named alike.
    @Test func summaryCountsClaimsThatShareAnIDApart() throws {
        var (_, _, claims) = try FindingListTests.both(seed: 21)
        let (unshared, unsharedErrors) = FindingListTests.countedBothWays(claims)
        for k in stride(from: 1, to: claims.count, by: 3) { claims[k].id = claims[k - 1].id }
        let (a, errors) = FindingListTests.countedBothWays(claims)
        struct Place: Hashable { var claim: Int32; var line: Int }
        #expect(a.claimsRejected == Set(errors.map(\.claimPosition)).count)
        #expect(a.linesRejected == Set(errors.map { Place(claim: $0.claimPosition, line: $0.line) }).count)
        #expect(a.claimsRejected > Set(errors.map(\.claimID)).count)
        #expect(a.claimsRejected == unshared.claimsRejected && a.linesRejected == unshared.linesRejected)
        #expect(Set(unsharedErrors.map(\.claimID)).count == unshared.claimsRejected)
    }

    /// Rejected lines are counted by the numbers the file gives them, not by their places in
    /// their claims: a recorded finding reads its line's number from the place only where the
    /// batch marked the two equal, and decodes it elsewhere.
    @Test func summaryCountsLinesByTheirNumbers() throws {
        var (_, _, claims) = try FindingListTests.both(seed: 23)
        for k in claims.indices where claims[k].lines.count > 1 {
            let n = claims[k].lines.count
            for i in 0..<n {
                switch k % 3 {
                case 0: break
                // Numbered backwards: a number that is another line's place.
                case 1: claims[k].lines[i].number = n - i
                // One number for every line, the first line's place.
                default: claims[k].lines[i].number = 1
                }
            }
        }
        let (a, errors) = FindingListTests.countedBothWays(claims)
        let keys = Set(errors.map { Key(claim: $0.claimID, line: $0.line) })
        #expect(a.linesRejected == keys.count)
        // The lines numbered alike are rejected lines counted once.
        let places = Set(errors.map { Key(claim: $0.claimID, line: $0.location.line) })
        #expect(keys.count < places.count)
    }

    /// Each line's bit reads back as it was added: in the first 64 lines, in the words filled,
    /// in the word being filled, and none past the lines added.
    @Test func ordinalBitsReadBackAsAdded() {
        for n in [0, 1, 63, 64, 65, 127, 128, 129, 300] {
            var bits = OrdinalBits()
            var added: [Bool] = []
            var x = 0x2545_F491_4F6C_DD1D &+ UInt64(n)
            for _ in 0..<n {
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                added.append(x >> 63 == 1)
                bits.append(added.last!)
            }
            #expect(bits.count == n)
            let read = (-1...(n + 64)).map { bits.contains($0) }
            let expected = (-1...(n + 64)).map { $0 >= 0 && $0 < n && added[$0] }
            #expect(read == expected, "\(n) lines")
        }
    }

    @Test func filteringKeepsRecords() throws {
        let (recorded, named, _) = try FindingListTests.both(seed: 13)
        let keep: (Finding) -> Bool = { $0.severity == .error && $0.line % 2 == 1 }
        let r = recorded.filter(keep), n = named.filter(keep)
        #expect(r.isRecorded)
        #expect(r.count > 0 && r.count < recorded.count)
        #expect(r == n)
        #expect(Array(r) == named.named.filter(keep))
    }

    @Test func changesNameEveryFindingOnce() throws {
        let (recorded, named, _) = try FindingListTests.both(seed: 17)
        let extra = named[0]
        var r = recorded, n = named
        r[5] = extra
        n[5] = extra
        #expect(!r.isRecorded)
        #expect(r == n)
        r = recorded
        n = named
        r.append(extra)
        n.append(extra)
        r.removeSubrange(10..<20)
        n.removeSubrange(10..<20)
        r.insert(extra, at: 2)
        n.insert(extra, at: 2)
        #expect(r == n)
        // The list changed is a copy: the one it came from reads as before.
        #expect(recorded == named)
        #expect(recorded.isRecorded)
        let literal: FindingList = [extra, extra]
        #expect(literal.count == 2 && literal[1] == extra)
    }

    @Test(arguments: ReportFormat.allCases)
    func reportsOfRecordedFindingsAreThoseOfNamedOnes(format: ReportFormat) throws {
        // Over two of `ReportOutput.writeItems`' chunks, so that they are rendered in parallel.
        let (recorded, named, claims) = try FindingListTests.both(seed: 21, patients: 4_000)
        #expect(recorded.count > 2_048)
        var report = Checker().report(claims: claims, summary: Summary(), diagnostics: [])
        report.findings = named
        let expected = ReportRenderer.render(report, format: format)
        report.findings = recorded
        #expect(ReportRenderer.render(report, format: format) == expected)
        // A baseline of them leaves none.
        let baseline = Baseline(report: report)
        #expect(baseline.apply(to: report).findings.isEmpty)
    }
}

/// The passes' findings are kept in parts (`FindingSink.Found`), joined once, in order.
@Suite struct FoundTests {
    static func record(_ k: Int) -> FindingSink.Record {
        FindingSink.Record(message: .written(.text("m\(k)")), severity: .error, claim: Int32(k), line: 0, code: "99213", rule: RuleNumbers.number("r"))
    }

    /// Sorted in runs on several threads and merged, indices come in the order one sort
    /// gives: any number of runs (one left without a pair in a round), keys with many ties
    /// broken by index, and runs too short to split.
    @Test func indicesSortedInRunsAreSortedAsOne() {
        var rng = SplitMix64(seed: 29)
        for (n, distinct) in [(0, 1), (1, 1), (37, 5), (5_000, 7), (20_000, 50), (20_001, 20_000)] {
            let keys = (0..<n).map { _ in Int(rng.next() % UInt64(distinct)) }
            let less: (Int, Int) -> Bool = { i, j in keys[i] < keys[j] || (keys[i] == keys[j] && i < j) }
            let one = (0..<n).sorted(by: less).map(Int32.init)
            for threads in 1...7 {
                let runs = FindingSink.Found.sortedIndices(count: n, threads: threads, minimumRun: 1_000, by: less)
                #expect(runs == one, "\(n) indices, \(threads) threads")
            }
        }
    }

    @Test func recordsPastAChunkBecomePartsAndJoinInOrder() {
        var a = FindingSink.Found(), b = FindingSink.Found()
        let n = FindingSink.Found.chunk * 4 + 100
        for k in 0..<n { a.append(FoundTests.record(k)) }
        // Parts of a chunk or more (what the array held when full), never one array of them all.
        #expect(a.parts.count >= 2)
        #expect(a.parts.allSatisfy { $0.count >= FindingSink.Found.chunk && $0.count <= 2 * FindingSink.Found.chunk })
        for k in n..<n + 10 { b.append(FoundTests.record(k)) }
        var c = FindingSink.Found()
        c.append(FoundTests.record(-1))
        c.append(contentsOf: a)
        c.append(contentsOf: FindingSink.Found())
        c.append(contentsOf: b)
        c.append(FoundTests.record(n + 10))
        #expect(c.count == n + 12)
        let all = c.joined()
        #expect(all.map(\.claim) == (-1...n + 10).map(Int32.init))
        #expect(c.count == 0 && c.parts.isEmpty)
    }

    /// Sorting takes the records: the stream's `Found` is empty afterwards, so that its parts
    /// are freed as they are joined, not held a second time.
    @Test func sortingTakesTheRecords() {
        var f = FindingSink.Found()
        let n = FindingSink.Found.chunk + 5_000
        for k in (0..<n).reversed() { f.append(FoundTests.record(k)) }
        let claimIDs = (0..<n).map { "C\($0)" }
        let list = f.sorted(claimIDs: claimIDs, claimStart: (0..<n).map(Int32.init), sources: LineSources(), recordedFrom: 4_096)
        #expect(f.count == 0 && f.parts.isEmpty)
        #expect(list.count == n)
        #expect(list.isRecorded)
    }

    /// Findings on one line are in the order of their rule ids, whatever order the ids were
    /// numbered in (`RuleNumbers`), both when named at once and when kept as records.
    @Test(arguments: [3, 5_000])
    func findingsOfALineAreInRuleIDOrder(claims: Int) {
        let unique = UInt64.random(in: 0...UInt64.max)
        // Numbered last-first: the numbers' order is the reverse of the ids'.
        let ids = ["c.order-\(unique)", "b.order-\(unique)", "a.order-\(unique)"]
        let numbers = ids.map(RuleNumbers.number)
        #expect(numbers[0] < numbers[1] && numbers[1] < numbers[2])
        var f = FindingSink.Found()
        var sources = LineSources()
        sources.files = ["f"]
        for k in 0..<claims {
            sources.append(SourceLocation(file: "f", line: k + 1, column: 1), file: 0, number: 1)
            // Emitted in number order (c, b, a), and by claim from the last.
            for n in numbers {
                f.append(FindingSink.Record(message: .written(.text("m")), severity: .error, claim: Int32(claims - 1 - k), line: 0, code: "99213", rule: n))
            }
        }
        let list = f.sorted(claimIDs: (0..<claims).map { "C\($0)" }, claimStart: (0..<claims).map(Int32.init), sources: sources, recordedFrom: 4_096)
        #expect(list.isRecorded == (claims * 3 >= 4_096))
        let expected = (0..<claims).flatMap { k in ids.reversed().map { ("C\(k)", $0) } }
        #expect(list.map { [$0.claimID, $0.rule] } == expected.map { [$0.0, $0.1] })
    }

    /// The ids' order is kept between sorts (`RuleNumbers.ranked`): an id numbered after a
    /// sort takes its place among the others in the next.
    @Test func rulesNumberedAfterASortTakeTheirPlace() {
        let unique = UInt64.random(in: 0...UInt64.max)
        var sources = LineSources()
        sources.files = ["f"]
        sources.append(SourceLocation(file: "f", line: 1, column: 1), file: 0, number: 1)
        func sorted(_ ids: [String]) -> [String] {
            var f = FindingSink.Found()
            for id in ids {
                f.append(FindingSink.Record(message: .written(.text("m")), severity: .error, claim: 0, line: 0, code: "99213", rule: RuleNumbers.number(id)))
            }
            return f.sorted(claimIDs: ["C0"], claimStart: [0], sources: sources, recordedFrom: 4_096).map(\.rule)
        }
        let m = "m.later-\(unique)", z = "z.later-\(unique)", a = "a.later-\(unique)"
        #expect(sorted([z, m]) == [m, z])
        // Numbered now, after the sort above ranked the ids.
        #expect(sorted([z, m, a]) == [a, m, z])
        #expect(sorted([m, a]) == [a, m])
    }
}
