import Foundation
import Testing
@testable import ClaimLint

/// The model types read from a buffer (the X12 reader's bytes in place) as from text.
@Suite struct ModelBufferParserTests {
    /// The NPI check digit computed as the digits are read agrees with the Luhn rule.
    @Test func npiAgreesWithTheLuhnRule() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<5000 {
            let digits = (0..<10).map { _ in Int(rng.next() % 10) }
            let text = digits.map(String.init).joined()
            #expect((NPI(text) != nil) == NPI.checkDigitValid(digits), "\(text)")
            let viaBuffer = Array(text.utf8).withUnsafeBytes { NPI(buffer: $0) }
            #expect(viaBuffer == NPI(text))
        }
    }

    @Test(arguments: ["M17.11", "m1711", "R51", "A1234567", "A12345678", "1A23", "Z00.00", "J18.9X", "É12", "M1", ""])
    func diagnosisFromBytesIsTheDiagnosisFromText(text: String) {
        let viaBuffer = Array(text.utf8).withUnsafeBytes { DiagnosisCode(buffer: $0) }
        #expect(viaBuffer == DiagnosisCode(text))
    }

    @Test(arguments: ["20240814", "20240230", "2024-08-14", "08/14/2024", "2024081", "x0240814"])
    func datesFromBytesAreTheDatesFromText(text: String) {
        let viaBuffer = Array(text.utf8).withUnsafeBytes { ServiceDate(buffer: $0) }
        #expect(viaBuffer == ServiceDate(text))
        let slice = (Array("##".utf8) + Array(text.utf8))[2...]
        #expect(ServiceDate(bytes: slice) == ServiceDate(text))
    }
}
