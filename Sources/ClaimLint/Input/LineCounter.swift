/// The line and line start of offsets a pre-scan reaches in a file (the X12 and CSV parallel
/// readers' cuts), counted as the readers count them: `line` is 1 plus the newlines before the
/// offset, `lineStart` the byte after the last of them (or `start`, after a byte order mark).
struct LineCounter {
    private let bytes: UnsafeRawBufferPointer
    private let releaseStep: Int?
    private(set) var line = 1
    private(set) var lineStart: Int
    private var counted: Int
    private var released = 0

    /// `releaseStep`: `bytes` is a private read-only file mapping the caller owns, whose pages
    /// before the offsets reached are released in steps of that many bytes (counting lines
    /// touches every page).
    init(bytes: UnsafeRawBufferPointer, start: Int, releaseStep: Int?) {
        self.bytes = bytes
        self.releaseStep = releaseStep
        lineStart = start
        counted = start
    }

    /// Counts the lines up to `offset`, at or after the last offset reached.
    mutating func advance(to offset: Int) {
        let newlines = LineCounter.newlines(in: UnsafeRawBufferPointer(rebasing: bytes[counted..<offset]))
        if newlines > 0 {
            line += newlines
            var last = offset - 1
            while bytes[last] != 0x0A { last -= 1 }
            lineStart = last + 1
        }
        counted = offset
        if let step = releaseStep, counted - released >= step {
            released = X12FileMapping.releasePages(of: bytes, from: released, upTo: counted)
        }
    }

    /// The newline bytes in `bytes`, counted sixteen at a time (a byte at a time took four to
    /// five instructions a byte, the largest part of the pre-scan that runs before any part is
    /// read; this takes under one).
    static func newlines(in bytes: UnsafeRawBufferPointer) -> Int { count(0x0A, in: bytes) }

    /// The bytes equal to `byte` in `bytes`, counted sixteen at a time.
    static func count(_ byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        let wanted = SIMD16<UInt8>(repeating: byte), one = SIMD16<UInt8>(repeating: 1), zero = SIMD16<UInt8>()
        var n = 0
        var i = 0
        while i + 16 <= count {
            // Up to 255 blocks counted in the lanes of `lanes` (at most 255 each), then summed.
            var lanes = SIMD16<UInt8>()
            var blocks = 0
            while blocks < 255, i + 16 <= count {
                let block = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                lanes &+= zero.replacing(with: one, where: block .== wanted)
                blocks += 1
                i += 16
            }
            n &+= Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while i < count {
            if bytes[i] == byte { n &+= 1 }
            i += 1
        }
        return n
    }
}
