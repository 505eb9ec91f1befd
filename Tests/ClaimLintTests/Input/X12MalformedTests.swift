import Foundation
import Testing
@testable import ClaimLint

@Suite struct X12MalformedTests {
    @Test func wrongSegmentCount() throws {
        let r = try X12Fixtures.read("se-count.837")
        #expect(r.ids == ["x12.se-count"])
        let d = r.diagnostics[0]
        #expect(d.severity == .warning)
        #expect(d.field == "SE01" && d.value == "99")
        #expect(d.message.contains("SE01 says 99") && d.message.contains("22 segments"))
        #expect(d.location == SourceLocation(file: "se-count.837", line: 24, column: 4, segment: 24, byteOffset: d.location!.byteOffset, byteLength: 2))
        // The claim is still checked.
        #expect(r.claims.map(\.id) == ["X12-5001"])
    }

    @Test func mismatchedControlNumbersAndCounts() throws {
        let r = try X12Fixtures.read("control-numbers.837")
        #expect(r.ids == ["x12.control-number", "x12.ge-count", "x12.control-number", "x12.iea-count", "x12.control-number"])
        #expect(r.diagnostics.map(\.field) == ["SE02", "GE01", "GE02", "IEA01", "IEA02"])
        #expect(r.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(r.diagnostics.map { $0.location?.segment } == [24, 25, 25, 26, 26])
        #expect(r.claims.map(\.id) == ["X12-6001"])
    }

    @Test func truncatedFileChecksTheCompleteClaims() throws {
        let r = try X12Fixtures.read("truncated.837")
        #expect(r.ids == ["x12.truncated", "x12.truncated", "x12.truncated", "x12.missing-date", "input.claim-not-checked"])
        #expect(r.diagnostics.filter { $0.id == "x12.truncated" }.map(\.field) == ["SE", "GE", "IEA"])
        #expect(r.diagnostics.allSatisfy { $0.severity == .error })
        #expect(r.claims.map(\.id) == ["X12-7001"])
        #expect(r.claimsRead == 2 && r.claimsUnreadable == 1)
        #expect(r.linesRead == 2 && r.linesUnreadable == 1)
        #expect(r.diagnostics.last?.value == "X12-7002")
    }

    /// A transaction set closed without its SE (by its GE) is over: the next interchange
    /// starts with none open, and reads its claims as a new reader would.
    @Test func aTransactionClosedWithoutSEStaysClosed() throws {
        let line = ["CLM*C1*100***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*100*UN*1***1", "DTP*472*D8*20240814"]
        let whole = X12Fixtures.interchange(claims: line)
        let cut = whole.replacingOccurrences(of: "SE*", with: "NTE*")
        let r = try X12Fixtures.read(text: cut + "\n" + whole.replacingOccurrences(of: "C1", with: "C2"))
        // The NTE in place of the SE is a segment of the open transaction: the GE closes it.
        #expect(r.ids == ["x12.truncated", "input.claim-not-checked"])
        #expect(r.diagnostics.filter { $0.id == "x12.truncated" }.map(\.field) == ["SE"])
        #expect(r.claims.map(\.id) == ["C2"])
        #expect(r.claimsRead == 2 && r.claimsUnreadable == 1)
    }

    @Test func badValuesAreNamedAndGoodClaimsStillChecked() throws {
        let r = try X12Fixtures.read("bad-values.837")
        let expected: [(id: String, field: String?, segment: Int)] = [
            ("x12.unexpected-segment", "ZZZ", 19),
            ("x12.invalid-quantity", "SV104", 23), ("input.claim-not-checked", "CLM01", 20),
            ("x12.missing-sv1", "SV1", 27), ("input.claim-not-checked", "CLM01", 25),
            ("x12.missing-date", "DTP*472", 37), ("input.claim-not-checked", "CLM01", 34),
            ("x12.invalid-npi", "NM109", 40), ("input.claim-not-checked", "CLM01", 38),
            ("x12.invalid-line-number", "LX01", 46), ("input.claim-not-checked", "CLM01", 44),
            ("x12.invalid-modifier", "SV101-4", 52), ("input.claim-not-checked", "CLM01", 49),
        ]
        #expect(r.diagnostics.count == expected.count)
        for (d, e) in zip(r.diagnostics, expected) {
            #expect(d.id == e.id)
            #expect(d.field == e.field, "\(d.id)")
            #expect(d.location?.segment == e.segment, "\(d.id)")
        }
        let quantity = r.diagnostics[1]
        #expect(quantity.value == "1X")
        #expect(quantity.message.hasPrefix("SV1 (segment 23) SV104: '1X' is not a quantity"))
        // Column and byte offset of SV104 itself, on line 23.
        #expect(quantity.location?.line == 23 && quantity.location?.column == 23 && quantity.location?.byteLength == 2)
        #expect(r.claims.map(\.id) == ["X12-8003", "X12-8008"])
        #expect(r.claimsRead == 8 && r.claimsUnreadable == 6)
        #expect(r.linesRead == 8 && r.linesUnreadable == 6)
        // X12-8003's line has no DTP*472 and takes the claim's.
        #expect(r.claim("X12-8003")?.lines.first?.dates == DateRange(ServiceDate("2024-08-14")))
    }

    @Test func badISAIsAnInputError() {
        let text = "ISA*00*00~GS*HC~"
        #expect(throws: InputError.self) { try X12Fixtures.read(text: text) }
        let error = #expect(throws: InputError.self) { try X12ClaimReader.read(bytes: Array("ISA*00*00~GS*HC~".utf8), file: "x.837") }
        #expect(error?.diagnostic.id == "x12.bad-isa")
        #expect(error?.diagnostic.severity == .error)
    }

    /// An 837 written in lower case is refused as one, on one thread or several, from a file or
    /// bytes: it was read as a CSV whose header lacked every column.
    @Test func lowerCaseSegmentIDsAreRefusedAsSuch() throws {
        let text = try String(contentsOf: Fixtures.url("Fixtures/x12/professional.837"), encoding: .utf8).lowercased()
        #expect(InputFormat.detect(Array(text.utf8)) == .x12)
        let error = #expect(throws: InputError.self) { try ClaimFileReader.read(bytes: Array(text.utf8), file: "lc.837") }
        #expect(error?.diagnostic.id == "x12.bad-isa" && error?.diagnostic.severity == .error)
        #expect(error?.diagnostic.message == "ISA (segment 1): the segment ids are in lower case ('isa'), so the file is not read; X12 segment ids are upper case (ISA, GS, ST, CLM...) and a payer rejects others. Have the file written in upper case")
        #expect(error?.diagnostic.location == SourceLocation(file: "lc.837", line: 1, column: 1, segment: 1, byteOffset: 0))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lc.837")
        // Large enough to be read in parts (over a part's 1 MiB).
        try Data(String(repeating: text, count: 500).utf8).write(to: file)
        for threads in [1, 4] {
            var checker = Checker()
            checker.concurrency = threads
            let report = checker.check(files: [file.path]) { _ in "lc.837" }
            #expect(report.diagnostics.map(\.id) == ["x12.bad-isa"] && report.diagnostics.first?.message == error?.diagnostic.message, "\(threads) threads")
            #expect(report.summary.claims == 0)
        }
        // Lower-case text that is not an ISA is still a CSV.
        #expect(InputFormat.detect(Array("isa_code,units\n".utf8)) == .csv && InputFormat.detect(Array("isa,code,units\n".utf8)) == .csv)
        #expect(InputFormat.detect(Array("isa|03|x".utf8)) == .x12)
    }

    /// A DMG birth date that is not a date is an error at DMG02 (not repeated: PHI), and the
    /// claims it is the patient's of are not checked; one after a line's date of service is an
    /// error at the claim. The subscriber's date is the patient's without a 2000C loop.
    @Test func birthDatesThatAreNotDatesOrAfterTheServiceAreErrors() throws {
        func claim(_ id: String, _ date: String) -> [String] {
            ["CLM*\(id)*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*\(date)"]
        }
        let text = X12Fixtures.interchange(claims:
            ["DMG*D8*20241301*F"] + claim("A", "20240814") + claim("B", "20240814")
            + ["HL*3*1*22*0", "SBR*P*18*******MB", "NM1*IL*1*DOE*JOHN****MI*MBR2", "DMG*D8*20240815*M"]
            + claim("C", "20240814") + claim("D", "20240815")
            + ["HL*4*1*22*1", "SBR*P*18*******MB", "NM1*IL*1*DOE*JOHN****MI*MBR3", "DMG*D8*19600101*M", "HL*5*4*23*0", "PAT*19", "NM1*QC*1*DOE*KID", "DMG*D8*2020023*M"]
            + claim("E", "20240814"))
        let r = try X12Fixtures.read(text: text)
        #expect(r.claims.map(\.id) == ["D"] && r.claims[0].birthDate == ServiceDate("2024-08-15"))
        #expect(r.claimsRead == 5 && r.claimsUnreadable == 4)
        #expect(r.ids == [
            "x12.invalid-date", "input.claim-not-checked", "input.claim-not-checked", "x12.invalid-date", "input.claim-not-checked", "x12.invalid-date",
            "input.claim-not-checked",
        ])
        #expect(r.diagnostics[0].message == "DMG (segment 10) DMG02: the subscriber's birth date (not repeated here) is not a date: expected CCYYMMDD, a real calendar day; the claims it is the patient's of are not checked")
        #expect(r.diagnostics[0].value == nil && r.diagnostics[0].field == "DMG02")
        #expect(r.diagnostics[1].message.hasSuffix("is not checked: the patient's birth date is not a date (see the x12.invalid-date error at its DMG segment)"))
        #expect(r.diagnostics[3].message.hasPrefix("CLM (segment 25): claim 'C': the patient's birth date (DMG02, not repeated here) is after line 1's date of service, 2024-08-14"))
        #expect(r.diagnostics[3].value == nil && r.diagnostics[3].field == "DMG02")
        #expect(r.diagnostics[5].message.hasPrefix("DMG (segment 42) DMG02: the patient's birth date"))
        #expect(!r.diagnostics.contains { $0.message.contains("2020023") || $0.message.contains("20241301") })
        // A subscriber's that no claim uses (a dependent's loop follows) is a warning.
        let dependent = X12Fixtures.interchange(claims:
            ["DMG*D8*20241301*F", "HL*3*2*23*0", "PAT*19", "NM1*QC*1*DOE*KID", "DMG*D8*20200202*M"] + claim("K", "20240814"))
        let d = try X12Fixtures.read(text: dependent)
        #expect(d.ids == ["x12.invalid-date"] && d.diagnostics.first?.severity == .warning && d.claims.map(\.id) == ["K"])
        #expect(d.diagnostics.first?.message.hasSuffix("the claims that follow are a dependent's (2000C), whose birth date is used") == true)
    }

    /// A claim without service lines is an error and not checked, as in CSV and JSON (it was
    /// counted as checked); a second SV1 under one LX is a line read of its own.
    @Test func aClaimWithoutLinesIsNotCheckedAndEveryServiceIsCounted() throws {
        let text = X12Fixtures.interchange(claims: [
            "CLM*EMPTY*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69",
            "CLM*TWO*20.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "SV1*HC:99214*10.00*UN*1***1", "DTP*472*D8*20240814",
            "CLM*OK*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814",
        ])
        let r = try X12Fixtures.read(text: text)
        #expect(r.claims.map(\.id) == ["OK"])
        #expect(r.claimsRead == 3 && r.claimsUnreadable == 2 && r.linesRead == 3 && r.linesUnreadable == 2)
        #expect(r.ids == ["x12.missing-value", "input.claim-not-checked", "x12.unexpected-segment", "input.claim-not-checked"])
        #expect(r.diagnostics[0].message == "CLM (segment 10): claim 'EMPTY' has no service lines (LX, then SV1); it is not checked")
        #expect(r.diagnostics[0].field == "LX" && r.diagnostics[0].location?.segment == 10)
        // The second SV1 is counted apart from the LX count, which the line limits are told at.
        var lines: [String] = ["CLM*MANY*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69"]
        for k in 1...52 {
            lines += ["LX*\(k)", "SV1*HC:99213*10.00*UN*1***1"] + (k == 50 ? ["SV1*HC:99214*10.00*UN*1***1"] : []) + ["DTP*472*D8*20240814"]
        }
        let many = try X12Fixtures.read(text: X12Fixtures.interchange(claims: lines))
        #expect(many.ids.contains("x12.line-count") && many.linesRead == 53 && many.linesUnreadable == 53)
    }

    /// SV103 `MJ` (anesthesia minutes) is a unit basis of the guide, read without a warning;
    /// the quantity is read as written, as a payer's unit edits count it.
    @Test func anesthesiaMinutesAreReadAsWritten() throws {
        let text = X12Fixtures.interchange(claims: [
            "CLM*A*20.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69",
            "LX*1", "SV1*HC:00142*10.00*MJ*30***1", "DTP*472*D8*20240814",
            "LX*2", "SV1*HC:87253*10.00*UN*3***1", "DTP*472*D8*20240814",
        ])
        let r = try X12Fixtures.read(text: text)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        #expect(r.claims.first?.lines.map(\.units) == [Units(30), Units(3)])
    }

    @Test func shortISAIsReadWithAWarning() throws {
        let isa = "ISA*00**00**ZZ*S*ZZ*R*240820*1200*^*00501*000000001*0*T*:~"
        let text = X12Fixtures.interchange(claims: ["CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814"])
            .replacingOccurrences(of: X12Fixtures.isa, with: isa)
        let r = try X12Fixtures.read(text: text)
        #expect(r.ids == ["x12.bad-isa"])
        #expect(r.diagnostics[0].severity == .warning)
        #expect(r.claims.count == 1)
    }

    @Test func segmentLongerThanTheLimit() throws {
        let long = "NTE*ADD*" + String(repeating: "A", count: X12Scanner.maxSegmentLength)
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [
            "CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", long, "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814",
        ]))
        #expect(r.ids == ["x12.segment-too-long", "input.claim-not-checked"])
        #expect(r.claimsUnreadable == 1)
    }

    @Test func segmentWithTooManyElements() throws {
        let wide = "NTE" + String(repeating: "*A", count: X12Scanner.maxElements + 1)
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [
            "CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814", wide,
        ]))
        #expect(r.ids == ["x12.too-many-elements", "input.claim-not-checked"])
    }

    @Test(arguments: [(50, [String]()), (51, ["x12.line-count"]), (1000, ["x12.line-count", "x12.too-many-lines", "input.claim-not-checked"])])
    func lineLimits(lines: Int, ids: [String]) throws {
        var body = ["CLM*C1*\(lines * 10).00***11:B:1*Y*A*Y*Y", "HI*ABK:R69"]
        for i in 1...lines { body += ["LX*\(i)", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814"] }
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: body))
        #expect(r.ids == ids)
        #expect(r.linesRead == lines)
        #expect(r.claims.count == (lines > X12ClaimReader.maxLines ? 0 : 1))
        #expect(r.linesUnreadable == (lines > X12ClaimReader.maxLines ? lines : 0))
    }

    @Test func unexpectedSegmentsOutsideTransactions() throws {
        let text = X12Fixtures.interchange(claims: ["CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814"])
            .replacingOccurrences(of: "GE*1*1~", with: "REF*XX*1~\nGE*1*1~")
        let r = try X12Fixtures.read(text: text)
        #expect(r.ids == ["x12.unexpected-segment"])
        #expect(r.diagnostics[0].severity == .warning)
        #expect(r.claims.count == 1)
    }

    @Test func secondSV1WithoutLX() throws {
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [
            "CLM*C1*20.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "SV1*HC:99214*10.00*UN*1***1", "DTP*472*D8*20240814",
        ]))
        #expect(r.ids == ["x12.unexpected-segment", "input.claim-not-checked"])
        #expect(r.diagnostics[0].severity == .error)
    }

    @Test func chargesThatDoNotBalance() throws {
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [
            "CLM*C1*25.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814",
        ]))
        #expect(r.ids == ["x12.charge-mismatch"])
        #expect(r.claims.count == 1)
    }

    @Test func componentSeparatorThatDisagreesWithISA16() throws {
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [
            "CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC>99213*10.00*UN*1***1", "DTP*472*D8*20240814",
        ]))
        #expect(r.ids == ["x12.invalid-code", "input.claim-not-checked"])
        #expect(r.diagnostics[0].message.contains("ISA16 declares ':'"))
    }

    /// Diagnoses past the 12th: the 13th is reported, the others counted silently (a claim of
    /// many HI segments makes one diagnostic, not one a code), and the next claim starts over.
    @Test func diagnosesPastTheTwelfthAreReportedOnce() throws {
        let twelve = "HI*" + (1...12).map { "\($0 == 1 ? "ABK" : "ABF"):R5\($0 % 10)" }.joined(separator: "*")
        let line = ["LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814"]
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims:
            ["CLM*C1*10.00***11:B:1*Y*A*Y*Y", twelve] + Array(repeating: twelve, count: 50) + line
            + ["CLM*C2*10.00***11:B:1*Y*A*Y*Y", twelve] + line
            + ["CLM*C3*10.00***11:B:1*Y*A*Y*Y", twelve, "HI*ABF:R51*ABF:R52"] + line))
        #expect(r.ids == ["x12.invalid-diagnosis", "input.claim-not-checked", "x12.invalid-diagnosis", "input.claim-not-checked"])
        #expect(r.diagnostics[0].message.contains("a 13th diagnosis") && r.diagnostics[0].location?.line == 12)
        #expect(r.diagnostics[2].value == "R51" && r.diagnostics[2].field == "HI01")
        #expect(r.claims.map(\.id) == ["C2"] && r.claims[0].diagnoses.count == 12)
    }

    @Test func pointerPastTheDiagnoses() throws {
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [
            "CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R9389", "LX*1", "SV1*HC:99213*10.00*UN*1***1:2", "DTP*472*D8*20240814",
        ]))
        #expect(r.ids == ["x12.invalid-pointer", "input.claim-not-checked"])
    }

    /// A claim the envelope skips, outside any transaction set (its ST lost to a GS without
    /// its terminator) or in one that is not an 837 (`ST*873`), is read and not checked: an
    /// error at its CLM, counted with its lines, so the file does not pass as one of no claims.
    @Test func claimsOutsideAn837TransactionAreCountedUnreadable() throws {
        let body = ["CLM*C1*20.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "LX*2", "SV1*HC:99214*10.00*UN*1***1", "DTP*472*D8*20240814"]
        let lostST = X12Fixtures.interchange(claims: body).replacingOccurrences(of: "X*005010X222A1~\nST*837", with: "X*005010X222A1\nST*837")
        let r = try X12Fixtures.read(text: lostST)
        #expect(r.claimsRead == 1 && r.claimsUnreadable == 1 && r.linesRead == 2 && r.linesUnreadable == 2 && r.claims.isEmpty)
        let d = try #require(r.diagnostics.first { $0.id == "input.claim-not-checked" })
        #expect(d.severity == .error && d.value == "C1" && d.field == "CLM01")
        #expect(d.message.hasSuffix("claim 'C1' is outside any transaction set (no ST*837 before it, or an ST lost to a missing segment terminator); it is not checked"))
        let other = try X12Fixtures.read(text: X12Fixtures.interchange(claims: body).replacingOccurrences(of: "ST*837*", with: "ST*873*"))
        #expect(other.claimsRead == 1 && other.claimsUnreadable == 1 && other.linesUnreadable == 2)
        #expect(other.ids == ["x12.unsupported-transaction", "input.claim-not-checked"])
        #expect(other.diagnostics[1].message.hasSuffix("claim 'C1' is in a transaction set that is not an 837 (see x12.unsupported-transaction); it is not checked"))
        // An 835 numbers its headers with LX, after no CLM: no service lines.
        let remittance = try X12Fixtures.read(text: X12Fixtures.interchange(claims: ["LX*1", "CLP*C1*1*20*10**MB*1", "LX*2", "CLP*C2*1*20*10**MB*2"]).replacingOccurrences(of: "ST*837*", with: "ST*835*"))
        #expect(remittance.claimsRead == 0 && remittance.linesRead == 0 && remittance.ids == ["x12.unsupported-transaction"])
    }

    /// A claim without HI has nothing for its lines to point to: its pointers are errors, as
    /// in CSV and JSON. A claim whose HI holds only ICD-9 codes keeps its one warning (its
    /// codes are not read), and lines without pointers need no diagnosis.
    @Test func pointersOfAClaimWithoutDiagnoses() throws {
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: [
            "CLM*NOHI*10.00***11:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:99213*10.00*UN*1***1:2", "DTP*472*D8*20240814",
            "CLM*ICD9*10.00***11:B:1*Y*A*Y*Y", "HI*BK:7840", "LX*1", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814",
            "CLM*NOPTR*10.00***11:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:99213*10.00*UN*1", "DTP*472*D8*20240814",
        ]))
        #expect(r.ids == ["x12.invalid-pointer", "x12.invalid-pointer", "input.claim-not-checked", "x12.icd9-diagnosis"])
        #expect(r.diagnostics[0].message == "SV1 (segment 12) SV107: pointer 1 of line 1 points to a diagnosis, but claim 'NOHI' has none: the guide requires an HI segment with its ICD-10-CM codes (ABK, then ABF) after CLM")
        #expect(r.diagnostics[1].value == "2" && r.diagnostics[1].field == "SV107")
        #expect(r.claims.map(\.id) == ["ICD9", "NOPTR"] && r.claimsUnreadable == 1)
    }

    /// DTP dates: D8 and RD8 are read, anything else is named with its qualifier; a line whose
    /// date cannot be read leaves its claim unchecked.
    @Test(arguments: [
        ("DTP*472*D8*20240814", nil, nil, "2024-08-14..2024-08-14"),
        ("DTP*472*RD8*20240812-20240814", nil, nil, "2024-08-12..2024-08-14"),
        ("DTP*472*D8*20240231", "DTP03", "'20240231' is not a date for DTP02 'D8': expected CCYYMMDD, a real calendar day", nil),
        ("DTP*472*RD8*20240814", "DTP03", "'20240814' is not a date for DTP02 'RD8': expected CCYYMMDD-CCYYMMDD, a real calendar day", nil),
        ("DTP*472*RD8*20240814-20240812", "DTP03", "expected a span whose end (2024-08-12) is not before its start (2024-08-14)", nil),
        ("DTP*472*DT*202408141200", "DTP02", "'DT' is not a date format this reader knows: expected D8 (one date) or RD8 (a span)", nil),
        ("DTP*472*D*20240814", "DTP02", "'D' is not a date format this reader knows", nil),
    ] as [(String, String?, String?, String?)])
    func serviceDates(dtp: String, field: String?, message: String?, read: String?) throws {
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: ["CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69", "LX*1", "SV1*HC:99213*10.00*UN*1***1", dtp]))
        if let read {
            #expect(r.diagnostics.isEmpty)
            let d = try #require(r.claim("C1")?.lines.first?.dates)
            #expect("\(d.from.iso)..\(d.through.iso)" == read)
        } else {
            #expect(r.ids == ["x12.invalid-date", "input.claim-not-checked"])
            #expect(r.diagnostics[0].field == field)
            #expect(r.diagnostics[0].message.contains(message!), "\(r.diagnostics[0].message)")
            #expect(r.claims.isEmpty)
        }
    }
}
