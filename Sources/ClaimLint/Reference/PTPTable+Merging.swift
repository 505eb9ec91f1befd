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
            var map = [UInt16](repeating: 0, count: parts[k].rationaleBytes.count)
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
}
