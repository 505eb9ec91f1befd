import Foundation

/// One segment of an X12 file: where it is, and its elements as byte ranges of the file.
/// It borrows the file's bytes, so it lives only while the scanner that made it does; the
/// reader turns the values it needs into model values and keeps nothing else.
///
/// It is made and passed for every segment, so it is kept small (about 110 bytes: copied
/// inline, not with a call to memcpy).
///
/// Its fields are variables so that the scanner writes each segment over the last in place
/// (`X12Scanner.next(into:)`); nothing else changes them.
struct X12Segment {
    var bytes: UnsafeRawBufferPointer
    /// The segment's bytes in the file, without its terminator.
    var range: Range<Int>
    /// 1-based ordinal of the segment in the file.
    var ordinal: Int
    /// 1-based physical line and column of the segment's first byte.
    var line: Int
    var column: Int
    /// The number of elements after the id.
    var elementCount: Int
    /// Where the first `knownEnds` elements end, as offsets from the segment's start: lane `n`
    /// is the offset of the separator after element `n` (element 0 is the id), or the
    /// segment's length for its last element. Element `n` below `knownEnds` runs from just
    /// after the lane before it (the segment's start for the id) to its own lane, with no test
    /// of whether it is the last.
    var elementEnds: SIMD16<UInt16>
    var knownEnds: UInt8
    var delimiters: X12Delimiters
    /// nil when the first element is not a segment id (two or three letters or digits).
    var id: X12SegmentID?
    var problem: Problem?

    /// `separatorOffsets`: the offsets from the segment's start of its first
    /// `recordedSeparators` element separators (at most 16, within the first 64 KiB), found by
    /// the scanner, so that elements among the first 16 are found without scanning the
    /// segment again.
    @inline(__always)
    init(
        bytes: UnsafeRawBufferPointer, range: Range<Int>, ordinal: Int, line: Int, column: Int, elementCount: Int,
        separatorOffsets: SIMD16<UInt16>, delimiters: X12Delimiters, id: X12SegmentID?, recordedSeparators: UInt8
    ) {
        self.bytes = bytes
        self.range = range
        self.ordinal = ordinal
        self.line = line
        self.column = column
        self.elementCount = elementCount
        self.delimiters = delimiters
        self.id = id
        elementEnds = separatorOffsets
        knownEnds = 0
        setKnownEnds(recordedSeparators: Int(recordedSeparators))
    }

    /// Sets `knownEnds` once `elementEnds` holds the offsets of the first `recordedSeparators`
    /// separators and `range` and `elementCount` are set: with every separator recorded and a
    /// lane left, the last element's end (the segment's end) is known too.
    @inline(__always)
    mutating func setKnownEnds(recordedSeparators: Int) {
        var known = recordedSeparators
        let length = range.upperBound &- range.lowerBound
        if known == elementCount, known < X12Segment.recordedSeparators, length <= Int(UInt16.max) {
            X12Scanner.set(&elementEnds, known, to: length)
            known &+= 1
        }
        knownEnds = UInt8(truncatingIfNeeded: known)
    }

    /// An empty segment of no file, for a scanner to write segments over
    /// (`X12Scanner.next(into:)`).
    static func none(in bytes: UnsafeRawBufferPointer) -> X12Segment {
        X12Segment(
            bytes: bytes, range: 0..<0, ordinal: 0, line: 0, column: 0, elementCount: 0, separatorOffsets: SIMD16(),
            delimiters: X12Delimiters(element: 0, repetition: nil, component: 0, segment: 0), id: nil, recordedSeparators: 0)
    }

    /// How many separators the scanner records.
    static let recordedSeparators = 16

    /// Why a segment is not read.
    enum Problem: Equatable {
        /// Longer than `X12Scanner.maxSegmentLength` bytes.
        case tooLong
        /// More than `X12Scanner.maxElements` elements.
        case tooManyElements
    }

    /// The range of element `n` (0 is the id, 1 the first element), nil when the segment has
    /// fewer elements. An empty range is an element that is present but empty.
    ///
    /// Without its trailing spaces: X12 variable-length values carry none (the guides: "trailing
    /// spaces should be suppressed"), and receivers drop them, but exports padded to fixed
    /// widths exist, whose `MEMBER-A   ` would be another member than `MEMBER-A` and whose
    /// padded NPI no NPI. Leading spaces are kept (the guides presume them significant). The
    /// test is of the last byte, not a pass over the value; a value of spaces only is empty.
    @inline(__always)
    func element(_ n: Int) -> Range<Int>? {
        guard let r = elementAsWritten(n) else { return nil }
        var end = r.upperBound
        while end > r.lowerBound, bytes[end &- 1] == UInt8(ascii: " ") { end &-= 1 }
        return Range(uncheckedBounds: (r.lowerBound, end))
    }

    /// The range of element `n` between its separators, trailing spaces and all (`element(_:)`
    /// without them): where the scanner found it.
    @inline(__always)
    func elementAsWritten(_ n: Int) -> Range<Int>? {
        if n >= 0, n < Int(knownEnds) {
            // Unchecked: offsets within a buffer do not overflow, and separators come in order.
            let start = n == 0 ? range.lowerBound : range.lowerBound &+ Int(elementEnds[n &- 1]) &+ 1
            return Range(uncheckedBounds: (start, range.lowerBound &+ Int(elementEnds[n])))
        }
        guard n <= elementCount, n >= 0 else { return nil }
        return part(n, of: range, separatedBy: delimiters.element)
    }

    /// The `n`th (0-based) part of `whole` between separators, nil when there are fewer.
    @inline(__always)
    private func part(_ n: Int, of whole: Range<Int>, separatedBy separator: UInt8) -> Range<Int>? {
        var start = whole.lowerBound
        var k = 0
        var i = start
        while i < whole.upperBound {
            if bytes[i] == separator {
                if k == n { return start..<i }
                k += 1
                start = i + 1
            }
            i += 1
        }
        return k == n ? start..<whole.upperBound : nil
    }

    /// The components of a composite element one after another, each found by scanning on from
    /// the one before: finding component `k` from the element's start each time read an SV101's
    /// bytes again for its code and each modifier. The first is always there, empty for an
    /// empty element. Each is without its trailing spaces, as elements are (`element(_:)`).
    @inline(__always)
    func components(of element: Range<Int>) -> Components {
        Components(bytes: bytes, end: element.upperBound, separator: delimiters.component, position: element.lowerBound)
    }

    struct Components {
        let bytes: UnsafeRawBufferPointer
        let end: Int
        let separator: UInt8
        var position: Int
        var done = false

        /// The next component (0, 1, 2...), nil after the last.
        @inline(__always)
        mutating func next() -> Range<Int>? {
            guard !done else { return nil }
            var i = position
            while i < end, bytes[i] != separator { i += 1 }
            var last = i
            while last > position, bytes[last &- 1] == UInt8(ascii: " ") { last &-= 1 }
            let r = position..<last
            if i < end { position = i + 1 } else { done = true }
            return r
        }
    }

    /// Element `n`, nil when absent or empty.
    @inline(__always)
    func value(_ n: Int) -> Range<Int>? {
        guard let r = element(n), !r.isEmpty else { return nil }
        return r
    }

    func text(_ r: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    /// Element `n` as text; empty when absent.
    func text(_ n: Int) -> String {
        element(n).map { text($0) } ?? ""
    }

    /// The bytes of a range in place, for the model types' buffer parsers (no copy).
    @inline(__always)
    func buffer(_ r: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[r])
    }

    /// Whether `bytes[r]` is exactly the ASCII text `s`: the short literals of the 837 (`D8`,
    /// `472`, `XX`) compared as one or two loads, not byte by byte (about 40 instructions a call
    /// in a loop over the literal's buffer).
    @inline(__always)
    func equals(_ r: Range<Int>?, _ s: StaticString) -> Bool {
        guard let r else { return false }
        let n = s.utf8CodeUnitCount
        guard r.count == n else { return false }
        guard n > 0, let base = bytes.baseAddress else { return true }
        let value = base + r.lowerBound, literal = UnsafeRawPointer(s.utf8Start)
        switch n {
        case 1:
            return value.load(as: UInt8.self) == literal.load(as: UInt8.self)
        case 2:
            return value.loadUnaligned(as: UInt16.self) == literal.loadUnaligned(as: UInt16.self)
        case 3:
            return value.loadUnaligned(as: UInt16.self) == literal.loadUnaligned(as: UInt16.self)
                && value.load(fromByteOffset: 2, as: UInt8.self) == literal.load(fromByteOffset: 2, as: UInt8.self)
        default:
            return memcmp(value, literal, n) == 0
        }
    }

    /// Whether element `n` is the ASCII text `s`.
    @inline(__always)
    func element(_ n: Int, is s: StaticString) -> Bool { equals(element(n), s) }

    /// Parses a run of ASCII digits (at most 18), nil for anything else.
    @inline(__always)
    func integer(_ r: Range<Int>) -> Int? {
        guard !r.isEmpty, r.count <= 18 else { return nil }
        var v = 0
        for i in r {
            let b = bytes[i]
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + Int(b - UInt8(ascii: "0"))
        }
        return v
    }

    /// The segment's id as written, for messages (also when it is not a valid id).
    var idText: String {
        if let id { return id.text }
        let r = element(0) ?? range
        let shown = text(r.lowerBound..<min(r.upperBound, r.lowerBound + 12))
        return shown.isEmpty ? "(empty segment)" : "'\(shown)'"
    }

    /// `SV1 (segment 31)`, how messages name a segment.
    var name: String { "\(idText) (segment \(ordinal))" }

    /// Where the whole segment is, without the file name.
    var place: X12Place {
        X12Place(line: line, column: column, ordinal: ordinal, offset: range.lowerBound, length: range.count)
    }

    /// The location of the whole segment.
    func location(file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column, segment: ordinal, byteOffset: range.lowerBound, byteLength: range.count)
    }

    /// The location of one element or component: the segment's line, the column and byte
    /// offset of the value.
    func location(file: String, of r: Range<Int>) -> SourceLocation {
        SourceLocation(
            file: file, line: line, column: column + (r.lowerBound - range.lowerBound), segment: ordinal,
            byteOffset: r.lowerBound, byteLength: r.count)
    }

    /// The location of element `n`, or of the segment when the element is absent.
    func location(file: String, element n: Int) -> SourceLocation {
        element(n).map { location(file: file, of: $0) } ?? location(file: file)
    }
}

/// Where a segment is, as `X12Segment.location(file:)` gives it but without the file name and
/// its optional fields: what the reader keeps of a segment until it needs a `SourceLocation`.
struct X12Place: Sendable, Equatable {
    let line: Int
    let column: Int
    let ordinal: Int
    let offset: Int
    let length: Int

    func location(file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column, segment: ordinal, byteOffset: offset, byteLength: length)
    }
}
