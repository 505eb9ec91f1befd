import Foundation
import Testing
@testable import ClaimLint

/// Values padded with trailing spaces (an export to fixed widths) read as the values: X12
/// variable-length values carry no trailing spaces, and receivers drop them.
@Suite struct X12PaddedValuesTests {
    static let body = [
        "HL*3*2*23*0", "PAT*19", "NM1*QC*1*DOE*KID", "DMG*D8*20100101*M",
        "CLM*K1*30***11:B:1*Y*A*Y*Y", "HI*ABK:R52*ABF:M1711", "NM1*82*1*WELBY*MARCUS****XX*1811111115",
        "LX*1", "SV1*HC:99213:25:RT*10*UN*1***1:2", "DTP*472*D8*20240814",
        "LX*2", "SV1*HC:97110:GP*20*UN*2.5*22**2", "DTP*472*RD8*20240814-20240815", "NM1*82*1*JONES*ANN****XX*1234567893",
    ]

    /// `segment` with `pad` after every element and component but the id.
    static func padded(_ segment: String, _ pad: String = "   ") -> String {
        let elements = segment.split(separator: "*", omittingEmptySubsequences: false)
        return ([String(elements[0])] + elements.dropFirst().map { e in
            e.split(separator: ":", omittingEmptySubsequences: false).map { $0 + pad }.joined(separator: ":")
        }).joined(separator: "*")
    }

    static func withoutLocations(_ claims: [Claim]) -> [Claim] {
        let none = SourceLocation(file: "", line: 0, column: 0)
        return claims.map { c in
            var c = c
            c.fields.location = none
            c.fields.lines = c.fields.lines.map { l in
                var l = l
                l.fields.location = none
                return l
            }
            return c
        }
    }

    /// Every element and component of every segment but the ISA padded: the same claims, and
    /// no diagnostic.
    @Test func paddedValuesReadAsTheValues() throws {
        let plain = X12Fixtures.interchange(claims: ["CLM*S1*10***11:B:1*Y*A*Y*Y", "HI*ABK:R52", "LX*1", "SV1*HC:99213*10*UN*1***1", "DTP*472*D8*20240814"]
            + Self.body)
        let segments = plain.split(separator: "\n").map(String.init)
        let padded = segments.map { $0.hasPrefix("ISA") ? $0 : Self.padded(String($0.dropLast())) + "~" }.joined(separator: "\n")
        #expect(padded.contains("NM1*IL   *1   *DOE   *JANE   *   *   *   *MI   *MBR1   ~"))
        #expect(padded.contains("SV1*HC   :99213   :25   :RT   *10   *"))
        let p = try X12Fixtures.read(text: plain)
        let r = try X12Fixtures.read(text: padded)
        #expect(p.diagnostics.isEmpty)
        #expect(r.diagnostics.map(\.message) == [])
        #expect(p.claims.count == 2)
        #expect(Self.withoutLocations(r.claims) == Self.withoutLocations(p.claims))
        #expect(r.claim("K1")?.patientID == "DOE|KID|20100101")
        #expect(r.claim("K1")?.lines.map { Array($0.modifiers) } == ([["25", "RT"], ["GP"]] as [[Modifier]]))
        _ = X12ParallelReaderTests.expectSame(Array(padded.utf8), file: "padded.837")
    }

    /// The probe's cases: a padded member id was another member (the batch edits missed pairs
    /// across the claims), a padded NPI "not a valid NPI".
    @Test func aPaddedMemberIDAndNPIAreTheValues() throws {
        let text = X12Fixtures.interchange(claims: ["CLM*A1*10***11:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:99213*10*UN*1", "DTP*472*D8*20240814"]
            + ["HL*3*1*22*0", "SBR*P*18*******MB", "NM1*IL*1*DOE*JANE****MI*MBR1   ", "CLM*A2*10***11:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:99213*10*UN*1", "DTP*472*D8*20240814"])
            .replacingOccurrences(of: "XX*1234567893~", with: "XX*1234567893   ~")
        let r = try X12Fixtures.read(text: text)
        #expect(r.ids == [])
        #expect(r.claims.map(\.memberID) == ["MBR1", "MBR1"])
        #expect(r.claims.allSatisfy { $0.billingNPI == NPI("1234567893") })
    }

    /// A value still wrong is reported without its padding, at its bytes; one of spaces only is
    /// empty; leading spaces are kept (the guides presume them significant).
    @Test func paddingIsNotPartOfAValueReported() throws {
        var r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: []).replacingOccurrences(of: "XX*1234567893~", with: "XX*12345   ~"))
        try #require(r.ids == ["x12.invalid-npi"])
        #expect(r.diagnostics[0].value == "12345" && r.diagnostics[0].location?.byteLength == 5)
        #expect(r.diagnostics[0].message.contains("'12345' is not a valid NPI"))
        let claim = ["CLM*A1*10***11:B:1*Y*A*Y*Y", "LX*1", "SV1*HC:99213*10*UN*1", "DTP*472*D8*20240814"]
        r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: claim).replacingOccurrences(of: "MI*MBR1~", with: "MI*    ~"))
        #expect(r.ids == ["x12.missing-value", "input.claim-not-checked"])
        #expect(r.diagnostics.first?.field == "NM109")
        r = try X12Fixtures.read(text: X12Fixtures.interchange(claims: claim).replacingOccurrences(of: "MI*MBR1~", with: "MI* MBR1 ~"))
        #expect(r.claims.map(\.memberID) == [" MBR1"])
    }
}
