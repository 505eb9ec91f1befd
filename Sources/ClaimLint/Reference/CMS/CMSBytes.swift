#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers shared by the CMS file readers. CMS files are Latin-1 (or ASCII) text;
/// the readers keep fields as byte slices and decode only what they keep or report.
enum CMSBytes {
    /// The whole file, read once; nil when it cannot be opened or read.
    static func read(_ path: String, limit: Int? = nil) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = limit.map { min($0, Int(st.st_size)) } ?? Int(st.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var total = 0
            while total < size {
                let n = readBytes(fd, buffer.baseAddress! + total, size - total)
                if n < 0 { failed = true; break }
                if n == 0 { break }
                total += n
            }
            count = total
        }
        return failed ? nil : bytes
    }

    private static func readBytes(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, p, n)
        #elseif canImport(Musl)
        return Musl.read(fd, p, n)
        #else
        return Darwin.read(fd, p, n)
        #endif
    }

    /// Latin-1 text: every byte is the Unicode scalar of the same value.
    static func latin1(_ bytes: some Collection<UInt8>) -> String {
        var s = String()
        s.reserveCapacity(bytes.count)
        for b in bytes { s.unicodeScalars.append(Unicode.Scalar(b)) }
        return s
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
    }

    /// The slice without leading and trailing spaces, tabs and line ends.
    static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi, isSpace(s[lo]) { lo += 1 }
        while hi > lo, isSpace(s[hi - 1]) { hi -= 1 }
        return s[lo..<hi]
    }

    /// Whether `haystack` holds `needle` (ASCII), ignoring ASCII case.
    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let n = Array(needle.utf8).map(lower)
        guard !n.isEmpty, haystack.count >= n.count else { return n.isEmpty }
        var i = haystack.startIndex
        let last = haystack.endIndex - n.count
        while i <= last {
            if lower(haystack[i]) == n[0] {
                var j = 1
                while j < n.count, lower(haystack[i + j]) == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
    }

    /// `n` ASCII digits as a number, or nil.
    @inline(__always) static func digits(_ s: ArraySlice<UInt8>) -> Int? {
        guard !s.isEmpty, s.count <= 18 else { return nil }
        var v = 0
        for b in s {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            v = v &* 10 &+ Int(b &- UInt8(ascii: "0"))
        }
        return v
    }

    /// `YYYYMMDD`, validated.
    @inline(__always) static func yyyymmdd(_ s: ArraySlice<UInt8>) -> ServiceDate? {
        guard s.count == 8, let v = digits(s) else { return nil }
        return ServiceDate(year: v / 10000, month: v / 100 % 100, day: v % 100)
    }

    /// A Julian date `YYYYDDD` (2026091 = 2026-04-01), as the CMS add-on code edit files write them.
    static func julian(_ s: ArraySlice<UInt8>) -> ServiceDate? {
        guard s.count == 7, let v = digits(s) else { return nil }
        let year = v / 1000, day = v % 1000
        guard let jan1 = ServiceDate(year: year, month: 1, day: 1) else { return nil }
        let length = ServiceDate.daysIn(month: 2, year: year) == 29 ? 366 : 365
        guard day >= 1, day <= length else { return nil }
        return jan1.adding(days: day - 1)
    }
}

extension DateRange {
    /// Quarter `q` (1-4) of `year`.
    static func quarter(_ year: Int, _ q: Int) -> DateRange? {
        guard (1...4).contains(q), let from = ServiceDate(year: year, month: 3 * q - 2, day: 1) else { return nil }
        let lastMonth = 3 * q
        guard let through = ServiceDate(year: year, month: lastMonth, day: ServiceDate.daysIn(month: lastMonth, year: year)) else { return nil }
        return DateRange(from: from, through: through)
    }

    /// The calendar quarter holding `date`.
    static func quarter(containing date: ServiceDate) -> DateRange {
        let (y, m, _) = date.components
        return quarter(y, (m - 1) / 3 + 1)!
    }

    /// From `date` to the last day of its calendar quarter.
    static func restOfQuarter(from date: ServiceDate) -> DateRange {
        DateRange(from: date, through: quarter(containing: date).through)!
    }

    /// The whole calendar year.
    static func year(_ year: Int) -> DateRange? {
        guard let from = ServiceDate(year: year, month: 1, day: 1), let through = ServiceDate(year: year, month: 12, day: 31) else { return nil }
        return DateRange(from: from, through: through)
    }

    func overlaps(_ other: DateRange) -> Bool { from <= other.through && other.from <= through }
}
