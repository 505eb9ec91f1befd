import Foundation
import Testing
@testable import ClaimLint

@Suite struct X12ReaderTests {
    @Test func readsEveryClaimOfARealisticFile() throws {
        let r = try X12Fixtures.read("professional.837")
        #expect(r.diagnostics.isEmpty)
        #expect(r.claimsRead == 5)
        #expect(r.linesRead == 9)
        #expect(r.claimsUnreadable == 0 && r.linesUnreadable == 0)
        #expect(r.claims.map(\.id) == ["X12-1001", "X12-1002", "X12-1003", "X12-1004", "X12-1005"])
    }

    @Test func subscriberWhoIsThePatient() throws {
        let c = try #require(try X12Fixtures.read("professional.837").claim("X12-1001"))
        #expect(c.memberID == "MBR0001")
        #expect(c.patientID == nil)
        #expect(c.billingNPI == NPI("1234567893"))
        #expect(c.renderingNPI == nil)
        #expect(c.placeOfService == "22")
        #expect(c.frequencyCode == "1")
        #expect(c.diagnoses.map(\.text) == ["R9389"])
        #expect(c.lines.count == 2)
        let l = c.lines[0]
        #expect(l.number == 1)
        #expect(l.code == "88348")
        #expect(l.modifiers.isEmpty)
        #expect(l.units == Units(1))
        #expect(l.charge == Money(cents: 41000))
        #expect(l.dates == DateRange(ServiceDate("2024-08-14")))
        #expect(l.diagnosisPointers == [1])
        #expect(l.placeOfService == nil)
        #expect(l.renderingNPI == nil)
        #expect(c.lines[1].code == "0856T")
        #expect(c.location == SourceLocation(file: "professional.837", line: 19, column: 1, segment: 19, byteOffset: 634, byteLength: 36))
    }

    @Test func separatePatientLoopGivesAPatientID() throws {
        let c = try #require(try X12Fixtures.read("professional.837").claim("X12-1002"))
        #expect(c.memberID == "MBR0002")
        #expect(c.patientID == "DOE|JUNIOR|20100315")
        #expect(c.diagnoses.map(\.text) == ["C3490"])
    }

    @Test func claimRenderingAndModifiers() throws {
        let c = try #require(try X12Fixtures.read("professional.837").claim("X12-1003"))
        #expect(c.renderingNPI == NPI("1811111115"))
        #expect(c.diagnoses.map(\.text) == ["M1711", "M1712"])
        #expect(c.lines.map(\.modifiers) == [["RT"], ["LT", "59", "XS", "76"]])
        #expect(c.lines[1].diagnosisPointers == [2])
        #expect(c.lines[1].location.segment == 57)
    }

    @Test func lineRenderingOverridesAndDateRanges() throws {
        let r = try X12Fixtures.read("professional.837")
        let c5 = try #require(r.claim("X12-1005"))
        #expect(c5.renderingNPI == NPI("1122334455"))
        #expect(c5.lines[0].modifiers == ["25"])
        #expect(c5.lines[0].diagnosisPointers == [1, 2])
        #expect(c5.lines[0].placeOfService == "11")
        #expect(c5.lines[0].renderingNPI == nil)
        #expect(c5.lines[1].units == Units(4))
        #expect(c5.lines[1].dates == DateRange(from: "2024-08-20", through: "2024-08-22"))
        #expect(c5.lines[1].renderingNPI == NPI("1987654328"))
        #expect(c5.provider(of: c5.lines[0]) == NPI("1122334455"))
    }

    @Test func findingsPointAtTheServiceLineSegment() throws {
        let report = Checker().check(files: [X12Fixtures.path("professional.837")], displayPath: { _ in "professional.837" })
        #expect(report.diagnostics.filter { $0.severity >= .warning }.isEmpty)
        let found = report.findings.map { "\($0.rule) \($0.claimID) \($0.line)" }
        #expect(found == ["addon.primary-missing X12-1002 1", "mue.date-limit X12-1003 1", "mue.date-limit X12-1003 2", "units.duplicate-line X12-1004 2"])
        let addon = try #require(report.findings.first)
        #expect(addon.location == SourceLocation(file: "professional.837", line: 41, column: 1, segment: 41, byteOffset: 1077, byteLength: 27))
        #expect(report.summary.claims == 5 && report.summary.lines == 9)
    }

    @Test func oneLineFileWithByteOrderMarkHasExactColumns() throws {
        let r = try X12Fixtures.read("one-line.837")
        #expect(r.diagnostics.isEmpty)
        let c = try #require(r.claim("X12-2001"))
        #expect(c.location == SourceLocation(file: "one-line.837", line: 1, column: 617, segment: 19, byteOffset: 619, byteLength: 36))
        #expect(c.lines.map(\.location) == [
            SourceLocation(file: "one-line.837", line: 1, column: 672, segment: 22, byteOffset: 674, byteLength: 28),
            SourceLocation(file: "one-line.837", line: 1, column: 726, segment: 25, byteOffset: 728, byteLength: 27),
        ])
        // The byte offset names the SV1 segment's bytes exactly.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: X12Fixtures.path("one-line.837"))))
        let sv1 = c.lines[1].location
        #expect(String(decoding: bytes[sv1.byteOffset!..<sv1.byteOffset! + sv1.byteLength!], as: UTF8.self) == "SV1*HC:0856T*95.00*UN*1***1")
    }

    @Test(arguments: ["odd-delimiters.837", "two-interchanges.837"])
    func delimitersComeFromEachISA(file: String) throws {
        let r = try X12Fixtures.read(file)
        #expect(r.diagnostics.isEmpty)
        #expect(r.claimsUnreadable == 0)
        #expect(r.claims.count == r.claimsRead && r.claimsRead >= 1)
        for c in r.claims {
            #expect(c.billingNPI == NPI("1234567893"))
            #expect(!c.lines.isEmpty)
        }
    }

    @Test func oddDelimitersFile() throws {
        let c = try #require(try X12Fixtures.read("odd-delimiters.837").claims.first)
        #expect(c.id == "X12-3001")
        #expect(c.placeOfService == "22")
        #expect(c.lines[0].code == "27447")
        #expect(c.lines[0].modifiers == ["RT"])
        // Newline terminators: one segment per line.
        #expect(c.lines[0].location.line == 22 && c.lines[0].location.segment == 22 && c.lines[0].location.column == 1)
    }

    @Test func secondInterchangeWithOtherDelimiters() throws {
        let r = try X12Fixtures.read("two-interchanges.837")
        #expect(r.claims.map(\.id) == ["X12-4001", "X12-4002"])
        #expect(r.claims[1].lines[0].code == "0856T")
        // The first interchange ends each segment with "~\r\n", the second with "!\n".
        #expect(r.claims[1].location == SourceLocation(file: "two-interchanges.837", line: 45, column: 1, segment: 45, byteOffset: 1442, byteLength: 35))
    }

    @Test func institutionalClaim() throws {
        let r = try X12Fixtures.read("institutional.837i")
        #expect(r.ids == ["x12.revenue-code-only"])
        #expect(r.diagnostics[0].severity == .info)
        #expect(r.diagnostics[0].location?.segment == 28)
        #expect(r.linesRead == 2 && r.linesUnreadable == 0)
        let c = try #require(r.claim("X12-9001"))
        #expect(c.placeOfService == nil)
        #expect(c.frequencyCode == "1")
        #expect(c.renderingNPI == NPI("1811111115"))
        #expect(c.lines.count == 1)
        #expect(c.lines[0].code == "88348")
        #expect(c.lines[0].charge == Money(cents: 41000))
        #expect(c.lines[0].location.segment == 25)
    }

    @Test func lineWithoutDateTakesTheClaimDate() throws {
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [
            "CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "DTP*472*D8*20240814", "LX*1", "SV1*HC:99213*10.00*UN*1***1",
        ]))
        #expect(r.diagnostics.isEmpty)
        #expect(r.claims.first?.lines.first?.dates == DateRange(ServiceDate("2024-08-14")))
    }

    /// A line's `D8` date the same as the last one read is taken without reading it again: each
    /// line still gets its own date, also when dates differ in one digit (at every position),
    /// when an invalid date follows a valid one, and across claims and the claim-level DTP.
    @Test func eachLineGetsItsOwnDate() throws {
        let base = "20240720"
        let variants = ["10240720", "21240720", "20140720", "20250720", "20241020", "20240820", "20240710", "20240721"]
        let dates = [base, base] + variants.flatMap { [$0, base] }
        var readable = ["CLM*C1*\(dates.count).00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "DTP*472*D8*\(base)"]
        for (i, d) in dates.enumerated() { readable += ["LX*\(i + 1)", "SV1*HC:99213*1.00*UN*1***1", "DTP*472*D8*\(d)"] }
        let read = try X12Fixtures.read(text: X12Fixtures.interchange(claims: readable))
        #expect(read.diagnostics.isEmpty)
        let iso = { (d: String) in "\(d.prefix(4))-\(d.dropFirst(4).prefix(2))-\(d.suffix(2))" }
        #expect(read.claims.first?.lines.map(\.date.iso) == dates.map(iso))
        // A 13th month and a letter after the same valid date are refused, each where it is.
        var body = ["CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "DTP*472*D8*\(base)"]
        for (i, d) in [base, "20241720", base, "2024072X", base].enumerated() {
            body += ["LX*\(i + 1)", "SV1*HC:99213*1.00*UN*1***1", "DTP*472*D8*\(d)"]
        }
        body += ["CLM*C2*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "DTP*472*D8*\(base)", "LX*1", "SV1*HC:99213*10.00*UN*1***1"]
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: body))
        #expect(r.diagnostics.map(\.id) == ["x12.invalid-date", "x12.invalid-date", "input.claim-not-checked"])
        #expect(r.diagnostics.prefix(2).map(\.value) == ["20241720", "2024072X"])
        #expect(r.claims.map(\.id) == ["C2"])
        #expect(r.claims.first?.lines.first?.dates == DateRange(ServiceDate("2024-07-20")))
    }

    /// Diagnosis codes the reader has made before are taken again, not made anew: each claim
    /// still gets its own codes, in its order, with 300 distinct codes (more than the reader
    /// keeps, so that they share its slots), written with and without dots and in lower case.
    @Test func eachClaimGetsItsOwnDiagnoses() throws {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let codes = (0..<300).map { "\(letters[$0 % 26])\($0 % 10)\($0 / 10 % 10)\($0 % 7)" }
        var rng = SplitMix64(seed: 5)
        var body: [String] = [], expected: [[String]] = []
        for c in 0..<400 {
            let picked = (0..<(c % 4 + 1)).map { _ in codes[Int(rng.next() % 40) + (c % 3 == 0 ? 0 : Int(rng.next() % 260))] }
            let written = picked.enumerated().map { k, code in
                k % 3 == 1 ? code.prefix(3) + "." + code.dropFirst(3) : k % 3 == 2 ? code.lowercased() : code
            }
            body += ["CLM*C\(c)*1.00***11:B:1*Y*A*Y*Y", "HI*" + written.map { "ABK:" + $0 }.joined(separator: "*"), "LX*1", "SV1*HC:99213*1.00*UN*1***1", "DTP*472*D8*20240720"]
            expected.append(picked)
        }
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: body))
        #expect(r.diagnostics.isEmpty)
        #expect(r.claims.map { $0.diagnoses.map(\.text) } == expected)
    }

    /// Two codes that differ in one character and share the reader's slot, read one after the
    /// other: each claim gets its own. Searched at each position (a shorter code against a
    /// longer one among them); at some positions no two such codes share a slot.
    @Test func codesSharingASlotAreToldApart() throws {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), digits = Array("0123456789"), any = digits + letters
        let slot = { (code: String) in X12ClaimReader.diagnosisSlot(DiagnosisCode.packed(code.utf8)!) }
        var rng = SplitMix64(seed: 9)
        func pick(_ from: [Character]) -> Character { from[Int(rng.next() % UInt64(from.count))] }
        var pairs: [(String, String)] = []
        // At each position a character changed, then (position 7) the code cut short.
        for position in 0...7 {
            search: for _ in 0..<2_000 {
                let base = [pick(letters), pick(digits)] + (2..<7).map { _ in pick(any) }
                let others = position == 7
                    ? (3..<7).map { String(base.prefix($0)) }
                    : (position == 0 ? letters : position == 1 ? digits : any).map { c -> String in
                        var b = base
                        b[position] = c
                        return String(b)
                    }
                for other in others where other != String(base) && slot(other) == slot(String(base)) {
                    pairs.append((String(base), other))
                    break search
                }
            }
        }
        #expect(pairs.count >= 4, "pairs found at \(pairs.count) positions")
        var body: [String] = [], expected: [String] = []
        for (i, (a, b)) in pairs.enumerated() {
            for (k, code) in [a, b, a, b].enumerated() {
                body += ["CLM*P\(i)-\(k)*1.00***11:B:1*Y*A*Y*Y", "HI*ABK:\(code)", "LX*1", "SV1*HC:99213*1.00*UN*1***1", "DTP*472*D8*20240720"]
                expected.append(code)
            }
        }
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: body))
        #expect(r.diagnostics.isEmpty)
        #expect(r.claims.map { $0.diagnoses.map(\.text) } == expected.map { [$0] })
    }

    @Test func streamingHandsClaimsOverOneByOne() throws {
        let text = X12Fixtures.interchange(claims: (1...3).flatMap { i in
            ["CLM*C\(i)*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814"]
        })
        var seen: [String] = []
        let result = Array(text.utf8).withUnsafeBytes { X12ClaimReader.read($0, file: "s.837", onClaim: { seen.append($0.id) }) }
        let r = try result.get()
        #expect(seen == ["C1", "C2", "C3"])
        #expect(r.claims.isEmpty && r.claimsRead == 3)
    }
}

@Suite struct X12SegmentIDTests {
    /// An id is two or three upper-case letters or digits, packed in order: every pair and
    /// triple of bytes around those ranges, read at an offset in a buffer, against that rule.
    @Test func idsAreTwoOrThreeLettersOrDigits() {
        let edges: [UInt8] = [0x00, 0x2F, 0x30, 0x35, 0x39, 0x3A, 0x40, 0x41, 0x4D, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x80, 0xC1, 0xFF]
        func rule(_ b: [UInt8]) -> UInt32? {
            guard b.count == 2 || b.count == 3, b.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }) else { return nil }
            return b.reduce(0) { $0 << 8 | UInt32($1) }
        }
        var checked = 0
        for a in edges { for b in edges { for c in edges + [nil] as [UInt8?] {
            let id = [a, b] + (c.map { [$0] } ?? [])
            let padded: [UInt8] = [0x2A] + id + [0x2A]
            let read = padded.withUnsafeBytes { X12SegmentID(bytes: $0, range: 1..<1 + id.count) }
            #expect(read?.rawValue == rule(id), "\(id)")
            checked += 1
        } } }
        for length in [0, 1, 4] {
            let id = [UInt8](repeating: 0x41, count: length)
            #expect(id.withUnsafeBytes { X12SegmentID(bytes: $0, range: 0..<length) } == nil)
        }
        #expect(checked == 17 * 17 * 18)
    }

    @Test(arguments: [
        (X12SegmentID.isa, "ISA"), (.iea, "IEA"), (.gs, "GS"), (.ge, "GE"), (.st, "ST"), (.se, "SE"), (.hl, "HL"),
        (.nm1, "NM1"), (.sbr, "SBR"), (.pat, "PAT"), (.dmg, "DMG"), (.clm, "CLM"), (.hi, "HI"), (.dtp, "DTP"),
        (.lx, "LX"), (.sv1, "SV1"), (.sv2, "SV2"),
    ])
    func packedConstantsMatchTheirText(id: X12SegmentID, text: String) {
        #expect(id.text == text)
        #expect(X12SegmentID.known.contains(id))
    }

    /// The reader starts each line's draft where the last one was (`X12LineDraft.start`):
    /// nothing of the last line may stay in it.
    @Test func aNewLineDraftKeepsNothingOfTheLast() {
        let place = X12Place(line: 4, column: 1, ordinal: 12, offset: 300, length: 18)
        var draft = X12LineDraft(number: 1, lxPlace: X12Place(line: 2, column: 1, ordinal: 9, offset: 200, length: 6))
        draft.servicePlace = place
        draft.code = "99213"
        draft.modifiers = ["25", "59", "XS", "76", "77"]
        draft.units = Units(2)
        draft.charge = Money(cents: 12_500)
        draft.pointers = [1, 2, 3, 4, 5]
        draft.placeOfService = "11"
        draft.dates = DateRange("2024-08-14")
        draft.rendering = NPI("1234567893")
        draft.operating = NPI("1811111115")
        draft.revenueCode = "0450"
        draft.unreadable = true
        draft.start(number: 2, lxPlace: place)
        #expect(draft == X12LineDraft(number: 2, lxPlace: place))
        // Every stored value is set above: one added to the draft must be set here and
        // cleared by `start`.
        #expect(Mirror(reflecting: draft).children.count == 14)
    }

    @Test func aNewClaimDraftKeepsNothingOfTheLast() throws {
        let location = SourceLocation(file: "b.837", line: 40, column: 1, segment: 88, byteOffset: 4_000, byteLength: 30)
        var draft = X12ClaimDraft(id: "A-1", location: SourceLocation(file: "a.837", line: 3, column: 1), billing: .invalid(segment: 7))
        draft.memberID = "MBR1"
        draft.patientID = "DOE|JANE|20100101"
        draft.placeOfService = "11"
        draft.frequencyCode = "8"
        draft.isVoid = true
        draft.charge = Money(cents: 9_900)
        draft.diagnoses = [try #require(DiagnosisCode("R51")), try #require(DiagnosisCode("M17.11"))]
        draft.extraDiagnosisReported = true
        draft.icd9Seen = true
        draft.serviceDates = DateRange("2024-08-14")
        draft.statementDates = DateRange("2024-08-15")
        draft.rendering = NPI("1234567893")
        draft.attending = NPI("1811111115")
        draft.operating = NPI("1234567893")
        draft.inOtherSubscriber = true
        draft.lines = [ServiceLine(number: 1, code: "99213", dates: DateRange("2024-08-14"), location: location)]
        draft.lineCount = 3
        draft.skippedLines = 1
        draft.extraServices = 2
        draft.birthDate = ServiceDate("2010-01-01")
        draft.lineCharges = nil
        draft.unreadable = true
        draft.reason = "a reason"
        draft.start(id: "B-2", location: location, billing: .npi(try #require(NPI("1234567893"))))
        #expect(draft == X12ClaimDraft(id: "B-2", location: location, billing: .npi(try #require(NPI("1234567893")))))
        // Every stored value is set above: one added to the draft must be set here and
        // cleared by `start`.
        #expect(Mirror(reflecting: draft).children.count == 26)
    }
}
