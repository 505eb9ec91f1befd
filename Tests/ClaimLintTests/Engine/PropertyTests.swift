import Foundation
import Testing
@testable import ClaimLint

/// Properties of the whole pipeline on seeded random batches: findings do not depend on the
/// order of independent claims, on how a batch is split into files, or on CRLF or CR line
/// ends, a BOM and trailing blank lines; every claim read is counted in the summary; the
/// parallel engine gives exactly the serial findings.
@Suite struct PropertyTests {
    /// One CSV row per line; the claims of a patient are consecutive.
    struct Batch {
        static let header = "claim_id,member_id,billing_npi,rendering_npi,place_of_service,line,code,modifiers,units,date"
        /// Rows of each patient's claims, patient by patient.
        var patients: [[String]] = []

        var rows: [String] { patients.flatMap { $0 } }
        func csv(_ rows: [String]) -> String { ([Batch.header] + rows).joined(separator: "\n") + "\n" }

        static func random(seed: UInt64, patients count: Int, broken: Bool = false) -> Batch {
            var rng = Seeded(seed)
            let codes = ["99213", "99214-25", "27447-RT", "20610", "11042", "11045", "88348", "0856T", "45380", "45378-59",
                         "17000", "17003", "87253", "84132", "89353", "A0425", "96372", "93000", "93010", "9921"]
            let providers = ["1811111115", "1234567893"]
            var batch = Batch()
            var claimNo = 0
            for p in 0..<count {
                var rows: [String] = []
                for _ in 0..<(1 + rng.next(3)) {
                    claimNo += 1
                    let date = "2024-08-\(10 + rng.next(6))"
                    let provider = providers[rng.next(providers.count)]
                    for l in 1...(1 + rng.next(4)) {
                        var code = codes[rng.next(codes.count - (broken ? 0 : 1))]
                        var mods = ""
                        if let dash = code.firstIndex(of: "-") { mods = String(code[code.index(after: dash)...]); code = String(code[..<dash]) }
                        let units = code == "A0425" ? 240 + rng.next(20) : 1 + rng.next(2)
                        rows.append("C\(claimNo),M\(p),1234567893,\(provider),11,\(l),\(code),\(mods),\(units),\(date)")
                    }
                }
                batch.patients.append(rows)
            }
            return batch
        }
    }

    struct Seeded {
        var state: UInt64
        init(_ seed: UInt64) { state = seed }
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    /// What a finding says about a claim, without where the claim sits in its file.
    struct Said: Hashable, Comparable, CustomStringConvertible {
        var rule: String, claim: String, line: Int, severity: String
        init(_ f: Finding) { (rule, claim, line, severity) = (f.rule, f.claimID, f.line, f.severity.rawValue) }
        var description: String { "\(rule)@\(claim)/\(line)" }
        static func < (a: Said, b: Said) -> Bool { (a.claim, a.line, a.rule) < (b.claim, b.line, b.rule) }
    }

    static let checker = Checker()

    func report(_ texts: [String]) throws -> Report {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimlint-props-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (i, t) in texts.enumerated() {
            let path = dir.appendingPathComponent("part\(i).csv").path
            try Data(t.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        return PropertyTests.checker.check(files: paths) { ($0 as NSString).lastPathComponent }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func reorderingIndependentClaimsKeepsFindings(seed: UInt64) throws {
        let batch = Batch.random(seed: seed, patients: 40)
        var rng = Seeded(seed ^ 0xABCD)
        var shuffled = batch.patients
        for i in shuffled.indices.reversed() where i > 0 { shuffled.swapAt(i, rng.next(i + 1)) }
        let a = try report([batch.csv(batch.rows)]).findings.map(Said.init).sorted()
        let b = try report([batch.csv(shuffled.flatMap { $0 })]).findings.map(Said.init).sorted()
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    /// The other claims a finding names ("with 27447 on claim C3 line 1", "(claim C3 line 1, ...)").
    static func namedClaims(_ f: Finding) -> [String] {
        let words = f.message.split(whereSeparator: { $0 == " " || $0 == "(" })
        return zip(words, words.dropFirst()).compactMap { $0 == "claim" && String($1) != f.claimID ? String($1) : nil }
    }

    /// Split into files between claims that findings pair, the cuts falling at the later
    /// claim of pairs (and inside patients): the batch-wide edits must still pair the lines of
    /// one patient across files, so the whole batch's findings that name a claim in another
    /// part are found again.
    @Test(arguments: [5, 6, 7] as [UInt64])
    func splittingABatchAcrossFilesKeepsFindings(seed: UInt64) throws {
        let batch = Batch.random(seed: seed, patients: 30)
        let whole = try report([batch.csv(batch.rows)])
        let rows = batch.rows
        func claimID(_ row: String) -> String { String(row.prefix(while: { $0 != "," })) }
        var firstRow: [String: Int] = [:]
        for (i, row) in rows.enumerated() where firstRow[claimID(row)] == nil { firstRow[claimID(row)] = i }
        // The first row of the later claim of every pair a finding makes.
        let pairStarts = Set(whole.findings.flatMap { f in
            Self.namedClaims(f).compactMap { other in firstRow[other].flatMap { o in firstRow[f.claimID].map { max($0, o) } } }
        }).sorted()
        try #require(!pairStarts.isEmpty)
        var rng = Seeded(seed)
        let cuts = Set((0..<3).map { _ in pairStarts[rng.next(pairStarts.count)] }).sorted()
        var parts: [[String]] = []
        var start = 0
        for c in cuts + [rows.count] where c > start { parts.append(Array(rows[start..<c])); start = c }
        var partOf: [String: Int] = [:]
        for (p, part) in parts.enumerated() { for row in part { partOf[claimID(row)] = p } }
        let crossPart = whole.findings.filter { f in Self.namedClaims(f).contains { partOf[$0] != nil && partOf[$0] != partOf[f.claimID] } }.count
        let split = try report(parts.map(batch.csv))
        #expect(parts.count > 1)
        #expect(crossPart > 0)
        #expect(whole.findings.map { [$0.rule, $0.claimID, "\($0.line)", $0.message] } == split.findings.map { [$0.rule, $0.claimID, "\($0.line)", $0.message] })
        #expect(whole.summary.claims == split.summary.claims && whole.summary.lines == split.summary.lines)
    }

    @Test(arguments: [("\r\n", false, 0), ("\n", true, 0), ("\n", false, 3), ("\r\n", true, 2), ("\r", false, 0), ("\r", true, 2)])
    func lineEndsBOMAndBlankLinesKeepFindings(lineEnd: String, bom: Bool, blankLines: Int) throws {
        let batch = Batch.random(seed: 11, patients: 25)
        let plain = batch.csv(batch.rows)
        var text = plain.replacingOccurrences(of: "\n", with: lineEnd)
        if bom { text = "\u{FEFF}" + text }
        text += String(repeating: lineEnd, count: blankLines)
        let a = try report([plain]), b = try report([text])
        func key(_ f: Finding) -> [String] { [f.rule, f.claimID, "\(f.line)", f.message, "\(f.location.line):\(f.location.column)"] }
        #expect(!a.findings.isEmpty)
        #expect(a.findings.map(key) == b.findings.map(key))
        #expect(a.summary == b.summary)
    }

    @Test(arguments: [21, 22, 23] as [UInt64])
    func everyClaimReadIsInTheSummary(seed: UInt64) throws {
        // Broken codes make some claims unreadable; they must still be counted.
        let batch = Batch.random(seed: seed, patients: 30, broken: true)
        let r = try report([batch.csv(batch.rows)])
        let ids = Set(batch.rows.map { $0.prefix(while: { $0 != "," }) })
        #expect(r.summary.claims == ids.count)
        #expect(r.summary.lines == batch.rows.count)
        #expect(r.summary.claims == r.summary.claimsChecked + r.summary.claimsUnreadable)
        #expect(r.summary.lines == r.summary.linesChecked + r.summary.linesUnreadable)
        #expect(r.summary.claimsUnreadable > 0)
        #expect(Set(r.findings.map(\.claimID)).isSubset(of: Set(r.claims.map(\.id))))
    }

    /// Checked on several threads (the groups laid out, the group edits run and the findings
    /// sorted on each), a batch gives the findings and diagnostics of one thread: with groups
    /// whose dates go down in batch order, and runs of one date over the limit.
    @Test func parallelCheckingGivesTheSerialFindings() throws {
        let batch = Batch.random(seed: 99, patients: 1_600)
        var claims = try ClaimFileReader.read(bytes: Array(batch.csv(batch.rows).utf8), file: "big.csv").claims
        let npi = NPI("1234567893")!
        func line(_ n: Int, _ code: String, _ date: ServiceDate) -> ServiceLine {
            ServiceLine(number: n, code: ProcedureCode(code)!, dates: DateRange(from: date, through: date)!, location: SourceLocation(file: "x", line: n, column: 1))
        }
        var big = (1...BatchIndex.maxLinesPerDate + 1).map { line($0, "99213", "2024-08-14") }
        big[0] = line(1, "27447", "2024-08-14")
        for k in 1...2 {
            let lines = big + [line(big.count + 1, "99213", "2024-08-20"), line(big.count + 2, "20610", "2024-08-02")]
            claims.insert(Claim(id: "BIG\(k)", memberID: "M-BIG\(k)", billingNPI: npi, lines: lines, location: SourceLocation(file: "x", line: 1, column: 1)), at: claims.count * k / 3)
        }
        // A patient's later claim with earlier dates: the group is sorted by date.
        let down = [line(1, "99213", "2024-08-20"), line(2, "27447", "2024-08-20"), line(3, "99214", "2024-08-10"), line(4, "20610", "2024-08-10")]
        claims.insert(Claim(id: "DOWN", memberID: "M-BIG1", billingNPI: npi, lines: down, location: SourceLocation(file: "x", line: 1, column: 1)), at: claims.count / 2)
        #expect(claims.reduce(0) { $0 + $1.lines.count } > Checker.parallelThreshold)
        var serial = Checker()
        serial.concurrency = 1
        var parallel = Checker()
        parallel.concurrency = 4
        let a = serial.check(claims), b = parallel.check(claims)
        #expect(a.findings.count > 100)
        #expect(a.diagnostics.filter { $0.id == "engine.group-limit" }.count == 2)
        #expect(a.findings.contains { $0.claimID == "DOWN" })
        #expect(a.findings == b.findings)
        #expect(a.diagnostics == b.diagnostics)
        var two = Checker()
        two.concurrency = 2
        let c = two.check(claims)
        #expect(c.findings == a.findings)
        #expect(c.diagnostics == a.diagnostics)
    }

    /// Thousands of findings are named on several threads in batch order, as on one.
    @Test func manyFindingsAreNamedInOrderOnAnyThreads() throws {
        let claims = (0..<6_000).map { i in
            Claim(
                id: "C\(i)", memberID: "M\(i % 977)", billingNPI: NPI("1234567893")!,
                lines: [ServiceLine(number: 1, code: i % 2 == 0 ? "0856T" : "37253", units: Units(1), dates: DateRange("2024-08-14"), location: SourceLocation(file: "x", line: i + 1, column: 1))],
                location: SourceLocation(file: "x", line: i + 1, column: 1))
        }
        var serial = Checker()
        serial.concurrency = 1
        var parallel = Checker()
        parallel.concurrency = 4
        let a = serial.check(claims).findings, b = parallel.check(claims).findings
        #expect(a.count >= 6_000)
        #expect(a == b)
        #expect(a.map(\.claimID) == a.map(\.claimID).sorted { Int($0.dropFirst())! < Int($1.dropFirst())! })
        #expect(b.map(\.location.line) == a.map(\.location.line))
    }
}
