/// Parses a plain decimal number (`12`, `-1.5`, `0.250`) into an integer count of
/// `1 / 10^fractionDigits`, exactly. Returns nil for anything else, including more significant
/// fraction digits than `fractionDigits` or a value that does not fit.
/// Generic so that the X12 reader parses straight from the file's bytes (no copy).
@inline(__always)
func parseFixedPoint<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, fractionDigits: Int) -> Int64? where Bytes.Index == Int {
    var i = bytes.startIndex
    guard i < bytes.endIndex else { return nil }
    var negative = false
    if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
        negative = bytes[i] == UInt8(ascii: "-")
        i += 1
    }
    var value: Int64 = 0
    var digits = 0
    var fraction = -1
    while i < bytes.endIndex {
        let c = bytes[i]
        if c == UInt8(ascii: ".") {
            guard fraction < 0 else { return nil }
            fraction = 0
        } else if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
            let d = Int64(c - UInt8(ascii: "0"))
            if fraction >= 0 {
                fraction += 1
                if fraction > fractionDigits {
                    guard d == 0 else { return nil }
                    i += 1
                    continue
                }
            }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            value = s
            digits += 1
        } else {
            return nil
        }
        i += 1
    }
    guard digits > 0 else { return nil }
    var scaleUp = fractionDigits - max(fraction, 0)
    while scaleUp > 0 {
        let (m, o) = value.multipliedReportingOverflow(by: 10)
        guard !o else { return nil }
        value = m
        scaleUp -= 1
    }
    return negative ? -value : value
}

func formatFixedPoint(_ value: Int64, fractionDigits: Int, minimumFractionDigits: Int = 0) -> String {
    var scale: Int64 = 1
    for _ in 0..<fractionDigits { scale *= 10 }
    let magnitude = value.magnitude
    let whole = magnitude / UInt64(scale)
    var frac = String(magnitude % UInt64(scale))
    frac = String(repeating: "0", count: fractionDigits - frac.count) + frac
    while frac.count > minimumFractionDigits, frac.last == "0" { frac.removeLast() }
    return (value < 0 ? "-" : "") + String(whole) + (frac.isEmpty ? "" : "." + frac)
}

/// Units of service, an exact decimal with up to three fraction digits (X12 SV104, box 24G).
public struct Units: Hashable, Comparable, Sendable, BitwiseCopyable {
    /// Thousandths of a unit.
    public let thousandths: Int64

    public init(thousandths: Int64) { self.thousandths = thousandths }
    public init(_ whole: Int) { thousandths = Int64(whole) * 1000 }

    public init?(_ text: some StringProtocol) { self.init(bytes: Array(text.utf8)[...]) }
    public init?(bytes: ArraySlice<UInt8>) {
        guard let v = parseFixedPoint(bytes, fractionDigits: 3) else { return nil }
        thousandths = v
    }
    /// The same, from a buffer (the X12 reader's bytes, not copied). A whole number of units
    /// (`1`, most lines' quantity) is read on its own path, as `Money`'s dollars and cents are.
    init?(buffer: UnsafeRawBufferPointer) {
        if let v = Units.whole(buffer) {
            thousandths = v
            return
        }
        guard let v = parseFixedPoint(buffer, fractionDigits: 3) else { return nil }
        thousandths = v
    }

    /// One to fifteen digits (no overflow once scaled), as thousandths; nil for anything else.
    @inline(__always)
    private static func whole(_ b: UnsafeRawBufferPointer) -> Int64? {
        guard b.count >= 1, b.count <= 15 else { return nil }
        var v: Int64 = 0
        for i in 0..<b.count {
            let d = b[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int64(d)
        }
        return v &* 1000
    }

    public var isWhole: Bool { thousandths % 1000 == 0 }
    public var isPositive: Bool { thousandths > 0 }
    /// Saturating: a total of lines of fifteen-digit units stays over any limit (wrapping, ten
    /// of them came out negative, and an MUE total over its limit was not reported).
    public static func + (a: Units, b: Units) -> Units {
        let (sum, overflow) = a.thousandths.addingReportingOverflow(b.thousandths)
        return Units(thousandths: overflow ? (b.thousandths > 0 ? .max : .min) : sum)
    }
    public static func < (a: Units, b: Units) -> Bool { a.thousandths < b.thousandths }
    public static let zero = Units(thousandths: 0)
}

extension Units: CustomStringConvertible {
    public var description: String { formatFixedPoint(thousandths, fractionDigits: 3) }
}

/// A charge in dollars, exact to the cent.
public struct Money: Hashable, Sendable {
    public let cents: Int64
    public init(cents: Int64) { self.cents = cents }
    public init?(_ text: some StringProtocol) { self.init(bytes: Array(text.utf8)[...]) }
    public init?(bytes: ArraySlice<UInt8>) {
        guard let v = parseFixedPoint(bytes, fractionDigits: 2) else { return nil }
        cents = v
    }
    /// The same, from a buffer (the X12 reader's bytes, not copied). Dollars and two decimals
    /// (`138.00`, the way X12 charges are written) are read on their own path, without the
    /// general reading's sign, fraction and overflow bookkeeping (about 140 instructions a
    /// charge); anything else, or anything that path refuses, is read by `parseFixedPoint`.
    init?(buffer: UnsafeRawBufferPointer) {
        if let v = Money.dollarsAndCents(buffer) {
            cents = v
            return
        }
        guard let v = parseFixedPoint(buffer, fractionDigits: 2) else { return nil }
        cents = v
    }

    /// `D.DD` to `DDDDDDDDDDDDDDD.DD` (at most 15 digits before the point, so no overflow), as
    /// cents; nil for anything else.
    @inline(__always)
    private static func dollarsAndCents(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        guard n >= 4, n <= 18, b[n - 3] == UInt8(ascii: ".") else { return nil }
        var v: Int64 = 0
        for i in 0..<(n - 3) {
            let d = b[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int64(d)
        }
        let tens = b[n - 2] &- UInt8(ascii: "0"), ones = b[n - 1] &- UInt8(ascii: "0")
        guard tens < 10, ones < 10 else { return nil }
        return v &* 100 &+ Int64(tens &* 10 &+ ones)
    }
}

extension Money: CustomStringConvertible {
    public var description: String { formatFixedPoint(cents, fractionDigits: 2, minimumFractionDigits: 2) }
}
