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
        // The buffer's ten bytes are read at once: every position with a byte just outside
        // the digits, or far from them, is refused as the text is; valid NPIs with every digit
        // at every position read back as their number; other lengths are refused.
        let near: [UInt8] = [0x00, 0x2F, 0x3A, 0x3F, 0x40, 0x70, 0xB0, 0xB9, 0xF0, 0xF9, 0xFF, 0x20]
        for _ in 0..<2000 {
            var bytes = (0..<10).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 10) }
            let position = Int(rng.next() % 10)
            bytes[position] = near[Int(rng.next() % UInt64(near.count))]
            #expect(bytes.withUnsafeBytes { NPI(buffer: $0) } == nil, "\(bytes)")
            #expect(NPI(bytes: bytes[...]) == nil)
        }
        var valid = 0
        for k in 0..<20_000 {
            var digits = (0..<9).map { _ in Int(rng.next() % 10) }
            if k < 90 { digits[k % 9] = k / 9 }
            // The check digit that makes it valid.
            let check = (0..<10).first { NPI.checkDigitValid(digits + [$0]) }!
            let text = (digits + [check]).map(String.init).joined()
            let viaBuffer = Array(text.utf8).withUnsafeBytes { NPI(buffer: $0) }
            #expect(viaBuffer?.rawValue == UInt64(text), "\(text)")
            #expect((digits + [(check + 1) % 10]).map(String.init).joined().utf8.withContiguousStorageIfAvailable { NPI(buffer: UnsafeRawBufferPointer($0)) } == .some(nil))
            valid += viaBuffer == nil ? 0 : 1
        }
        #expect(valid == 20_000)
        for length in [0, 9, 11] {
            #expect(Array(repeating: UInt8(ascii: "1"), count: length).withUnsafeBytes { NPI(buffer: $0) } == nil)
        }
    }

    /// Five digits are read from a buffer at once: every five-digit code, codes with a letter,
    /// and digits with a stray byte at any position read as the text does.
    @Test func procedureCodesFromBytesAreTheCodesFromText() {
        func viaBuffer(_ bytes: [UInt8]) -> ProcedureCode? { bytes.withUnsafeBytes { ProcedureCode(buffer: $0) } }
        for n in 0..<100_000 {
            let text = String(String(n).reversed()).padding(toLength: 5, withPad: "0", startingAt: 0)
            let digits = String(text.reversed())
            #expect(viaBuffer(Array(digits.utf8)) == ProcedureCode(digits), "\(digits)")
            #expect(viaBuffer(Array(digits.utf8))?.text == digits)
        }
        var rng = SplitMix64(seed: 5)
        let near: [UInt8] = [0x00, 0x2F, 0x3A, 0x40, 0x41, 0x5A, 0x61, 0x7A, 0xB0, 0xF9, 0xFF, 0x20]
        for _ in 0..<5000 {
            var bytes = (0..<5).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 10) }
            bytes[Int(rng.next() % 5)] = near[Int(rng.next() % UInt64(near.count))]
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(viaBuffer(bytes) == ProcedureCode(bytes: bytes[...]), "\(bytes)")
            if bytes.allSatisfy({ $0 < 0x80 }) { #expect(viaBuffer(bytes) == ProcedureCode(text)) }
        }
        for text in ["0856T", "A0425", "g0121", "9921", "992134", ""] {
            #expect(viaBuffer(Array(text.utf8)) == ProcedureCode(text), "\(text)")
        }
    }

    @Test(arguments: [
        ("M17.11", "M1711"), ("m1711", "M1711"), ("R51", "R51"), ("A123456", "A123456"), ("A1234567", nil), ("A12345678", nil),
        ("1A23", nil), ("Z00.00", "Z0000"), ("J18.9X", "J189X"), ("É12", nil), ("M1", nil), ("", nil), ("R5:1", nil),
    ] as [(String, String?)])
    func diagnosisFromPackedBytes(text: String, expected: String?) {
        let viaBytes = Array(text.utf8).withUnsafeBytes { DiagnosisCode.packed($0).map(DiagnosisCode.init(packed:)) }
        #expect(viaBytes?.text == expected)
        #expect(DiagnosisCode(text)?.text == expected)
    }

    @Test(arguments: ["20240814", "20240230", "2024-08-14", "08/14/2024", "2024081", "x0240814", "8/4/2024", "8/14/2024", "8/14/24"])
    func datesFromBytesAreTheDatesFromText(text: String) {
        let viaBuffer = Array(text.utf8).withUnsafeBytes { ServiceDate(buffer: $0) }
        #expect(viaBuffer == ServiceDate(text))
        let slice = (Array("##".utf8) + Array(text.utf8))[2...]
        #expect(ServiceDate(bytes: slice) == ServiceDate(text))
    }

    /// Eight bytes are read at once (`init(eightDigits:)`): every byte a digit or the bytes
    /// next to the digits' range, and days around month and leap-year ends, read as the
    /// digit-by-digit reading does.
    @Test func eightByteDatesReadAsDigitByDigit() {
        var rng = SplitMix64(seed: 41)
        let near: [UInt8] = [0x00, 0x20, 0x2F, 0x3A, 0x3F, 0x40, 0x70, 0xB0, 0xB5, 0xF0, 0xF9, 0xFF]
        var valid = 0
        for k in 0..<200_000 {
            var b = (0..<8).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 10) }
            // A plausible year, month and day in half of them, so that real days are many.
            if k % 2 == 0 {
                let y = 1900 + Int(rng.next() % 200), m = 1 + Int(rng.next() % 13), d = 1 + Int(rng.next() % 32)
                b = Array(String(format: "%04d%02d%02d", y, m, d).utf8)
            }
            if k % 5 == 0 { b[Int(rng.next() % 8)] = near[Int(rng.next() % UInt64(near.count))] }
            let fast = b.withUnsafeBytes { ServiceDate(buffer: $0) }
            #expect(fast == ServiceDate(bytes: b[...]), "\(b)")
            if fast != nil { valid += 1 }
        }
        #expect(valid > 50_000)
        for text in ["20240229", "20230229", "20000229", "19000229", "20241231", "20240431", "20240001", "20241300", "00010101", "99991231", "00000101"] {
            let fast = Array(text.utf8).withUnsafeBytes { ServiceDate(buffer: $0) }
            #expect(fast == ServiceDate(bytes: Array(text.utf8)[...]), "\(text)")
        }
        #expect(Array("20240229".utf8).withUnsafeBytes { ServiceDate(buffer: $0) } == ServiceDate(year: 2024, month: 2, day: 29))
    }
}
