/// A batch's claim ids, by claim position: those from `base` on as strings in memory, those
/// before it (a large batch's, written out with its spilled entries) as UTF-8 in a `ByteLog`
/// whose bytes are in the spill file, `group` ids to a group, each id its length (LEB128) and
/// its bytes.
///
/// The edits rarely need an id (an oversized run's warning, a pack rule's message naming
/// another claim): then its group is read back. The findings are named from every id, read
/// back once the lines' entries are freed (`all()`). A 5M-line 837P holds 2.4 million ids, 38
/// MB as strings.
struct ClaimIDLog: Sendable {
    private(set) var base = 0
    private var local: [String] = []
    private var log = ByteLog()
    /// Where each group of spilled ids starts in `log`.
    private var groupStarts: [Int] = []
    static let group = 64

    var count: Int { base + local.count }

    /// Room for `n` ids in all.
    mutating func reserveCapacity(_ n: Int) { local.reserveCapacity(n - base) }

    mutating func append(_ id: String) { local.append(id) }

    subscript(k: Int) -> String {
        if k >= base { return local[k - base] }
        let g = k / ClaimIDLog.group
        return log.withBytes(groupRange(g)) { b in
            var p = 0
            for _ in 0..<(k % ClaimIDLog.group) {
                let n = ClaimIDLog.readLength(b, &p)
                p += n
            }
            let n = ClaimIDLog.readLength(b, &p)
            return String(decoding: UnsafeBufferPointer(rebasing: b[p..<(p + n)]), as: UTF8.self)
        }
    }

    private func groupRange(_ g: Int) -> Range<Int> {
        groupStarts[g]..<(g + 1 < groupStarts.count ? groupStarts[g + 1] : log.count)
    }

    /// Writes the ids in memory, whole groups of them, to `file`. On a full disk they stay
    /// in memory, in the log.
    mutating func spill(to file: SpillFile) {
        let n = local.count / ClaimIDLog.group * ClaimIDLog.group
        guard n > 0 else { return }
        var bytes: [UInt8] = []
        for i in 0..<n {
            if i % ClaimIDLog.group == 0 { groupStarts.append(log.count + bytes.count) }
            var id = local[i]
            id.withUTF8 { utf8 in
                var length = utf8.count
                while length >= 0x80 {
                    bytes.append(UInt8(truncatingIfNeeded: length) | 0x80)
                    length >>= 7
                }
                bytes.append(UInt8(length))
                bytes.append(contentsOf: utf8)
            }
        }
        bytes.withUnsafeBufferPointer { log.append(contentsOf: $0) }
        log.spill(upTo: log.count, to: file)
        base += n
        // A new array: the pages of a large reserved one stay resident once touched.
        var rest: [String] = []
        rest.reserveCapacity(Swift.max((local.count - n) * 2, 1 << 12))
        rest.append(contentsOf: local[n...])
        local = rest
    }

    /// Every id, in memory (the spilled ones read back a few hundred groups at a time).
    func all() -> [String] {
        guard base > 0 else { return local }
        var ids: [String] = []
        ids.reserveCapacity(count)
        let step = 256
        for g in stride(from: 0, to: groupStarts.count, by: step) {
            let last = Swift.min(g + step, groupStarts.count) - 1
            log.withBytes(groupStarts[g]..<groupRange(last).upperBound) { b in
                var p = 0
                while p < b.count {
                    let n = ClaimIDLog.readLength(b, &p)
                    ids.append(String(decoding: UnsafeBufferPointer(rebasing: b[p..<(p + n)]), as: UTF8.self))
                    p += n
                }
            }
        }
        ids.append(contentsOf: local)
        return ids
    }

    private static func readLength(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int) -> Int {
        var n = 0, shift = 0
        while true {
            let byte = b[p]
            p += 1
            n |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return n }
            shift += 7
        }
    }
}
