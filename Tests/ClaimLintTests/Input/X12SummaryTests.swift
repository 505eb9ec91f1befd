import Testing
@testable import ClaimLint

@Suite struct X12SummaryTests {
    @Test func everyLineIsCheckedUnreadableOrSkipped() {
        for file in ["x12/institutional.837i", "x12/professional.837", "x12/truncated.837", "x12/bad-values.837"] {
            let s = Checker().check(files: [fixture(file)]).summary
            #expect(s.lines == s.linesChecked + s.linesUnreadable + s.linesSkipped, "\(file): \(s)")
            #expect(s.claims == s.claimsChecked + s.claimsUnreadable, "\(file): \(s)")
        }
        #expect(Checker().check(files: [fixture("x12/institutional.837i")]).summary.linesSkipped > 0)
    }

    @Test func theBirthDateComesFromThePatientsDMG() throws {
        let r = try ClaimFileReader.read(path: fixture("x12/professional.837"))
        #expect(r.claims.contains { $0.birthDate != nil })
        for c in r.claims where c.patientID != nil {
            // The patient loop's DMG, which is also part of the patient's key.
            #expect(c.patientID!.hasSuffix("|" + c.birthDate!.iso.replacingOccurrences(of: "-", with: "")))
        }
    }
}
