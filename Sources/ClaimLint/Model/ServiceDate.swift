/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
///
/// Reads `YYYY-MM-DD`, `YYYYMMDD` (X12 and CMS tables) and `M/D/YYYY` (billing-system and
/// spreadsheet exports: `08/14/2024` or `8/14/2024`); rejects impossible dates such as
/// 2024-02-30.
public struct ServiceDate: Hashable, Comparable, Sendable, BitwiseCopyable, Strideable {
    public let daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= ServiceDate.daysIn(month: month, year: year)
        else { return nil }
        daysSinceEpoch = Int32(ServiceDate.days(year: year, month: month, day: day))
    }

    public init?(_ text: some StringProtocol) {
        self.init(bytes: Array(text.utf8)[...])
    }

    public init?(bytes: ArraySlice<UInt8>) {
        guard let date = ServiceDate(generic: bytes) else { return nil }
        self = date
    }

    /// The same, from a buffer (the X12 reader's bytes, not copied).
    init?(buffer: UnsafeRawBufferPointer) {
        // `YYYYMMDD`, the X12 form (a DTP per line), eight bytes at once: the generic reading
        // below took about 340 instructions a date. Eight bytes that are not (8/4/2024) are
        // read as the text is.
        if buffer.count == 8, let date = ServiceDate(eightDigits: buffer.loadUnaligned(as: UInt64.self)) {
            self = date
            return
        }
        guard let date = ServiceDate(generic: buffer) else { return nil }
        self = date
    }

    /// `YYYYMMDD` from its eight bytes loaded in memory order (the first byte lowest), nil
    /// unless all are ASCII digits and they name a real day.
    @inline(__always)
    init?(eightDigits word: UInt64) {
        let v = UInt64(littleEndian: word)
        guard allASCIIDigits(v) else { return nil }
        let digits = v &- 0x3030_3030_3030_3030
        // Pairs of digits as numbers 0...99, in bytes 0, 2, 4 and 6: YY, YY, MM, DD.
        let pairs = (digits &* 10 &+ (digits >> 8)) & 0x00FF_00FF_00FF_00FF
        let year = Int(pairs & 0xFF) * 100 + Int((pairs >> 16) & 0xFF)
        self.init(year: year, month: Int((pairs >> 32) & 0xFF), day: Int((pairs >> 48) & 0xFF))
    }

    @inline(__always)
    private init?<Bytes: RandomAccessCollection<UInt8>>(generic b: Bytes) where Bytes.Index == Int {
        let base = b.startIndex
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let c = b[base + i]
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                v = v * 10 + Int(c - UInt8(ascii: "0"))
            }
            return v
        }
        let dash = UInt8(ascii: "-"), slash = UInt8(ascii: "/")
        let y: Int?, m: Int?, d: Int?
        if b.count == 10, b[base + 4] == dash, b[base + 7] == dash {
            (y, m, d) = (num(0..<4), num(5..<7), num(8..<10))
        } else if b.count == 8, b[base + 1] != slash, b[base + 2] != slash {
            (y, m, d) = (num(0..<4), num(4..<6), num(6..<8))
        } else if (8...10).contains(b.count), b[base + b.count - 5] == slash {
            // M/D/YYYY, months and days with or without their leading zero (a spreadsheet's
            // 8/14/2024 as well as 08/14/2024); a two-digit year is not read.
            let first = b[base + 1] == slash ? 1 : 2
            guard b[base + first] == slash, b.count - 5 - (first + 1) >= 1, b.count - 5 - (first + 1) <= 2 else { return nil }
            (y, m, d) = (num(b.count - 4..<b.count), num(0..<first), num(first + 1..<b.count - 5))
        } else {
            return nil
        }
        guard let y, let m, let d, let date = ServiceDate(year: y, month: m, day: d) else { return nil }
        self = date
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else {
            // Only `init(daysSinceEpoch:)` makes such a date; no reader does.
            return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
        }
        // YYYY-MM-DD written digit by digit: no intermediate strings.
        return String(unsafeUninitializedCapacity: 10) { b in
            func put(_ v: Int, at start: Int, digits: Int) {
                var v = v
                for i in stride(from: start + digits - 1, through: start, by: -1) {
                    b[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(y, at: 0, digits: 4)
            b[4] = UInt8(ascii: "-")
            put(m, at: 5, digits: 2)
            b[7] = UInt8(ascii: "-")
            put(d, at: 8, digits: 2)
            return 10
        }
    }

    public func adding(days: Int) -> ServiceDate { ServiceDate(daysSinceEpoch: daysSinceEpoch + Int32(days)) }

    public static func < (a: ServiceDate, b: ServiceDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
    public func distance(to other: ServiceDate) -> Int { Int(other.daysSinceEpoch - daysSinceEpoch) }
    public func advanced(by n: Int) -> ServiceDate { adding(days: n) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension ServiceDate: CustomStringConvertible {
    public var description: String { iso }
}

extension ServiceDate: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let d = ServiceDate(value) else { preconditionFailure("invalid date literal \(value)") }
        self = d
    }
}

/// A date of service or a from-through span (both inclusive).
public struct DateRange: Hashable, Sendable {
    public var from: ServiceDate
    public var through: ServiceDate

    public init(_ date: ServiceDate) { from = date; through = date }

    /// nil when `through` is before `from`.
    public init?(from: ServiceDate, through: ServiceDate) {
        guard through >= from else { return nil }
        self.from = from
        self.through = through
    }

    public func contains(_ d: ServiceDate) -> Bool { d >= from && d <= through }

    public var description: String { from == through ? from.iso : "\(from.iso)..\(through.iso)" }
}
