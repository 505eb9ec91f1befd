import Testing

@testable import ClaimLint

/// `X12Scanner` finds a segment's terminator, separators and newlines sixteen bytes at a time;
/// these compare it with a scan byte by byte.
@Suite struct X12ScannerTests {
    /// A segment as a byte-by-byte scan finds it.
    struct Expected: Equatable {
        var range: Range<Int>
        var ordinal: Int
        var line: Int
        var column: Int
        var elements: [Range<Int>]
    }

    /// What the scanner should find in `bytes` (which start with an ISA whose delimiters are
    /// `separator` and `terminator`), the slow way.
    static func scan(_ bytes: [UInt8], separator: UInt8, terminator: UInt8) -> [Expected] {
        var found: [Expected] = []
        var position = 0, line = 1, lineStart = 0, ordinal = 0
        while true {
            while position < bytes.count, [0x0A, 0x0D, 0, 0x1A, 0x20, 0x09].contains(bytes[position]) {
                if bytes[position] == 0x0A { (line, lineStart) = (line + 1, position + 1) }
                position += 1
            }
            guard position < bytes.count else { return found }
            let start = position, segmentLine = line, column = start - lineStart + 1
            ordinal += 1
            var i = start
            while i < bytes.count, bytes[i] != terminator {
                if bytes[i] != separator, bytes[i] == 0x0A { (line, lineStart) = (line + 1, i + 1) }
                i += 1
            }
            var end = i
            if i < bytes.count, terminator == 0x0A {
                (line, lineStart) = (line + 1, i + 1)
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            }
            position = min(i + 1, bytes.count)
            var elements: [Range<Int>] = []
            var from = start
            for k in start..<end where bytes[k] == separator {
                elements.append(from..<k)
                from = k + 1
            }
            elements.append(from..<end)
            found.append(Expected(range: start..<end, ordinal: ordinal, line: segmentLine, column: column, elements: elements))
        }
    }

    /// Random segments after an ISA: short and long (past one and several blocks of sixteen,
    /// more than sixteen elements), newlines and CRs inside them, every byte skipped between
    /// segments, empty segments, a last segment without terminator; for `~` and a newline as
    /// terminator, and for a newline as element separator (a separator, not a new line).
    @Test(arguments: [
        (UInt8(ascii: "*"), UInt8(ascii: "~")), (UInt8(ascii: "|"), UInt8(ascii: "\n")), (UInt8(ascii: "!"), UInt8(ascii: "'")),
        (UInt8(ascii: "\n"), UInt8(ascii: "~")),
    ])
    func scannerAgreesWithAByteByByteScan(separator: UInt8, terminator: UInt8) throws {
        var rng = SplitMix64(seed: UInt64(separator) << 8 | UInt64(terminator))
        let isa = Array(X12Fixtures.isa.utf8).map { $0 == UInt8(ascii: "*") ? separator : $0 == UInt8(ascii: "~") ? terminator : $0 }
        #expect(isa.count == 106)
        for round in 0..<40 {
            var bytes = isa
            for _ in 0..<(20 + Int(rng.next() % 60)) {
                switch rng.next() % 8 {
                case 0: bytes += [0x0D, 0x0A]
                case 1: bytes += [0x20, 0x09, 0x00, 0x1A, 0x0A]
                case 2: bytes += [terminator]  // an empty segment
                default: break
                }
                var segment = Array("SV\(rng.next() % 10)".utf8)
                for _ in 0..<Int(rng.next() % 40) {
                    switch rng.next() % 12 {
                    case 0...2: segment.append(separator)
                    case 3: segment.append(0x0A)
                    case 4: segment.append(0x0D)
                    case 5: segment.append(UInt8(ascii: ":"))
                    default: segment.append(UInt8(ascii: "A") + UInt8(rng.next() % 26))
                    }
                }
                bytes += segment.filter { $0 != terminator } + [terminator]
            }
            if round % 3 == 0 { bytes += Array("LX\(Character(UnicodeScalar(separator)))1".utf8) }
            let expected = Self.scan(bytes, separator: separator, terminator: terminator)
            var got: [Expected] = []
            try bytes.withUnsafeBytes { raw in
                var scanner = X12Scanner(bytes: raw)
                while let s = try scanner.next() {
                    got.append(Expected(
                        range: s.range, ordinal: s.ordinal, line: s.line, column: s.column,
                        elements: (0...s.elementCount).compactMap { s.elementAsWritten($0) }))
                    #expect(s.elementAsWritten(s.elementCount + 1) == nil && s.elementAsWritten(-1) == nil)
                }
            }
            #expect(got.count == expected.count && expected.count > 20, "round \(round)")
            if let k = (0..<min(got.count, expected.count)).first(where: { got[$0] != expected[$0] }) {
                Issue.record("round \(round), segment \(k + 1): \(got[k]) scanned, \(expected[k]) expected")
            }
        }
    }

    /// The elements of segments with 0 to 40 elements, each element 0 to 2 bytes long: those
    /// around sixteen (the separators recorded) are found where a split finds them, and none
    /// past the last. Then a segment longer than 64 KiB, whose later separators are not
    /// recorded, and one whose first separator is past 64 KiB.
    @Test func elementsAroundTheRecordedSeparators() throws {
        func check(_ segment: [UInt8], _ note: String) throws {
            let bytes = Array(X12Fixtures.isa.utf8) + segment + [UInt8(ascii: "~")]
            var expected: [Range<Int>] = []
            var from = 106
            for k in 106..<bytes.count - 1 where bytes[k] == UInt8(ascii: "*") {
                expected.append(from..<k)
                from = k + 1
            }
            expected.append(from..<bytes.count - 1)
            try bytes.withUnsafeBytes { raw in
                var scanner = X12Scanner(bytes: raw)
                _ = try scanner.next()
                let s = try #require(try scanner.next())
                #expect(s.elementCount == expected.count - 1, "\(note)")
                #expect((0..<expected.count).map { s.elementAsWritten($0) } == expected, "\(note)")
                #expect(s.elementAsWritten(expected.count) == nil && s.elementAsWritten(expected.count + 5) == nil, "\(note)")
                // The reading loops' form: the same segment written in place, then none, which
                // leaves it as it was.
                var again = X12Scanner(bytes: raw), written = X12Segment.none(in: raw)
                #expect(try again.next(into: &written) && again.next(into: &written))
                #expect(written.range == s.range && (0..<expected.count).map { written.elementAsWritten($0) } == expected, "\(note)")
                #expect(try !again.next(into: &written))
                #expect(written.range == s.range && written.ordinal == 2, "\(note)")
            }
        }
        for count in 0...40 {
            for width in 0...2 {
                var segment = Array("SV1".utf8)
                for k in 0..<count { segment += [UInt8(ascii: "*")] + Array(repeating: UInt8(ascii: "A") + UInt8(k % 26), count: width) }
                try check(segment, "\(count) elements of \(width) bytes")
            }
        }
        var long = Array("NTE*".utf8) + Array(repeating: UInt8(ascii: "B"), count: 70_000)
        for k in 0..<20 { long += Array("*E\(k)".utf8) }
        try check(long, "70,000 bytes, then 20 elements")
        var late = Array("NTE".utf8) + Array(repeating: UInt8(ascii: "C"), count: 66_000)
        late += Array("*D*E".utf8)
        try check(late, "the first separator past 64 KiB")
        var spanning = Array("NTE".utf8)
        for k in 0..<10 { spanning += Array("*\(k)".utf8) + Array(repeating: UInt8(ascii: "F"), count: 7_000) }
        try check(spanning, "separators on both sides of 64 KiB")
    }

    /// The reading loops write every segment over the one before (`next(into:)`): segments of
    /// every shape in a row (many elements then few, a too-long one then a normal one, CR-LF
    /// endings under a newline terminator) read as each does into a new value (`next()`).
    @Test(arguments: ["~", "~\r\n", "\n", "\r\n"])
    func segmentsWrittenOverOneAnotherReadAsNewOnes(ending: String) throws {
        var rng = SplitMix64(seed: 17)
        // A newline terminator, or the tilde with or without a line break after it.
        let newline = !ending.hasPrefix("~")
        var text = newline ? X12Fixtures.isa.replacingOccurrences(of: "~", with: ending) : X12Fixtures.isa + ending.dropFirst()
        var segments = 1
        for k in 0..<300 {
            let count = Int(rng.next() % 24)
            var segment = ["SV1", "NTE", "HI", "X", ""][k % 5]
            for e in 0..<count { segment += "*" + String(repeating: "Q", count: Int(rng.next() % 3)) + (e % 4 == 0 ? "A:B" : "") }
            if k % 37 == 5 { segment += "*" + String(repeating: "L", count: X12Scanner.maxSegmentLength) }
            if k % 41 == 7 { segment += String(repeating: "*", count: X12Scanner.maxElements + 1) }
            text += segment + ending
            // An empty segment is an empty line under a newline terminator, which is skipped.
            if !(newline && segment.isEmpty) { segments += 1 }
        }
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { raw in
            var fresh = X12Scanner(bytes: raw), reusing = X12Scanner(bytes: raw)
            var written = X12Segment.none(in: raw)
            var read = 0
            while let s = try fresh.next() {
                #expect(try reusing.next(into: &written))
                #expect(written.range == s.range && written.ordinal == s.ordinal && written.line == s.line && written.column == s.column)
                #expect(written.elementCount == s.elementCount && written.id == s.id && written.problem == s.problem, "segment \(s.ordinal)")
                #expect(written.knownEnds == s.knownEnds, "segment \(s.ordinal)")
                #expect((0...s.elementCount + 2).map { written.elementAsWritten($0) } == (0...s.elementCount + 2).map { s.elementAsWritten($0) }, "segment \(s.ordinal)")
                read += 1
            }
            #expect(try !reusing.next(into: &written))
            #expect(read == segments && read > 280)
        }
    }

    /// With CR as the element separator and a newline terminator, the CR before each newline
    /// belongs to the line ending: it is no separator of the segment, whose last element ends
    /// before it (no element after it, rather than a range that ends before it starts).
    @Test func aSeparatorDroppedWithTheLineEndingEndsNoElement() throws {
        let isa = X12Fixtures.isa.replacingOccurrences(of: "*", with: "\r").replacingOccurrences(of: "~", with: "\n")
        let bytes = Array((isa + "NTE\rA\rB\r\n" + "SV1\rC\r\n").utf8)
        try bytes.withUnsafeBytes { raw in
            var scanner = X12Scanner(bytes: raw), s = X12Segment.none(in: raw)
            let twoRead = try scanner.next(into: &s) && scanner.next(into: &s)
            #expect(twoRead)
            func text(_ r: Range<Int>?) -> String? { r.map { String(decoding: raw[$0], as: UTF8.self) } }
            #expect(String(decoding: raw[s.range], as: UTF8.self) == "NTE\rA\rB")
            #expect((0...3).map { text(s.element($0)) } == ["NTE", "A", "B", nil])
            let thirdRead = try scanner.next(into: &s)
            #expect(thirdRead)
            #expect((0...2).map { text(s.element($0)) } == ["SV1", "C", nil])
        }
    }

    /// `X12Segment.equals` against literals of one to five bytes: equal, shorter, longer,
    /// different in each byte, and the empty value and literal.
    @Test func elementEqualsALiteral() throws {
        let bytes = Array(X12Fixtures.isa.utf8) + Array("XY*D*D8*472*ABCD*ABCDE*D9*471*ABCE*D8X**~".utf8)
        try bytes.withUnsafeBytes { raw in
            var scanner = X12Scanner(bytes: raw)
            _ = try scanner.next()
            let s = try #require(try scanner.next())
            let values = (1...s.elementCount).map { n in String(decoding: raw[s.element(n)!], as: UTF8.self) }
            #expect(values == ["D", "D8", "472", "ABCD", "ABCDE", "D9", "471", "ABCE", "D8X", "", ""])
            let literals: [(StaticString, String)] = [("D", "D"), ("D8", "D8"), ("472", "472"), ("ABCD", "ABCD"), ("ABCDE", "ABCDE"), ("", "")]
            for n in 1...s.elementCount {
                for (literal, text) in literals {
                    #expect(s.element(n, is: literal) == (values[n - 1] == text), "element \(n) '\(values[n - 1])' against '\(text)'")
                }
            }
            #expect(!s.element(s.elementCount + 1, is: ""))
            #expect(!s.equals(nil, "D8"))
        }
    }

    /// The movemask the scanner builds: bit k for lane k.
    @Test func bitsOfAMask() {
        var rng = SplitMix64(seed: 8)
        for _ in 0..<2_000 {
            let want = UInt16(truncatingIfNeeded: rng.next())
            var lanes = SIMD16<UInt8>()
            for k in 0..<16 where want & (1 << k) != 0 { lanes[k] = 7 }
            #expect(X12Scanner.bits(lanes .== SIMD16(repeating: 7)) == want)
        }
    }
}
