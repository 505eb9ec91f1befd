import Foundation
import Testing
@testable import ClaimLint

/// `check(files:)` checks an X12 or CSV file while reading it, in parts, keeping only line entries:
/// its report must be the one of reading every claim first and checking them as one batch.
@Suite struct StreamingTests {
    /// An 837P of the random batch: one subscriber loop per claim, claims of a patient spread
    /// over several transaction sets.
    static func x12(_ batch: PropertyTests.Batch, transactions: Int) -> String {
        var claims: [(id: String, member: String, rendering: String, lines: [[String]])] = []
        for row in batch.rows {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if claims.last?.id != f[0] { claims.append((f[0], f[1], f[3], [])) }
            claims[claims.count - 1].lines.append(f)
        }
        var out = "ISA*00*          *00*          *ZZ*CLAIMLINTSUB   *ZZ*CLAIMLINTRCV   *240820*1200*^*00501*000000101*0*T*:~\nGS*HC*CLAIMLINTSUB*CLAIMLINTRCV*20240820*1200*101*X*005010X222A1~\n"
        let perSet = (claims.count + transactions - 1) / transactions
        var sets = 0
        for start in stride(from: 0, to: claims.count, by: perSet) {
            sets += 1
            var body = ["ST*837*\(String(format: "%04d", sets))*005010X222A1", "BHT*0019*00*B\(sets)*20240820*1200*CH",
                        "NM1*41*2*TEST*****46*SUB", "NM1*40*2*PAYER*****46*PAYER", "HL*1**20*1", "NM1*85*2*GROUP*****XX*1234567893"]
            var hl = 1
            for c in claims[start..<min(start + perSet, claims.count)] {
                hl += 1
                body += ["HL*\(hl)*1*22*0", "SBR*P*18*******MB", "NM1*IL*1*DOE*PAT****MI*\(c.member)", "DMG*D8*19600101*F",
                         "CLM*\(c.id)*0***11:B:1*Y*A*Y*Y", "HI*ABK:M1711", "NM1*82*1*WELBY*MARCUS****XX*\(c.rendering)"]
                for l in c.lines {
                    let mods = l[7].isEmpty ? "" : ":" + l[7].split(separator: "-").joined(separator: ":")
                    body += ["LX*\(l[5])", "SV1*HC:\(l[6])\(mods)*0*UN*\(l[8])***1", "DTP*472*D8*\(l[9].replacingOccurrences(of: "-", with: ""))"]
                }
            }
            body.append("SE*\(body.count + 1)*\(String(format: "%04d", sets))")
            out += body.map { $0 + "~\n" }.joined()
        }
        out += "GE*\(sets)*101~\nIEA*1*000000101~\n"
        return out
    }

    /// X12 and CSV claims are handed over as they are read.
    @Test(arguments: [1, 7, 64] as [Int], ["837", "csv"])
    func checkingWhileReadingGivesTheBatchReport(partSize: Int, format: String) throws {
        let batch = PropertyTests.Batch.random(seed: 42, patients: 300)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claimlint-stream-\(UUID().uuidString).\(format)").path
        let text = format == "837" ? StreamingTests.x12(batch, transactions: 5) : batch.csv(batch.rows)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let checker = Checker()
        let streamed = checker.check(files: [path], displayPath: { $0 }, listClaims: true, partSize: partSize)
        let read = try ClaimFileReader.read(path: path)
        var summary = Summary()
        summary.files = 1
        (summary.claims, summary.lines) = (read.claimsRead, read.linesRead)
        let whole = checker.report(claims: read.claims, summary: summary, diagnostics: read.diagnostics)
        #expect(read.claims.count > 3 * partSize)
        #expect(whole.findings.count > 50)
        #expect(streamed.findings == whole.findings)
        #expect(streamed.diagnostics == whole.diagnostics)
        #expect(streamed.summary == whole.summary)
        #expect(streamed.claims == whole.claims)
        let unlisted = checker.check(files: [path], displayPath: { $0 }, listClaims: false, partSize: partSize)
        #expect(unlisted.claims.isEmpty)
        #expect(unlisted.findings == whole.findings)
    }

    /// The 837P of `x12(_:transactions:)` with diagnoses that differ from claim to claim: one,
    /// two or three codes in turn.
    static func x12VaryingDiagnoses(_ batch: PropertyTests.Batch, transactions: Int = 5) -> String {
        let lists = ["HI*ABK:M1711", "HI*ABK:R51*ABF:M1711", "HI*ABK:Z7982*ABF:R51*ABF:M1711"]
        let pieces = x12(batch, transactions: transactions).components(separatedBy: "HI*ABK:M1711~")
        return pieces.enumerated().map { i, piece in i == 0 ? piece : lists[i % lists.count] + "~" + piece }.joined()
    }

    /// A reader that takes back the arrays of the claims it hands over (`ClaimRecycling`) gives
    /// the claims of one that does not: to a taker that keeps them (their arrays stay as they
    /// were) and to one that only reads them (they are emptied for the claims read next).
    @Test(arguments: [ClaimRecycling.none, ClaimRecycling(lines: true), ClaimRecycling(lines: true, diagnoses: true)])
    func readersTakingArraysBackGiveTheSameClaims(recycling: ClaimRecycling) throws {
        let text = StreamingTests.x12VaryingDiagnoses(PropertyTests.Batch.random(seed: 42, patients: 300))
        let plain = try ClaimFileReader.read(bytes: Array(text.utf8), file: "s.837").claims
        #expect(plain.count > 300)
        #expect(Set(plain.map(\.diagnoses.count)) == [1, 2, 3])
        for every in [1, 7, 64] {
            var kept: [Claim] = [], seen: [String] = []
            let r1 = text.utf8.withContiguousStorageIfAvailable { bytes in
                X12ClaimReader.read(UnsafeRawBufferPointer(bytes), file: "s.837", onClaims: { kept += $0 }, every: every, recycling: recycling)
            }
            let r2 = text.utf8.withContiguousStorageIfAvailable { bytes in
                X12ClaimReader.read(UnsafeRawBufferPointer(bytes), file: "s.837", onClaims: { seen += $0.map(StreamingTests.described) }, every: every, recycling: recycling)
            }
            #expect(try r1?.get().claimsRead == plain.count)
            #expect(try r2?.get().claimsRead == plain.count)
            #expect(kept == plain)
            #expect(seen == plain.map(StreamingTests.described))
        }
    }

    /// The same read in parallel parts: each worker keeps the arrays it takes back from part to
    /// part, with those of the parts read ahead that it delivers, and the claims are still the
    /// file's, to a taker that keeps them and to one that only reads them.
    @Test(arguments: [ClaimRecycling.none, ClaimRecycling(lines: true), ClaimRecycling(lines: true, diagnoses: true)])
    func partsReadInParallelTakingArraysBackGiveTheSameClaims(recycling: ClaimRecycling) throws {
        let text = StreamingTests.x12VaryingDiagnoses(PropertyTests.Batch.random(seed: 43, patients: 2_500), transactions: 40)
        let plain = try ClaimFileReader.read(bytes: Array(text.utf8), file: "p.837").claims
        // Four parts hold more claims than an array of claims held (`heldClaims`) while read ahead.
        #expect(plain.count > 4 * X12ParallelReader.heldClaims)
        #expect(Set(plain.map(\.lines.count)).isSuperset(of: [1, 2, 3]))
        let described = plain.map(StreamingTests.described)
        for (threads, every, parts) in [(2, 1, 25), (2, 16, 4), (3, 64, 5)] {
            var kept: [Claim] = [], seen: [String] = []
            let (r1, r2) = try #require(text.utf8.withContiguousStorageIfAvailable { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                let minimum = raw.count / parts
                return (
                    X12ParallelReader.read(
                        raw, file: "p.837", parts: parts, minimumPartBytes: minimum, threads: threads, onClaims: { kept += $0 }, every: every,
                        recycling: recycling),
                    X12ParallelReader.read(
                        raw, file: "p.837", parts: parts, minimumPartBytes: minimum, threads: threads,
                        onClaims: { seen += $0.map(StreamingTests.described) }, every: every, recycling: recycling)
                )
            })
            let config = "threads \(threads), every \(every), \(parts) parts"
            #expect(try r1.get().claimsRead == plain.count, "\(config)")
            #expect(try r2.get().claimsRead == plain.count, "\(config)")
            #expect(kept == plain, "\(config)")
            #expect(seen == described, "\(config)")
        }
    }

    /// A claim's id, diagnoses and lines (number, code, units, line in the file).
    static func described(_ c: Claim) -> String {
        "\(c.id) \(c.diagnoses.map(\.text)) " + c.lines.map { "\($0.number):\($0.code.text)x\($0.units)@\($0.location.line)" }.joined(separator: ",")
    }

    /// Arrays are taken back emptied, keeping their room: at most `room` of each kind, of lines
    /// only those with room for at most 4, of diagnoses only when `recycling` says so; the
    /// claims are left with empty arrays.
    @Test func spareArraysAreTakenBackEmptiedUpToTheirRoom() throws {
        let location = SourceLocation(file: "t.837", line: 1, column: 1)
        let date = try #require(ServiceDate(year: 2024, month: 1, day: 2))
        func claim(_ lines: Int) -> Claim {
            Claim(
                id: "C\(lines)", memberID: "M", billingNPI: NPI("1234567893")!, diagnoses: [DiagnosisCode("R51")!],
                lines: (0..<lines).map { ServiceLine(number: $0 + 1, code: "99213", dates: DateRange(date), location: location) },
                location: location)
        }
        var claims = [1, 6, 2, 3, 1, 2].map(claim)
        let capacities = claims.map(\.lines.capacity)
        // Those with room for at most 4 lines (not the claim of 6), in order.
        let small = capacities.indices.filter { capacities[$0] <= 4 }
        #expect(!small.contains(1) && small.count >= 4, "\(capacities)")
        var spares = SpareArrays()
        spares.takeBack(from: &claims, ClaimRecycling(lines: true), room: 3)
        #expect(spares.lines.count == 3)
        #expect(spares.lines.allSatisfy { $0.isEmpty })
        #expect(spares.lines.map(\.capacity) == small.prefix(3).map { capacities[$0] })
        #expect(claims.indices.allSatisfy { claims[$0].lines.isEmpty == small.prefix(3).contains($0) })
        #expect(spares.diagnoses.isEmpty && claims.allSatisfy { $0.diagnoses.count == 1 })
        // Diagnoses only: from the first claims, up to the room.
        spares.takeBack(from: &claims, ClaimRecycling(diagnoses: true), room: 5)
        #expect(spares.lines.count == 3)
        #expect(spares.diagnoses.count == 5 && spares.diagnoses.allSatisfy { $0.isEmpty })
        #expect(claims.map(\.diagnoses.count) == [0, 0, 0, 0, 0, 1])
    }

    /// `check(files:)` with a rule that looks at diagnoses (the batch keeps them, so the readers
    /// take back only the arrays of lines) gives the report of the claims read first.
    @Test func checkingWhileReadingKeepsTheDiagnosesRulesLookAt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claimlint-stream-\(UUID().uuidString).837").path
        try Data(StreamingTests.x12VaryingDiagnoses(PropertyTests.Batch.random(seed: 9, patients: 300)).utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pack = try RulePack.parse(files: [("p/x.rules", """
            rule payer.first-dx
              message: {code} for a headache or a long-term aspirin patient
              when diagnosis in R51, Z79.82
              example fires on 1: dx=R51,M17.11 : 99213 x1
              example passes: dx=M17.11,R51 : 99213 x1
            end
            """)], origin: "p")
        let checker = Checker(packs: [RulePack.bundled, pack])
        // A pipeline that adds parts where they are read lets the readers take back the arrays of
        // lines, and of diagnoses only when the batch does not keep them; one that adds them on a
        // queue of its own keeps the claims, so neither.
        #expect(CheckPipeline(CheckStream(checker), listClaims: false, inline: true).recycling == ClaimRecycling(lines: true, diagnoses: false))
        #expect(CheckPipeline(CheckStream(Checker()), listClaims: false, inline: true).recycling == ClaimRecycling(lines: true, diagnoses: true))
        #expect(CheckPipeline(CheckStream(checker), listClaims: false, inline: false).recycling == .none)
        let streamed = checker.check(files: [path], displayPath: { $0 }, listClaims: false, partSize: 5)
        let read = try ClaimFileReader.read(path: path)
        var summary = Summary()
        summary.files = 1
        (summary.claims, summary.lines) = (read.claimsRead, read.linesRead)
        let whole = checker.report(claims: read.claims, summary: summary, diagnostics: read.diagnostics)
        #expect(whole.findings.filter { $0.rule == "payer.first-dx" }.count > 100)
        #expect(streamed.findings == whole.findings)
        #expect(streamed.summary == whole.summary)
    }

    /// Parts added one by one give the findings of the batch added at once.
    @Test func addingInPartsGivesTheWholeBatchFindings() throws {
        let batch = PropertyTests.Batch.random(seed: 7, patients: 400)
        let claims = try ClaimFileReader.read(bytes: Array(batch.csv(batch.rows).utf8), file: "b.csv").claims
        let checker = Checker()
        // Also with the parts' line and claim edits left to `finish()` (`defersPartEdits`).
        for defers in [false, true] {
            var stream = CheckStream(checker)
            stream.defersPartEdits = defers
            for start in stride(from: 0, to: claims.count, by: 13) { stream.add(claims[start..<min(start + 13, claims.count)]) }
            #expect(stream.claimCount == claims.count)
            let parts = stream.finish(), whole = checker.check(claims)
            #expect(whole.findings.count > 50)
            #expect(parts.findings == whole.findings)
            #expect(parts.diagnostics == whole.diagnostics)
        }
    }
}

extension StreamingTests {
    /// Line numbers and positions are kept whole in the compact line entries.
    @Test func lineNumbersAndLocationsAreKeptWhole() throws {
        let csv = """
            claim_id,member_id,billing_npi,line,code,units,date
            C1,M1,1234567893,3000000000,87253,1,2024-08-14
            C1,M1,1234567893,3000000001,87253,1,2024-08-14

            """
        let read = try ClaimFileReader.read(bytes: Array(csv.utf8), file: "big-numbers.csv")
        var claims = read.claims
        claims[0].lines[1].location = SourceLocation(file: "big-numbers.csv", line: 5_000_000_000, column: 4_000_000_000, segment: 3_000_000_000, byteOffset: 1 << 40, byteLength: 70_000)
        let findings = Checker().check(claims).findings
        let repeated = try #require(findings.first { $0.rule == "cpt.87253-per-isolate" || $0.rule == "units.duplicate-line" })
        #expect(repeated.line == 3_000_000_001)
        #expect(repeated.message.contains("3000000000"))
        #expect(repeated.location == claims[0].lines[1].location)
    }

    /// Messages name other lines by the number their file gives them, whether it is the
    /// line's place in its claim (read without decoding the packed sources) or not.
    ///
    /// After 0, 1 or 70 one-line claims (the last one numbered 1), so that the bits of the
    /// first 64 lines (held inline) and of later ones are both read, each after a line whose
    /// number is its place.
    @Test(arguments: [(["1", "2", "3"], "line 1"), (["2", "1", "3"], "line 2"), (["1", "5", "2"], "line 1"), (["7", "2", "3"], "line 7")], [0, 1, 70])
    func otherLinesAreNamedByTheirNumbers(numbered: ([String], String), before: Int) throws {
        let (numbers, named) = numbered
        let filler = (0..<before).map { "F\($0),N\($0),1234567893,\($0 % 3 == 1 ? 4 : 1),99213,1,2024-08-14\n" }.joined()
        let csv = """
            claim_id,member_id,billing_npi,line,code,units,date
            \(filler)C1,M1,1234567893,\(numbers[0]),87253,1,2024-08-14
            C1,M1,1234567893,\(numbers[1]),87253,1,2024-08-14
            C1,M1,1234567893,\(numbers[2]),99213,1,2024-08-14

            """
        let read = try ClaimFileReader.read(bytes: Array(csv.utf8), file: "numbers.csv")
        let findings = Checker().check(read.claims).findings
        let repeated = try #require(findings.first { $0.rule == "units.duplicate-line" && $0.claimID == "C1" })
        #expect(repeated.line == Int(numbers[1]))
        #expect(repeated.message.contains("repeats \(named) (87253)"), "\(repeated.message)")
    }

    /// A named pipe is read once, the ordinary way (it cannot be mapped).
    @Test func namedPipeIsRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claimlint-fifo-\(UUID().uuidString)").path
        guard mkfifo(path, 0o600) == 0 else { Issue.record("mkfifo failed"); return }
        defer { unlink(path) }
        let csv = "claim_id,member_id,billing_npi,line,code,units,date\nC1,M1,1234567893,1,0856T,1,2024-08-14\n"
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            csv.utf8CString.withUnsafeBufferPointer { _ = write(fd, $0.baseAddress, csv.utf8.count) }
            close(fd)
        }
        writer.start()
        let report = Checker().check(files: [path], listClaims: false)
        #expect(report.summary.claims == 1, "\(report.diagnostics.map(\.message))")
        #expect(report.findings.contains { $0.rule == "addon.primary-missing" })
    }

    /// A file given twice, by the same path, another path or a link, is read once, with a
    /// warning naming the first: the report is otherwise the one of the file alone.
    @Test func aFileGivenTwiceIsReadOnce() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = Fixtures.url("Fixtures/claims/sample.csv").path
        let link = dir.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: sample)
        let other = dir.appendingPathComponent("copy.csv").path
        try FileManager.default.copyItem(atPath: Fixtures.url("Fixtures/claims/clean.csv").path, toPath: other)
        let alone = Checker().check(files: [sample, other])
        let report = Checker().check(files: [sample, other, sample, link, dir.path + "/../" + dir.lastPathComponent + "/copy.csv"])
        var summary = report.summary
        #expect(summary.diagnostics[.warning] == 3 && alone.summary.diagnostics[.warning] == nil)
        summary.diagnostics = alone.summary.diagnostics
        #expect(summary == alone.summary && summary.files == 2)
        #expect(report.findings.map { "\($0.rule) \($0.claimID) \($0.line)" } == alone.findings.map { "\($0.rule) \($0.claimID) \($0.line)" })
        #expect(report.files == [sample, other])
        let same = report.diagnostics.filter { $0.id == "input.same-file" }
        #expect(report.diagnostics.count == alone.diagnostics.count + 3)
        #expect(same.map(\.message) == [
            "given twice; read once", "the same file as \(sample), given before; read once", "the same file as \(other), given before; read once",
        ])
        #expect(same.allSatisfy { $0.severity == .warning })
        #expect(same[1].location == SourceLocation(file: link, line: 0, column: 0))
    }
}

extension StreamingTests {
    /// A file over the parallel reader's smallest part is read on several threads when the
    /// checker has them (in parts), on one when it has one (whole): the reports are the same.
    @Test func readingOnSeveralThreadsGivesTheOneThreadReport() throws {
        let batch = PropertyTests.Batch.random(seed: 3, patients: 4_000)
        let text = StreamingTests.x12(batch, transactions: 40)
        #expect(text.utf8.count > 2 * X12ParallelReader.defaultMinimumPartBytes)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("claimlint-threads-\(UUID().uuidString).837").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var one = Checker(), two = Checker()
        one.concurrency = 1
        two.concurrency = 2
        let a = one.check(files: [path]), b = two.check(files: [path])
        #expect(a.partsRead == 1)
        #expect(b.partsRead > 1)
        #expect(a.findings.count > 1_000)
        #expect(a.findings == b.findings)
        #expect(a.diagnostics == b.diagnostics)
        #expect(a.summary == b.summary)
        #expect(a.claims == b.claims)
    }

    /// A batch whose line entries are spilled to a file while it is added, and whose groups
    /// are then checked a partition at a time, gives the findings and diagnostics of the batch
    /// kept in memory: lines with more than four modifiers, units past 2,147,483 and date
    /// spans (kept beside the entries), a pack rule across lines, and oversized runs of one patient, provider and date
    /// (their warnings in group order, whatever partition each group falls in).
    @Test(arguments: [(after: 50, window: 20, partition: 60), (after: 1, window: 1, partition: 1), (after: 400, window: 300, partition: 5_000)])
    func spilledBatchGivesTheFindingsOfOneInMemory(after: Int, window: Int, partition: Int) throws {
        let batch = PropertyTests.Batch.random(seed: 11, patients: 300)
        var claims = try ClaimFileReader.read(bytes: Array(batch.csv(batch.rows).utf8), file: "b.csv").claims
        let npi = NPI("1234567893")!
        func line(_ n: Int, _ code: String, _ date: ServiceDate, through: ServiceDate? = nil) -> ServiceLine {
            ServiceLine(number: n, code: ProcedureCode(code)!, dates: DateRange(from: date, through: through ?? date)!, location: SourceLocation(file: "x", line: n, column: 1))
        }
        let day: ServiceDate = "2024-08-14"
        var big = (1...BatchIndex.maxLinesPerDate + 1).map { line($0, "99213", day) }
        big[0] = line(1, "27447", day)
        big[1] = line(2, "20610", day)
        for k in 1...3 {
            claims.insert(Claim(id: "BIG\(k)", memberID: "M-BIG\(k)", billingNPI: npi, lines: big, location: SourceLocation(file: "x", line: 1, column: 1)), at: claims.count * k / 4)
        }
        var odd = [line(1, "27447", day), line(2, "20610", day), line(3, "87253", day, through: "2024-08-16"), line(4, "87253", day)]
        odd[1].modifiers = ["59", "RT", "LT", "XS", "76"]
        odd[3].units = Units(thousandths: 3_000_000_000_000)
        claims.insert(Claim(id: "ODD", memberID: "M-ODD", billingNPI: npi, lines: odd, location: SourceLocation(file: "x", line: 1, column: 1)), at: claims.count / 3)
        // The pack's rule across lines (37253 needs 37252), checked in the group pass.
        claims.insert(Claim(id: "UR", memberID: "M-UR", billingNPI: npi, lines: [line(1, "37224", day), line(2, "37253", day), line(3, "27447", day), line(4, "20610", day)], location: SourceLocation(file: "x", line: 1, column: 1)), at: claims.count / 5)
        // The payer pack's rules read places of service, ages and diagnoses (kept per line
        // beside the entries) and compare lines of a group (20610 billed with 27447).
        let payer = try RulePack.load(directory: fixture("packs/payer-rules"))
        // Also with the line and claim edits left to run over many parts at once, as a reading
        // pipeline adds its parts (`defersPartEdits`): before the lines are spilled, or at the end.
        for (k, checker) in [Checker(), Checker(packs: [.bundled, payer])].enumerated() { for defers in [false, true] {
            var stream = CheckStream(checker)
            stream.defersPartEdits = defers
            stream.spillPolicy = SpillPolicy(after: after, window: window, partitionLines: partition)
            for start in stride(from: 0, to: claims.count, by: 13) { stream.add(claims[start..<min(start + 13, claims.count)]) }
            #expect(stream.isSpilled)
            // The claim ids and line sources of the spilled lines went with them.
            #expect(stream.spilled.claimIDs >= claims.count / 2 && stream.spilled.sourceBytes > 0)
            let spilled = stream.finish(), whole = checker.check(claims)
            #expect(whole.findings.count > 50)
            #expect(whole.diagnostics.filter { $0.id == "engine.group-limit" }.count == 3)
            #expect(whole.findings.contains { $0.claimID == "ODD" })
            #expect(whole.findings.contains { $0.claimID == "UR" && $0.rule == "addon.cpt-primary-missing" })
            #expect(k == 0 || whole.findings.contains { $0.claimID == "UR" && $0.rule == "payer.knee-injection-with-arthroplasty" })
            #expect(spilled.findings == whole.findings)
            #expect(spilled.diagnostics == whole.diagnostics)
        } }
    }

    /// A copy of a stream whose entries were spilled is a value of its own: each copy, added to
    /// and finished, gives the findings of its own claims.
    @Test func copiesOfASpilledStreamAreIndependent() throws {
        let batch = PropertyTests.Batch.random(seed: 12, patients: 200)
        let claims = try ClaimFileReader.read(bytes: Array(batch.csv(batch.rows).utf8), file: "b.csv").claims
        let half = claims.count / 2
        let checker = Checker()
        var a = CheckStream(checker)
        a.spillPolicy = SpillPolicy(after: 30, window: 10, partitionLines: 50)
        for start in stride(from: 0, to: half, by: 13) { a.add(claims[start..<min(start + 13, half)]) }
        #expect(a.isSpilled)
        var b = a
        b.add(claims[half...])
        a.add(claims[half..<(half + 5)])
        let fromA = a.finish(), fromB = b.finish()
        #expect(fromA.findings == checker.check(Array(claims[..<(half + 5)])).findings)
        #expect(fromB.findings == checker.check(claims).findings)
    }
}
