import Foundation
import Testing
@testable import ClaimLint

/// The parallel CSV reader gives exactly the serial reader's claims, diagnostics (ids,
/// messages, locations, in order) and counts, however the file is cut into parts, including
/// cuts that a quoted line break misleads and claims split across parts.
@Suite struct CSVParallelReaderTests {
    /// Reads `text` serially and in parts (claims kept, and claims streamed) and expects the
    /// same; returns the cuts.
    @discardableResult
    static func expectSame(
        _ text: String, file: String = "p.csv", parts: Int = 1_000_000, threads: Int? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> [CSVParallelReader.Cut] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            let serial = CSVClaimReader.read(raw, file: file, onClaim: nil)
            let kept = CSVParallelReader.read(raw, file: file, parts: parts, minimumPartBytes: 0, threads: threads, onClaim: nil)
            var streamed: [Claim] = []
            let stream = CSVParallelReader.read(raw, file: file, parts: parts, minimumPartBytes: 0, threads: threads, onClaim: { streamed.append($0) })
            switch (serial, kept, stream) {
            case (.success(let s), .success(let p), .success(let q)):
                X12ParallelReaderTests.expectEqual(s, p, file, sourceLocation)
                #expect(q.claims.isEmpty, "\(file)", sourceLocation: sourceLocation)
                var q2 = q
                q2.claims = streamed
                X12ParallelReaderTests.expectEqual(s, q2, file, sourceLocation)
            case (.failure(let s), .failure(let p), .failure(let q)):
                #expect(s.diagnostic == p.diagnostic && s.diagnostic == q.diagnostic, "\(file)", sourceLocation: sourceLocation)
                return []
            default:
                Issue.record("\(file): serial \(serial), parallel \(kept), streamed \(stream)", sourceLocation: sourceLocation)
                return []
            }
            var header = DelimitedTextReader(bytes: raw, delimiter: DelimitedText.guessDelimiter(raw.prefix(4096)))
            var assembler = ClaimAssembler(file: file, fieldKind: "column")
            guard let columns = try? CSVClaimReader.header(&header, file: file, assembler: &assembler) else { return [] }
            return CSVParallelReader.cuts(raw, dataStart: header.offset, delimiter: header.delimiter, columns: columns, parts: parts, minimumPartBytes: 0)
        }
    }

    static let header = "claim_id,member_id,billing_npi,rendering_npi,place_of_service,diagnoses,line,code,modifiers,units,date,charge,diagnosis_pointers,note,suppress\n"

    @Test func everyClaimFixtureCutAtEveryClaim() throws {
        let folder = Fixtures.url("Fixtures/claims").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") || $0.hasSuffix(".tsv") }.sorted()
        #expect(files.count >= 6)
        var cut = 0
        for name in files {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            if !Self.expectSame(text, file: name).isEmpty { cut += 1 }
            Self.expectSame(text, file: name, parts: 2, threads: 1)
            Self.expectSame(text, file: name, parts: 3, threads: 2)
        }
        #expect(cut >= 4)
    }

    /// A row of a random claim file: mostly good lines, with quoted fields that hold
    /// delimiters, doubled quotes and line breaks (some that look like rows), rows without a
    /// claim id, ragged and malformed rows, blank lines, suppressions and ids that come back.
    static func randomFile(seed: UInt64, claims: Int) -> String {
        var rng = SplitMix64(seed: seed)
        let codes = ["99213", "17000", "17003", "0856T", "88348", "87253", "2015", "99214"]
        var out = header
        var ids: [String] = []
        for c in 0..<claims {
            var id = "C\(seed)-\(c)"
            if !ids.isEmpty, Int.random(in: 0..<12, using: &rng) == 0 { id = ids.randomElement(using: &rng)! }  // split claim
            ids.append(id)
            let member = "M\(Int.random(in: 0..<5, using: &rng))"
            for line in 1...Int.random(in: 1...4, using: &rng) {
                var note = ""
                switch Int.random(in: 0..<14, using: &rng) {
                case 0: note = "\"a, b\"\"c\"\"\""
                case 1: note = "\"two\nlines\""
                case 2: note = "\"looks like rows\n\(id)X,M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,,\nZZ,M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,,\""
                case 3: note = "\"\r\n\""
                default: break
                }
                let code = codes.randomElement(using: &rng)!
                let rowID = Int.random(in: 0..<25, using: &rng) == 0 ? "" : id
                let suppress = Int.random(in: 0..<30, using: &rng) == 0 ? "mue.units: pre-approved" : ""
                var row = "\(rowID),\(member),1234567893,,11,R51;M17.11,\(line),\(code),\(Bool.random(using: &rng) ? "59" : ""),\(Int.random(in: 1...3, using: &rng)),2024-07-2\(Int.random(in: 0...9, using: &rng)),12.00,1,\(note),\(suppress)"
                switch Int.random(in: 0..<40, using: &rng) {
                case 0: row += ",extra"  // ragged
                case 1: row = "\"bad\"x," + row  // text after a quote
                case 2: row = ""  // blank line
                default: break
                }
                out += row + (Int.random(in: 0..<8, using: &rng) == 0 ? "\r\n" : "\n")
            }
        }
        return out
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomFilesCutEverywhere(seed: UInt64) {
        let text = Self.randomFile(seed: seed, claims: 300)
        let cuts = Self.expectSame(text, file: "r\(seed).csv")
        #expect(cuts.count > 50)
        Self.expectSame(text, file: "r\(seed).csv", parts: 7, threads: 2)
        Self.expectSame("\u{FEFF}" + text.replacingOccurrences(of: ",", with: "\t"), file: "r\(seed).tsv", parts: 1_000_000, threads: 3)
    }

    /// A file delimited by semicolons reads its decimal commas and slash dates in parts as
    /// serially: the warning that slash dates are read month first is told once, at the first
    /// part's first such date, though every part has some.
    @Test func aSemicolonFileTellsItsSlashDatesOnceInParts() {
        var text = "claim_id;member_id;billing_npi;code;units;date;charge\n"
        for c in 0..<60 {
            let units = ["1", "1,5", "1.000", "0,25"][c % 4], charge = ["125,00", "1.250,00", "x", "80.00", "1,500"][c % 5]
            text += "C\(c);M1;1234567893;99213;\(units);0\(1 + c % 9)/0\(1 + (c + 1) % 7)/2024;\(charge)\n"
            if c % 13 == 0 { text += "C\(c);M1;1234567893;99214;1;14/08/2024;1,0\n" }
        }
        let cuts = Self.expectSame(text, file: "eu.csv")
        #expect(cuts.count > 20)
        Self.expectSame(text, file: "eu.csv", parts: 5, threads: 2)
        let bytes = Array(text.utf8)
        let r = bytes.withUnsafeBytes { CSVParallelReader.read($0, file: "eu.csv", parts: 1_000_000, minimumPartBytes: 0, onClaim: nil) }
        guard case .success(let result) = r else { Issue.record("\(r)"); return }
        #expect(result.parts > 20)
        #expect(result.diagnostics.filter { $0.id == "input.ambiguous-date" }.map(\.value) == ["01/02/2024"])
        #expect(!result.claims.isEmpty && result.diagnostics.contains { $0.id == "input.invalid-units" } && result.diagnostics.contains { $0.message.contains("looks day first") })
    }

    /// A quoted field that holds lines like rows of other claims misleads the pre-scan: the
    /// part before reads on through it, and the result is still the serial one.
    @Test func aCutInsideAQuotedFieldIsReadThrough() {
        var text = Self.header
        let fake = (0..<6).map { "F\($0),M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,," }.joined(separator: "\n")
        for c in 0..<40 {
            let note = c == 20 ? "\"\n" + fake + "\n\"" : ""
            text += "C\(c),M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,\(note),\n"
        }
        let cuts = Self.expectSame(text, file: "quoted.csv")
        // Some cut is inside the quoted field (one of the fake rows).
        #expect(cuts.contains { $0.claimID.hasPrefix("F") })
        Self.expectSame(text, file: "quoted.csv", parts: 2, threads: 2)
    }

    /// An unterminated quote makes the rest of the file one malformed record: the parts after
    /// it are read through by the part that holds it, as serially.
    @Test func anUnterminatedQuoteIsReadThroughToTheEnd() {
        var text = Self.header
        for c in 0..<60 {
            let note = c == 25 ? "\"never closed" : ""
            text += "C\(c),M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,\(note),\n"
        }
        #expect(Self.expectSame(text, file: "open.csv").count > 10)
        Self.expectSame(text, file: "open.csv", parts: 3, threads: 2)
    }

    /// Rows over the reader's limits (one a quoted field of fake rows longer than the record
    /// limit, one of too many fields) read in parts as serially: skipped whole, counted in
    /// their claims.
    @Test func rowsOverTheLimitsReadAsSerially() {
        var text = Self.header
        let fake = (0..<(DelimitedTextLimits.maxRecordBytes / 50)).map { "F\($0),M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,," }.joined(separator: "\n")
        for c in 0..<60 {
            let note = c == 20 ? "\"\n" + fake + "\n\"" : c == 40 ? String(repeating: ",", count: DelimitedTextLimits.maxFields) : ""
            text += "C\(c),M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,\(note),\n"
        }
        #expect(Self.expectSame(text, file: "limits.csv").count > 10)
        Self.expectSame(text, file: "limits.csv", parts: 3, threads: 2)
        let r = try? ClaimFileReader.read(bytes: Array(text.utf8), file: "limits.csv")
        #expect(r?.diagnostics.map(\.id).filter { $0.hasPrefix("input.row-too-long") || $0.hasPrefix("input.too-many-fields") } == ["input.row-too-long", "input.too-many-fields"])
        #expect(r?.claimsRead == 60 && r?.claimsUnreadable == 2)
    }

    /// More diagnostics of one id than a file lists, in parts: counted as serially.
    @Test func diagnosticsPastTheLimitAreCountedAsSerially() {
        var text = Self.header
        for c in 0..<(ReadResult.perID + 50) {
            text += "C\(c),M1,1234567893,,11,R51,1,9921,,1,2024-07-20,90.00,1,,\n"
        }
        #expect(Self.expectSame(text, file: "many.csv", parts: 7, threads: 2).count > 3)
        let r = try? ClaimFileReader.read(bytes: Array(text.utf8), file: "many.csv")
        #expect(r?.diagnostics.filter { $0.id == "input.invalid-code" }.count == ReadResult.perID + 1)
        #expect(r?.diagnostics.suffix(2).map { String($0.message.prefix(40)) } == ["50 more input.claim-not-checked problems", "50 more input.invalid-code problems from"])
    }

    /// A claim of more rows than the pre-scan reads from a target gives no cut there: the scan
    /// moves on to the next target and cuts where the claim ends.
    @Test func aClaimLongerThanThePreScanIsNotCut() {
        var text = Self.header
        for l in 0..<(3 * CSVParallelReader.maxScanRecords) { text += "LONG,M1,1234567893,,11,R51,\(l % 999 + 1),99213,,1,2024-07-20,90.00,1,,\n" }
        for c in 0..<5 { text += "C\(c),M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,,\n" }
        let bytes = Array(text.utf8)
        let cuts = bytes.withUnsafeBytes { raw in
            var header = DelimitedTextReader(bytes: raw, delimiter: UInt8(ascii: ","))
            var assembler = ClaimAssembler(file: "long.csv", fieldKind: "column")
            let columns = try! CSVClaimReader.header(&header, file: "long.csv", assembler: &assembler)
            return CSVParallelReader.cuts(raw, dataStart: header.offset, delimiter: header.delimiter, columns: columns, parts: 4, minimumPartBytes: 0)
        }
        // The first two targets are too far from the long claim's end for the scan.
        #expect(cuts.map(\.claimID) == ["C0"])
        Self.expectSame(text, file: "long.csv", parts: 4, threads: 2)
    }

    /// Rows of a claim id read in an earlier part are a split claim, as serially.
    @Test func aClaimSplitAcrossPartsIsReportedAsSerially() throws {
        var text = Self.header
        for c in 0..<30 { text += "C\(c),M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,,\n" }
        text += "C3,M1,1234567893,,11,R51,1,99214,,1,2024-07-21,90.00,1,,\n"
        text += "C3,M1,1234567893,,11,R51,2,99215,,1,2024-07-21,90.00,1,,\n"
        for c in 30..<40 { text += "C\(c),M1,1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,,\n" }
        text += "C3,M1,1234567893,,11,R51,1,99213,,1,2024-07-22,90.00,1,,\n"
        #expect(Self.expectSame(text, file: "split.csv").count > 15)
        Self.expectSame(text, file: "split.csv", parts: 4, threads: 2)
        let r = try Array(text.utf8).withUnsafeBytes { try CSVParallelReader.read($0, file: "split.csv", parts: 100, minimumPartBytes: 0, onClaim: nil).get() }
        #expect(r.diagnostics.filter { $0.id == "input.claim-split" }.count == 2)
        #expect(r.claims.count == 40)
    }

    /// The reader ClaimFileReader uses for a streamed CSV file over the part size is the
    /// parallel one, with the serial result: on two threads the file is read in its three
    /// parts, on one serially.
    @Test func aLargeFileIsReadInPartsByClaimFileReader() throws {
        var text = Self.header
        var c = 0
        while text.utf8.count < 3 * X12ParallelReader.defaultMinimumPartBytes {
            text += "C\(c),M\(c % 7),1234567893,,11,R51,1,99213,,1,2024-07-20,90.00,1,,\n"
            c += 1
        }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("large.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let bytes = Array(text.utf8)
        let cuts = bytes.withUnsafeBytes { raw in
            var header = DelimitedTextReader(bytes: raw, delimiter: UInt8(ascii: ","))
            var assembler = ClaimAssembler(file: "large.csv", fieldKind: "column")
            let columns = try! CSVClaimReader.header(&header, file: "large.csv", assembler: &assembler)
            return CSVParallelReader.cuts(raw, dataStart: header.offset, delimiter: header.delimiter, columns: columns, parts: 8, minimumPartBytes: X12ParallelReader.defaultMinimumPartBytes)
        }
        #expect(cuts.count == 2)
        var streamed: [Claim] = []
        let r = try ClaimFileReader.read(path: url.path, displayPath: "large.csv", threads: 2) { streamed.append($0) }
        let serial = try CSVClaimReader.read(bytes: bytes, file: "large.csv")
        #expect(streamed == serial.claims)
        #expect(r.claimsRead == c && r.linesRead == c && r.diagnostics == serial.diagnostics)
        #expect(r.parts == cuts.count + 1)
        let one = try ClaimFileReader.read(path: url.path, displayPath: "large.csv", threads: 1) { _ in }
        #expect(one.parts == 1 && one.claimsRead == c)
    }
}

extension CSVParallelReaderTests {
    /// A mapped file read in parts with its pages released behind the pre-scan and the parts
    /// reads as it does kept whole.
    @Test func aMappedFileWithPagesReleased() throws {
        let text = Self.randomFile(seed: 21, claims: 1_500)
        #expect(text.utf8.count > 20 * X12FileMapping.pageSize)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("released.csv")
        try Data(text.utf8).write(to: url)
        let mapping = try #require(X12FileMapping(path: url.path))
        defer { mapping.close() }
        let serial = try CSVClaimReader.read(bytes: Array(text.utf8), file: url.path)
        var streamed: [Claim] = []
        var r = try CSVParallelReader.read(mapping.bytes, file: url.path, parts: 1_000, minimumPartBytes: 0, threads: 2, releaseBehind: X12FileMapping.pageSize) {
            streamed.append($0)
        }.get()
        r.claims = streamed
        X12ParallelReaderTests.expectEqual(serial, r, "released.csv", #_sourceLocation)
        // The pre-scan releasing the pages behind it page by page finds the same cuts.
        var header = DelimitedTextReader(bytes: mapping.bytes, delimiter: UInt8(ascii: ","))
        var assembler = ClaimAssembler(file: "released.csv", fieldKind: "column")
        let columns = try CSVClaimReader.header(&header, file: "released.csv", assembler: &assembler)
        func cuts(_ step: Int?) -> [[Int]] {
            CSVParallelReader.cuts(mapping.bytes, dataStart: header.offset, delimiter: header.delimiter, columns: columns, parts: 1_000, minimumPartBytes: 0, releaseStep: step)
                .map { [$0.offset, $0.line, $0.lineStart] }
        }
        let kept = cuts(nil)
        #expect(kept.count > 50)
        #expect(cuts(X12FileMapping.pageSize) == kept)
    }
}

/// A JSON claims file parsed in parts gives exactly the serial result, reused ids across parts
/// included.
@Suite struct JSONParallelReaderTests {
    static func expectSame(_ text: String, parts: Int = 1_000_000, threads: Int? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            let serial = JSONClaimReader.read(raw, file: "p.json", onClaim: nil)
            let kept = JSONClaimReader.read(raw, file: "p.json", onClaim: nil, parts: parts, minimumPartBytes: 0, threads: threads)
            var streamed: [Claim] = []
            let stream = JSONClaimReader.read(raw, file: "p.json", onClaim: { streamed.append($0) }, parts: parts, minimumPartBytes: 0, threads: threads)
            switch (serial, kept, stream) {
            case (.success(let s), .success(let p), .success(var q)):
                X12ParallelReaderTests.expectEqual(s, p, "p.json", sourceLocation)
                #expect(q.claims.isEmpty, sourceLocation: sourceLocation)
                q.claims = streamed
                X12ParallelReaderTests.expectEqual(s, q, "p.json", sourceLocation)
            case (.failure(let s), .failure(let p), .failure(let q)):
                #expect(s.diagnostic == p.diagnostic && s.diagnostic == q.diagnostic, sourceLocation: sourceLocation)
            default:
                Issue.record("serial \(serial), parallel \(kept), streamed \(stream)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Claims with reused ids, claims and lines that are not objects, unknown keys, arrays of
    /// modifiers and diagnoses, and layouts from one line to one value per line.
    static func randomFile(seed: UInt64, claims: Int) -> String {
        var rng = SplitMix64(seed: seed)
        var items: [String] = []
        var ids: [String] = []
        for c in 0..<claims {
            var id = "J\(c)"
            if !ids.isEmpty, Int.random(in: 0..<10, using: &rng) == 0 { id = ids.randomElement(using: &rng)! }
            ids.append(id)
            switch Int.random(in: 0..<30, using: &rng) {
            case 0:
                items.append("[1, 2]")
                continue
            case 1:
                items.append("{\"claim_id\": \"\(id)\", \"member_id\": \"M1\", \"billing_npi\": \"1234567893\", \"lines\": []}")
                continue
            default: break
            }
            var lines: [String] = []
            for l in 1...Int.random(in: 1...3, using: &rng) {
                if Int.random(in: 0..<25, using: &rng) == 0 {
                    lines.append("\"not a line\"")
                    continue
                }
                let mods = Bool.random(using: &rng) ? ", \"modifiers\": [\"59\", \"RT\"]" : ""
                let extra = Int.random(in: 0..<20, using: &rng) == 0 ? ", \"colour\": \"red\"" : ""
                lines.append("{\"line\": \(l), \"code\": \"\(["99213", "17000", "0856T", "2015"].randomElement(using: &rng)!)\", \"units\": \(Int.random(in: 1...3, using: &rng)), \"date\": \"2024-07-2\(Int.random(in: 0...9, using: &rng))\"\(mods)\(extra)}")
            }
            let sep = Bool.random(using: &rng) ? ",\n      " : ", "
            items.append("{\"claim_id\": \"\(id)\", \"member_id\": \"M\(c % 4)\", \"billing_npi\": \"1234567893\", \"diagnoses\": [\"R51\"], \"lines\": [\(lines.joined(separator: sep))]}")
        }
        return "{\"version\": 1, \"source\": \"test\", \"claims\": [\n  " + items.joined(separator: Bool.random(using: &rng) ? ",\n  " : " ,\r\n\t") + "\n]}\n"
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomFilesCutAtEveryClaim(seed: UInt64) {
        let text = Self.randomFile(seed: seed, claims: 200)
        Self.expectSame(text)
        Self.expectSame(text, parts: 5, threads: 2)
    }

    @Test func aBareArrayAndABrokenFileReadAsSerially() {
        let array = "[" + (0..<50).map { "{\"claim_id\": \"A\($0 % 30)\", \"member_id\": \"M\", \"billing_npi\": \"1234567893\", \"lines\": [{\"code\": \"99213\", \"units\": 1, \"date\": \"2024-07-20\"}]}" }.joined(separator: ",") + "]"
        Self.expectSame(array)
        Self.expectSame(String(array.dropLast()))
    }
}
