import Foundation
import Testing
@testable import ClaimLint

/// The limits of the 837I guide (005010X223A2), which are not the 837P's: up to 25 diagnoses
/// (ABK, then two HI segments of 12 ABF) and 999 service lines a claim.
@Suite struct X12InstitutionalLimitsTests {
    static let institutional = "005010X223A2"

    /// The principal diagnosis, then 24 others; the last (F11.20) is the one a pack rule needs.
    static let principal = "I10"
    static let others = [
        "E119", "E785", "I2510", "Z794", "N189", "D649", "K219", "F329", "G4733", "M1990", "E039", "Z87891",
        "Z7982", "Z7901", "I480", "J449", "N400", "H409", "E6601", "G4700", "R001", "M810", "K5900", "F1120",
    ]

    /// HI segments of 12 ABF each.
    static func otherDiagnoses(_ codes: [String]) -> [String] {
        stride(from: 0, to: codes.count, by: 12).map { start in
            "HI*" + codes[start..<min(start + 12, codes.count)].map { "ABF:\($0)" }.joined(separator: "*")
        }
    }

    /// An 837I claim with `hi` after its statement dates, and one HCPCS line (80305, a drug
    /// screen).
    static func claim(_ id: String, hi: [String]) -> [String] {
        ["CLM*\(id)*10.00***13:A:1**A*Y*Y", "DTP*434*RD8*20240801-20240805"] + hi
            + ["NM1*71*1*ATT*A****XX*1811111115", "LX*1", "SV2*0300*HC:80305*10.00*UN*1", "DTP*472*D8*20240801"]
    }

    /// 25 diagnoses are read whole, in order, and the claim is checked with all of them; the
    /// 837I's other HI qualifiers (admitting diagnosis, reason for visit, external cause,
    /// procedures, occurrence, value and condition codes) are neither read as diagnoses nor
    /// refused.
    @Test func an837IClaimReadsTwentyFiveDiagnoses() throws {
        let hi = ["HI*ABK:\(Self.principal)", "HI*ABJ:R079"] + Self.otherDiagnoses(Self.others)
            + ["HI*APR:R0789*APR:R0600", "HI*ABN:W010XXA", "HI*BBR:0SR90JZ:D8:20240801", "HI*BH:11:D8:20240801", "HI*BE:80:::5", "HI*BG:01"]
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: Self.claim("I1", hi: hi), version: Self.institutional))
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
        #expect(r.claimsRead == 1 && r.claimsUnreadable == 0 && r.linesUnreadable == 0)
        let c = try #require(r.claim("I1"))
        #expect(c.diagnoses.map(\.text) == [Self.principal] + Self.others)

        // Checked: a pack rule that needs a substance-use diagnosis finds the 25th (F11.20),
        // and fires on the claim without it.
        let pack = try RulePack.load(directory: fixture("packs/payer-rules"))
        let checker = Checker(packs: [.bundled, pack])
        #expect(!checker.check(r.claims).findings.contains { $0.rule == "payer.drug-screen-diagnosis" })
        let without = ["HI*ABK:\(Self.principal)"] + Self.otherDiagnoses(Array(Self.others.dropLast()) + ["R4182"])
        let r2 = try X12Fixtures.read(text: X12Fixtures.interchange(claims: Self.claim("I2", hi: without), version: Self.institutional))
        #expect(r2.claims.map(\.diagnoses.count) == [25])
        #expect(checker.check(r2.claims).findings.map(\.rule).contains("payer.drug-screen-diagnosis"))
    }

    /// A 26th diagnosis is refused as the 13th of an 837P is, once, where it is; the next claim
    /// starts over.
    @Test func a26thDiagnosisIsAnError() throws {
        let full = ["HI*ABK:\(Self.principal)"] + Self.otherDiagnoses(Self.others)
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(
            claims: Self.claim("I1", hi: full + ["HI*ABF:R51*ABF:R52"]) + Self.claim("I2", hi: full), version: Self.institutional))
        #expect(r.ids == ["x12.invalid-diagnosis", "input.claim-not-checked"])
        let d = r.diagnostics[0]
        #expect(d.message.hasPrefix("HI (segment "))
        #expect(d.message.contains("HI01: a 26th diagnosis; an 837I claim holds at most 25 (the principal diagnosis ABK, then up to two HI segments of 12 ABF)"))
        #expect(d.field == "HI01" && d.value == "R51" && d.severity == .error)
        #expect(r.claims.map(\.id) == ["I2"] && r.claims[0].diagnoses.count == 25)
    }

    /// The same 13 diagnoses: an 837P claim refuses the 13th (HI01-HI12), an 837I claim reads
    /// them.
    @Test(arguments: [("005010X222A1", false), ("005010X223A2", true)])
    func thirteenDiagnoses(version: String, read: Bool) throws {
        // 837P: one HI of 13 elements; 837I: ABK in its own HI, then 12 ABF.
        let body = version == Self.institutional
            ? Self.claim("C1", hi: ["HI*ABK:\(Self.principal)"] + Self.otherDiagnoses(Array(Self.others.prefix(12))))
            : ["CLM*C1*10.00***11:B:1*Y*A*Y*Y", "HI*ABK:\(Self.principal)*" + Self.others.prefix(12).map { "ABF:\($0)" }.joined(separator: "*"),
               "LX*1", "SV1*HC:99213*10.00*UN*1***1:12", "DTP*472*D8*20240814"]
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: body, version: version))
        if read {
            #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
            #expect(r.claims.first?.diagnoses.count == 13)
        } else {
            #expect(r.ids == ["x12.invalid-diagnosis", "input.claim-not-checked"])
            #expect(r.diagnostics[0].message.contains("HI13: a 13th diagnosis; a claim holds at most 12 (HI01-HI12)"))
            #expect(r.claims.isEmpty)
        }
    }

    /// An 837I claim may hold 999 lines (X223A2), with no warning past 50 (the 837P's limit,
    /// which still warns); past 999 it is refused, as in any format.
    @Test(arguments: [(51, [String]()), (999, []), (1000, ["x12.too-many-lines", "input.claim-not-checked"])])
    func institutionalLineLimits(lines: Int, ids: [String]) throws {
        var body = ["CLM*I1*\(lines * 10).00***13:A:1**A*Y*Y", "DTP*434*RD8*20240801-20240805", "HI*ABK:I10"]
        for i in 1...lines { body += ["LX*\(i)", "SV2*0300*HC:80305*10.00*UN*1", "DTP*472*D8*20240801"] }
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: body, version: Self.institutional))
        #expect(r.ids == ids)
        #expect(r.linesRead == lines)
        #expect(r.claims.count == (lines > X12ClaimReader.maxLines ? 0 : 1))
        #expect(r.claims.first?.lines.count == (lines > X12ClaimReader.maxLines ? nil : lines))
        if lines > X12ClaimReader.maxLines {
            #expect(r.diagnostics[0].message.hasSuffix("claim 'I1' has more than 999 service lines, the most an 837I claim may hold; it is refused and not checked"))
        }
    }

    @Test func professionalLineLimitStillWarns() throws {
        var body = ["CLM*P1*510.00***11:B:1*Y*A*Y*Y", "HI*ABK:R69"]
        for i in 1...51 { body += ["LX*\(i)", "SV1*HC:99213*10.00*UN*1***1", "DTP*472*D8*20240814"] }
        let r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: body))
        #expect(r.ids == ["x12.line-count"])
        #expect(r.diagnostics[0].message.hasSuffix("claim 'P1' has more than 50 service lines, the most an 837P claim may hold; a payer may reject it. Split it into claims of at most 50 lines"))
    }
}
