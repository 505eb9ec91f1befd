import Foundation
import Testing
@testable import ClaimLint

/// The parallel X12 reader gives exactly the serial reader's claims, diagnostics (ids,
/// messages, locations, in order) and counts, however the file is cut into parts.
@Suite struct X12ParallelReaderTests {
    /// Reads `bytes` serially and in parts (claims kept, and claims streamed) and expects the
    /// same; returns the number of parts the file was cut into.
    @discardableResult
    static func expectSame(
        _ bytes: [UInt8], file: String, parts: Int = 1_000_000, minimumPartBytes: Int = 0, threads: Int? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Int {
        bytes.withUnsafeBytes { raw in
            let serial = X12ClaimReader.read(raw, file: file, onClaim: nil)
            let cuts = X12ParallelReader.cuts(raw, file: file, parts: parts, minimumPartBytes: minimumPartBytes)
            let kept = X12ParallelReader.read(raw, file: file, parts: parts, minimumPartBytes: minimumPartBytes, threads: threads, onClaim: nil)
            var streamed: [Claim] = []
            let stream = X12ParallelReader.read(raw, file: file, parts: parts, minimumPartBytes: minimumPartBytes, threads: threads, onClaim: { streamed.append($0) })
            switch (serial, kept, stream) {
            case (.success(let s), .success(let p), .success(let q)):
                expectEqual(s, p, file, sourceLocation)
                #expect(q.claims.isEmpty, "\(file)", sourceLocation: sourceLocation)
                #expect(streamed == s.claims, "\(file): claims streamed", sourceLocation: sourceLocation)
                var q2 = q
                q2.claims = streamed
                expectEqual(s, q2, file, sourceLocation)
            case (.failure(let s), .failure(let p), .failure(let q)):
                #expect(s.diagnostic == p.diagnostic && s.diagnostic == q.diagnostic, "\(file)", sourceLocation: sourceLocation)
            default:
                Issue.record("\(file): serial \(serial), parallel \(kept), streamed \(stream)", sourceLocation: sourceLocation)
            }
            return cuts.count + 1
        }
    }

    static func expectEqual(_ s: ReadResult, _ p: ReadResult, _ file: String, _ sourceLocation: Testing.SourceLocation) {
        #expect(p.claims == s.claims, "\(file): claims", sourceLocation: sourceLocation)
        #expect(p.claimsRead == s.claimsRead && p.linesRead == s.linesRead, "\(file): counts", sourceLocation: sourceLocation)
        #expect(p.claimsUnreadable == s.claimsUnreadable && p.linesUnreadable == s.linesUnreadable && p.linesSkipped == s.linesSkipped, "\(file): counts", sourceLocation: sourceLocation)
        #expect(p.suppressions == s.suppressions, "\(file): suppressions", sourceLocation: sourceLocation)
        #expect(p.unreadableClaims == s.unreadableClaims, "\(file): claims not checked", sourceLocation: sourceLocation)
        #expect(s.unreadableClaims.count == s.claimsUnreadable, "\(file): claims not checked listed", sourceLocation: sourceLocation)
        #expect(p.unlisted == s.unlisted, "\(file): diagnostics not listed", sourceLocation: sourceLocation)
        #expect(p.diagnostics.count == s.diagnostics.count, "\(file): \(p.diagnostics.count) diagnostics, serially \(s.diagnostics.count)", sourceLocation: sourceLocation)
        if let i = (0..<min(p.diagnostics.count, s.diagnostics.count)).first(where: { p.diagnostics[$0] != s.diagnostics[$0] }) {
            Issue.record("\(file): diagnostic \(i) is\n  \(p.diagnostics[i])\nserially\n  \(s.diagnostics[i])", sourceLocation: sourceLocation)
        }
    }

    /// More diagnostics of one id than a file lists, spread over parts read in parallel: the
    /// same listed, the same counted (with the same first), as serially; and the file's
    /// diagnostics end with one saying how many more there are, where they start.
    @Test func diagnosticsPastTheLimitAreCountedAsSerially() throws {
        // 50 transactions of 50 claims, each claim with a bad modifier.
        let head = ["BHT*0019*00*B1*20240820*1200*CH", "HL*1**20*1", "NM1*85*2*GROUP*****XX*1234567893", "HL*2*1*22*0", "SBR*P*18*******MB", "NM1*IL*1*DOE*JANE****MI*MBR1"]
        var segments = [X12Fixtures.isa, "GS*HC*S*R*20240820*1200*1*X*005010X222A1~"]
        for t in 0..<50 {
            let claims = (0..<50).flatMap { c in
                ["CLM*C\(t)-\(c)*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R51", "LX*1", "SV1*HC:99213:Q!*10.00*UN*1***1", "DTP*472*D8*20240814"]
            }
            let txn = ["ST*837*\(t)*005010X222A1"] + head + claims
            segments += txn + ["SE*\(txn.count + 1)*\(t)"]
        }
        segments += ["GE*50*1", "IEA*1*000000001"]
        let text = segments.map { $0.hasSuffix("~") ? $0 : $0 + "~" }.joined(separator: "\n")
        let bytes = Array(text.utf8)
        #expect(Self.expectSame(bytes, file: "many.837", minimumPartBytes: 2_000, threads: 2) > 10)
        // Two parts, each past the limit by itself.
        #expect(Self.expectSame(bytes, file: "many.837", parts: 2, threads: 2) == 2)
        // The line of the first bad modifier not listed.
        let sv1Lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { $0.element.hasPrefix("SV1") }.map { $0.offset + 1 }
        let serial = try bytes.withUnsafeBytes { try X12ClaimReader.read($0, file: "many.837", onClaim: nil).get() }
        #expect(serial.diagnostics.count == 2 * ReadResult.perID)
        #expect(serial.unlisted["x12.invalid-modifier"]?.count == 1_500 && serial.unlisted["input.claim-not-checked"]?.count == 1_500)
        #expect(serial.unlisted["x12.invalid-modifier"]?.first.location?.line == sv1Lines[ReadResult.perID])
        let r = try ClaimFileReader.read(bytes: bytes, file: "many.837")
        #expect(r.unlisted.isEmpty && r.claimsRead == 2_500 && r.claimsUnreadable == 2_500)
        let more = r.diagnostics.suffix(2)
        #expect(more.map(\.id) == ["input.claim-not-checked", "x12.invalid-modifier"])
        #expect(more.last?.message == "1500 more x12.invalid-modifier problems from here on are not listed; a file lists at most \(ReadResult.perID) of each kind")
        #expect(more.last?.location == serial.unlisted["x12.invalid-modifier"]?.first.location)
        #expect(more.last?.severity == .error)
        // Read from a file on two threads (as `claimlint check` reads), in parts: the same as
        // serially. The file is padded with spaces after each transaction's terminator, which
        // the reader skips (only byte offsets move), past the smallest part `ClaimFileReader`
        // reads.
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("many.837")
        let padding = String(repeating: " ", count: 3 * X12ParallelReader.defaultMinimumPartBytes / 50)
        let padded = Array(text.replacingOccurrences(of: "~\nST*", with: "~" + padding + "\nST*").utf8)
        try Data(padded).write(to: url)
        let fromFile = try ClaimFileReader.read(path: url.path, displayPath: "many.837", threads: 2) { _ in }
        let paddedSerially = try ClaimFileReader.read(bytes: padded, file: "many.837")
        #expect(fromFile.parts > 1)
        #expect(fromFile.diagnostics == paddedSerially.diagnostics && fromFile.unlisted.isEmpty)
        #expect(fromFile.claimsRead == 2_500 && fromFile.claimsUnreadable == 2_500)
        func said(_ d: Diagnostic) -> String { "\(d.id) \(d.location.map { "\($0.line):\($0.column)" } ?? "") \(d.count) \(d.message)" }
        #expect(fromFile.diagnostics.map(said) == r.diagnostics.map(said))
        // The notes stand for the problems not listed: the summary counts every problem.
        #expect(more.map(\.count) == [1_500, 1_500] && r.diagnostics.dropLast(2).allSatisfy { $0.count == 1 })
        let report = Checker().check(files: [url.path], displayPath: { _ in "many.837" })
        #expect(report.diagnostics.count == 2 * ReadResult.perID + 2)
        #expect(report.summary.diagnostics[.error] == 5_000)
        #expect(ReportRenderer.render(report, format: .text).contains("Input problems: 5000 errors, 0 warnings."))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportRenderer.render(report, format: .json).utf8)) as? [String: Any])
        let listed = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(listed.compactMap { $0["count"] as? Int } == [1_500, 1_500])
        #expect((json["summary"] as? [String: Any]).flatMap { $0["diagnostics"] as? [String: Int] }?["errors"] == 5_000)
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(ReportRenderer.render(report, format: .sarif).utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let notes = try #require((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])
        #expect(notes.count == listed.count)
        #expect(notes.compactMap { ($0["properties"] as? [String: Any])?["count"] as? Int } == [1_500, 1_500])
    }

    static var fixtures: [String] {
        let folder = X12Fixtures.packageRoot.appendingPathComponent("Fixtures/x12").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasSuffix(".md") }.sorted()
    }

    static func bytes(ofFixture name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: X12Fixtures.path(name))))
    }

    @Test func everyFixtureCutAtEveryST() throws {
        #expect(Self.fixtures.count >= 8)
        var cut = 0
        for name in Self.fixtures {
            let bytes = try Self.bytes(ofFixture: name)
            if Self.expectSame(bytes, file: name) > 1 { cut += 1 }
            // A few parts, on one and on two threads.
            Self.expectSame(bytes, file: name, parts: 2, threads: 1)
            Self.expectSame(bytes, file: name, parts: 3, threads: 2)
        }
        // The fixtures with several transaction sets are cut.
        #expect(cut >= 2)
    }

    @Test(.enabled(if: sharedX12Exists, "../shared/x12/ is absent; the real-world X12 samples are not read in parallel"))
    func everySharedSampleCutAtEveryST() throws {
        for name in X12SharedSamplesTests.files {
            let bytes = try [UInt8](Data(contentsOf: sharedX12Folder.appendingPathComponent(name)))
            Self.expectSame(bytes, file: name)
            Self.expectSame(bytes, file: name, parts: 2)
        }
    }

    /// Every fixture one after the other: interchanges with different delimiters, some open at
    /// their end, one file.
    @Test func fixturesConcatenated() throws {
        var all: [UInt8] = []
        for name in Self.fixtures {
            all += try Self.bytes(ofFixture: name)
            all += Array("\n".utf8)
        }
        #expect(Self.expectSame(all, file: "all.837") > 5)
        Self.expectSame(all, file: "all.837", parts: 4)
        Self.expectSame(all, file: "all.837", parts: 7, threads: 3)
    }

    // MARK: Envelopes that span parts

    static let isa2 = "ISA|00|          |00|          |ZZ|CLAIMLINTSUB   |ZZ|CLAIMLINTRCV   |240820|1200|{|00501|000000002|0|T|^!"

    /// A subscriber level (HL01 `hl`) with one claim.
    static func claim(_ id: String, charge: String = "10.00", hl: Int = 2) -> [String] {
        ["HL*\(hl)*1*22*0", "SBR*P*18*******MB", "NM1*IL*1*DOE*JANE****MI*MBR\(id)", "CLM*\(id)*\(charge)***11:B:1*Y*A*Y*Y", "DTP*472*D8*20240814",
         "LX*1", "SV1*HC:99213*10.00*UN*1***1"]
    }

    /// An ST..SE (SE01 counted unless `count` is given; no SE when `se` is false).
    static func transaction(_ control: String, claims: [String], count: Int? = nil, seControl: String? = nil, se: Bool = true, type: String = "837", version: String = "005010X222A1") -> [String] {
        let body = ["ST*\(type)*\(control)*\(version)", "BHT*0019*00*B1*20240820*1200*CH", "HL*1**20*1", "NM1*85*2*GROUP*****XX*1234567893"]
            + claims.enumerated().flatMap { claim($1, hl: $0 + 2) }
        return se ? body + ["SE*\(count ?? body.count + 1)*\(seControl ?? control)"] : body
    }

    static var envelopes: String {
        var s: [String] = []
        s += [X12Fixtures.isa, "GS*HC*S*R*20240820*1200*1*X*005010X222A1"]
        s += transaction("0001", claims: ["A1", "A2"])
        s += transaction("0002", claims: ["B1", "DUP1"], count: 99)
        s += transaction("0003", claims: ["C1", "C2"], se: false)  // closed by the next ST
        s += transaction("0004", claims: ["D1"], seControl: "9999")
        s += transaction("0005", claims: ["Z1"], type: "835")  // a claim in a transaction that is not an 837
        s += transaction("0006", claims: ["DUP1", "E1", "A1", "DUP1"])
        s += transaction("0007", claims: ["F1"], version: "004010")
        s += ["GE*5*7"] + claim("OUT1") + ["IEA*3*000000009"]  // 7 transaction sets, 1 group; control numbers differ; a claim outside them
        // A second interchange with other delimiters (converted below), a group left open.
        var second: [String] = ["GS*HC*S*R*20240820*1200*2*X*005010X222A1"]
        second += transaction("0001", claims: ["G1", "DUP1"])
        second += transaction("0002", claims: ["B1", "H1"], se: false)
        second += ["GS*HC*S*R*20240820*1200*3*X*005010X223A2"]  // the GS closes the ST and the group
        second += transaction("0003", claims: ["I1", "A2"], version: "005010X223A2")
        second += transaction("0004", claims: ["J1"])
        second += ["GE*1*4", "IEA*2*000000002"]
        let converted = second.map {
            $0.replacingOccurrences(of: "*", with: "|").replacingOccurrences(of: ":", with: "^")
        }
        // A third interchange, cut short: an ST with no SE, no GE, no IEA at the end.
        var third: [String] = [X12Fixtures.isa.replacingOccurrences(of: "000000001", with: "000000003"), "GS*HC*S*R*20240820*1200*5*X*005010X222A1"]
        third += transaction("0001", claims: ["K1", "DUP1"])
        third += transaction("0002", claims: ["L1", "A1"], se: false)
        let text = s.map { $0.hasSuffix("~") ? $0 : $0 + "~" }.joined(separator: "\n") + "\n"
            + Self.isa2 + "\r\n" + converted.map { $0 + "!" }.joined(separator: "\r\n") + "\n"
            + third.map { $0.hasSuffix("~") ? $0 : $0 + "~" }.joined(separator: "\n")
        return text
    }

    @Test func envelopesAndDuplicateIDsAcrossParts() throws {
        let bytes = Array(Self.envelopes.utf8)
        let serial = try X12ClaimReader.read(bytes: bytes, file: "env.837")
        // The file holds what the test is about.
        for id in ["x12.ge-count", "x12.iea-count", "x12.control-number", "x12.truncated", "x12.se-count", "x12.duplicate-claim-id", "x12.unsupported-transaction", "x12.unknown-version"] {
            #expect(serial.ids.contains(id), "\(id): \(serial.ids)")
        }
        #expect(serial.diagnostics.filter { $0.id == "x12.duplicate-claim-id" }.count >= 6)
        #expect(serial.diagnostics.filter { $0.id == "input.claim-not-checked" }.compactMap(\.value).filter { ["Z1", "OUT1"].contains($0) } == ["Z1", "OUT1"])
        // Cut at every ST that can start a part, at some, and on one thread.
        #expect(Self.expectSame(bytes, file: "env.837") >= 10)
        for parts in 2...6 {
            Self.expectSame(bytes, file: "env.837", parts: parts)
        }
        Self.expectSame(bytes, file: "env.837", threads: 1)
        // The same with a UTF-8 byte order mark, and with segments on one line.
        Self.expectSame([0xEF, 0xBB, 0xBF] + bytes, file: "bom.837")
        Self.expectSame(Array(Self.envelopes.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "").utf8), file: "one-line.837")
    }

    @Test func cutsStartAtSTsOutsideTransactionSets() throws {
        let bytes = Array(Self.envelopes.utf8)
        bytes.withUnsafeBytes { raw in
            let cuts = X12ParallelReader.cuts(raw, file: "env.837", parts: 1_000_000, minimumPartBytes: 0)
            var scanner = X12Scanner(bytes: raw)
            var byOffset: [Int: X12Segment] = [:]
            while let s = try? scanner.next() { byOffset[s.range.lowerBound] = s }
            for cut in cuts {
                let s = byOffset[cut.offset]
                #expect(s?.id == .st)
                #expect(s?.ordinal == cut.ordinal + 1)
                #expect(s?.line == cut.line && s?.column == cut.offset - cut.lineStart + 1)
                #expect(!cut.envelope.inTransaction)
            }
            // ST 0004 follows an ST without SE, the 835 is not an 837: neither starts a part.
            #expect(cuts.count >= 10)
        }
    }

    /// The pre-scan jumps to envelope segments by searching sixteen bytes at a time: letters of
    /// envelope ids inside elements and at the start of other segments (STONE, GEORGE, ISAAC,
    /// STX, SEQ), every byte the scanner skips between segments, empty segments, segments
    /// shorter than a block and long runs without envelope segments leave the cuts where the scanner's STs are (ordinal, line, column)
    /// and the reads the same.
    @Test func envelopeSearchAgreesWithTheScanner() throws {
        let tricky = Self.envelopes
            .replacingOccurrences(of: "DOE*JANE", with: "STONE*GEORGE SE*ISAAC*IEA*GE")
            .replacingOccurrences(of: "DOE|JANE", with: "ST|SE IS")
            .replacingOccurrences(of: "BHT*", with: "STX*1~SEQ*GE~~IS~BHT*")
            // Long runs of 16-byte segments: with nothing between segments, each block of sixteen
            // holds a terminator in the same place, past the 255 blocks counted at once.
            .replacingOccurrences(of: "HL*1**20*1~", with: "HL*1**20*1~" + String(repeating: "REF*XX*12345678~", count: 600))
        #expect(X12ParallelReader.searchesEnvelope(terminator: UInt8(ascii: "~")))
        for between in ["\n", "\r\n", " \t", "", "\u{0}\n", "\u{1A}", "\n\n  \r\n"] {
            let text = tricky.replacingOccurrences(of: "~\n", with: "~" + between).replacingOccurrences(of: "!\r\n", with: "!" + between)
            let bytes = Array(text.utf8)
            let file = "search-\(between.unicodeScalars.map { String($0.value) }.joined(separator: "-")).837"
            bytes.withUnsafeBytes { raw in
                let cuts = X12ParallelReader.cuts(raw, file: file, parts: 1_000_000, minimumPartBytes: 0)
                var scanner = X12Scanner(bytes: raw)
                var byOffset: [Int: X12Segment] = [:]
                while let s = try? scanner.next() { byOffset[s.range.lowerBound] = s }
                #expect(cuts.count >= 10, "\(file)")
                for cut in cuts {
                    let s = byOffset[cut.offset]
                    #expect(s?.id == .st && s?.ordinal == cut.ordinal + 1, "\(file) at \(cut.offset)")
                    #expect(s?.line == cut.line && s?.column == cut.offset - cut.lineStart + 1, "\(file) at \(cut.offset)")
                }
            }
            Self.expectSame(bytes, file: file)
            Self.expectSame(bytes, file: file, parts: 3, threads: 2)
        }
    }

    @Test func smallFilesAndOnePartAreReadSerially() throws {
        let bytes = Array(Self.envelopes.utf8)
        bytes.withUnsafeBytes { raw in
            #expect(X12ParallelReader.cuts(raw, file: "f", parts: 8, minimumPartBytes: X12ParallelReader.defaultMinimumPartBytes).isEmpty)
            #expect(X12ParallelReader.cuts(raw, file: "f", parts: 1, minimumPartBytes: 0).isEmpty)
            #expect(X12ParallelReader.cuts(raw, file: "f", parts: 2, minimumPartBytes: 0).count == 1)
        }
    }

    @Test func badHeadersStopTheCuts() throws {
        // A bad second ISA: the parts before it are cut, the rest is read as serially.
        let good = X12Fixtures.interchange(claims: Self.claim("A1") + Self.claim("A1"))
        let text = good + "\n" + good.replacingOccurrences(of: "ST*837*0001", with: "ST*837*0002") + "\n" + good + "\nISA*00*0~\nGS*HC~"
        Self.expectSame(Array(text.utf8), file: "bad-isa.837")
        // No delimiters at all: the read fails, as serially.
        Self.expectSame(Array("GS*HC~ST*837*1~SE*2*1~".utf8), file: "no-isa.837")
        // A segment too long or with too many elements in an envelope segment.
        let long = good + "\n" + good.replacingOccurrences(of: "SE*", with: "SE" + String(repeating: "*", count: 600)) + "\n" + good
        Self.expectSame(Array(long.utf8), file: "long.837")
    }

    @Test func bigFileOnSeveralThreads() throws {
        // 60 transaction sets of 20 claims, ids repeated across sets.
        var segments = [X12Fixtures.isa, "GS*HC*S*R*20240820*1200*1*X*005010X222A1"]
        for t in 1...60 {
            segments += Self.transaction(String(format: "%04d", t), claims: (1...20).map { "C\((t * 20 + $0) % 700)" }, count: t % 7 == 0 ? 5 : nil)
        }
        segments += ["GE*60*1", "IEA*1*000000001"]
        let bytes = Array(segments.map { $0.hasSuffix("~") ? $0 : $0 + "~" }.joined(separator: "\n").utf8)
        #expect(Self.expectSame(bytes, file: "big.837", parts: 8) >= 6)
        Self.expectSame(bytes, file: "big.837", parts: 16, threads: 4)
        Self.expectSame(bytes, file: "big.837")
        // Parts finish in varying order: repeated, the claims still come in file order.
        for round in 0..<20 {
            Self.expectSame(bytes, file: "big.837", parts: 5 + round, threads: 2 + round % 3)
        }
    }
}

extension X12ParallelReaderTests {
    /// A mapped file read in parallel with its pages released as parts are delivered (what
    /// `ClaimFileReader` does when claims are streamed) gives the serial read.
    @Test func mappedFileWithPagesReleased() throws {
        let batch = PropertyTests.Batch.random(seed: 11, patients: 400)
        let text = StreamingTests.x12(batch, transactions: 40)
        #expect(text.utf8.count > 20 * X12FileMapping.pageSize)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("claimlint-par-\(UUID().uuidString).837")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let serial = try ClaimFileReader.read(path: url.path)
        let mapping = try #require(X12FileMapping(path: url.path))
        defer { mapping.close() }
        var streamed: [Claim] = []
        var r = try X12ParallelReader.read(mapping.bytes, file: url.path, parts: 1_000, minimumPartBytes: 0, threads: 2, releaseBehind: true) {
            streamed.append($0)
        }.get()
        r.claims = streamed
        #expect(serial.claims.count > 500)
        Self.expectEqual(serial, r, "released", #_sourceLocation)
        // What check(files:) reads: the same claims, in parts.
        var parts: [Claim] = []
        let viaParts = try ClaimFileReader.read(path: url.path, partSize: 100) { parts += $0 }
        #expect(parts == serial.claims)
        #expect(viaParts.diagnostics == serial.diagnostics)
        // The pre-scan releasing the pages behind it page by page finds the same cuts.
        let kept = X12ParallelReader.cuts(mapping.bytes, file: url.path, parts: 1_000, minimumPartBytes: 0)
        let released = X12ParallelReader.cuts(mapping.bytes, file: url.path, parts: 1_000, minimumPartBytes: 0, releaseStep: X12FileMapping.pageSize)
        #expect(kept.count > 10)
        #expect(released.map { [$0.offset, $0.ordinal, $0.line, $0.lineStart] } == kept.map { [$0.offset, $0.ordinal, $0.line, $0.lineStart] })
    }
}

extension X12ParallelReaderTests {
    /// A part read ahead asks whether it is next to deliver once a claim more is read (not at
    /// every segment); once it is, it hands its claims over in arrays of `every` claims.
    @Test func partAsksToBeNextOncePerClaimThenHandsOverInArraysOfEvery() throws {
        let text = StreamingTests.x12(PropertyTests.Batch.random(seed: 5, patients: 60), transactions: 1)
        let all = try ClaimFileReader.read(bytes: Array(text.utf8), file: "a.837").claims
        #expect(all.count > 40)
        for (refusals, every) in [(0, 1), (5, 2), (12, 3)] {
            var asked = 0
            var handed: [[Claim]] = []
            var spares = SpareArrays()
            let part = text.utf8.withContiguousStorageIfAvailable { bytes in
                X12ParallelReader.readPart(
                    UnsafeRawBufferPointer(bytes), file: "a.837", from: nil, to: nil, idSeed: 1,
                    becomeNext: {
                        asked += 1
                        return asked > refusals
                    },
                    every: every, handOver: { handed.append($0) }, spares: &spares)
            }
            let p = try #require(part)
            #expect(p.streamed)
            #expect(asked == refusals + 1, "asked \(asked) times, refused \(refusals)")
            // The claims read while refused come at once; then `every` at a time.
            #expect(handed.first?.count == every + refusals)
            #expect(handed.dropFirst().dropLast().allSatisfy { $0.count == every }, "\(handed.map(\.count))")
            #expect(handed.flatMap { $0 } == all)
        }
    }
}

extension X12ParallelReaderTests {
    /// A part read ahead holds its claims in arrays of `heldClaims` (none mapped on its own);
    /// when it becomes next, it hands over those arrays first, then goes on in arrays of `every`.
    @Test func partReadAheadHoldsItsClaimsInSmallArrays() throws {
        let text = StreamingTests.x12(PropertyTests.Batch.random(seed: 6, patients: 2_000), transactions: 1)
        let all = try ClaimFileReader.read(bytes: Array(text.utf8), file: "h.837").claims
        let n = X12ParallelReader.heldClaims
        #expect(all.count > 3 * n)
        #expect(n * MemoryLayout<Claim>.stride <= 112 << 10)
        let read: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var spares = SpareArrays()
            // Never next: every claim held, in order, in arrays of `heldClaims`, the rest in the
            // part's result.
            let ahead = X12ParallelReader.readPart(raw, file: "h.837", from: nil, to: nil, idSeed: 1, becomeNext: { false }, every: 64, handOver: { _ in Issue.record("handed over") }, spares: &spares)
            #expect(!ahead.streamed)
            #expect(ahead.held.count == all.count / n)
            #expect(ahead.held.allSatisfy { $0.count == n })
            #expect(ahead.held.flatMap { $0 } + ahead.result.claims == all)
            // Next once 2.5 arrays' worth are read (asked first at `every`, then at each claim):
            // the held arrays, the claims read since, then `every` at a time.
            var asked = 0
            var handed: [[Claim]] = []
            let later = X12ParallelReader.readPart(
                raw, file: "h.837", from: nil, to: nil, idSeed: 1,
                becomeNext: {
                    asked += 1
                    return asked > 5 * n / 2 - 64
                },
                every: 64, handOver: { handed.append($0) }, spares: &spares)
            #expect(later.streamed && later.held.isEmpty && later.result.claims.isEmpty)
            #expect(handed.prefix(2).map(\.count) == [n, n])
            #expect(handed.dropFirst(2).first?.count == 5 * n / 2 - 2 * n)
            #expect(handed.dropFirst(3).dropLast().allSatisfy { $0.count == 64 })
            #expect(handed.flatMap { $0 } == all)
            // A taker that only reads the claims lets the reader take their arrays back, the
            // held arrays' too: the claims read after them are still the file's.
            var seen: [String] = []
            asked = 0
            _ = X12ParallelReader.readPart(
                raw, file: "h.837", from: nil, to: nil, idSeed: 1,
                becomeNext: {
                    asked += 1
                    return asked > 5 * n / 2 - 64
                },
                every: 64, handOver: { seen += $0.map(StreamingTests.described) }, recycling: ClaimRecycling(lines: true, diagnoses: true), spares: &spares)
            #expect(seen == all.map(StreamingTests.described))
        }
        // A text whose bytes were not contiguous would have skipped every expectation above.
        #expect(read != nil)
    }
}
