import Foundation
import Testing
@testable import ClaimLint

@Suite struct CSVReaderTests {
    func read(_ text: String, file: String = "t.csv") throws -> ReadResult {
        try ClaimFileReader.read(bytes: Array(text.utf8), file: file)
    }

    @Test func readsTheSampleFieldByField() throws {
        let r = try ClaimFileReader.read(path: fixture("claims/sample.csv"), displayPath: "sample.csv")
        #expect(r.claimsRead == 10 && r.linesRead == 18 && r.claimsUnreadable == 0 && r.diagnostics.isEmpty)
        let c = r.claims[2]
        #expect(c.id == "PCN-1003" && c.memberID == "MBR0003" && c.billingNPI == NPI("1234567893") && c.renderingNPI == NPI("1811111115"))
        #expect(c.placeOfService == "22" && c.diagnoses == [DiagnosisCode("I70.213")!])
        let l = c.lines[1]
        #expect(l.number == 2 && l.code == "37253" && l.modifiers.isEmpty && l.units == Units(1))
        #expect(l.dates == DateRange("2024-08-15") && l.charge == Money("310.00") && l.diagnosisPointers == [1])
        #expect(l.location == SourceLocation(file: "sample.csv", line: 7, column: 53))
        #expect(r.claims[8].lines[0].modifiers == ["RT"])
    }

    @Test func readsTSVWithBOMCRLFQuotesAndAModifiersColumn() throws {
        let r = try ClaimFileReader.read(path: fixture("claims/tabs-bom-crlf.tsv"), displayPath: "x.tsv")
        #expect(r.claimsRead == 2 && r.linesRead == 4 && r.claimsUnreadable == 0)
        #expect(r.diagnostics.map(\.id) == ["input.unknown-column"])
        #expect(r.claims[0].id == "PCN-3001")
        #expect(r.claims[0].lines[2].modifiers == ["59", "XS"])
        #expect(r.claims[1].lines[0].dates == DateRange(from: "2024-08-12", through: "2024-08-16"))
        #expect(r.claims[1].renderingNPI == nil)
    }

    /// A birth date after a line's date of service is an error at the birth date's cell, which
    /// does not repeat it (PHI); the claim is counted and not checked. Born on the day is fine.
    @Test func birthDateAfterTheServiceIsAnError() throws {
        let text = """
            claim_id,member_id,billing_npi,birth_date,code,units,date
            A,M1,1234567893,2024-08-20,99213,1,2024-08-21
            A,M1,1234567893,2024-08-20,99214,1,2024-08-19
            A,M1,1234567893,2024-08-20,99215,1,2024-08-18
            B,M2,1234567893,2024-08-14,99213,1,2024-08-14
            C,M3,1234567893,,99213,1,2024-08-14

            """
        let r = try read(text)
        #expect(r.claims.map(\.id) == ["B", "C"] && r.claims[0].birthDate == ServiceDate("2024-08-14"))
        #expect(r.claimsRead == 3 && r.claimsUnreadable == 1 && r.linesUnreadable == 3)
        #expect(r.ids == ["input.invalid-date", "input.claim-not-checked"])
        let d = r.diagnostics[0]
        #expect(d.message == "column 'birth_date': the birth date (not repeated here) is after line 3's date of service, 2024-08-18; correct the birth date or the date of service")
        #expect(d.field == "birth_date" && d.value == nil )
        #expect(d.location == SourceLocation(file: "t.csv", line: 2, column: 17))
    }

    /// A quote never closed takes the rest of the file: the error says how many lines that is,
    /// with or without a last line break, so that what was not read is known.
    @Test func anUnclosedQuoteSaysHowManyLinesItTook() throws {
        let head = "claim_id,member_id,billing_npi,code,units,date\nA,M1,1234567893,99213,1,2024-08-14\nB,M1,\"1234567893,99213,1,2024-08-14\n"
        let rest = "C,M1,1234567893,99213,1,2024-08-14\nD,M1,1234567893,99213,1,2024-08-14"
        for text in [head + rest + "\n", head + rest] {
            let r = try read(text)
            #expect(r.ids == ["input.malformed-row"])
            #expect(r.diagnostics.first?.message.hasPrefix("a quoted field opened here is never closed; the rest of the file (3 lines from here) is inside it and not read") == true)
            #expect(r.diagnostics.first?.location == SourceLocation(file: "t.csv", line: 3, column: 6))
            #expect(r.claims.map(\.id) == ["A"] && r.linesRead == 2 && r.linesUnreadable == 1)
        }
    }

    /// A code of five characters that is no code's shape is told the shapes (it was told "five
    /// characters", which `ZZ999` has).
    @Test func aCodeOfTheWrongShapeIsToldTheShapes() throws {
        let r = try read("claim_id,member_id,billing_npi,code,units,date\nA,M1,1234567893,ZZ999,1,2024-08-14\n")
        #expect(r.diagnostics.first?.message == "column 'code': 'ZZ999' is not a HCPCS/CPT code: expected five digits (99213), four digits and a letter (0856T, 0001A) or a letter and four digits (A0425)")
    }

    /// A claim whose line cannot be read has its own values read too: all of its problems are
    /// told at once (the missing member id was told only once the code and date were fixed).
    @Test func aClaimsOwnProblemsAreToldWithItsLinesProblems() throws {
        let r = try read("claim_id,member_id,billing_npi,code,units,date\nT1,,1234567893,,2,\n")
        #expect(r.diagnostics.map { $0.field ?? "-" } == ["code", "date", "member_id", "claim_id"])
        #expect(r.ids == ["input.missing-value", "input.missing-value", "input.missing-value", "input.claim-not-checked"])
        #expect(r.claimsRead == 1 && r.claimsUnreadable == 1 && r.linesUnreadable == 1)
    }

    @Test func quotedFieldsMayHoldDelimitersQuotesAndNewlines() throws {
        let text = "claim_id,member_id,billing_npi,code,modifiers,units,date\r\n\"A,1\",M1,1234567893,99213,\"25, 59\",1,2024-08-14\r\n\"B\"\"2\",\"M\n2\",1234567893,99213,,\"1.5\",20240814\r\n\r\n"
        let r = try read(text)
        #expect(r.diagnostics.isEmpty)
        #expect(r.claims.map(\.id) == ["A,1", "B\"2"])
        #expect(r.claims[0].lines[0].modifiers == ["25", "59"])
        #expect(r.claims[1].memberID == "M\n2" && r.claims[1].lines[0].units == Units(thousandths: 1500))
        #expect(r.claims[1].lines[0].location.line == 3)
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String
        var row: String
        var id: String
        var column: Int
        var field: String?
        var value: String?
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "bad code", row: "C1,M1,1234567893,9921,1,2024-08-14", id: "input.invalid-code", column: 18, field: "code", value: "9921"),
        Malformed(name: "bad date", row: "C1,M1,1234567893,99213,1,2024-02-30", id: "input.invalid-date", column: 26, field: "date", value: "2024-02-30"),
        Malformed(name: "bad units", row: "C1,M1,1234567893,99213,1.2.3,2024-08-14", id: "input.invalid-units", column: 24, field: "units", value: "1.2.3"),
        Malformed(name: "too many decimals", row: "C1,M1,1234567893,99213,0.0005,2024-08-14", id: "input.invalid-units", column: 24, field: "units", value: "0.0005"),
        Malformed(name: "missing units", row: "C1,M1,1234567893,99213,,2024-08-14", id: "input.missing-value", column: 24, field: "units", value: nil),
        Malformed(name: "bad NPI", row: "C1,M1,1234567890,99213,1,2024-08-14", id: "input.invalid-value", column: 7, field: "billing_npi", value: "1234567890"),
        Malformed(name: "ragged row", row: "C1,M1,1234567893,99213,1", id: "input.ragged-row", column: 24, field: nil, value: nil),
        Malformed(name: "text after quote", row: "C1,M1,1234567893,\"99213\"x,1,2024-08-14", id: "input.malformed-row", column: 25, field: nil, value: nil),
    ]

    @Test(arguments: malformed)
    func malformedRowsAreNamedAndTheRestIsChecked(_ m: Malformed) throws {
        let text = "claim_id,member_id,billing_npi,code,units,date\nC0,M0,1234567893,99213,1,2024-08-14\n\(m.row)\nC2,M2,1234567893,99213,1,2024-08-14\n"
        let r = try read(text)
        let d = try #require(r.diagnostics.first)
        #expect(d.id == m.id)
        #expect(d.location == SourceLocation(file: "t.csv", line: 3, column: m.column))
        #expect(d.field == m.field && d.value == m.value)
        #expect(d.severity == .error)
        // Nothing is lost: the bad row is counted, the good claims are read.
        #expect(r.linesRead == 3 && r.linesUnreadable == 1)
        #expect(r.claims.map(\.id) == ["C0", "C2"])
    }

    struct OverLimit: Sendable, CustomTestStringConvertible {
        var name: String
        var row: String
        var id: String
        /// The claim the row is counted in (nil: no claim, the id cannot be read).
        var claim: String?
        var testDescription: String { name }
    }

    static let overLimit: [OverLimit] = {
        let limit = DelimitedTextLimits.maxRecordBytes
        return [
            OverLimit(name: "too many fields", row: "C1,M1,1234567893,99213,1,2024-08-14" + String(repeating: ",", count: DelimitedTextLimits.maxFields), id: "input.too-many-fields", claim: "C1"),
            OverLimit(name: "a field too long", row: "C1,M1,1234567893,99213,1,2024-08-14 " + String(repeating: "x", count: limit), id: "input.row-too-long", claim: "C1"),
            OverLimit(name: "a quoted field with line breaks too long", row: "C1,M1,1234567893,99213,1,\"" + String(repeating: "x\n", count: limit / 2) + "\"", id: "input.row-too-long", claim: "C1"),
            OverLimit(name: "an id too long to be one", row: String(repeating: "C", count: 39) + ",M1,1234567893,99213,1," + String(repeating: "x", count: limit), id: "input.row-too-long", claim: nil),
            OverLimit(name: "no id", row: ",M1,1234567893,99213,1" + String(repeating: ",", count: DelimitedTextLimits.maxFields), id: "input.too-many-fields", claim: nil),
        ]
    }()

    /// A row over a limit is read to its end, kept no further than the limits, reported at its
    /// start, and counted in its claim (not checked), or in no claim when its id cannot be read.
    @Test(arguments: overLimit)
    func rowsOverTheLimitsAreSkippedWholeAndCounted(_ o: OverLimit) throws {
        let text = "claim_id,member_id,billing_npi,code,units,date\nC0,M0,1234567893,99213,1,2024-08-14\n\(o.row)\nC2,M2,1234567893,99213,1,2024-08-14\n"
        let r = try read(text)
        let over = r.diagnostics.filter { $0.id == o.id }
        #expect(over.count == 1)
        #expect(over.first?.location == SourceLocation(file: "t.csv", line: 3, column: 1))
        #expect(over.first?.severity == .error)
        #expect(r.linesRead == 3 && r.linesUnreadable == 1)
        #expect(r.claims.map(\.id) == ["C0", "C2"])
        // The next row is read from where it starts (after the quoted line breaks too).
        let rowsAfter = o.row.utf8.count(where: { $0 == UInt8(ascii: "\n") })
        #expect(r.claims.last?.location.line == 4 + rowsAfter)
        if let claim = o.claim {
            #expect(r.claimsRead == 3 && r.claimsUnreadable == 1)
            #expect(r.diagnostics.contains { $0.id == "input.claim-not-checked" && $0.message.contains("'\(claim)'") })
        } else {
            #expect(r.claimsRead == 2 && r.claimsUnreadable == 0)
        }
    }

    /// The limits themselves are accepted; a byte or a field more is not, and what is kept of
    /// a record over them stays within them.
    @Test func delimitedTextKeepsRecordsUpToItsLimitsAndNoMore() throws {
        let limit = DelimitedTextLimits.maxRecordBytes, fields = DelimitedTextLimits.maxFields
        let atLimit = String(repeating: "x", count: limit), overByOne = String(repeating: "x", count: limit + 1)
        let manyFields = String(repeating: "a,", count: fields - 1) + "a", tooMany = manyFields + ",a"
        let quoted = "\"" + String(repeating: "\"\"", count: limit + 10) + "\""
        let twoQuoted = "\"" + String(repeating: "y", count: limit - 10) + "\",\"" + String(repeating: "z", count: 20) + "\""
        let text = [atLimit, overByOne, manyFields, tooMany, quoted, twoQuoted, "last"].joined(separator: "\r\n")
        var reader = DelimitedText(bytes: Array(text.utf8), delimiter: UInt8(ascii: ","))
        func problem(_ next: Result<DelimitedText.Record, DelimitedTextProblem>?) -> DelimitedTextProblem? {
            if case .failure(let p) = next { p } else { nil }
        }
        guard case .success(let r1) = reader.next() else { Issue.record("a record at the byte limit is refused"); return }
        #expect(r1.fields.count == 1 && r1.fields[0].count == limit)
        #expect(problem(reader.next()) == .recordTooLong(line: 2, bytes: limit + 1))
        #expect(reader.overLimitFields.count == 1)
        guard case .success(let r3) = reader.next() else { Issue.record("a record at the field limit is refused"); return }
        #expect(r3.fields.count == fields)
        #expect(problem(reader.next()) == .tooManyFields(line: 4, count: fields + 1))
        #expect(reader.overLimitFields.count == fields)
        // Doubled quotes, unquoted to more than the limit: cut at the limit.
        #expect(problem(reader.next()) == .recordTooLong(line: 5, bytes: 2 * (limit + 10) + 2))
        #expect(reader.overLimitFields.first?.count == limit)
        // Two quoted fields: the limit copied in all.
        #expect(problem(reader.next()) == .recordTooLong(line: 6, bytes: limit + 15))
        #expect(reader.overLimitFields.map(\.count) == [limit - 10, 10])
        guard case .success(let last) = reader.next() else { Issue.record("the record after is lost"); return }
        #expect(last.line == 7 && last.fields.map(\.text) == ["last"])
        #expect(reader.next() == nil)
    }

    @Test func aMissingRequiredColumnStopsTheFile() throws {
        #expect {
            try ClaimFileReader.read(path: fixture("claims/missing-column.csv"), displayPath: "m.csv")
        } throws: { e in
            let d = (e as! InputError).diagnostic
            return d.id == "input.missing-column" && d.field == "billing_npi" && d.location == SourceLocation(file: "m.csv", line: 1, column: 1)
        }
    }

    @Test func claimLevelValuesThatDisagreeAreFlaggedWithoutPrintingMemberIDs() throws {
        let r = try read("claim_id,member_id,billing_npi,frequency_code,code,units,date\nC1,SECRET1,1234567893,1,99213,1,2024-08-14\nC1,SECRET2,1234567893,7,99214,1,2024-08-14\n")
        #expect(r.diagnostics.map(\.id).sorted() == ["input.claim-field-differs", "input.claim-field-differs"])
        #expect(!r.diagnostics.contains { $0.message.contains("SECRET") || ($0.value ?? "").contains("SECRET") })
        #expect(r.claims[0].memberID == "SECRET1" && r.claims[0].frequencyCode == "1")
    }

    /// Place of service and rendering NPI are a line's on the CMS-1500 (24B, 24J): in a line
    /// export their claim columns vary by row, and a row's value is its line's (it was the first
    /// row's, with a warning, so a line was checked at the wrong place and provider). A row's
    /// line column wins; the claim's values stay the first row's.
    @Test func placeOfServiceAndRenderingNPIThatVaryByRowAreTheLines() throws {
        let r = try read(
            "Claim ID,Member ID,Billing NPI,POS,Rendering NPI,line_pos,CPT,Units,DOS\n"
                + "C1,M1,1234567893,11,1811111115,,99213,1,2024-08-14\n"
                + "C1,M1,1234567893,21,1234567893,,97110,2,2024-08-14\n"
                + "C1,M1,1234567893,11,1811111115,,97112,1,2024-08-14\n"
                + "C1,M1,1234567893,22,1811111115,23,97116,1,2024-08-14\n")
        #expect(r.diagnostics.map(\.id) == ["input.claim-field-differs"])
        #expect(r.diagnostics.first?.field == "place_of_service" && r.diagnostics.first?.value == "22")
        let c = try #require(r.claims.first)
        #expect(c.placeOfService == "11" && c.renderingNPI == NPI("1811111115"))
        #expect(c.lines.map { $0.placeOfService ?? c.placeOfService } == ["11", "21", "11", "23"])
        #expect(c.lines.map { c.provider(of: $0) } == [NPI("1811111115"), NPI("1234567893"), NPI("1811111115"), NPI("1811111115")])
        // JSON: the claim's names in a line object are the line's.
        let json = try ClaimFileReader.read(bytes: Array("""
            {"claims": [{"claim_id": "C1", "member_id": "M1", "billing_npi": "1234567893", "pos": "11", "rendering_npi": "1811111115",
              "lines": [{"code": "99213", "units": 1, "date": "2024-08-14"},
                        {"code": "97110", "units": 2, "date": "2024-08-14", "pos": "21", "rendering_npi": "1234567893"}]}]}
            """.utf8), file: "t.json")
        #expect(json.diagnostics.isEmpty, "\(json.diagnostics)")
        let j = try #require(json.claims.first)
        #expect(j.lines.map { $0.placeOfService ?? j.placeOfService } == ["11", "21"])
        #expect(j.lines.map { j.provider(of: $0) } == [NPI("1811111115"), NPI("1234567893")])
    }

    @Test func messagesNameTheColumnAsTheHeaderWritesIt() throws {
        let r = try read("claim_id,member_id,billing_npi,hcpcs,units,dos,dx_pointers\nC1,M1,1234567893,99213,1,2024-08-14,Q\n")
        let d = try #require(r.diagnostics.first)
        #expect(d.message.hasPrefix("column 'dx_pointers': 'Q' is not a diagnosis pointer") && d.field == "diagnosis_pointers")
    }

    /// A value's diagnostic names the column it is in and gives the value: a modifier of
    /// mod1..mod4 its own column, a pointer past the diagnoses its cell.
    @Test func diagnosticsNameTheirOwnColumnAndValue() throws {
        let r = try read("""
            claim_id,member_id,billing_npi,diagnoses,code,mod1,mod2,units,date,dx_pointers,pos,line
            C1,M1,1234567893,M1711,99213,25,RT;59,1,2024-08-14,1,11,1
            C2,M1,1234567893,M1711,99213,,,1,2024-08-14,3,11,1
            C3,M1,1234567893,M1711,99213,,,1,2024-08-14,1,111,1
            C4,M1,1234567893,M1711,99213,,,1,2024-08-14,1,11,0
            C5,M1,1234567893,,99213,,,1,2024-08-14,2,11,1
            """)
        let d = r.diagnostics.filter { $0.severity == .error && $0.id != "input.claim-not-checked" }
        #expect(d.map { "\($0.location!.line):\($0.location!.column) \($0.field ?? "-") \($0.value ?? "-")" } == [
            "2:33 mod2 RT;59", "3:45 diagnosis_pointers 3", "4:47 place_of_service 111", "5:50 line 0", "6:40 diagnosis_pointers 2",
        ])
        // A pointer on a claim without diagnoses points to nothing (it was passed over).
        #expect(d[4].message == "column 'dx_pointers': pointer 2 points to a diagnosis, but the claim has none: give the claim's diagnosis codes, or leave the pointers empty")
        #expect(d[0].message.hasPrefix("column 'mod2': 'RT;59' is not a modifier"))
        #expect(d[1].message == "column 'dx_pointers': pointer 3 points past the claim's 1 diagnosis code")
        #expect(d[2].message.hasPrefix("column 'pos': '111' is not a place of service code: expected two digits"))
        #expect(d[3].message.hasPrefix("column 'line': '0' is not a line number"))
        // A JSON line's mod keys too; a bad part of a "modifiers" value names that key.
        let json = #"[{"claim_id":"J1","member_id":"M","billing_npi":"1234567893","lines":[{"code":"99213","mod1":"25","mod2":"R;T","units":1,"date":"2024-08-14"},"#
            + #"{"code":"99213","modifiers":"25 XYZ","units":1,"date":"2024-08-14"}]}]"#
        let j = try ClaimFileReader.read(bytes: Array(json.utf8), file: "j.json")
        #expect(j.diagnostics.filter { $0.id == "input.invalid-modifier" }.map(\.message) == [
            "key 'mod2': 'R;T' is not a modifier: expected two letters or digits such as 26, TC, 59 or RT",
            "key 'modifiers': 'XYZ' is not a modifier: expected two letters or digits such as 26, TC, 59 or RT",
        ])
    }

    /// A CSV delimited by semicolons (as spreadsheets write it where the decimal mark is a
    /// comma) reads as the comma one, a quoted semicolon or comma included.
    @Test func semicolonDelimitedFilesRead() throws {
        let comma = try String(contentsOf: Fixtures.url("Fixtures/claims/sample.csv"), encoding: .utf8)
        #expect(!comma.contains(";") && !comma.contains("\""))
        let semicolon = comma.replacingOccurrences(of: ",", with: ";")
        let a = try read(comma), b = try read(semicolon)
        #expect(b.claims == a.claims && b.diagnostics == a.diagnostics && !a.claims.isEmpty)
        let quoted = try read("claim_id;member_id;billing_npi;code;modifiers;units;date\nC1;M1;1234567893;99213;\"25;59\";1;8/14/2024\n")
        #expect(quoted.claims.first?.lines.first?.modifiers.map(\.text) == ["25", "59"])
        // Where the delimiter is a semicolon, a comma in an amount may be a decimal mark: 1,500
        // is refused, not read as 1500 (nor as 1.50).
        let amount = try read("claim_id;member_id;billing_npi;code;units;date;charge\nC1;M1;1234567893;99213;1;8/14/2024;1,500\nC2;M1;1234567893;99213;1;8/14/2024;$125.00\n")
        #expect(amount.claims.map(\.id) == ["C2"] && amount.claims.first?.lines.first?.charge == Money("125.00"))
        #expect(amount.diagnostics.first?.message.hasPrefix("column 'charge': '1,500' could be 1,5 or 1500") == true)
        #expect(DelimitedText.guessDelimiter(Array("a,b;c\tx".utf8)) == UInt8(ascii: ","))
        #expect(DelimitedText.guessDelimiter(Array("a\tb\tc;d;e".utf8)) == UInt8(ascii: "\t"))
        #expect(DelimitedText.guessDelimiter(Array("a;b;c,d\n,,,,,,".utf8)) == UInt8(ascii: ";"))
    }

    /// A file delimited by semicolons (a spreadsheet's CSV where the decimal mark is a comma)
    /// reads its charges and units with a decimal comma and dots between thousands; a dot
    /// decimal reads too. They were refused ("expected dollars and cents such as 125.00").
    @Test func semicolonFilesReadDecimalCommas() throws {
        let r = try read("""
            claim_id;member_id;billing_npi;code;units;date;charge
            A;M1;1234567893;99213;1,5;2024-08-14;125,00
            B;M1;1234567893;99213;2;2024-08-14;1.250,00
            C;M1;1234567893;99213;0.5;2024-08-14;125.00
            D;M1;1234567893;99213;0,25;2024-08-14;$80,5
            E;M1;1234567893;99213;1;2024-08-14;1.250.000
            """, file: "eu.csv")
        #expect(r.diagnostics.isEmpty && r.claims.map(\.id) == ["A", "B", "C", "D", "E"])
        #expect(r.claims.map { $0.lines[0].units } == [Units(thousandths: 1500), Units(2), Units(thousandths: 500), Units(thousandths: 250), Units(1)])
        #expect(r.claims.map { $0.lines[0].charge } == [Money(cents: 12500), Money(cents: 125_000), Money(cents: 12500), Money(cents: 8050), Money(cents: 125_000_000)])
        for (text, reading) in [
            ("125,00", "125.00"), ("1.250,00", "1250.00"), ("-1,5", "-1.5"), ("125.00", "125.00"), ("0.500", "0.500"), ("0,500", "0.500"),
            ("1250.000", "1250.000"), ("1250,000", "1250.000"), ("1.250.000", "1250000"), (",5", ".5"), ("1.25,00", "1.25,00"), ("1,2,3", "1,2,3"),
            ("1,250.00", "1,250.00"), ("1e2", "1e2"), ("$125.00", "125.00"), ("$1,5", "1.5"),
        ] {
            #expect(ClaimAssembler.decimalCommaNumber(text, dollarSign: true) == .number(reading), "\(text)")
        }
        for (text, decimal, thousands) in [("1.000", "1", "1000"), ("2.500", "2,5", "2500"), ("$1,500", "1,5", "1500"), ("12,345", "12,345", "12345"), ("-100,250", "-100,25", "-100250")] {
            #expect(ClaimAssembler.decimalCommaNumber(text, dollarSign: true) == .ambiguous(decimal: decimal, thousands: thousands), "\(text)")
        }
    }

    /// In a file delimited by semicolons one separator followed by three digits (`1.000`,
    /// `1,500`) may be a decimal or thousands: it is refused with both readings, and a value
    /// that is no number is told that the decimal mark is a comma.
    @Test func semicolonFilesRefuseAmbiguousNumbersAndSayTheDecimalMarkIsAComma() throws {
        let r = try read("""
            claim_id;member_id;billing_npi;code;units;date;charge
            A;M1;1234567893;99213;1.000;2024-08-14;10,00
            B;M1;1234567893;99213;1;2024-08-14;1,500
            C;M1;1234567893;99213;1;2024-08-14;1,250.00
            D;M1;1234567893;99213;x;2024-08-14;
            E;M1;1234567893;99213;1,2345;2024-08-14;
            """, file: "eu.csv")
        #expect(r.claims.isEmpty && r.claimsUnreadable == 5)
        let d = r.diagnostics.filter { $0.id != "input.claim-not-checked" }
        #expect(d.map(\.id) == ["input.invalid-units", "input.invalid-value", "input.invalid-value", "input.invalid-units", "input.invalid-units"])
        #expect(d.map(\.value) == ["1.000", "1,500", "1,250.00", "x", "1,2345"])
        try #require(d.count == 5)
        #expect(d[0].location == SourceLocation(file: "eu.csv", line: 2, column: 23) && d[0].field == "units")
        #expect(d[0].message == "column 'units': '1.000' could be 1 or 1000: in a file delimited by semicolons the decimal mark is a comma and a dot may separate thousands, but a file may use them the other way round, so one separator followed by three digits is not read. Write 1 or 1000")
        #expect(d[1].message.hasPrefix("column 'charge': '1,500' could be 1,5 or 1500: "))
        #expect(d[2].message == "column 'charge': '1,250.00' is not an amount: in a file delimited by semicolons the decimal mark is a comma (a dot may separate thousands): expected a number such as 125,00 or 1.250,00 (125.00 reads too)")
        #expect(d[3].message == "column 'units': 'x' is not a number of units: in a file delimited by semicolons the decimal mark is a comma (a dot may separate thousands): expected a number such as 1, 2 or 0,5 (at most three decimals; 0.5 reads too)")
        #expect(d[4].message.hasPrefix("column 'units': '1,2345' is not a number of units: in a file delimited by semicolons the decimal mark is a comma"))
    }

    /// A comma or tab delimited file reads its numbers and slash dates as before: commas of
    /// thousands, a dot decimal (`1.000` is one unit), and slash dates month first, untold.
    @Test func commaAndTabFilesReadNumbersAndDatesAsBefore() throws {
        let text = """
            claim_id,member_id,billing_npi,code,units,date,charge
            A,M1,1234567893,99213,1.000,04/08/2024,"1,500"
            B,M1,1234567893,99213,"1,5",2024-08-14,"125,00"
            C,M1,1234567893,99213,1,14/08/2024,10.00
            """
        for (t, file) in [(text, "c.csv"), (text.replacingOccurrences(of: ",", with: "\t").replacingOccurrences(of: "\"1\t5\"", with: "\"1,5\"").replacingOccurrences(of: "\"125\t00\"", with: "\"125,00\"").replacingOccurrences(of: "\"1\t500\"", with: "\"1,500\""), "t.tsv")] {
            let r = try read(t, file: file)
            #expect(r.claims.map(\.id) == ["A"], "\(file)")
            #expect(r.claims.first?.lines[0].units == Units(1) && r.claims.first?.lines[0].charge == Money(cents: 150_000) && r.claims.first?.lines[0].dates == DateRange("2024-04-08"))
            #expect(r.ids == ["input.invalid-units", "input.invalid-value", "input.claim-not-checked", "input.invalid-date", "input.claim-not-checked"], "\(file)")
            try #require(r.diagnostics.count == 5)
            #expect(r.diagnostics.map(\.message)[0] == "column 'units': '1,5' is not a number of units: expected a decimal number such as 1, 2 or 0.5 (at most three decimals)")
            #expect(r.diagnostics.map(\.message)[1] == "column 'charge': '125,00' is not an amount: expected dollars and cents such as 125.00 (also $1,250.00)")
            #expect(r.diagnostics.map(\.message)[3] == "column 'date': '14/08/2024' is not a date: expected YYYY-MM-DD (also YYYYMMDD or M/D/YYYY), a real calendar day")
        }
    }

    /// In a file delimited by semicolons, whose spreadsheet may write dates day first, the
    /// first slash date that could be either (04/08/2024) is read month first and told, once a
    /// file; one day first (14/08/2024) is refused saying so. 08/14/2024 and 05/05/2024 are
    /// not in doubt. A birth date is told without its value.
    @Test func semicolonFilesTellSlashDatesReadMonthFirst() throws {
        let r = try read("""
            claim_id;member_id;billing_npi;code;units;date;date_to
            A;M1;1234567893;99213;1;08/14/2024;
            B;M1;1234567893;99213;1;05/05/2024;
            C;M1;1234567893;99213;1;04/08/2024;04/09/2024
            D;M1;1234567893;99213;1;03/08/2024;
            E;M1;1234567893;99213;1;14/08/2024;
            F;M1;1234567893;99213;1;2024-08-14;13/08/2024
            """, file: "eu.csv")
        #expect(r.claims.map(\.id) == ["A", "B", "C", "D"])
        try #require(r.claims.count == 4)
        #expect(r.claims[2].lines[0].dates == DateRange(from: "2024-04-08", through: "2024-04-09") && r.claims[3].lines[0].dates == DateRange("2024-03-08"))
        #expect(r.ids == ["input.ambiguous-date", "input.invalid-date", "input.claim-not-checked", "input.invalid-date", "input.claim-not-checked"])
        try #require(r.diagnostics.count == 5)
        let w = r.diagnostics[0]
        #expect(w.severity == .warning && w.field == "date" && w.value == "04/08/2024" && w.location == SourceLocation(file: "eu.csv", line: 4, column: 25))
        #expect(w.message == "column 'date': '04/08/2024' is read month first (M/D/YYYY), as 2024-04-08; a file delimited by semicolons comes from a spreadsheet whose locale may write dates day first (D/M/YYYY: 2024-08-04). Every slash date of the file is read month first (told once a file): write its dates as YYYY-MM-DD")
        #expect(r.diagnostics[1].message == "column 'date': '14/08/2024' is not a date: expected YYYY-MM-DD (also YYYYMMDD or M/D/YYYY), a real calendar day; it looks day first (D/M/YYYY), as spreadsheets of a file delimited by semicolons may write dates, but slash dates are read month first: write the file's dates as YYYY-MM-DD")
        #expect(r.diagnostics[3].field == "date_to" && r.diagnostics[3].message.hasSuffix("; it looks day first (D/M/YYYY), as spreadsheets of a file delimited by semicolons may write dates, but slash dates are read month first: write the file's dates as YYYY-MM-DD"))
        let born = try read("claim_id;member_id;billing_npi;birth_date;code;units;date\nA;M1;1234567893;04/08/1960;99213;1;2024-08-14\n", file: "eu.csv")
        #expect(born.claims.map(\.id) == ["A"] && born.claims.first?.birthDate == ServiceDate("1960-04-08") && born.ids == ["input.ambiguous-date"])
        #expect(born.diagnostics.first?.field == "birth_date" && born.diagnostics.first?.value == nil)
        #expect(born.diagnostics.first?.message == "column 'birth_date': the birth date (not repeated here) is read month first (M/D/YYYY); a file delimited by semicolons comes from a spreadsheet whose locale may write dates day first (D/M/YYYY). Every slash date of the file is read month first (told once a file): write its dates as YYYY-MM-DD")
    }

    /// Spreadsheet forms of dates and amounts read as the plain ones.
    @Test func spreadsheetDatesAndAmountsRead() throws {
        let r = try read("""
            claim_id,member_id,billing_npi,code,units,date,charge
            C1,M1,1234567893,99213,1,8/4/2024,"$1,250.00"
            C2,M1,1234567893,99213,1,2024-08-04,1250.00
            C3,M1,1234567893,99213,1,8/4/2024,"1,25.00"
            """)
        #expect(r.claims.map(\.id) == ["C1", "C2"])
        #expect(r.claims[0].lines[0].dates == r.claims[1].lines[0].dates && r.claims[0].lines[0].charge == r.claims[1].lines[0].charge)
        #expect(r.diagnostics.first?.message == "column 'charge': '1,25.00' is not an amount: expected dollars and cents such as 125.00 (also $1,250.00)")
        for (text, amount) in [("$1,250.00", "1250.00"), ("12,345,678.9", "12345678.9"), ("1,25.00", "1,25.00"), ("1250", "1250"), (",250", ",250"), ("1,2500", "1,2500")] {
            #expect(ClaimAssembler.amountText(text) == amount, "\(text)")
        }
    }

    @Test func aSuppressionCoversItsOwnFilesClaimOnly() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.csv"), b = dir.appendingPathComponent("b.csv")
        try "claim_id,member_id,billing_npi,code,units,date,suppress\nC1,MA,1234567893,99213,1,2024-08-14,mue.*: seen twice; documented\n".write(to: a, atomically: true, encoding: .utf8)
        try "claim_id,member_id,billing_npi,code,units,date\nC1,MB,1234567893,27447,3,2024-08-14\n".write(to: b, atomically: true, encoding: .utf8)
        let report = Checker().check(files: [a.path, b.path])
        #expect(report.findings.map(\.rule) == ["mue.date-limit"] && report.summary.suppressed == 0)
    }

    @Test func aClaimSplitAcrossTheFileIsReportedNotMerged() throws {
        let r = try read("claim_id,member_id,billing_npi,code,units,date\nC1,M1,1234567893,99213,1,2024-08-14\nC2,M2,1234567893,99213,1,2024-08-14\nC1,M1,1234567893,99214,1,2024-08-14\n")
        #expect(r.diagnostics.map(\.id) == ["input.claim-split"])
        #expect(r.claimsRead == 3 && r.claimsUnreadable == 1 && r.linesUnreadable == 1)
    }

    @Test func theMalformedFixtureAccountsForEveryClaim() throws {
        let r = try ClaimFileReader.read(path: fixture("claims/malformed.csv"))
        #expect(r.claimsRead == 7 && r.claimsUnreadable == 5 && r.claims.count == 2)
        #expect(r.linesRead == 8 && r.linesUnreadable == 5)
    }

    @Test func formatIsDetectedFromContent() {
        #expect(InputFormat.detect(Array("\u{FEFF}  {\"claims\": []}".utf8)) == .json)
        #expect(InputFormat.detect(Array("[]".utf8)) == .json)
        #expect(InputFormat.detect(Array("ISA*00*".utf8)) == .x12)
        #expect(InputFormat.detect(Array("a\tb\tc\n".utf8)) == .tsv)
        #expect(InputFormat.detect(Array("a,b,c\n".utf8)) == .csv)
    }

    /// Every name and alias names its field, short ones (found by their bytes) and long ones
    /// (hashed as strings) alike, in any case and with spaces for underscores; other names
    /// name none.
    @Test func everyNameAndAliasIsFoundWhateverItsLength() {
        var lengths: Set<Bool> = []
        for f in ClaimField.allCases {
            for name in [f.rawValue] + f.aliases {
                lengths.insert(name.utf8.count <= 16)
                #expect(ClaimField.named(name) == f, "\(name)")
                #expect(ClaimField.named(name.uppercased()) == f, "\(name)")
                #expect(ClaimField.named(" " + name.replacingOccurrences(of: "_", with: " ") + " ") == f, "\(name)")
            }
        }
        #expect(lengths == [true, false])
        // Names that differ from one only in a late byte (a short name is told apart by all
        // of its bytes, not by its first eight).
        let names = Set(ClaimField.allCases.flatMap { [$0.rawValue] + $0.aliases })
        for name in names where name.utf8.count > 8 && name.utf8.count <= 16 {
            for b in "abcdefghijklmnopqrstuvwxyz0123456789" {
                let variant = String(name.dropLast()) + String(b)
                guard !names.contains(variant) else { continue }
                #expect(ClaimField.named(variant) == nil, "\(variant)")
            }
        }
        for name in ["", "_", "zzz", "claim_idx", "claim_i", "0123456789abcdef", "abcdefghijklmnopq", "claim_id\u{0}", "clm02"] {
            #expect(ClaimField.named(name) == nil, "\(name)")
        }
    }

    /// A row's fields sit in an array slot per field, found by `ordinal`.
    @Test func fieldOrdinalsAreTheirPlaceInAllCases() {
        #expect(ClaimField.allCases.map(\.ordinal) == Array(ClaimField.allCases.indices))
        var fields = ClaimFields()
        fields[.units] = RawValue(text: "2", location: SourceLocation(file: "f", line: 1, column: 1))
        fields[.claimID] = RawValue(text: "C1", location: SourceLocation(file: "f", line: 1, column: 1))
        #expect(fields[.units]?.text == "2")
        #expect(fields[.code] == nil)
        // A header made in the storage of another claim's: only this row's claim-level fields.
        var header = ClaimFields()
        header[.code] = RawValue(text: "99213", location: SourceLocation(file: "f", line: 1, column: 1))
        header.setClaimLevel(of: fields)
        #expect(header[.claimID]?.text == "C1")
        #expect(header[.units] == nil && header[.code] == nil)
        // Emptied in place, and filled from another value.
        header.removeAll()
        #expect(ClaimField.allCases.allSatisfy { header[$0] == nil })
        header.replaceAll(with: fields)
        #expect(header[.units]?.text == "2" && header[.claimID]?.text == "C1" && header[.code] == nil)
        #expect(!ClaimFields.repeatedOnEachRow.contains(.claimID) && ClaimFields.repeatedOnEachRow.contains(.memberID))
    }

    /// With `onClaim`, each claim is handed over as it is read, and the result keeps none.
    @Test(arguments: ["sample.csv", "sample.json", "tabs-bom-crlf.tsv", "malformed.json", "malformed.csv"])
    func claimsAreHandedOverAsRead(file: String) throws {
        let path = Fixtures.url("Fixtures/claims/\(file)").path
        let whole = try ClaimFileReader.read(path: path)
        var handed: [Claim] = []
        let streamed = try ClaimFileReader.read(path: path, threads: 1) { handed.append($0) }
        #expect(handed == whole.claims)
        #expect(streamed.claims.isEmpty)
        #expect(streamed.claimsRead == whole.claimsRead)
        #expect(streamed.diagnostics == whole.diagnostics)
    }

    /// A mapped file is read in place, its pages released behind the reader (here every page),
    /// quoted fields with line breaks included: the claims are those of reading the bytes.
    @Test func aMappedFileWithPagesReleasedReadsTheSame() throws {
        var text = "claim_id,member_id,billing_npi,line,code,units,date,suppress\n"
        for i in 0..<6_000 {
            let suppress = i % 7 == 0 ? "\"units.duplicate-line: reviewed,\nsee \"\"notes\"\"\"" : ""
            text += "C\(i / 2),M\(i / 10),1234567893,\(i % 2 + 1),99213,1,2024-08-14,\(suppress)\n"
        }
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("mapped.csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let mapping = try #require(X12FileMapping(path: url.path))
        defer { mapping.close() }
        #expect(mapping.bytes.count > 60 * X12FileMapping.pageSize)
        var handed: [Claim] = []
        let mapped = try CSVClaimReader.read(mapping.bytes, file: "mapped.csv", onClaim: { handed.append($0) }, releaseBehind: X12FileMapping.pageSize).get()
        let whole = try CSVClaimReader.read(bytes: Array(text.utf8), file: "mapped.csv")
        #expect(handed.count == 3_000)
        #expect(handed == whole.claims)
        #expect(mapped.suppressions == whole.suppressions && mapped.suppressions.count > 100)
        #expect(mapped.diagnostics == whole.diagnostics && mapped.claimsRead == whole.claimsRead && mapped.linesRead == whole.linesRead)
    }

    /// Values whose bytes are not UTF-8 (a Latin-1 export) are read as Latin-1, with a warning
    /// at each: read as UTF-8 they became U+FFFD, so JOS\u{C9}-1 and JOS\u{C8}-1 were one
    /// claim with a false duplicate line, and two patients' member ids one patient.
    @Test func latin1ValuesAreReadAsLatin1() throws {
        let text: [UInt8] = Array("claim_id,member_id,billing_npi,code,units,date\n".utf8)
            + Array("JOS".utf8) + [0xC9] + Array("-1,M1,1234567893,87253,1,2024-08-14\n".utf8)
            + Array("JOS".utf8) + [0xC8] + Array("-1,M1,1234567893,87253,1,2024-08-14\n".utf8)
            + Array("B-1,MAR".utf8) + [0xCD] + Array("A,1234567893,87253,1,2024-08-14\n".utf8)
            + Array("B-2,MAR".utf8) + [0xCC] + Array("A,1234567893,87253,1,2024-08-14\n".utf8)
            + Array("C-1,MAR\u{00CD}A,1234567893,87253,1,2024-08-14\n".utf8)
        let r = try CSVClaimReader.read(bytes: text, file: "l.csv")
        #expect(r.claims.map(\.id) == ["JOS\u{C9}-1", "JOS\u{C8}-1", "B-1", "B-2", "C-1"])
        #expect(r.claims.map(\.memberID) == ["M1", "M1", "MAR\u{CD}A", "MAR\u{CC}A", "MAR\u{CD}A"])
        #expect(r.diagnostics.map { "\($0.id) \($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.field ?? "")" }
            == ["input.not-utf8 2:1 claim_id", "input.not-utf8 3:1 claim_id", "input.not-utf8 4:5 member_id", "input.not-utf8 5:5 member_id"])
        #expect(r.diagnostics.allSatisfy { $0.severity == .warning && $0.value == nil })
        #expect(Checker().check(r.claims).findings.isEmpty)
    }
}
