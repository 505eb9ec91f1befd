import Foundation
import Testing
@testable import ClaimLint

@Suite struct JSONReaderTests {
    @Test func readsTheSampleFieldByField() throws {
        let r = try ClaimFileReader.read(path: fixture("claims/sample.json"), displayPath: "s.json")
        #expect(r.claimsRead == 3 && r.linesRead == 8 && r.diagnostics.isEmpty)
        let c = r.claims[0]
        #expect(c.id == "PCN-6001" && c.renderingNPI == NPI("1811111115") && c.frequencyCode == "1" && c.diagnoses.map(\.text) == ["C3490"])
        #expect(c.lines[1].modifiers == ["TC"] && c.lines[1].charge == Money("95.00") && c.lines[1].location == SourceLocation(file: "s.json", line: 13, column: 9))
        #expect(r.suppressions.map(\.rule) == ["global.em-in-package"])
        #expect(r.suppressions.first?.claimID == "PCN-6002")
    }

    @Test func inlineSuppressionNeedsAReasonAndIsCounted() throws {
        let report = Checker().check(files: [fixture("claims/sample.json")])
        #expect(report.summary.suppressed == 1)
        #expect(!report.findings.contains { $0.rule == "global.em-in-package" && $0.claimID == "PCN-6002" })
        let noReason = try ClaimFileReader.read(bytes: Array(#"[{"claim_id":"A","member_id":"M","billing_npi":"1234567893","lines":[{"code":"99213","units":1,"date":"2024-08-14","suppress":"ptp.pair"}]}]"#.utf8), file: "n.json")
        #expect(noReason.suppressions.isEmpty && noReason.diagnostics.map(\.id) == ["input.invalid-suppression"])
    }

    @Test func twoClaimObjectsWithOneIdAreNeverMerged() throws {
        let text = #"[{"claim_id":"C1","member_id":"MA","billing_npi":"1234567893","lines":[{"code":"27447","units":1,"date":"2024-08-14"}]},"# +
            #"{"claim_id":"C1","member_id":"MB","billing_npi":"1234567893","lines":[{"code":"27447","units":1,"date":"2024-08-14"}]}]"#
        let r = try ClaimFileReader.read(bytes: Array(text.utf8), file: "d.json")
        #expect(r.claimsRead == 2 && r.claimsUnreadable == 1 && r.claims.count == 1 && r.claims[0].lines.count == 1)
        #expect(r.diagnostics.map(\.id) == ["input.claim-split"])
    }

    /// A key given twice leaves which value holds unclear: a claim (or a claim of a line) with
    /// one is read and counted, every line of it, but not checked; a second "claims" array
    /// refuses the file, whose claims would otherwise be lost.
    @Test func aKeyGivenTwiceIsAnErrorAndNothingIsLost() throws {
        let line = #"{"code":"0856T","units":1,"date":"2024-08-14"}"#
        let text = """
            {"claims": [
            {"claim_id":"A","member_id":"M","billing_npi":"1234567893","lines":[\(line)],"lines":[\(line),\(line)]},
            {"claim_id":"B","claim_id":"C","member_id":"M","billing_npi":"1234567893","lines":[\(line)]},
            {"claim_id":"D","member_id":"M","billing_npi":"1234567893","lines":[{"code":"0856T","units":1,"units":2,"date":"2024-08-14"},\(line)]},
            {"claim_id":"E","member_id":"M","billing_npi":"1234567893","lines":[\(line)]}
            ]}
            """
        for parts in [1, 3] {
            let r = try text.utf8CString.dropLast().withUnsafeBytes { raw in
                try JSONClaimReader.read(raw, file: "d.json", onClaim: nil, parts: parts, minimumPartBytes: 0, threads: 2).get()
            }
            #expect(r.claimsRead == 4 && r.claimsUnreadable == 3 && r.claims.map(\.id) == ["E"], "\(parts) parts")
            #expect(r.linesRead == 7 && r.linesUnreadable == 6)
            let dups = r.diagnostics.filter { $0.id == "input.duplicate-key" }
            #expect(dups.map { "\($0.location!.line):\($0.location!.column)" } == ["2:117", "3:17", "4:95"])
            #expect(dups.first?.message == "key 'lines' is given twice in this claim (first at line 2, column 60); which one holds is unclear, so the claim is not checked")
            #expect(dups[1].message.hasPrefix("key 'claim_id': given twice in this claim (first at line 3, column 2)"))
            #expect(dups[1].field == "claim_id" && dups[2].message.hasPrefix("key 'units': given twice in this line (first at line 4, column 85)"))
        }
        // A field under another name is the same field; a key that is not read (warned about
        // and ignored) does not stop the claim.
        let alias = #"[{"claim_id":"F","member_id":"M","billing_npi":"1234567893","note":1,"note":2,"lines":[{"code":"0856T","cpt":"88348","x":1,"x":2,"units":1,"date":"2024-08-14"}]},"#
            + #"{"claim_id":"G","member_id":"M","billing_npi":"1234567893","lines":[{"code":"0856T","units":1,"date":"2024-08-14","y":1,"y":2}]}]"#
        let r = try ClaimFileReader.read(bytes: Array(alias.utf8), file: "a.json")
        #expect(r.claims.map(\.id) == ["G"] && r.claimsUnreadable == 1)
        let dups = r.diagnostics.filter { $0.id == "input.duplicate-key" }
        #expect(dups.map(\.message) == [
            "key 'code': given twice in this line, as 'cpt' here and as 'code' at line 1, column 89; which one holds is unclear, so the claim is not checked",
        ])
        #expect(dups.first?.location == SourceLocation(file: "a.json", line: 1, column: 104))
        #expect(r.diagnostics.filter { $0.id == "input.unknown-column" }.count == 6)
        // In a line, the claim's name of a line field (`pos`, `rendering_npi`) and the line's
        // (`line_pos`, `line_npi`) are one field, given twice (it trapped, finding no first).
        for (a, b) in [("pos", "line_pos"), ("place_of_service", "line_place_of_service"), ("rendering_npi", "line_npi"), ("line_pos", "pos")] {
            let value = a.contains("npi") ? "1811111115" : "21"
            let text = #"[{"claim_id":"P","member_id":"M","billing_npi":"1234567893","lines":[{"code":"99213","units":1,"date":"2024-08-14",""# + a + #"":""# + value + #"",""# + b + #"":""# + value + #""}]}]"#
            let p = try ClaimFileReader.read(bytes: Array(text.utf8), file: "p.json")
            #expect(p.claimsUnreadable == 1, "\(a), \(b)")
            #expect(p.diagnostics.filter { $0.id == "input.duplicate-key" }.map(\.message).first?.contains("as '\(b)' here and as '\(a)' at line 1") == true, "\(p.diagnostics)")
        }

        let twice = #"{"claims": [{"claim_id":"A"}],\#n "claims": [{"claim_id":"B"}]}"#
        #expect {
            try ClaimFileReader.read(bytes: Array(twice.utf8), file: "t.json")
        } throws: { e in
            guard let d = (e as? InputError)?.diagnostic else { return false }
            return d.id == "input.duplicate-key" && d.location == SourceLocation(file: "t.json", line: 2, column: 2)
                && d.message.hasPrefix("a second \"claims\" key in the top-level object")
        }
    }

    @Test func malformedValuesAreLocated() throws {
        let r = try ClaimFileReader.read(path: fixture("claims/malformed.json"), displayPath: "m.json")
        #expect(r.claimsRead == 3 && r.claimsUnreadable == 2 && r.claims.map(\.id) == ["PCN-7001"])
        #expect(r.linesRead == 2 && r.linesUnreadable == 1)
        let first = try #require(r.diagnostics.first)
        #expect(first.id == "input.invalid-value" && first.field == "units" && first.location == SourceLocation(file: "m.json", line: 5, column: 41))
        #expect(r.diagnostics.contains { $0.message.contains("'PCN-7003' has no service lines") })
        #expect(r.claims[0].lines[0].number == 1)
    }

    /// Every element of the claims array is a claim, counted as one: one that is not an object
    /// (it was counted as a line of no claim), and one without a usable id, with its lines (they
    /// were lines of no claim, and the claim was not counted).
    @Test func claimsThatCannotBeReadAreCountedAsClaims() throws {
        let line = #"{"code": "99213", "units": 1, "date": "2024-08-14"}"#
        let text = """
            ["not a claim", null,
             {"claim_id": {"id": "J2"}, "member_id": "M1", "billing_npi": "1234567893", "lines": [\(line), \(line), \(line)]},
             {"member_id": "M1", "billing_npi": "1234567893", "lines": [\(line), \(line)]},
             {"claim_id": "", "member_id": "M1", "billing_npi": "1234567893", "lines": [\(line)]},
             {"claim_id": "OK", "member_id": "M1", "billing_npi": "1234567893", "lines": [\(line)]}]
            """
        let r = try ClaimFileReader.read(bytes: Array(text.utf8), file: "t.json")
        #expect(r.claims.map(\.id) == ["OK"])
        #expect(r.claimsRead == 6 && r.claimsUnreadable == 5 && r.linesRead == 7 && r.linesUnreadable == 6)
        #expect(r.ids == ["input.invalid-value", "input.invalid-value", "input.invalid-value", "input.missing-value", "input.missing-value", "input.missing-value"])
        #expect(r.diagnostics[0].message == "a claim must be an object, found a string; it is not checked")
        #expect(r.diagnostics[4].message == "the claim has no claim_id, so it is not checked (its 2 lines counted as unreadable); give each claim its id (the patient control number)")
        #expect(r.diagnostics[4].location == SourceLocation(file: "t.json", line: 3, column: 2) && r.diagnostics[5].location == SourceLocation(file: "t.json", line: 4, column: 15))
    }

    /// A number with an exponent is refused, and the message says so (it said only "not a
    /// number of units").
    @Test func aNumberWithAnExponentIsToldSo() throws {
        let text = #"[{"claim_id": "A", "member_id": "M1", "billing_npi": "1234567893", "lines": [{"code": "99213", "units": 1e2, "date": "2024-08-14", "charge": 1.5E+2}]}]"#
        let r = try ClaimFileReader.read(bytes: Array(text.utf8), file: "t.json")
        #expect(r.claims.isEmpty && r.diagnostics.filter { $0.message.hasSuffix("; a number with an exponent is not read: write it out (100, not 1e2)") }.map(\.field) == ["units", "charge"])
        #expect(ClaimAssembler.exponentHint("2") == "" && ClaimAssembler.exponentHint("EA") == "" && ClaimAssembler.exponentHint("e") == "")
    }

    /// An object or array where a value belongs is an error at its key, and the claim is
    /// counted and not checked (it was checked without the value); `mod1`..`mod4` hold one
    /// modifier each, an array only in `modifiers`; `null` is absent.
    @Test func anObjectOrArrayWhereAValueBelongsStopsTheClaim() throws {
        func claim(_ id: String, _ claimKeys: String, _ lineKeys: String) -> String {
            #"{"claim_id": "\#(id)", "member_id": "M1", "billing_npi": "1234567893"\#(claimKeys), "lines": [{"code": "99213", "units": 1, "date": "2024-08-14"\#(lineKeys)}]}"#
        }
        let text = "{\"claims\": [\n" + [
            claim("A", #", "place_of_service": {"x": 1}"#, ""),
            claim("B", "", #", "mod1": ["25", "59"]"#),
            claim("C", "", #", "mod2": {"m": "25"}"#),
            claim("D", #", "place_of_service": null"#, #", "mod1": null, "modifiers": ["25", "59"]"#),
        ].joined(separator: ",\n") + "\n]}"
        let r = try ClaimFileReader.read(bytes: Array(text.utf8), file: "t.json")
        #expect(r.claims.map(\.id) == ["D"] && r.claims[0].lines[0].modifiers == ["25", "59"] && r.claims[0].placeOfService == nil)
        #expect(r.claimsRead == 4 && r.claimsUnreadable == 3 && r.linesUnreadable == 3)
        let errors = r.diagnostics.filter { $0.id == "input.invalid-value" }
        #expect(errors.map(\.field) == ["place_of_service", "mod1", "mod2"])
        #expect(errors.map(\.message) == [
            "key 'place_of_service': expected a string or number, found an object", "key 'mod1': expected a string or number, found an array",
            "key 'mod2': expected a string or number, found an object",
        ])
        #expect(errors.map { $0.location?.line } == [2, 3, 4])
        #expect(r.diagnostics.filter { $0.id == "input.claim-not-checked" }.count == 3)
        // `null` inside an array is absent too (it stopped the claim with no error told).
        let nulls = #"[{"claim_id": "N", "member_id": "M1", "billing_npi": "1234567893", "diagnoses": ["R93.89", null], "lines": [{"code": "99213", "units": 1, "date": "2024-08-14", "modifiers": ["25", null], "diagnosis_pointers": [1, null]}]}]"#
        let n = try ClaimFileReader.read(bytes: Array(nulls.utf8), file: "n.json")
        #expect(n.diagnostics.isEmpty && n.claims.first?.diagnoses.count == 1 && n.claims.first?.lines.first?.modifiers == ["25"])
    }

    @Test(arguments: [
        ("{\"claims\": [", 1, 13, "the JSON ends where a value was expected"),
        ("{\"claims\": 3}", 1, 12, "\"claims\" must be an array"),
        ("{\"claims\": [] x", 1, 15, "expected ',' or '}'"),
        ("{\"c\": \"a\nb\"}", 1, 9, "a string runs past the end of the line"),
        (String(repeating: "[", count: 100), 1, 65, "nest deeper than 64"),
        ("{\"claims\": " + String(repeating: "[", count: 100), 1, 75, "nest deeper than 64"),
        ("{\"version\": 1}", 1, 1, "no \"claims\" array"),
    ])
    func invalidJSONStopsTheFileWithAPosition(text: String, line: Int, column: Int, message: String) throws {
        #expect {
            try ClaimFileReader.read(bytes: Array(text.utf8), file: "b.json")
        } throws: { e in
            let d = (e as! InputError).diagnostic
            return d.location?.line == line && d.location?.column == column && d.message.contains(message)
        }
    }

    static let oneClaim = "{\"claim_id\": \"A\", \"member_id\": \"M\", \"billing_npi\": \"1234567893\", \"lines\": [{\"code\": \"99213\", \"units\": 1, \"date\": \"2024-08-14\"}]}"

    /// Claims are parsed one at a time, but only once the whole file's syntax is checked: a
    /// syntax error after good claims hands none of them over.
    /// A claim object of exactly `bytes` bytes: lines of 99213 (`lines` of them) and a note
    /// padded to the size.
    static func claim(_ id: String, bytes: Int, lines: Int = 1) -> String {
        let line = #"{"code":"99213","units":1,"date":"2024-08-14"}"#
        let head = #"{"claim_id":"\#(id)","member_id":"M","billing_npi":"1234567893","lines":["# + Array(repeating: line, count: lines).joined(separator: ",") + #"],"note":""#
        let tail = #""}"#
        return head + String(repeating: "x", count: bytes - head.utf8.count - tail.utf8.count) + tail
    }

    /// A claim over the size limit is syntax-checked, never built: refused with its id and its
    /// lines counted, the claims around it read; one at the limit is read.
    @Test func aClaimOverTheSizeLimitIsRefusedAndCounted() throws {
        let limit = JSONParser.maxItemBytes
        let text = "{\"claims\": [\n" + [
            Self.claim("A", bytes: 200), Self.claim("AT", bytes: limit, lines: 3), Self.claim("OVER", bytes: limit + 1, lines: 1_200),
            #"{"lines": [1, 2], "note": ""# + String(repeating: "y", count: limit) + #""}"#, Self.claim("B", bytes: 200),
        ].joined(separator: ",\n") + "\n]}"
        let r = try ClaimFileReader.read(bytes: Array(text.utf8), file: "big.json")
        #expect(r.claims.map(\.id) == ["A", "AT", "B"])
        #expect(r.claims[1].lines.count == 3)
        #expect(r.claimsRead == 5 && r.claimsUnreadable == 2)
        #expect(r.linesRead == 1 + 3 + 1_200 + 2 + 1 && r.linesUnreadable == 1_202)
        let large = r.diagnostics.filter { $0.id == "input.claim-too-large" }
        #expect(large.map(\.location) == [SourceLocation(file: "big.json", line: 4, column: 1), SourceLocation(file: "big.json", line: 5, column: 1)])
        #expect(large.map(\.value) == ["OVER", nil])
        #expect(large.first?.message == "claim 'OVER' is \(limit + 1) bytes long, more than the \(limit) this reader accepts; it is refused and not checked (1200 lines counted as unreadable)")
        #expect(large.last?.message.hasPrefix("a claim is ") == true)
        // Nothing else is reported but the small claims' unknown "note": the large claims'
        // values are never read.
        #expect(r.diagnostics.filter { $0.id != "input.claim-too-large" }.map(\.location?.line) == [2, 3, 6])
        JSONParallelReaderTests.expectSame(text, parts: 5, threads: 2)
    }

    /// What is told of a large claim: its id under any name of the claim id, a string or a
    /// number up to 38 characters, and the items of its last "lines" array.
    @Test func largeClaimsTellTheirIdAndLines() {
        func told(_ json: String) -> (String?, Int) {
            Array(json.utf8).withUnsafeBytes { raw in
                let start = JSONParser.ItemStart(offset: 0, line: 1, lineStart: 0, depth: 1)
                return JSONParser.largeClaim(in: raw, at: start, isID: { ClaimField.named($0) == .claimID }, idBytes: 38)
            }
        }
        #expect(told(#"{"claim_id": " C-1 ", "lines": [{}, 2, [3]]}"#) == ("C-1", 3))
        #expect(told(#"{"lines": [1], "x": {"lines": [1, 2]}, "claim_id": 1234, "lines": []}"#) == ("1234", 0))
        #expect(told(#"{"claim_id": ""# + String(repeating: "9", count: 39) + #"", "lines": [1]}"#) == (nil, 1))
        #expect(told(#"{"claim_id": {"a": 1}, "lines": "none"}"#) == (nil, 0))
        #expect(told(#"[1, 2]"#) == (nil, 0))
    }

    @Test func aSyntaxErrorAfterGoodClaimsHandsNoneOver() throws {
        let text = "{\"claims\": [\(Self.oneClaim), \(Self.oneClaim), {\"claim_id\": ]}"
        var handed = 0
        #expect(throws: InputError.self) {
            try JSONClaimReader.read(bytes: Array(text.utf8), file: "late.json") { _ in handed += 1 }
        }
        #expect(handed == 0)
    }

    /// The syntax check does not decode the strings inside claims, yet its errors quote them
    /// as a full parse does: the key before a missing colon, a bad escape.
    @Test func syntaxErrorsInsideClaimsNameTheirKey() throws {
        func error(_ text: String) -> String? {
            do {
                _ = try JSONClaimReader.read(bytes: Array(text.utf8), file: "k.json")
                return nil
            } catch {
                return error.diagnostic.message
            }
        }
        #expect(error(#"{"claims": [{"claim_id": "A", "lines": [{"code" "99213"}]}]}"#) == #"the file is not valid JSON: expected ':' after the key "code""#)
        #expect(error(#"{"claims": [{"claim_id": "A\q"}]}"#) == #"the file is not valid JSON: unknown escape \q"#)
        #expect(error(#"{"claims": [{"claim_id": "A"}], "ver" 1}"#) == #"the file is not valid JSON: expected ':' after the key "ver""#)
    }

    /// The syntax check (which builds nothing) finds the error a full parse finds, at the same
    /// line and column, in thousands of random damages to a claims file, and accepts what it
    /// accepts.
    @Test func theSyntaxCheckFailsWhereAFullParseFails() throws {
        let good = Array(#"{"version": 1, "claims": [{"claim_id": "A\u00e9\n", "member_id": "M", "n": -1.5e3, "ok": [true, false, null], "lines": [{"code": "99213", "units": 1, "date": "2024-08-14"}]}, {"x": {"y": [[], {}]}}], "z": "\ud83d\ude00"}"#.utf8)
        var rng = SplitMix64(seed: 7)
        let alphabet = Array(#"{}[]":,.-+eE0123456789tfnrulsa\ "#.utf8) + [0x0A, 0x09, 0x01]
        var failures = 0
        for _ in 0..<3_000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(alphabet.randomElement(using: &rng)!, at: at)
                default: bytes[at] = alphabet.randomElement(using: &rng)!
                }
            }
            let full: JSONSyntaxError?
            do { _ = try JSONParser.parse(bytes); full = nil } catch { full = error }
            let checked = bytes.withUnsafeBytes { raw -> JSONSyntaxError? in
                do throws(JSONSyntaxError) { _ = try JSONParser.claims(in: raw, check: true) { _ in }; return nil } catch { return error }
            }
            #expect(full?.message == checked?.message && full?.line == checked?.line && full?.column == checked?.column, "\(String(decoding: bytes, as: UTF8.self))")
            if full != nil { failures += 1 }
        }
        #expect(failures > 1_500)
    }

    @Test func claimsAreHandedOverAsReadWithTheTopLevelWarningsFirst() throws {
        let text = "{\"version\": 1, \"claims\": [\(Self.oneClaim), \(Self.oneClaim.replacingOccurrences(of: "\"A\"", with: "\"B\""))], \"note\": \"x\"}"
        var handed: [String] = []
        let r = try JSONClaimReader.read(bytes: Array(text.utf8), file: "s.json") { handed.append($0.id) }
        #expect(handed == ["A", "B"])
        #expect(r.claims.isEmpty && r.claimsRead == 2 && r.linesRead == 2)
        #expect(r.diagnostics.map(\.message) == ["unknown key 'note' at the top level is ignored"])
        let whole = try JSONClaimReader.read(bytes: Array(text.utf8), file: "s.json")
        #expect(whole.claims.map(\.id) == ["A", "B"])
        #expect {
            try JSONClaimReader.read(bytes: Array("  \"claims\"".utf8), file: "s.json")
        } throws: { e in
            let d = (e as! InputError).diagnostic
            return d.location?.column == 3 && d.message.contains("expected an object with \"claims\" or an array of claims, found a string")
        }
    }

    /// A mapped file is parsed in place on both passes, its pages released behind the parser
    /// (here every page): the claims are those of reading the bytes.
    @Test func aMappedFileWithPagesReleasedReadsTheSame() throws {
        let claims = (0..<2_000).map { Self.oneClaim.replacingOccurrences(of: "\"A\"", with: "\"C\($0)\"") }
        let text = "{\"claims\": [\n" + claims.joined(separator: ",\n") + "\n], \"note\": 1}"
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("mapped.json")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let mapping = try #require(X12FileMapping(path: url.path))
        defer { mapping.close() }
        #expect(mapping.bytes.count > 40 * X12FileMapping.pageSize)
        var handed: [Claim] = []
        let mapped = try JSONClaimReader.read(mapping.bytes, file: "mapped.json", onClaim: { handed.append($0) }, releaseBehind: X12FileMapping.pageSize).get()
        let whole = try JSONClaimReader.read(bytes: Array(text.utf8), file: "mapped.json")
        #expect(handed.count == 2_000)
        #expect(handed == whole.claims)
        #expect(mapped.diagnostics == whole.diagnostics && mapped.claimsRead == whole.claimsRead && mapped.linesRead == whole.linesRead)
        // And through the file reader, which maps JSON files.
        var viaPath = 0
        _ = try ClaimFileReader.read(path: url.path, threads: 1) { _ in viaPath += 1 }
        #expect(viaPath == 2_000)
    }

    /// A string whose bytes are not UTF-8 (a Latin-1 export) makes the file invalid JSON, at
    /// that byte: read as U+FFFD, two ids that differ in it were one claim. Valid UTF-8 and
    /// escapes pass.
    @Test func stringsThatAreNotUTF8AreAnError() throws {
        let claim = { (id: [UInt8]) -> [UInt8] in
            Array("{\"claim_id\":\"".utf8) + id + Array("\",\"member_id\":\"M1\",\"billing_npi\":\"1234567893\",\"lines\":[{\"code\":\"87253\",\"units\":1,\"date\":\"2024-08-14\"}]}".utf8)
        }
        let bad = Array("[".utf8) + claim(Array("JOS".utf8) + [0xC9] + Array("-1".utf8)) + Array("]".utf8)
        #expect {
            try JSONClaimReader.read(bytes: bad, file: "l.json")
        } throws: { e in
            let d = (e as! InputError).diagnostic
            return d.id == "input.invalid-json" && d.location?.column == 18 && d.message.contains("not UTF-8 (such as 0xC9")
        }
        let escaped = Array("[".utf8) + claim(Array("JOS\\u00C9-1 \\\" \u{00C8}".utf8)) + Array("]".utf8)
        #expect(try JSONClaimReader.read(bytes: escaped, file: "l.json").claims.map(\.id) == ["JOS\u{C9}-1 \" \u{C8}"])
    }
}
