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

    /// A table past 65,536 rows is sorted into slot order on every core: every pair is found
    /// with its rows, and pairs it lacks are not.
    @Test func largeTableSortedInParallel() throws {
        var rng = SplitMix64(seed: 70_000)
        var builder = PTPTable.Builder()
        var pairs: [(ProcedureCode, ProcedureCode, Int)] = []
        var seen = Set<UInt64>()
        while pairs.count < 70_000 {
            let c1 = 10_000 + Int(rng.next() % 89_000), c2 = 10_000 + Int(rng.next() % 89_000)
            guard c1 != c2, seen.insert(UInt64(c1) << 32 | UInt64(c2)).inserted else { continue }
            let a = ProcedureCode(String(c1))!, b = ProcedureCode(String(c2))!
            let rows = pairs.count % 9 == 0 ? 2 : 1
            for k in 0..<rows {
                builder.append(column1: a, column2: b, effective: ServiceDate(year: 2020 + k, month: 1, day: 1)!, deletion: k == 0 && rows == 2 ? ServiceDate(year: 2020, month: 12, day: 31)! : nil, indicator: 1, rationale: "r")
            }
            pairs.append((a, b, rows))
        }
        let table = builder.build()
        #expect(table.pairCount == pairs.count)
        for (a, b, rows) in pairs {
            let found = table.rows(a, b)
            #expect(found.count == rows && found.map(\.effective) == found.map(\.effective).sorted(), "\(a)/\(b)")
        }
        var absent = 0
        while absent < 20_000 {
            let c1 = 10_000 + Int(rng.next() % 89_000), c2 = 10_000 + Int(rng.next() % 89_000)
            guard c1 != c2, !seen.contains(UInt64(c1) << 32 | UInt64(c2)) else { continue }
            #expect(!table.hasPair(ProcedureCode(String(c1))!, ProcedureCode(String(c2))!))
            absent += 1
        }
    }

    /// Rationales past the 256th (a pack's `pair` rules each have one) keep their own text,
    /// and those past the table's limit (65,535; 300 here, as each is numbered in the process's
    /// `MessageStrings`) share one that says so; a pair of more than 4,095 rows keeps them all.
    /// Each was a crash (a precondition).
    @Test func manyRationalesAndAPairOfManyRows() throws {
        var builder = PTPTable.Builder(rationaleLimit: 300)
        let day = ServiceDate(year: 2024, month: 7, day: 1)!
        let count = 800
        func pair(_ i: Int) -> (ProcedureCode, ProcedureCode) {
            (ProcedureCode(String(10_000 + i % 80_000))!, ProcedureCode(String(90_000 + i / 80_000))!)
        }
        for i in 0..<count {
            let (a, b) = pair(i)
            builder.append(column1: a, column2: b, effective: day, deletion: nil, indicator: 1, rationale: "policy \(i)")
        }
        let long: (ProcedureCode, ProcedureCode) = ("J0001", "J0002")
        for k in 0..<5_000 {
            builder.append(column1: long.0, column2: long.1, effective: day.adding(days: k), deletion: day.adding(days: k), indicator: UInt8(k % 2), rationale: "policy 7")
        }
        let table = builder.build()
        #expect(table.count == count + 5_000 && table.pairCount == count + 1)
        for i in [0, 254, 255, 256, 298] {
            let (a, b) = pair(i)
            #expect(table.row(a, b, on: day)?.rationale == "policy \(i)", "row \(i)")
        }
        for i in [299, count - 1] {
            let (a, b) = pair(i)
            #expect(table.row(a, b, on: day)?.rationale == "(not kept: the table has more than 299 distinct rationales)", "row \(i)")
        }
        #expect(table.rows(long.0, long.1).count == 5_000)
        #expect(table.row(long.0, long.1, on: day.adding(days: 4_999))?.modifierIndicator == 1)
        #expect(table.row(long.0, long.1, on: day.adding(days: 5_000)) == nil)
        #expect(table.allRows.count == table.count)
    }
}
