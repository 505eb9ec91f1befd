extension PTPTable.Builder {
    /// A builder holding the rows of several parts (the `f1`..`f4` files of one quarter), read
    /// separately, each with its own rationale list. Parts are consumed: the first part's row
    /// array becomes the builder's, the others are appended, so the rows are copied at most once.
    init(merging input: consuming [PTPPart]) {
        var parts = input
        self.init()
        var total = 0
        for p in parts { total += p.rows.count }
        for k in parts.indices {
            var map = [UInt8](repeating: 0, count: parts[k].rationaleBytes.count)
            var identity = true
            for (i, r) in parts[k].rationales.enumerated() {
                let ri = intern(r)
                map[i] = ri
                if Int(ri) != i { identity = false }
            }
            var rows = parts[k].rows
            parts[k].rows = []
            if !identity {
                for j in rows.indices { rows[j].rationale = map[Int(rows[j].rationale)] }
            }
            if self.rows.isEmpty {
                self.rows = rows
                self.rows.reserveCapacity(total)
            } else {
                self.rows.append(contentsOf: rows)
            }
        }
    }

    /// The index of a rationale, added if new.
    mutating func intern(_ rationale: String) -> UInt8 {
        if let i = rationaleIndex[rationale] { return i }
        precondition(rationales.count < 255, "more than 255 distinct PTP rationales")
        let i = UInt8(rationales.count)
        rationales.append(rationale)
        rationaleIndex[rationale] = i
        return i
    }
}
