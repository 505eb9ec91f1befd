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

    /// The newline bytes in `bytes`, counted eight at a time (a byte at a time took four to five
    /// instructions a byte, the largest part of the pre-scan that runs before any part is read).
    static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7 = ones &* 0x7F
        var n = 0
        var i = 0
        while i + 8 <= count {
            // Up to 31 words counted in the bytes of `lanes` (at most 31 each, 248 in all, so
            // their sum fits a byte), summed by one multiplication: the baseline x86-64 target
            // has no population count instruction.
            var lanes: UInt64 = 0
            var words = 0
            while words < 31, i + 8 <= count {
                // The high bit of each byte of `zero` is set exactly where `x` has a zero byte,
                // a newline (no carry crosses bytes: a byte's low seven bits plus 0x7F fit).
                let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ (ones &* 0x0A)
                let zero = ~(((x & low7) &+ low7) | x | low7)
                lanes &+= zero >> 7
                words += 1
                i += 8
            }
            n &+= Int((lanes &* ones) >> 56)
        }
        while i < count {
            if bytes[i] == 0x0A { n &+= 1 }
            i += 1
        }
        return n
    }
}
