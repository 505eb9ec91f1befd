import Testing
@testable import ClaimLint

@Suite struct PTPTableTests {
    /// Lookups agree with a plain dictionary of the rows, for pairs the table has (one row or
    /// several) and pairs it lacks, at sizes from one pair to thousands: the ordered probe
    /// stops neither too early (a pair missed) nor too late (past the table's end).
    @Test(arguments: [1, 2, 7, 100, 5_000])
    func lookupsMatchTheRows(pairs: Int) throws {
        var rng = SplitMix64(seed: UInt64(pairs))
        // A pool of codes small enough that absent pairs share codes with present ones.
        let pool = (0..<max(4, Int(Double(pairs).squareRoot() * 3))).map { i -> ProcedureCode in
            ProcedureCode(String(10_000 + i * 7 + Int(rng.next() % 7)))!
        }
        struct Pair: Hashable { var c1: ProcedureCode; var c2: ProcedureCode }
        var expected: [Pair: [PTPRow]] = [:]
        var builder = PTPTable.Builder()
        let start = ServiceDate(year: 2020, month: 1, day: 1)!
        while expected.count < pairs {
            let c1 = pool[Int(rng.next() % UInt64(pool.count))], c2 = pool[Int(rng.next() % UInt64(pool.count))]
            guard c1 != c2, expected[Pair(c1: c1, c2: c2)] == nil else { continue }
            // Mostly one row; some pairs with several date ranges, open or closed.
            var rows: [PTPRow] = []
            var from = start.adding(days: Int(rng.next() % 400))
            for _ in 0..<(rng.next() % 5 == 0 ? 2 + Int(rng.next() % 3) : 1) {
                let through = rng.next() % 3 == 0 ? nil : from.adding(days: Int(rng.next() % 300))
                rows.append(PTPRow(
                    column1: c1, column2: c2, effective: from, deletion: through,
                    modifierIndicator: [0, 1, 9][Int(rng.next() % 3)], rationale: "r\(rng.next() % 4)"))
                from = (through ?? from).adding(days: 1 + Int(rng.next() % 30))
            }
            // Added in any order.
            for r in rows.shuffled(using: &rng) { builder.append(r) }
            expected[Pair(c1: c1, c2: c2)] = rows
        }
        let table = builder.build()
        #expect(table.pairCount == pairs && table.count == expected.values.reduce(0) { $0 + $1.count })
        #expect(table.allRows.count == table.count)
        var checked = (present: 0, absent: 0)
        for c1 in pool {
            for c2 in pool where c1 != c2 {
                let rows = expected[Pair(c1: c1, c2: c2)] ?? []
                #expect(table.hasPair(c1, c2) == !rows.isEmpty)
                #expect(table.rows(c1, c2) == rows.sorted { $0.effective < $1.effective })
                for _ in 0..<3 {
                    let day = start.adding(days: Int(rng.next() % 1_200))
                    var want: PTPRow?
                    for r in rows.sorted(by: { $0.effective < $1.effective }) where r.inForce(on: day) {
                        if want == nil || want!.modifierIndicator == 9 { want = r }
                    }
                    #expect(table.row(c1, c2, on: day) == want, "\(c1)/\(c2) on \(day.iso)")
                }
                if rows.isEmpty { checked.absent += 1 } else { checked.present += 1 }
            }
        }
        #expect(checked.present == pairs && checked.absent > 0)
    }
}
