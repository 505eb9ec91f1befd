import Testing
@testable import ClaimLint

/// Failable parses from runtime strings (a literal would take the ExpressibleByStringLiteral path).
private func pc(_ s: String) -> ProcedureCode? { ProcedureCode(s) }
private func md(_ s: String) -> Modifier? { Modifier(s) }
private func sd(_ s: String) -> ServiceDate? { ServiceDate(s) }
private func letter(_ k: Int, _ letters: String) -> Character { letters[letters.index(letters.startIndex, offsetBy: k)] }

@Suite struct ValueTypeTests {
    @Test(arguments: ["99213", "0856T", "0001A", "A0425", "G0121", "a0425"])
    func validCodes(_ s: String) throws {
        let c = try #require(pc(s))
        #expect(c.text == s.uppercased())
    }

    @Test(arguments: ["9921", "992134", "99-13", "AA425", "09A13", "", "9921 "])
    func invalidCodes(_ s: String) { #expect(pc(s) == nil) }

    @Test func codesSortLikeText() {
        let codes = ["A0425", "0856T", "99213", "0001A", "88348", "G0121"].map { pc($0)! }
        #expect(codes.sorted().map(\.text) == ["0001A", "0856T", "88348", "99213", "A0425", "G0121"])
        #expect(pc("99213")!.isEvaluationAndManagement && !pc("99201")!.isEvaluationAndManagement && !pc("0856T")!.isEvaluationAndManagement)
        #expect(pc("99499")!.isEvaluationAndManagement && !pc("99500")!.isEvaluationAndManagement)
        #expect(ProcedureCode.firstEvaluationAndManagement == pc("99202")!.rawValue && ProcedureCode.lastEvaluationAndManagement == pc("99499")!.rawValue)
        // Compared packed, it is what its definition says for every code from 98000 to 99999,
        // with a letter last (9920T sorts inside the range) or first.
        let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for n in 98_000...99_999 {
            let digits = String(n)
            let code = pc(digits)!
            #expect(code.isEvaluationAndManagement == (99_202...99_499).contains(n), "\(digits)")
            for letter in letters {
                #expect(!pc(String(digits.dropLast()) + String(letter))!.isEvaluationAndManagement, "\(digits.dropLast())\(letter)")
            }
            #expect(!pc(String(letter(n % 26, letters)) + String(digits.dropFirst()))!.isEvaluationAndManagement)
        }
    }

    @Test func modifiers() {
        #expect(md("rt")?.text == "RT" && md("26") != nil && md("2") == nil && md("R-") == nil)
        var list = ModifierList(["26", "59", "RT", "LT", "XS"])
        #expect(list.count == 5 && list[4] == "XS" && list.contains("RT") && !list.contains("TC"))
        list.append("GA")
        #expect(Array(list).map(\.text) == ["26", "59", "RT", "LT", "XS", "GA"])
        #expect(ModifierList().suffix == "" && ModifierList(["26", "TC"]).suffix == "-26-TC")
    }

    @Test func dates() throws {
        #expect(sd("2024-02-29")?.iso == "2024-02-29")
        #expect(sd("2023-02-29") == nil && sd("2024-13-01") == nil && sd("2024-04-31") == nil)
        #expect(sd("20240814") == sd("08/14/2024"))
        // Months and days with or without their leading zero, as spreadsheets write them; a
        // year of two digits is not read (which century is a guess).
        for text in ["8/14/2024", "08/14/2024", "8/4/2024", "08/04/2024", "8/04/2024", "12/4/2024"] {
            #expect(sd(text) != nil, "\(text)")
        }
        #expect(sd("8/4/2024")?.iso == "2024-08-04" && sd("12/4/2024")?.iso == "2024-12-04" && sd("8/14/2024")?.iso == "2024-08-14")
        for text in ["8/14/24", "08/14/24", "14/8/2024", "2/30/2024", "8//2024", "/8/42024", "8/123/2024", "123/4/2024", "8-14-2024", "8/14/2024 "] {
            #expect(sd(text) == nil, "\(text)")
        }
        #expect(sd("2024-03-12")!.adding(days: 90).iso == "2024-06-10")
        #expect(sd("1970-01-01")!.daysSinceEpoch == 0 && sd("1969-12-31")!.daysSinceEpoch == -1)
        for d in stride(from: sd("0001-01-01")!.daysSinceEpoch, through: sd("9999-12-31")!.daysSinceEpoch, by: 997) {
            let date = ServiceDate(daysSinceEpoch: d)
            #expect(ServiceDate(date.iso) == date)
        }
    }

    @Test func unitsAndMoneyAreExact() {
        #expect(Units("1.5")?.thousandths == 1500 && Units("0.125")?.thousandths == 125 && Units("2.50000")?.thousandths == 2500)
        #expect(Units("0.0001") == nil && Units("abc") == nil && Units("") == nil && Units(".") == nil && Units("99999999999999999999") == nil)
        #expect(Units("-1")?.isPositive == false && Units("1.5")?.isWhole == false && Units("3")?.description == "3" && Units("1.250")?.description == "1.25")
        #expect(Money("125.5")?.description == "125.50" && Money("0.005") == nil)
    }

    /// Against a slow reading by digit strings: signs, points, trailing fraction zeros, and
    /// values near `Int64.max` (up to 22 characters).
    @Test func fixedPointAgreesWithAReadingByDigits() {
        /// The value in units of 10^-scale, or nil: more significant fraction digits than
        /// `scale`, a character that is not a digit, or a value past `Int64`.
        func slow(_ text: String, scale: Int) -> Int64? {
            var body = Substring(text)
            var negative = false
            if let f = body.first, f == "-" || f == "+" {
                negative = f == "-"
                body = body.dropFirst()
            }
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
            var whole = String(parts[0]), fraction = parts.count == 2 ? String(parts[1]) : ""
            guard !(whole + fraction).isEmpty else { return nil }
            while fraction.count > scale, fraction.last == "0" { fraction.removeLast() }
            guard fraction.count <= scale else { return nil }
            fraction += String(repeating: "0", count: scale - fraction.count)
            whole = String((whole + fraction).drop { $0 == "0" })
            guard let magnitude = UInt64(whole.isEmpty ? "0" : whole), magnitude <= UInt64(Int64.max) else { return nil }
            return negative ? -Int64(magnitude) : Int64(magnitude)
        }
        var rng = SplitMix64(seed: 17)
        let alphabet = Array("0123456789") + ["9", "9", ".", "0"]
        for round in 0..<40_000 {
            var text = round % 5 == 0 ? "-" : round % 7 == 0 ? "+" : ""
            for _ in 0..<(1 + Int(rng.next() % 22)) { text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            #expect(Money(text)?.cents == slow(text, scale: 2), "\(text)")
            #expect(Units(text)?.thousandths == slow(text, scale: 3), "\(text)")
            #expect(Array(text.utf8).withUnsafeBytes { Money(buffer: $0) }?.cents == slow(text, scale: 2), "\(text)")
            #expect(Array(text.utf8).withUnsafeBytes { Units(buffer: $0) }?.thousandths == slow(text, scale: 3), "\(text)")
        }
        // Whole quantities have their own path from a buffer: 1 to 20 digits (past 15 the
        // general reading takes over).
        for n in 1...20 {
            for _ in 0..<50 {
                let text = String((0..<n).map { _ in alphabet[Int(rng.next() % 10)] })
                #expect(Array(text.utf8).withUnsafeBytes { Units(buffer: $0) }?.thousandths == slow(text, scale: 3), "\(text)")
            }
        }
        // Dollars and cents as X12 writes them have their own path from a buffer: 1 to 20
        // digits before the point (past 15 the general reading takes over), a stray character
        // now and then.
        for round in 0..<20_000 {
            var text = ""
            for _ in 0..<(1 + Int(rng.next() % 20)) { text.append(alphabet[Int(rng.next() % 10)]) }
            text += "." + String(rng.next() % 10) + String(rng.next() % 10)
            if round % 9 == 0 {
                var chars = Array(text)
                chars[Int(rng.next() % UInt64(chars.count))] = ["-", "x", ".", " ", "/"][Int(rng.next() % 5)]
                text = String(chars)
            }
            #expect(Array(text.utf8).withUnsafeBytes { Money(buffer: $0) }?.cents == slow(text, scale: 2), "\(text)")
        }
        #expect(Money("92233720368547758.07")?.cents == Int64.max && Money("92233720368547758.08") == nil)
        // Around the most digits an Int64 holds (18 always fit, 19 may not), and values that
        // fit as digits but not once scaled to cents or thousandths.
        #expect(Money("999999999999999.99")?.cents == 99_999_999_999_999_999 && Money("9999999999999999.99")?.cents == 999_999_999_999_999_999)
        #expect(Money("999999999999999999") == nil && Money("9999999999999999999") == nil && Money("99999999999999999.9") == nil && Units("999999999999999999") == nil)
        #expect(Money("-000000000000000012")?.cents == -1200 && Units("+0000000000000001.5")?.thousandths == 1500)
        #expect(Units("9223372036854775.807")?.thousandths == Int64.max && Units("9223372036854775.808") == nil)
    }

    @Test func npiCheckDigit() {
        #expect(NPI("1234567893") != nil && NPI("1811111115") != nil)
        #expect(NPI("1234567890") == nil && NPI("123456789") == nil && NPI("12345678A3") == nil)
        #expect(NPI.problem(with: "1234567890").contains("check digit") && NPI.problem(with: "12").contains("ten digits"))
    }

    @Test func diagnosisCodes() {
        #expect(DiagnosisCode("M17.11")?.text == "M1711" && DiagnosisCode("z00.00")?.text == "Z0000")
        #expect(DiagnosisCode("17.11") == nil && DiagnosisCode("M1") == nil && DiagnosisCode("M17.11234") == nil)
    }
}

@Suite struct CodeKeyedMapTests {
    /// Against a `Dictionary` over many keys: growth, replacement, misses, and the order kept.
    @Test func agreesWithADictionary() {
        var map = CodeKeyedMap<Int>()
        var reference: [UInt64: Int] = [:]
        var order: [UInt64] = []
        var rng = SplitMix64(seed: 7)
        #expect(map[42] == nil)
        for i in 0..<20_000 {
            // Keys below 2^48, many sharing low or high bits, some repeated.
            let key = i % 7 == 0 ? UInt64(i / 7) << 16 : rng.next() >> 16
            if reference[key] == nil { order.append(key) }
            map.set(key, i)
            reference[key] = i
        }
        #expect(map.count == reference.count)
        #expect(map.keys == order)
        for (k, v) in reference { #expect(map[k] == v) }
        for _ in 0..<1_000 {
            let k = rng.next() >> 16
            #expect(map[k] == reference[k])
        }
    }
}

@Suite struct LineSourcesTests {
    /// Packed line sources read back every line exactly: small and extreme values, absent
    /// segments, offsets and lengths, file changes, across block boundaries, in any order.
    @Test func readBackExactly() {
        var sources = LineSources()
        sources.files = ["a.837", "b.csv", "c.json"]
        var rng = SplitMix64(seed: 3)
        var expected: [(Int, ClaimLint.SourceLocation)] = []
        let extremes = [0, 1, -1, Int.max, Int.min, Int(UInt32.max), 1 << 40]
        for i in 0..<1_000 {
            func value(_ typical: Int) -> Int {
                switch rng.next() % 10 {
                case 0: extremes[Int(rng.next() % UInt64(extremes.count))]
                case 1: Int(truncatingIfNeeded: rng.next())
                default: typical
                }
            }
            let file = Int(rng.next() % 7 == 0 ? rng.next() % 3 : 0)
            let location = ClaimLint.SourceLocation(
                file: sources.files[file], line: value(i * 3 + 1), column: value(1 + i % 5),
                segment: rng.next() % 4 == 0 ? nil : value(i * 9),
                byteOffset: rng.next() % 4 == 0 ? nil : value(i * 120),
                byteLength: rng.next() % 4 == 0 ? nil : value(30))
            let number = value(i % 6 + 1)
            sources.append(location, file: file, number: number)
            expected.append((number, location))
        }
        #expect(sources.count == expected.count)
        for i in (0..<expected.count).shuffled(using: &rng) {
            let (number, location) = sources.line(i)
            #expect(number == expected[i].0 && sources.number(i) == expected[i].0)
            #expect(location == expected[i].1 && sources.location(i) == expected[i].1)
        }
        // A cursor reads forward from the line before it (findings in batch order: gaps,
        // repeats, block boundaries), and anywhere else from a block's start.
        var forward: [Int] = []
        var i = 0
        while i < expected.count {
            forward.append(i)
            if rng.next() % 4 == 0 { forward.append(i) }
            i += 1 + Int(rng.next() % 7)
        }
        let orders = [forward, Array(0..<expected.count), (0..<expected.count).shuffled(using: &rng), forward.reversed()]
        for order in orders {
            var cursor = LineSources.Cursor(sources)
            for i in order {
                let (number, location) = cursor.line(i)
                #expect(number == expected[i].0 && location == expected[i].1, "line \(i)")
            }
        }
    }
}

@Suite struct DiagnosisPointersTests {
    /// Inline (up to four pointers of 1 to 255) or not, a list reads back as the array it was
    /// made from, and two lists are equal (with equal hashes) exactly when their arrays are.
    @Test func readsBackAndComparesAsArrays() {
        var rng = SplitMix64(seed: 21)
        let values = [1, 2, 4, 12, 255, 0, 256, -1, Int.max, Int.min]
        var lists: [[Int]] = [[], [1], [1, 2, 3, 4], [4, 3, 2, 1], [1, 2, 3, 4, 5], [255, 255, 255, 255], [0], [1, 256], [12, 1, 1, 1]]
        for _ in 0..<300 {
            lists.append((0..<Int(rng.next() % 7)).map { _ in rng.next() % 3 == 0 ? values[Int(rng.next() % UInt64(values.count))] : 1 + Int(rng.next() % 12) })
        }
        for list in lists {
            var appended = DiagnosisPointers()
            for p in list { appended.append(p) }
            let made = DiagnosisPointers(list)
            #expect(Array(made) == list && Array(appended) == list, "\(list)")
            #expect(made.count == list.count && made.isEmpty == list.isEmpty)
            #expect(made == appended && made.hashValue == appended.hashValue, "\(list)")
            #expect(made.description == list.description)
            for (i, p) in list.enumerated() { #expect(made[i] == p) }
            // Read in place, as the X12 reader checks pointers against the claim's diagnoses.
            for n in [-2, 0, 1, 3, 4, 11, 12, 254, 255, 256] {
                #expect(made.hasPointer(above: n) == list.contains { $0 > n }, "\(list) above \(n)")
            }
        }
        for a in lists.prefix(60) {
            for b in lists.prefix(60) {
                #expect((DiagnosisPointers(a) == DiagnosisPointers(b)) == (a == b), "\(a) \(b)")
            }
        }
        let literal: DiagnosisPointers = [1, 2]
        #expect(literal == DiagnosisPointers([1, 2]) && literal != [2, 1] && literal != [1, 2, 2])
    }
}

@Suite struct ClaimModelTests {
    /// Each public property of a claim and a line reads the value it was made with and writes
    /// only its own field (they are kept in one internal struct, `fields`), and claims differing
    /// in any one field are not equal.
    @Test func propertiesReadAndWriteTheirOwnField() throws {
        let here = ClaimLint.SourceLocation(file: "a.837", line: 3, column: 1, segment: 7, byteOffset: 40, byteLength: 20)
        let there = ClaimLint.SourceLocation(file: "b.837", line: 9, column: 2)
        let dates = try #require(DateRange(from: ServiceDate(year: 2024, month: 3, day: 1)!, through: ServiceDate(year: 2024, month: 3, day: 2)!))
        let later = DateRange(ServiceDate(year: 2024, month: 4, day: 1)!)
        var line = ServiceLine(
            number: 2, code: ProcedureCode("99213"), modifiers: [Modifier("25")], units: Units(3), dates: dates,
            renderingNPI: NPI("1234567893"), charge: Money("12.50"), diagnosisPointers: [1, 2], placeOfService: "11", location: here)
        #expect(line.number == 2 && line.code == ProcedureCode("99213") && Array(line.modifiers) == [Modifier("25")] && line.units == Units(3))
        #expect(line.dates == dates && line.renderingNPI == NPI("1234567893") && line.charge == Money("12.50"))
        #expect(Array(line.diagnosisPointers) == [1, 2] && line.placeOfService == "11" && line.location == here && line.date == dates.from)
        let made = line
        line.number = 5
        line.code = ProcedureCode("27447")
        line.modifiers.append(Modifier("RT"))
        line.units = Units(1)
        line.dates = later
        line.renderingNPI = nil
        line.charge = nil
        line.diagnosisPointers = [3]
        line.placeOfService = "22"
        line.location = there
        #expect(line.number == 5 && line.code == ProcedureCode("27447") && Array(line.modifiers) == [Modifier("25"), Modifier("RT")] && line.units == Units(1))
        #expect(line.dates == later && line.renderingNPI == nil && line.charge == nil)
        #expect(Array(line.diagnosisPointers) == [3] && line.placeOfService == "22" && line.location == there)
        #expect(made.number == 2 && made.placeOfService == "11" && made != line)

        var claim = Claim(
            id: "C1", memberID: "M1", patientID: "DOE|JO|19600101", billingNPI: NPI("1234567893")!, renderingNPI: NPI("1245319599"),
            placeOfService: "11", frequencyCode: "1", diagnoses: [DiagnosisCode("R51")!], birthDate: ServiceDate(year: 1960, month: 1, day: 1),
            lines: [made], location: here)
        #expect(claim.id == "C1" && claim.memberID == "M1" && claim.patientID == "DOE|JO|19600101" && claim.billingNPI == NPI("1234567893"))
        #expect(claim.renderingNPI == NPI("1245319599") && claim.placeOfService == "11" && claim.frequencyCode == "1")
        #expect(claim.diagnoses == [DiagnosisCode("R51")!] && claim.birthDate == ServiceDate(year: 1960, month: 1, day: 1))
        #expect(claim.lines == [made] && claim.location == here)
        let original = claim
        var changed: [Claim] = []
        func changing(_ change: (inout Claim) -> Void) {
            var c = original
            change(&c)
            changed.append(c)
        }
        changing { $0.id = "C2" }
        changing { $0.memberID = "M2" }
        changing { $0.patientID = nil }
        changing { $0.billingNPI = NPI("1245319599")! }
        changing { $0.renderingNPI = nil }
        changing { $0.placeOfService = "22" }
        changing { $0.frequencyCode = "7" }
        changing { $0.diagnoses.append(DiagnosisCode("M1711")!) }
        changing { $0.birthDate = nil }
        changing { $0.lines[0].units = Units(2) }
        changing { $0.location = there }
        for (k, c) in changed.enumerated() {
            #expect(c != original, "change \(k)")
            // Every other field is as it was.
            let others = [c.id == original.id, c.memberID == original.memberID, c.patientID == original.patientID, c.billingNPI == original.billingNPI,
                          c.renderingNPI == original.renderingNPI, c.placeOfService == original.placeOfService, c.frequencyCode == original.frequencyCode,
                          c.diagnoses == original.diagnoses, c.birthDate == original.birthDate, c.lines == original.lines, c.location == original.location]
            #expect(others.enumerated().allSatisfy { $0.offset == k ? !$0.element : $0.element }, "change \(k)")
        }
        claim.lines[0].number = 9
        #expect(claim.lines[0].number == 9 && original.lines[0].number == 2)
    }
}
