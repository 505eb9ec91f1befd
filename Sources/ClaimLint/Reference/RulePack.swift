import Foundation

/// A rule pack: a folder of tables (`codes.tsv`, `mue.tsv`, `addons.tsv`, `ptp.tsv`,
/// `counted.tsv`) and a `pack.txt` manifest (name, effective period, rule switches).
/// The bundled pack in `Rules/` is compiled into the library; users add their own with
/// `--rules DIR` or `RulePack.load(directory:)`.
public struct RulePack: Sendable {
    public var name: String
    /// The folder or origin the pack was read from.
    public var origin: String
    public var tables: ReferenceTables
    public var settings: RuleSettings
    /// Rules written in the pack's rule files (`*.rules`). Their table statements (addon,
    /// counted, limit, pair) are also compiled into `tables`.
    public var rules: [UserRule]
    /// The manifest's rule switches (`disable:`, `severity:`) naming an id that is neither a
    /// built-in rule's nor one of this pack's rules: another pack's, or a mistake, as
    /// `checkSwitches(_:)` tells once every pack is loaded.
    var foreignSwitches: [(id: String, file: String, line: Int, column: Int)] = []

    public init(name: String, origin: String, tables: ReferenceTables, settings: RuleSettings = RuleSettings(), rules: [UserRule] = []) {
        self.name = name
        self.origin = origin
        self.tables = tables
        self.settings = settings
        self.rules = rules
    }

    /// The table files a pack may hold, in the order they are read.
    public static let tableFiles = ["codes.tsv", "mue.tsv", "addons.tsv", "ptp.tsv", "counted.tsv"]
    public static let manifestFile = "pack.txt"

    /// Reads a pack folder. Files other than the manifest and the known tables (a README, say)
    /// are ignored; an unknown `.tsv` is an error, since it is most likely a misnamed table.
    public static func load(directory: String) throws(PackError) -> RulePack {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            let message = fm.fileExists(atPath: directory) ? "is a file, not a folder: a rule pack is the folder that holds its pack.txt, tables and .rules files" : "rule pack folder not found"
            throw PackError(file: directory, line: 0, column: 0, message: message)
        }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw PackError(file: directory, line: 0, column: 0, message: "cannot list the rule pack folder: \(error.localizedDescription)")
        }
        var files: [(name: String, text: String)] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            let known = name == manifestFile || tableFiles.contains(name) || name.hasSuffix(".rules")
            if !known {
                // A table under another case or extension (MUE.TSV, mue.csv), or rules under
                // another (payer.rule, payer.rules.txt), would be ignored; other files (a
                // README, sample claims) are.
                let lower = name.lowercased()
                let stem = (lower as NSString).deletingPathExtension
                if lower.hasSuffix(".tsv") || lower == manifestFile || lower.hasSuffix(".rules") || lower.hasSuffix(".rule") || stem.hasSuffix(".rules")
                    || tableFiles.contains(stem + ".tsv") {
                    throw PackError(file: path, line: 1, column: 1, message: "unknown pack file '\(name)'; a pack holds \(tableFiles.joined(separator: ", ")) (tab-separated), \(manifestFile) and *.rules files, named in lower case")
                }
                continue
            }
            guard let data = fm.contents(atPath: path) else {
                throw PackError(file: path, line: 0, column: 0, message: "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw PackError(file: path, line: 1, column: 1, message: "the file is not UTF-8 text")
            }
            files.append((path, text))
        }
        guard !files.isEmpty else {
            throw PackError(
                file: directory, line: 0, column: 0,
                message: "no rule pack files in the folder: a pack holds \(manifestFile), *.rules files or the tables \(tableFiles.joined(separator: ", "))")
        }
        let fallbackName = (directory as NSString).lastPathComponent
        return try parse(files: files, origin: directory, defaultName: fallbackName)
    }

    /// Builds a pack from file texts; each name's last path component says which table it is.
    public static func parse(files: [(name: String, text: String)], origin: String, defaultName: String = "pack") throws(PackError) -> RulePack {
        var pack = RulePack(name: defaultName, origin: origin, tables: ReferenceTables())
        var switches: [(id: String, file: String, line: Int, column: Int)] = []
        for (path, text) in files {
            let base = path.split(separator: "/").last.map(String.init) ?? path
            if base.hasSuffix(".rules") {
                for rule in try RuleFileParser.parse(text, file: path) {
                    if let other = pack.rules.first(where: { $0.id == rule.id }) {
                        throw PackError(file: path, line: rule.location.line, column: rule.idColumn, message: "duplicate rule id '\(rule.id)' (also at \(other.location.file):\(other.location.line))")
                    }
                    if RuleCatalog.descriptor(rule.id) != nil {
                        throw PackError(file: path, line: rule.location.line, column: rule.idColumn, message: "rule id '\(rule.id)' is a built-in rule's; choose another id")
                    }
                    pack.rules.append(rule)
                }
                continue
            }
            switch base {
            case manifestFile: try pack.readManifest(text, file: path, switches: &switches)
            case "codes.tsv": try pack.readCodes(PackTable.parse(text, file: path))
            case "mue.tsv": try pack.readMUE(PackTable.parse(text, file: path))
            case "addons.tsv": try pack.readAddons(PackTable.parse(text, file: path))
            case "ptp.tsv": try pack.readPTP(PackTable.parse(text, file: path))
            case "counted.tsv": try pack.readCounted(PackTable.parse(text, file: path))
            default:
                throw PackError(file: path, line: 1, column: 1, message: "unknown pack file '\(base)'")
            }
        }
        // Rule switches may name the pack's own rules, so they are checked last; an id outside
        // the built-in families may belong to another pack's rules.
        for s in switches {
            if let rule = pack.rules.first(where: { $0.id == s.id }) { try Self.checkSwitch(s, names: rule) }
        }
        for s in switches where RuleCatalog.descriptor(s.id) == nil && !pack.rules.contains(where: { $0.id == s.id }) {
            let family = String(s.id.prefix { $0 != "." })
            if !RuleCatalog.families.contains(family) && RuleFileParser.isValidID(s.id) {
                pack.foreignSwitches.append(s)
                continue
            }
            throw PackError(file: s.file, line: s.line, column: s.column, message: "unknown rule id '\(s.id)'; see 'claimlint rules list'")
        }
        return pack
    }

    /// Checks that every rule a pack's manifest disables or changes the severity of is a rule of
    /// one of `packs` (or built in): a mistyped id would leave the rule on, without a word.
    public static func checkSwitches(_ packs: [RulePack]) throws(PackError) {
        let defined = Dictionary(packs.flatMap { $0.rules.map { ($0.id, $0) } }, uniquingKeysWith: { _, later in later })
        for pack in packs {
            for s in pack.foreignSwitches {
                guard let rule = defined[s.id] else {
                    throw PackError(file: s.file, line: s.line, column: s.column, message: "unknown rule id '\(s.id)': no pack loaded has it; see 'claimlint rules list'")
                }
                try checkSwitch(s, names: rule)
            }
        }
    }

    /// A switch on a table rule (addon, counted, limit, pair) would do nothing: its rows go to
    /// a family's edits, whose findings are that family's rules.
    private static func checkSwitch(_ s: (id: String, file: String, line: Int, column: Int), names rule: UserRule) throws(PackError) {
        guard let family = rule.statement.tableFamily else { return }
        let familyRules = RuleCatalog.all.filter { $0.id.hasPrefix(family + ".") }.map(\.id)
        throw PackError(
            file: s.file, line: s.line, column: s.column,
            message: "'\(s.id)' is a table rule: its rows go to the \(family) edits, whose findings are \(familyRules.joined(separator: ", ")); switch those, or remove the rule from its pack")
    }

    /// The table rows of rules' table statements (addon, counted, limit, pair), period-less, so
    /// that they run in the same plan as the CMS tables. Rows of several rules for one PTP pair
    /// or add-on accumulate.
    static func compileTables(_ rules: [UserRule]) -> ReferenceTables {
        var tables = ReferenceTables()
        var ptp = PTPTable.Builder()
        var hasPTP = false
        for rule in rules {
            switch rule.statement {
            case .addon(let code, let primaries):
                let source: AddonSource = rule.source.uppercased().hasPrefix("CPT") ? .cpt : .payer
                for p in primaries {
                    tables.addons.append(AddonRow(addon: code, primary: p, type: 1, source: source, effective: rule.effectiveFrom, deletion: rule.effectiveThrough))
                }
            case .counted(let code, let per):
                tables.counted[code] = per
            case .limit(let code, let value, let mai):
                tables.mue.insert(MUERow(code: code, value: value, adjudication: mai, rationale: "pack rule \(rule.id)"))
            case .pair(let c1, let c2, let ind):
                hasPTP = true
                ptp.append(column1: c1, column2: c2, effective: rule.effectiveFrom ?? PTPRow.alwaysInForce, deletion: rule.effectiveThrough, indicator: ind, rationale: "\(rule.name) (pack rule \(rule.id))")
            case .conditional:
                break
            }
        }
        if hasPTP { tables.ptp = ptp.build() }
        return tables
    }

    private mutating func readManifest(_ text: String, file: String, switches: inout [(id: String, file: String, line: Int, column: Int)]) throws(PackError) {
        var lineNumber = 0
        // The line that switched each rule, and how: a rule is switched once in a manifest. A
        // `disable:` and a `severity:` for one rule contradict each other (the severity won,
        // in either order, so the rule stayed on); two severities, or a rule disabled twice,
        // leave the reader to wonder which line counts.
        var switched: [String: (line: Int, what: String)] = [:]
        func note(_ word: Substring, _ what: String, in raw: Substring) throws(PackError) {
            let id = String(word)
            if let earlier = switched[id] {
                throw PackError(
                    file: file, line: lineNumber, column: raw.distance(from: raw.startIndex, to: word.startIndex) + 1,
                    message: "'\(id)' is switched twice: \(earlier.what) on line \(earlier.line) and \(what) here; a rule is switched once in a pack.txt, so keep the line you mean")
            }
            switched[id] = (lineNumber, what)
        }
        for raw in text.fileLines {
            lineNumber += 1
            let line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw PackError(file: file, line: lineNumber, column: 1, message: "expected 'key: value' (keys: name, period, disable, severity)")
            }
            let key = line[..<colon].trimmingSpaces.lowercased()
            // A `#` with a space or tab on each side (or at the end) starts a comment, as in
            // rule files; one next to text (`name: Policy #12`) is text.
            var value = line[line.index(after: colon)...].trimmingSpaces
            if let hash = RuleFileParser.commentStart(in: value) { value = value[..<hash].trimmingSpaces }
            let valueColumn = raw.distance(from: raw.startIndex, to: value.startIndex) + 1
            switch key {
            case "name":
                name = String(value)
            case "period":
                let parts = value.split(separator: ".", omittingEmptySubsequences: true)
                guard parts.count == 2, let from = ServiceDate(parts[0].trimmingSpaces), let through = ServiceDate(parts[1].trimmingSpaces),
                      let range = DateRange(from: from, through: through)
                else {
                    throw PackError(file: file, line: lineNumber, column: valueColumn, message: "period '\(value)' is not FROM..THROUGH with dates YYYY-MM-DD, FROM not after THROUGH")
                }
                tables.period = range
            case "disable":
                let ids = value.split(separator: " ")
                guard !ids.isEmpty else {
                    throw PackError(file: file, line: lineNumber, column: valueColumn, message: "expected 'disable: RULE-ID ...' with the ids of the rules to turn off, found nothing")
                }
                for id in ids {
                    try note(id, "disabled", in: raw)
                    switches.append((String(id), file, lineNumber, valueColumn))
                    settings.disabled.insert(String(id))
                }
            case "severity":
                let parts = value.split(separator: " ")
                guard parts.count == 2, let sev = Severity(rawValue: String(parts[1])) else {
                    throw PackError(file: file, line: lineNumber, column: valueColumn, message: "expected 'severity: RULE-ID error|warning|info', found '\(value)'")
                }
                try note(parts[0], "given severity \(sev.rawValue)", in: raw)
                switches.append((String(parts[0]), file, lineNumber, valueColumn))
                settings.severity[String(parts[0])] = sev
            default:
                throw PackError(file: file, line: lineNumber, column: 1, message: "unknown key '\(key)'; expected name, period, disable or severity")
            }
        }
    }

    // MARK: - Tables

    private mutating func readCodes(_ t: PackTable) throws(PackError) {
        let cols = try t.requireColumns(
            ["code", "mod", "status", "pctc", "global"],
            optional: ["mult", "bilat", "asst", "cosurg", "team", "endo_base", "effective", "deletion"])
        let code = cols["code"], mod = cols["mod"], statusColumn = cols["status"], pctc = cols["pctc"], globalColumn = cols["global"]
        let mult = cols["mult"], bilat = cols["bilat"], asst = cols["asst"], cosurg = cols["cosurg"], team = cols["team"]
        let endoBase = cols["endo_base"], effective = cols["effective"], deletion = cols["deletion"]
        var seen = RepeatedRows()
        for row in t.rows {
            let c = try t.code(row, code)
            let modText = row.field(mod)
            var modifier: Modifier?
            if !modText.isEmpty {
                guard let m = Modifier(modText) else { throw t.error(row, mod, "a two-character modifier or blank", modText) }
                modifier = m
            }
            let status = row.field(statusColumn)
            guard status.utf8.count == 1, CodeRow.statusCodes.utf8.contains(status.utf8.first!) else {
                throw t.error(row, statusColumn, "a fee schedule status code, one capital letter of \(CodeRow.statusCodes)", status)
            }
            let globalText = row.field(globalColumn)
            guard let global = GlobalDays(rawValue: String(globalText)) else {
                throw t.error(row, globalColumn, "000, 010, 090, MMM, XXX, YYY or ZZZ", globalText)
            }
            var endo: ProcedureCode?
            if !row.field(endoBase).isEmpty { endo = try t.code(row, endoBase) }
            let from = try t.optionalDate(row, effective), through = try t.optionalDate(row, deletion)
            try t.requireOrder(row, from, through, deletion)
            // One row per code and modifier: the table keeps one, and a second replaced the first
            // without a word.
            seen.note(UInt64(c.rawValue) << 16 | UInt64(modifier?.rawValue ?? 0), row: row, column: code)
            tables.codes.insert(CodeRow(
                code: c, modifier: modifier, status: String(status), pctc: try t.digit(row, pctc),
                global: global, multipleProcedure: try t.digit(row, mult, default: 9),
                bilateral: try t.digit(row, bilat, default: 9), assistant: try t.digit(row, asst, default: 9),
                coSurgeon: try t.digit(row, cosurg, default: 9), team: try t.digit(row, team, default: 9),
                endoscopicBase: endo, effective: from, deletion: through))
        }
        try t.refuseRepeats(seen, "one row per code and modifier") { key in
            let modifier = key & 0xFFFF == 0 ? "" : "-" + Modifier(packed: UInt16(key & 0xFFFF)).text
            return "the row of \(ProcedureCode(packed: UInt32(key >> 16)).text)\(modifier)"
        }
        if let s = t.directives["source"] { tables.sources["codes"] = s }
    }

    private mutating func readMUE(_ t: PackTable) throws(PackError) {
        let cols = try t.requireColumns(["code", "value", "mai"], optional: ["rationale"])
        let code = cols["code"], valueColumn = cols["value"], maiColumn = cols["mai"], rationale = cols["rationale"]
        var seen = RepeatedRows()
        for row in t.rows {
            let c = try t.code(row, code)
            seen.note(UInt64(c.rawValue), row: row, column: code)
            let valueText = row.field(valueColumn)
            guard let value = Int(valueText), value >= 0 else { throw t.error(row, valueColumn, "a whole number of units, 0 or more", valueText) }
            let maiText = row.field(maiColumn)
            guard let d = UInt8(maiText), let mai = MUEAdjudication(rawValue: d) else {
                throw t.error(row, maiColumn, "1 (line), 2 (date of service, policy) or 3 (date of service, clinical)", maiText)
            }
            tables.mue.insert(MUERow(code: c, value: value, adjudication: mai, rationale: String(row.field(rationale))))
        }
        try t.refuseRepeats(seen, "one row per code") { "the MUE of \(ProcedureCode(packed: UInt32($0)).text)" }
        if let s = t.directives["source"] { tables.sources["mue"] = s }
    }

    private mutating func readAddons(_ t: PackTable) throws(PackError) {
        let cols = try t.requireColumns(["addon", "primary", "type"], optional: ["source", "effective", "deletion"])
        let addonColumn = cols["addon"], primaryColumn = cols["primary"], typeColumn = cols["type"], sourceColumn = cols["source"]
        let effective = cols["effective"], deletion = cols["deletion"]
        var seen = RepeatedRows()
        for row in t.rows {
            let addon = try t.code(row, addonColumn)
            let primaryText = row.field(primaryColumn)
            let primary: ProcedureCode? = primaryText == "CCCCC" ? nil : try t.code(row, primaryColumn)
            if primary == addon {
                throw PackError(file: t.file, line: row.line, column: row.column(primaryColumn), message: "column 'primary': \(addon.text) is the add-on code itself; an add-on's primary is another procedure")
            }
            let typeText = row.field(typeColumn)
            guard let type = UInt8(typeText), (1...3).contains(type) else { throw t.error(row, typeColumn, "1, 2 or 3", typeText) }
            let sourceText = row.field(sourceColumn)
            guard let source = sourceText.isEmpty ? .cms : AddonSource(rawValue: sourceText.uppercased()) else {
                throw t.error(row, sourceColumn, "CMS, CPT or PAYER", sourceText)
            }
            let from = try t.optionalDate(row, effective), through = try t.optionalDate(row, deletion)
            try t.requireOrder(row, from, through, deletion)
            // A pair (add-on, primary) and source once on any date: two rows in force together
            // (a type 1 and a type 3, say) left the edit to use whichever it met first.
            let sourceBits: UInt64 = source == .cms ? 0 : source == .cpt ? 1 : 2
            seen.note(sourceBits << 60 | UInt64(addon.rawValue) << 32 | UInt64(primary?.rawValue ?? UInt32.max), from: from, through: through, row: row, column: addonColumn)
            tables.addons.append(AddonRow(addon: addon, primary: primary, type: type, source: source, effective: from, deletion: through))
        }
        try t.refuseRepeats(seen, "one row per add-on, primary and source on a date") { key in
            let primary = UInt32(truncatingIfNeeded: key)
            let source: AddonSource = key >> 60 == 0 ? .cms : key >> 60 == 1 ? .cpt : .payer
            return "the row of \(ProcedureCode(packed: UInt32(truncatingIfNeeded: key >> 32) & 0x0FFF_FFFF).text) with \(primary == .max ? "CCCCC" : ProcedureCode(packed: primary).text) (\(source.rawValue))"
        }
        if let s = t.directives["source"] { tables.sources["addons"] = s }
    }

    private mutating func readPTP(_ t: PackTable) throws(PackError) {
        let cols = try t.requireColumns(["column1", "column2", "effective", "modifier"], optional: ["deletion", "rationale"])
        let column1 = cols["column1"], column2 = cols["column2"], effective = cols["effective"], modifier = cols["modifier"]
        let deletion = cols["deletion"], rationale = cols["rationale"]
        var builder = PTPTable.Builder()
        var seen = RepeatedRows()
        for row in t.rows {
            let c1 = try t.code(row, column1)
            let c2 = try t.code(row, column2)
            if c1 == c2 {
                throw PackError(file: t.file, line: row.line, column: row.column(column2), message: "column 'column2': \(c2.text) is column 1's code too; a PTP edit pairs two different codes")
            }
            guard let eff = try t.optionalDate(row, effective) else {
                throw t.error(row, effective, "a date YYYY-MM-DD", "")
            }
            let del = try t.optionalDate(row, deletion)
            try t.requireOrder(row, eff, del, deletion)
            // One row per pair on a date: with two, the edit used the first it found (indicator 1
            // then 0 was bypassed by 59, 0 then 1 was not).
            seen.note(UInt64(c1.rawValue) << 32 | UInt64(c2.rawValue), from: eff, through: del, row: row, column: column1)
            let indText = row.field(modifier)
            guard indText.utf8.count == 1, let ind = UInt8(indText), ind == 0 || ind == 1 || ind == 9 else {
                throw t.error(row, modifier, "0, 1 or 9", indText)
            }
            builder.append(column1: c1, column2: c2, effective: eff, deletion: del, indicator: ind, rationale: String(row.field(rationale)))
        }
        try t.refuseRepeats(seen, "one row per pair on a date (end the first with a deletion date before the second's effective date)") { key in
            "the row of \(ProcedureCode(packed: UInt32(truncatingIfNeeded: key >> 32)).text)/\(ProcedureCode(packed: UInt32(truncatingIfNeeded: key)).text)"
        }
        tables.ptp.overlay(builder.build())
        if let s = t.directives["source"] { tables.sources["ptp"] = s }
    }

    private mutating func readCounted(_ t: PackTable) throws(PackError) {
        let cols = try t.requireColumns(["code", "per"], optional: [])
        let code = cols["code"], perColumn = cols["per"]
        var seen = RepeatedRows()
        for row in t.rows {
            let c = try t.code(row, code)
            seen.note(UInt64(c.rawValue), row: row, column: code)
            let per = row.field(perColumn)
            guard !per.isEmpty else { throw t.error(row, perColumn, "the item counted (isolate, aliquot, lesion...)", per) }
            tables.counted[c] = String(per)
        }
        try t.refuseRepeats(seen, "one row per code") { "the row of \(ProcedureCode(packed: UInt32($0)).text)" }
        if let s = t.directives["source"] { tables.sources["counted"] = s }
    }
}

extension PackTable {
    func error(_ row: Row, _ column: PackColumn, _ expected: String, _ found: Substring) -> PackError {
        PackError(file: file, line: row.line, column: row.column(column), message: "column '\(column.name)': expected \(expected), found '\(found)'")
    }

    func code(_ row: Row, _ column: PackColumn) throws(PackError) -> ProcedureCode {
        let text = row.field(column)
        guard let c = ProcedureCode(text) else { throw error(row, column, "a HCPCS/CPT code of five characters (99213, 0856T, A0425)", text) }
        return c
    }

    /// One digit; `value` when the field is empty and either the column is optional (given a
    /// default) or the header leaves it out.
    func digit(_ row: Row, _ column: PackColumn, default value: UInt8? = nil) throws(PackError) -> UInt8 {
        let text = row.field(column)
        if text.isEmpty, column.index == nil || value != nil, let value { return value }
        guard text.utf8.count == 1, let d = UInt8(text) else { throw error(row, column, "one digit 0-9", text) }
        return d
    }

    /// A row whose deletion date is before its effective date is in force on no date.
    func requireOrder(_ row: Row, _ from: ServiceDate?, _ through: ServiceDate?, _ deletion: PackColumn) throws(PackError) {
        if let from, let through, through < from {
            throw error(row, deletion, "a date not before the effective date \(from.iso)", Substring(through.iso))
        }
    }

    /// Refuses the first row (in file order) that repeats an earlier row's key, on a date both
    /// are in force: `describe` names a key's row, `rule` says what the table holds.
    func refuseRepeats(_ seen: RepeatedRows, _ rule: String, describe: (UInt64) -> String) throws(PackError) {
        guard let r = seen.firstRepeat() else { return }
        let dated = r.dated ? ", on dates both are in force" : ""
        throw PackError(file: file, line: r.line, column: r.column, message: "the row repeats \(describe(r.key)) at line \(r.earlier)\(dated): \(rule)")
    }

    func optionalDate(_ row: Row, _ column: PackColumn) throws(PackError) -> ServiceDate? {
        let text = row.field(column)
        if text.isEmpty { return nil }
        guard let d = ServiceDate(text) else { throw error(row, column, "a date YYYY-MM-DD", text) }
        return d
    }
}

/// The keys of a table's rows, with their dates, to find a row that repeats another: noted as
/// the rows are read, sorted once at the end (a table of many rows of one key, a pair's history
/// or a hostile file, is not compared row by row).
struct RepeatedRows {
    private var rows: [(key: UInt64, from: Int32, through: Int32, line: Int32, column: Int32)] = []

    /// Notes a row of `key` in force from `from` through `through` (open dates reach the first
    /// or last day), whose key starts at `column`.
    mutating func note(_ key: UInt64, from: ServiceDate? = nil, through: ServiceDate? = nil, row: PackTable.Row, column: PackColumn) {
        rows.append((key, from?.daysSinceEpoch ?? .min, through?.daysSinceEpoch ?? .max, Int32(clamping: row.line), Int32(clamping: row.column(column))))
    }

    /// The first row, by line, in force on a date an earlier row of its key is: its line,
    /// column and key, that earlier row's line, and whether the rows have dates; nil when none.
    func firstRepeat() -> (line: Int, column: Int, key: UInt64, earlier: Int, dated: Bool)? {
        guard rows.count > 1 else { return nil }
        let order = rows.indices.sorted { (rows[$0].key, rows[$0].from, rows[$0].line) < (rows[$1].key, rows[$1].from, rows[$1].line) }
        var best: (line: Int32, column: Int32, key: UInt64, earlier: Int32, dated: Bool)?
        // Within a key, by start date: a row overlaps an earlier-starting one when it starts by
        // the latest end so far (that row's).
        var reach = order[0]
        for i in order.dropFirst() {
            let r = rows[i], a = rows[reach]
            guard r.key == a.key else {
                reach = i
                continue
            }
            if r.from <= a.through {
                let (later, first) = r.line > a.line ? (r, a) : (a, r)
                if best.map({ later.line < $0.line }) ?? true {
                    best = (later.line, later.column, later.key, first.line, r.from != .min || r.through != .max || a.from != .min || a.through != .max)
                }
            }
            if r.through > a.through { reach = i }
        }
        return best.map { (Int($0.line), Int($0.column), $0.key, Int($0.earlier), $0.dated) }
    }
}
