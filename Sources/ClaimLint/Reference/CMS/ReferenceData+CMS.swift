extension ReferenceData {
    /// Reference data for checking claims against the full CMS tables.
    ///
    /// Each CMS table set (`CMSFolder.load(...).tables`) is one effective period; a line dated
    /// outside every period is checked against the nearest one (`select`). Then the packs, in
    /// order: from the bundled pack (origin `bundled`), whose code, MUE, CMS add-on and PTP rows
    /// are an excerpt of the same CMS tables, only the rest is kept (the CPT add-on rules such as
    /// 37253 with 37252, counted codes, the codes' own effective and deletion dates, which the
    /// fee schedule does not give, and rule settings), for every period; other packs (payer
    /// packs) add to or override the CMS rows as `add(_:)` does.
    ///
    ///     let cms = try CMSFolder.load(directory: dir)
    ///     let reference = ReferenceData(cms: cms.tables, packs: [.bundled] + userPacks)
    public init(cms: [ReferenceTables], packs: [RulePack]) {
        self.init()
        for set in cms { addComplete(set) }
        for pack in packs {
            guard pack.origin == RulePack.bundled.origin, !cms.isEmpty else {
                add(pack)
                continue
            }
            var rest = RulePack(name: pack.name, origin: pack.origin, tables: ReferenceTables(), settings: pack.settings, rules: pack.rules)
            rest.tables.counted = pack.tables.counted
            // Its codes' own dates (0856T took effect 2024-01-01), which the fee schedule does not give.
            for row in pack.tables.codes.allRows where row.effective != nil || row.deletion != nil {
                let key = CodeTable.key(row.code, nil)
                if row.modifier == nil || rest.tables.codeDating[key] == nil {
                    rest.tables.codeDating.set(key, CodeDating(code: row.code, effective: row.effective, deletion: row.deletion))
                }
            }
            for req in pack.tables.addons.allRequirements where req.source != .cms {
                for row in req.rows { rest.tables.addons.append(row) }
            }
            add(rest)
        }
    }
}
