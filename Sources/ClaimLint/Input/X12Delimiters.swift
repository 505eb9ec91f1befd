/// The four delimiters of an X12 interchange, read from its ISA header and never assumed:
/// the element separator is the byte after `ISA`, the repetition separator is ISA11, the
/// component separator is ISA16 and the segment terminator is the byte after ISA16.
struct X12Delimiters: Hashable, Sendable {
    var element: UInt8
    /// nil when ISA11 is a letter or digit (versions before 00402 put a standards id there).
    var repetition: UInt8?
    var component: UInt8
    var segment: UInt8

    /// The length of a standard ISA segment, its terminator included.
    static let isaLength = 106

    /// Why an ISA header gives no usable delimiters.
    enum Problem: Error, Equatable {
        case tooShort
        case separatorIsText(UInt8)
        case notDistinct
        /// The file starts with `isa`: its segment ids are in lower case.
        case lowerCaseIDs
    }

    /// Reads the delimiters of the ISA segment that starts at `start` (the `I` of `ISA`).
    /// Elements are counted rather than taken at fixed offsets, so an ISA whose padding is
    /// wrong still yields its delimiters (the reader warns about the length).
    /// Returns the delimiters and the index of the segment terminator.
    static func read(isaAt start: Int, in bytes: UnsafeRawBufferPointer) -> Result<(X12Delimiters, terminatorAt: Int), Problem> {
        let end = bytes.count
        guard start + 4 < end else { return .failure(.tooShort) }
        let element = bytes[start + 3]
        guard !isText(element) else { return .failure(.separatorIsText(element)) }
        // ISA16 starts after the 16th element separator; scan at most a few hundred bytes.
        var i = start + 4
        var separators = 1
        var isa11Start = -1
        let limit = min(end, start + 512)
        while i < limit, separators < 16 {
            if bytes[i] == element {
                separators += 1
                if separators == 11 { isa11Start = i + 1 }
            }
            i += 1
        }
        // i is now the first byte of ISA16; the terminator follows it.
        guard separators == 16, i + 1 < end else { return .failure(.tooShort) }
        let component = bytes[i]
        let terminator = bytes[i + 1]
        for b in [component, terminator] where isText(b) { return .failure(.separatorIsText(b)) }
        var repetition: UInt8?
        if isa11Start >= 0, isa11Start < end, !isText(bytes[isa11Start]), bytes[isa11Start] != element {
            repetition = bytes[isa11Start]
        }
        let all = [element, component, terminator] + (repetition.map { [$0] } ?? [])
        guard Set(all).count == all.count else { return .failure(.notDistinct) }
        return .success((X12Delimiters(element: element, repetition: repetition, component: component, segment: terminator), i + 1))
    }

    /// Letters, digits and the space are data, never delimiters.
    static func isText(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || b == UInt8(ascii: " ")
    }

    /// A delimiter as a reader would write it in a message.
    static func describe(_ b: UInt8) -> String {
        switch b {
        case UInt8(ascii: "\n"): "\\n"
        case UInt8(ascii: "\r"): "\\r"
        case UInt8(ascii: "\t"): "\\t"
        case 0x20...0x7E: "'\(String(UnicodeScalar(b)))'"
        default: "byte 0x\(String(b, radix: 16, uppercase: true))"
        }
    }
}
