@testable import ClaimLint
import Testing

/// The UTF-16 columns of byte columns on lines of text (`UTF16Columns`), against Swift's own
/// count of the UTF-16 units before each column.
@Suite struct UTF16ColumnsTests {
    typealias Shift = UTF16Columns.Shift

    static func shifts(_ bytes: [UInt8], _ lines: [(line: Int, columns: [Int])]) -> [Int: [Shift]] {
        Dictionary(uniqueKeysWithValues: bytes.withUnsafeBytes { UTF16Columns.shifts(in: $0, lines: lines) }.map { ($0.line, $0.shifts) })
    }

    /// Two-, three- and four-byte characters (the last two UTF-16 units), bytes that are not
    /// UTF-8 (a Latin-1 É alone, a stray continuation byte: one U+FFFD each, as Swift decodes
    /// them), past a byte order mark on line 1 (columns count from after it), on line 3 of a
    /// file with a blank line; a column past the line's end counts to its end.
    @Test func eachColumnCountsTheUnitsBeforeIt() {
        let line3: [UInt8] = Array("a,é,€,😀,".utf8) + [0xC9, UInt8(ascii: ","), 0xA0, 0xA0, UInt8(ascii: ","), UInt8(ascii: "z")]
        let text: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("ÄB,C\n\n".utf8) + line3 + Array("\nlast".utf8)
        var columns = UTF16Columns()
        let found = Self.shifts(text, [(1, [3, 4]), (2, [1]), (3, Array(1...line3.count + 3)), (9, [2])])
        #expect(found.keys.sorted() == [1, 3], "no line 9, and line 2 has nothing before its column")
        for (line, shifts) in found { columns.shifts[UTF16Columns.Line(file: "f", line: line)] = shifts }
        // Line 1: Ä (2 bytes) before B at byte column 3.
        #expect(columns.column(of: SourceLocation(file: "f", line: 1, column: 3)) == 2)
        #expect(columns.column(of: SourceLocation(file: "f", line: 1, column: 4)) == 3)
        // Each column after an ASCII byte (a field's start: a column inside a character has no
        // count of its own).
        for column in 1...line3.count + 1 where column == 1 || line3[column - 2] < 0x80 {
            let expected = String(decoding: line3.prefix(column - 1), as: UTF8.self).utf16.count + 1
            #expect(columns.column(of: SourceLocation(file: "f", line: 3, column: column)) == expected, "column \(column)")
        }
        // 19 bytes, 14 units before `z`: é 1 more, € 2, 😀 2; 0xC9 and each 0xA0 one U+FFFD.
        #expect(columns.column(of: SourceLocation(file: "f", line: 3, column: 20)) == 15)
        // Past the line's end: what its end gives.
        #expect(columns.column(of: SourceLocation(file: "f", line: 3, column: 23)) == 18)
        // Another file, or a line not made: the byte column.
        #expect(columns.column(of: SourceLocation(file: "g", line: 3, column: 9)) == 9)
        #expect(columns.column(of: SourceLocation(file: "f", line: 4, column: 9)) == 9)
    }

    /// One line (an 837 on one line): a shift only where the count changes between the columns
    /// named, not one per column, so a file's findings after one name with an Ñ keep one.
    @Test func aShiftIsKeptOnlyWhereTheCountChanges() {
        let line = Array("NM1*IL*1*MUÑOZ~".utf8) + Array(repeating: UInt8(ascii: "x"), count: 1000)
        let columns = Array(stride(from: 20, through: 1000, by: 10))
        #expect(Self.shifts(line, [(1, columns)]) == [1: [Shift(from: 20, extra: 1)]])
        #expect(Self.shifts(Array(repeating: UInt8(ascii: "x"), count: 1000), [(1, columns)]).isEmpty)
    }
}
