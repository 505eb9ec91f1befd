/// Whether every byte of `word` is an ASCII digit (0x30...0x39): its high nibble is 3, and
/// still 3 once 6 is added to it. A carry out of a byte comes only from one that already failed
/// the first test. The model types' buffer parsers check several digits at once with it.
@inline(__always)
func allASCIIDigits<Word: FixedWidthInteger & UnsignedInteger>(_ word: Word) -> Bool {
    let high = Word(truncatingIfNeeded: 0xF0F0_F0F0_F0F0_F0F0 as UInt64)
    let threes = Word(truncatingIfNeeded: 0x3030_3030_3030_3030 as UInt64)
    let sixes = Word(truncatingIfNeeded: 0x0606_0606_0606_0606 as UInt64)
    return word & high == threes && (word &+ sixes) & high == threes
}
