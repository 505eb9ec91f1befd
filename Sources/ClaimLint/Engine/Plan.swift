extension Range<Int> {
    /// The `slice`-th of `count` nearly equal, consecutive parts of the range: what each thread
    /// of a pass split `count` ways takes.
    func part(_ slice: Int, of count: Int) -> Range<Int> {
        (lowerBound + self.count * slice / count)..<(lowerBound + self.count * (slice + 1) / count)
    }
}

/// The table sets, borrowed for a pass. Read through an array's subscript, `sets[i].mue` may
/// copy the whole `ReferenceTables` (retaining and releasing each of its tables) at every line.
typealias TableSets = UnsafeBufferPointer<ReferenceTables>

/// The families in the order the engine runs them, by what they look at: one line, one claim,
/// or the lines of one patient and provider across the batch.
enum LineRules {
    /// `tables` points at the line's table set; each family reads the tables it needs through
    /// `pointee`. (Passing the set as a value, even `borrowing`, copied it, retaining and
    /// releasing every table, for each family and line.)
    static func check(_ e: LineEntry, tables: UnsafePointer<ReferenceTables>, index: BatchIndex, sink: inout FindingSink) {
        UnitsRules.check(line: e, tables: tables, index: index, sink: &sink)
        let row = tables.pointee.codes.row(e.code)
        CodeRules.check(line: e, row: row, tables: tables, index: index, sink: &sink)
        StatusRules.check(line: e, row: row, sink: &sink)
        PCTCRules.check(line: e, tables: tables, index: index, sink: &sink)
        MUERules.check(line: e, tables: tables, index: index, sink: &sink)
        ModifierRules.check(line: e, tables: tables, index: index, sink: &sink)
    }
}

enum ClaimRules {
    static func check(claim c: Int, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        UnitsRules.check(claim: c, index: index, sets: sets, sink: &sink)
        ModifierRules.check(claim: c, index: index, sink: &sink)
    }
}

enum GroupRules {
    static func check(group: EntryRun, index: BatchIndex, sets: TableSets, sink: inout FindingSink) {
        // The global windows first: the add-on and status T edits ask them of a primary or of
        // the other service. (Findings are put in batch order afterwards, whatever order the
        // families run in.)
        let windows = GlobalRules.check(group: group, index: index, sets: sets, sink: &sink)
        AddonRules.check(group: group, windows: windows, index: index, sets: sets, sink: &sink)
        MUERules.check(group: group, index: index, sets: sets, sink: &sink)
        PTPRules.check(group: group, index: index, sets: sets, sink: &sink)
        StatusRules.check(group: group, windows: windows, index: index, sets: sets, sink: &sink)
        UnitsRules.check(group: group, index: index, sets: sets, sink: &sink)
    }
}
