import Foundation
import Testing
@testable import ClaimLint

@Suite struct RulePackTests {
    @Test func embeddedFilesMatchRules() throws {
        // Scripts/embed-pack.py writes BundledPack+Files.swift from Rules/; run it after editing Rules/.
        for (name, text) in RulePack.bundledFiles {
            let onDisk = try String(contentsOf: packageRoot.appendingPathComponent("Rules/" + name), encoding: .utf8)
            #expect(onDisk.trimmingCharacters(in: .newlines) == text.trimmingCharacters(in: .newlines), "Rules/\(name) differs from the embedded copy: run python3 Scripts/embed-pack.py")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Rules").path)
        let tableFiles = files.filter { RulePack.tableFiles.contains($0) || $0 == RulePack.manifestFile || $0.hasSuffix(".rules") }
        #expect(Set(tableFiles) == Set(RulePack.bundledFiles.map(\.name)))
    }

    @Test func bundledPackHoldsTheMissionCodes() throws {
        let t = RulePack.bundled.tables
        #expect(t.period == DateRange(from: "2024-01-01", through: "2024-12-31"))
        let codes = "0856T 88348 88305 88321 88341 88342 37224 37252 37253 86352 86353 87252 87253 87254 87255 89353 84132 A0425 27447 27310 20610 45378 45380 29881 22633 33945 11042 11045 17000 17003 64483 64484 71045 71046 93000 93005 93010 96372 99202 99203 99204 99205 99211 99212 99213 99214 99215 99291 99292"
        for c in codes.split(separator: " ") {
            #expect(t.codes.row(ProcedureCode(c)!) != nil, "\(c) has no code row")
        }
        #expect(t.codes.row("0856T")?.pctc == 3 && t.codes.row("0856T")?.global == .addOn && t.codes.row("0856T")?.effective == "2024-01-01")
        #expect(t.codes.row("88348", modifier: "26") != nil && t.codes.row("88348", modifier: "TC") != nil)
        #expect(t.mue["0856T"] == nil && t.mue["89353"]?.value == 1 && t.mue["89353"]?.adjudication == .dateOfServiceClinical)
        #expect(t.mue["A0425"]?.value == 250 && t.mue["A0425"]?.adjudication == .line)
        let cms37252 = t.addons.requirements(for: "37252").first { $0.source == .cms }
        let cms37253 = t.addons.requirements(for: "37253").first { $0.source == .cms }
        #expect(cms37252?.rows.count == 200 && cms37253?.rows.count == 200)
        #expect(!(cms37253?.rows.contains { $0.primary == "37252" } ?? true))
        // The pack's own rules (bundled.rules) compile into the tables the engine reads.
        let effective = ReferenceData(packs: [.bundled]).effectiveSets[0]
        #expect(t.addons.requirements(for: "37253").first { $0.source == .cpt } == nil)
        #expect(effective.addons.requirements(for: "37253").first { $0.source == .cpt }?.rows.map(\.primary) == ["37252"])
        #expect(t.ptp.row("45380", "45378", on: "2024-08-14")?.modifierIndicator == 0)
        #expect(effective.counted["87253"] == "isolate" && effective.counted["89353"] == "aliquot")
        #expect(t.sources["ptp"]?.contains("procedure-to-procedure") == true)
    }

    /// Every rule ClaimLint ships names the codes a payer would deny it with (the README says
    /// so; 21 of them named none, so reports gave no codes for PTP, global and modifier denials).
    @Test func everyShippedRuleNamesItsDenialCodes() {
        // The pack's table rules (addon, counted) feed the built-in families, whose findings
        // carry the families' codes; its `when` rules find on their own.
        let shipped = RuleCatalog.all.map { ($0.id, $0.denialCodes) } + RulePack.bundled.rules.filter { $0.statement.tableFamily == nil }.map { ($0.id, $0.denialCodes) }
        #expect(shipped.count > 30)
        #expect(shipped.filter { $0.1.isEmpty }.map(\.0) == [])
        #expect(shipped.first { $0.0 == "ptp.pair-no-bypass" }?.1 == ["CO-236", "CO-97", "M80"])
        #expect(shipped.first { $0.0 == "cms.therapy-modifier-required" }?.1 == ["CO-4"])
    }

    @Test func packDirectoriesLoadFromDisk() throws {
        let pack = try RulePack.load(directory: packageRoot.appendingPathComponent("Rules").path)
        #expect(pack.name == "bundled" && pack.tables.ptp.count == RulePack.bundled.tables.ptp.count)
    }

    /// A pack saved with CRLF line ends (as editors on Windows save it) reads as the same pack
    /// with LF ends: manifest, tables and rules. Each file used to come out as one line: the
    /// manifest's settings were skipped as a comment, a table had "no header row".
    /// In `pack.txt`, as in rule files, a `#` with a space on each side (or at the end) starts
    /// a comment; one next to text is text. `disable: ID # why` read `#` and `why` as rule ids.
    @Test func aSpacedHashInPackTxtStartsAComment() throws {
        let pack = try RulePack.parse(
            files: [("p/pack.txt", "name: Policy #12 pack # the payer's\ndisable: units.duplicate-line # too noisy\nseverity: mue.line-limit warning #\n")],
            origin: "p")
        #expect(pack.name == "Policy #12 pack")
        #expect(pack.settings.disabled == ["units.duplicate-line"] && pack.settings.severity == ["mue.line-limit": .warning])
    }

    @Test func crlfLineEndsReadAsLF() throws {
        let lf = RulePack.bundledFiles
        let crlf = lf.map { (name: $0.name, text: $0.text.replacingOccurrences(of: "\n", with: "\r\n")) }
        #expect(crlf.allSatisfy { $0.text.utf8.contains(0x0D) })
        let a = try RulePack.parse(files: lf, origin: "lf"), b = try RulePack.parse(files: crlf, origin: "crlf")
        #expect(b.name == a.name && b.settings == a.settings && b.rules == a.rules)
        #expect(b.tables.period == a.tables.period && b.tables.sources == a.tables.sources)
        #expect(b.tables.ptp.count == a.tables.ptp.count && b.tables.codes.row("0856T") == a.tables.codes.row("0856T"))
        #expect(b.tables.mue["89353"] == a.tables.mue["89353"] && b.tables.mue["A0425"] == a.tables.mue["A0425"])
        #expect(b.tables.addons.requirements(for: "37253").map(\.rows) == a.tables.addons.requirements(for: "37253").map(\.rows))
        // Columns of errors count from the line's start as before.
        #expect(throws: PackError(file: "mue.tsv", line: 2, column: 9, message: "column 'mai': expected 1 (line), 2 (date of service, policy) or 3 (date of service, clinical), found '4'")) {
            try RulePack.parse(files: [(name: "mue.tsv", text: "code\tvalue\tmai\r\n89353\t1\t4\r\n")], origin: "crlf")
        }
        #expect(Array("a\r\nb\n\r\nc".fileLines) == ["a", "b", "", "c"])
        #expect(Array("x\n".fileLines) == ["x", ""] && Array("".fileLines) == [""] && Array("é\r\n\te\u{301}".fileLines) == ["é", "\te\u{301}"])
    }

    /// A folder whose files would all be ignored is not an empty pack: one with no pack file,
    /// or with a table under another name or extension, is an error.
    @Test func aFolderWithoutPackFilesOrWithAMisnamedTableIsAnError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: PackError(
            file: dir.path, line: 0, column: 0,
            message: "no rule pack files in the folder: a pack holds pack.txt, *.rules files or the tables codes.tsv, mue.tsv, addons.tsv, ptp.tsv, counted.tsv")
        ) { try RulePack.load(directory: dir.path) }
        try "notes".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try "claim_id\n".write(to: dir.appendingPathComponent("sample-claims.csv"), atomically: true, encoding: .utf8)
        #expect(throws: PackError.self) { try RulePack.load(directory: dir.path) }
        for name in ["MUE.TSV", "mue.csv", "Pack.txt", "Codes.txt", "x.RULES", "payer.rule", "payer.rules.txt"] {
            let file = dir.appendingPathComponent(name)
            try "code\tvalue\tmai\n89353\t1\t3\n".write(to: file, atomically: true, encoding: .utf8)
            #expect {
                try RulePack.load(directory: dir.path)
            } throws: { e in
                let p = e as! PackError
                return p.file == file.path && p.message.hasPrefix("unknown pack file '\(name)'; a pack holds codes.tsv")
            }
            try FileManager.default.removeItem(at: file)
        }
        try "code\tvalue\tmai\n89353\t1\t3\n".write(to: dir.appendingPathComponent("mue.tsv"), atomically: true, encoding: .utf8)
        #expect(try RulePack.load(directory: dir.path).tables.mue["89353"]?.value == 1)
    }

    /// A switch naming a rule outside the built-in families must name a rule of some pack
    /// loaded: a mistyped id is an error at its place, not a rule left on.
    @Test func aSwitchMustNameARuleOfAPackLoaded() throws {
        let rule = "rule payer.therapy\n  message: m\n  when code is 97110\n  example passes: 99213 x1\nend\n"
        let own = try RulePack.parse(files: [("a/pack.txt", "disable: payer.therapy\n"), ("a/x.rules", rule)], origin: "a")
        let typo = try RulePack.parse(files: [("b/pack.txt", "name: b\nseverity: payer.theraphy warning\n")], origin: "b")
        let other = try RulePack.parse(files: [("c/pack.txt", "disable: payer.therapy\n")], origin: "c")
        try RulePack.checkSwitches([.bundled, own])
        try RulePack.checkSwitches([.bundled, other, own])
        #expect(throws: PackError(file: "b/pack.txt", line: 2, column: 11, message: "unknown rule id 'payer.theraphy': no pack loaded has it; see 'claimlint rules list'")) {
            try RulePack.checkSwitches([.bundled, own, typo])
        }
        #expect(throws: PackError.self) { try RulePack.checkSwitches([.bundled, other]) }
        // A switch on a table rule would do nothing (its rows feed a family's edits): an error,
        // in the rule's own pack or another.
        let limit = "rule payer.lim\n  limit 87635 1 per line\n  example fires on 1: 87635 x2\nend\n"
        let message = "'payer.lim' is a table rule: its rows go to the mue edits, whose findings are mue.line-limit, mue.date-limit, mue.date-limit-appealable; switch those, or remove the rule from its pack"
        #expect(throws: PackError(file: "d/pack.txt", line: 1, column: 10, message: message)) {
            try RulePack.parse(files: [("d/pack.txt", "disable: payer.lim\n"), ("d/x.rules", limit)], origin: "d")
        }
        let lim = try RulePack.parse(files: [("e/x.rules", limit)], origin: "e")
        let severity = try RulePack.parse(files: [("f/pack.txt", "severity: payer.lim info\n")], origin: "f")
        #expect(throws: PackError(file: "f/pack.txt", line: 1, column: 11, message: message)) { try RulePack.checkSwitches([.bundled, lim, severity]) }
    }

    struct BrokenPack: Sendable, CustomTestStringConvertible {
        var file: String
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    static let broken: [BrokenPack] = [
        BrokenPack(file: "mue.tsv", text: "code\tvalue\tmai\n89353\t1\t4\n", line: 2, column: 9, message: "column 'mai': expected 1 (line), 2 (date of service, policy) or 3 (date of service, clinical), found '4'"),
        BrokenPack(file: "mue.tsv", text: "# c\ncode\tvalue\tmaj\n", line: 2, column: 1, message: "unknown column 'maj'"),
        BrokenPack(file: "codes.tsv", text: "code\tmod\tstatus\tpctc\tglobal\n9921\t\tA\t0\tXXX\n", line: 2, column: 1, message: "column 'code': expected a HCPCS/CPT code"),
        BrokenPack(file: "ptp.tsv", text: "column1\tcolumn2\teffective\tmodifier\n45380\t45378\t2024-13-01\t0\n", line: 2, column: 13, message: "column 'effective': expected a date YYYY-MM-DD, found '2024-13-01'"),
        BrokenPack(file: "addons.tsv", text: "addon\tprimary\ttype\n0856T\t88348\t7\n", line: 2, column: 13, message: "column 'type': expected 1, 2 or 3, found '7'"),
        // A status a pack cannot mean (lower case, or no fee schedule status) passed, and no
        // status edit fired on it.
        BrokenPack(file: "codes.tsv", text: "code\tmod\tstatus\tpctc\tglobal\n99213\t\tb\t0\tXXX\n", line: 2, column: 8, message: "column 'status': expected a fee schedule status code, one capital letter of ABCDEFGHIJMNPRTX, found 'b'"),
        BrokenPack(file: "codes.tsv", text: "code\tmod\tstatus\tpctc\tglobal\n99213\t\tZ\t0\tXXX\n", line: 2, column: 8, message: "column 'status': expected a fee schedule status code"),
        // Rows that repeat a key: the table kept one of them without a word.
        BrokenPack(file: "codes.tsv", text: "code\tmod\tstatus\tpctc\tglobal\n88348\t\tA\t1\tXXX\n88348\t26\tA\t1\tXXX\n88348\t\tA\t0\tXXX\n", line: 4, column: 1, message: "the row repeats the row of 88348 at line 2: one row per code and modifier"),
        BrokenPack(file: "codes.tsv", text: "code\tmod\tstatus\tpctc\tglobal\n88348\t26\tA\t1\tXXX\n88348\t26\tA\t1\tXXX\n", line: 3, column: 1, message: "the row repeats the row of 88348-26 at line 2"),
        BrokenPack(file: "mue.tsv", text: "code\tvalue\tmai\n97110\t6\t2\n97111\t1\t2\n97110\t1\t2\n", line: 4, column: 1, message: "the row repeats the MUE of 97110 at line 2: one row per code"),
        BrokenPack(file: "counted.tsv", text: "code\tper\n87077\tisolate\n87077\tisolate\n", line: 3, column: 1, message: "the row repeats the row of 87077 at line 2"),
        BrokenPack(file: "ptp.tsv", text: "column1\tcolumn2\teffective\tdeletion\tmodifier\n27447\t20610\t2024-01-01\t\t1\n27447\t20610\t2024-06-01\t\t0\n", line: 3, column: 1, message: "the row repeats the row of 27447/20610 at line 2, on dates both are in force"),
        BrokenPack(file: "addons.tsv", text: "addon\tprimary\ttype\teffective\tdeletion\n0856T\t88348\t1\t\t2024-06-30\n0856T\t88348\t3\t2024-06-30\t\n", line: 3, column: 1, message: "the row repeats the row of 0856T with 88348 (CMS) at line 2, on dates both are in force"),
        // A row in force on no date.
        BrokenPack(file: "codes.tsv", text: "code\tmod\tstatus\tpctc\tglobal\teffective\tdeletion\n0856T\t\tA\t0\tXXX\t2024-06-01\t2024-01-01\n", line: 2, column: 27, message: "column 'deletion': expected a date not before the effective date 2024-06-01, found '2024-01-01'"),
        BrokenPack(file: "addons.tsv", text: "addon\tprimary\ttype\teffective\tdeletion\n0856T\t88348\t1\t2024-06-01\t2024-01-01\n", line: 2, column: 26, message: "column 'deletion': expected a date not before the effective date 2024-06-01"),
        // A code paired with itself.
        BrokenPack(file: "addons.tsv", text: "addon\tprimary\ttype\n0856T\t0856T\t1\n", line: 2, column: 7, message: "column 'primary': 0856T is the add-on code itself"),
        BrokenPack(file: "ptp.tsv", text: "column1\tcolumn2\teffective\tmodifier\n27447\t27447\t2024-01-01\t1\n", line: 2, column: 7, message: "column 'column2': 27447 is column 1's code too"),
        BrokenPack(file: "pack.txt", text: "name: x\nperiod: 2024-12-31..2024-01-01\n", line: 2, column: 9, message: "period '2024-12-31..2024-01-01' is not FROM..THROUGH"),
        BrokenPack(file: "pack.txt", text: "disable: ptp.nope\n", line: 1, column: 10, message: "unknown rule id 'ptp.nope'"),
        BrokenPack(file: "pack.txt", text: "colour: red\n", line: 1, column: 1, message: "unknown key 'colour'"),
        // A rule is switched once in a pack.txt: a `disable:` and a `severity:` for it left the
        // rule on at the severity, in either order.
        BrokenPack(
            file: "pack.txt", text: "severity: ptp.pair warning\ndisable: ptp.pair\n", line: 2, column: 10,
            message: "'ptp.pair' is switched twice: given severity warning on line 1 and disabled here; a rule is switched once in a pack.txt, so keep the line you mean"),
        BrokenPack(
            file: "pack.txt", text: "disable: mue.line-limit ptp.pair\n# later\nseverity: ptp.pair warning\n", line: 3, column: 11,
            message: "'ptp.pair' is switched twice: disabled on line 1 and given severity warning here"),
        BrokenPack(file: "pack.txt", text: "severity: ptp.pair warning\nseverity: ptp.pair info\n", line: 2, column: 11, message: "'ptp.pair' is switched twice: given severity warning on line 1 and given severity info here"),
        BrokenPack(file: "pack.txt", text: "disable: ptp.pair ptp.pair\n", line: 1, column: 19, message: "'ptp.pair' is switched twice: disabled on line 1 and disabled here"),
        // `disable:` with no id turned nothing off, without a word.
        BrokenPack(file: "pack.txt", text: "name: x\ndisable:\n", line: 2, column: 9, message: "expected 'disable: RULE-ID ...' with the ids of the rules to turn off, found nothing"),
        BrokenPack(file: "pack.txt", text: "disable: # later\n", line: 1, column: 10, message: "expected 'disable: RULE-ID ...'"),
        // A row without a required column: the column just after its last field, where the
        // missing one would go (it was the start of the last field).
        BrokenPack(file: "mue.tsv", text: "code\tvalue\tmai\n89353\t12\n", line: 2, column: 9, message: "column 'mai': expected 1 (line), 2 (date of service, policy) or 3 (date of service, clinical), found ''"),
        BrokenPack(file: "ptp.tsv", text: "column1\tcolumn2\teffective\tmodifier\n45380\t45378\n", line: 2, column: 12, message: "column 'effective': expected a date YYYY-MM-DD, found ''"),
    ]

    /// Repeats are found whatever the rows' order (a later row starting before an earlier one;
    /// an overlap with a row that is not the one before it by date), the first in the file
    /// reported; and a long history of one pair is not compared row by row (a hostile table of
    /// many rows of one key was quadratic).
    @Test func repeatedRowsAreFoundInAnyOrder() throws {
        var text = "column1\tcolumn2\teffective\tdeletion\tmodifier\n"
        // 20,000 one-day rows of one pair, newest first, then one spanning three of them.
        let first = ServiceDate(daysSinceEpoch: 19_000)
        for d in (0..<20_000).reversed() {
            let day = ServiceDate(daysSinceEpoch: first.daysSinceEpoch + Int32(d))
            text += "27447\t20610\t\(day.iso)\t\(day.iso)\t1\n"
        }
        let history = try RulePack.parse(files: [("p/ptp.tsv", text)], origin: "p")
        #expect(history.tables.ptp.count == 20_000)
        let spanning = ServiceDate(daysSinceEpoch: first.daysSinceEpoch + 100)
        text += "27447\t20610\t\(spanning.iso)\t\(ServiceDate(daysSinceEpoch: spanning.daysSinceEpoch + 2).iso)\t0\n"
        #expect(throws: PackError(file: "p/ptp.tsv", line: 20_002, column: 1, message: "the row repeats the row of 27447/20610 at line \(20_001 - 100), on dates both are in force: one row per pair on a date (end the first with a deletion date before the second's effective date)")) {
            try RulePack.parse(files: [("p/ptp.tsv", text)], origin: "p")
        }
        let mue = "code\tvalue\tmai\n97110\t4\t2\n97112\t1\t2\n97110\t6\t2\n97112\t2\t2\n"
        #expect(throws: PackError(file: "p/mue.tsv", line: 4, column: 1, message: "the row repeats the MUE of 97110 at line 2: one row per code")) {
            try RulePack.parse(files: [("p/mue.tsv", mue)], origin: "p")
        }
        // March overlaps the year that started before February, which is between them by date;
        // it is reported (line 3) before February (line 4).
        let addons = "addon\tprimary\ttype\teffective\tdeletion\n0856T\t88348\t1\t2024-01-01\t2024-12-31\n0856T\t88348\t1\t2024-03-01\t2024-03-31\n0856T\t88348\t1\t2024-02-01\t2024-02-10\n"
        #expect(throws: PackError(file: "p/addons.tsv", line: 3, column: 1, message: "the row repeats the row of 0856T with 88348 (CMS) at line 2, on dates both are in force: one row per add-on, primary and source on a date")) {
            try RulePack.parse(files: [("p/addons.tsv", addons)], origin: "p")
        }
    }

    /// Rows for one key on dates that do not overlap are a history, not a repeat.
    @Test func rowsOfOneKeyOnSeparateDatesLoad() throws {
        let pack = try RulePack.parse(files: [
            ("p/ptp.tsv", "column1\tcolumn2\teffective\tdeletion\tmodifier\n27447\t20610\t2024-01-01\t2024-05-31\t1\n27447\t20610\t2024-06-01\t\t0\n27447\t20611\t2024-01-01\t\t1\n"),
            ("p/addons.tsv", "addon\tprimary\ttype\tsource\teffective\tdeletion\n0856T\t88348\t1\t\t\t2024-06-30\n0856T\t88348\t3\t\t2024-07-01\t\n0856T\t88348\t1\tPAYER\t\t\n"),
            ("p/codes.tsv", "code\tmod\tstatus\tpctc\tglobal\n88348\t\tA\t1\tXXX\n88348\t26\tA\t1\tXXX\n88348\tTC\tA\t1\tXXX\n"),
        ], origin: "p")
        #expect(pack.tables.addons.requirements(for: "0856T").flatMap(\.rows).count == 3)
    }

    /// A line whose first character other than spaces and tabs is `#` is a comment in a table,
    /// as in rule files and pack.txt: an indented one was read as a row (`column 'code':
    /// expected a HCPCS/CPT code ..., found '# ...'`).
    @Test func anIndentedHashLineInATableIsAComment() throws {
        let pack = try RulePack.parse(
            files: [("p/mue.tsv", "  # source: Payer MUE list\ncode\tvalue\tmai\n  # the lab codes\n\t# tabbed\n89353\t2\t3\n    #\n")], origin: "p")
        #expect(pack.tables.mue.count == 1 && pack.tables.mue["89353"]?.value == 2)
        #expect(pack.tables.sources["mue"] == "Payer MUE list")
    }

    @Test(arguments: broken)
    func packErrorsNameFileLineAndColumn(_ b: BrokenPack) {
        #expect {
            try RulePack.parse(files: [("p/" + b.file, b.text)], origin: "p")
        } throws: { e in
            let p = e as! PackError
            return p.file == "p/" + b.file && p.line == b.line && p.column == b.column && p.message.hasPrefix(b.message)
        }
    }

    @Test func laterPeriodlessPacksOverlayEveryPeriod() throws {
        let q1 = try RulePack.parse(files: [("a/pack.txt", "period: 2024-01-01..2024-03-31"), ("a/mue.tsv", "code\tvalue\tmai\n99213\t2\t3\n")], origin: "a")
        let q2 = try RulePack.parse(files: [("b/pack.txt", "period: 2024-04-01..2024-06-30"), ("b/mue.tsv", "code\tvalue\tmai\n99213\t3\t3\n")], origin: "b")
        let payer = try RulePack.parse(files: [("c/mue.tsv", "code\tvalue\tmai\n99214\t1\t2\n")], origin: "c")
        let data = ReferenceData(packs: [q1, q2, payer])
        #expect(data.sets.count == 2)
        #expect(data.sets.allSatisfy { $0.mue["99214"]?.value == 1 })
        #expect(data.select("2024-02-01").index == 0 && data.select("2024-05-01").index == 1)
        #expect(data.select("2023-06-01") == (0, true) && data.select("2025-06-01") == (1, true))
    }
}

/// Packs laid over one another: periods, table rules and replaced rules.
@Suite struct PackLayeringTests {
    @Test func aQuarterPackAddsToTheBundledValuesForItsDates() throws {
        let q3 = try RulePack.parse(files: [("q3/pack.txt", "period: 2024-07-01..2024-09-30\n"), ("q3/mue.tsv", "code\tvalue\tmai\n99213\t1\t2\n")], origin: "q3")
        let claims = try RuleExample.parseClaims("99213 x2 || member=M2 : 27447 x2 || 2024-03-05 | 99213 x2")
        let ids = Checker(packs: [.bundled, q3]).check(claims).findings.map { "\($0.rule)@\($0.claimID)/\($0.line)" }
        // The quarter's own row, and the bundled MUE of 27447, both apply in Q3; March keeps the bundled 99213 MUE (2).
        #expect(ids == ["mue.date-limit@C1/1", "mue.date-limit@C2/1"])
    }

    /// A pack whose period holds a CMS quarter's (a payer's year, or half a year) is laid over
    /// that quarter's tables too: the quarter's set is read for its dates, as the shorter
    /// period, and hid the pack's rows there. A pack sharing only part of two quarters gives
    /// each shared part its own set; the dates it does not cover keep the quarters' rows.
    @Test func aPackForALongerPeriodAddsToTheQuartersInsideIt() throws {
        func quarter(_ from: String, _ through: String, mue: Int) -> ReferenceTables {
            var t = ReferenceTables(period: DateRange(from: ServiceDate(from)!, through: ServiceDate(through)!))
            t.mue = MUETable([MUERow(code: "89353", value: mue, adjudication: .dateOfServiceClinical)])
            return t
        }
        func pack(_ period: String) throws -> RulePack {
            try RulePack.parse(files: [
                ("y/pack.txt", "period: \(period)\n"), ("y/mue.tsv", "code\tvalue\tmai\n89353\t5\t3\n"),
                ("y/ptp.tsv", "column1\tcolumn2\teffective\tmodifier\n99213\t36415\t2024-01-01\t0\n"),
            ], origin: "y")
        }
        func read(_ data: ReferenceData, _ date: String) -> String {
            let set = data.sets[data.select(ServiceDate(date)!).index]
            return "\(set.mue["89353"]?.value ?? -1) \(set.ptp.hasPair("99213", "36415"))"
        }
        for period in ["2024-01-01..2024-12-31", "2024-07-01..2024-12-31"] {
            var data = ReferenceData()
            data.addComplete(quarter("2024-07-01", "2024-09-30", mue: 1))
            data.addComplete(quarter("2024-10-01", "2024-12-31", mue: 2))
            data.add(try pack(period))
            #expect(read(data, "2024-08-14") == "5 true", "\(period)")
            #expect(read(data, "2024-11-14") == "5 true", "\(period)")
        }
        var data = ReferenceData()
        data.addComplete(quarter("2024-07-01", "2024-09-30", mue: 1))
        data.addComplete(quarter("2024-10-01", "2024-12-31", mue: 2))
        data.add(try pack("2024-08-01..2024-10-31"))
        #expect(["2024-07-15", "2024-08-01", "2024-09-30", "2024-10-01", "2024-10-31", "2024-11-01"].map { read(data, $0) }
            == ["1 false", "5 true", "5 true", "5 true", "5 true", "2 false"])

        // Two sets sharing the same dates with a pack's period (a quarter and its mid-quarter
        // MUE release): the part is made from the one read on those dates, the shorter.
        var midQuarter = ReferenceData()
        midQuarter.addComplete(quarter("2024-01-01", "2024-03-31", mue: 1))
        midQuarter.addComplete(quarter("2024-02-01", "2024-03-31", mue: 7))
        let ptpOnly = try RulePack.parse(files: [
            ("p/pack.txt", "period: 2024-02-15..2025-02-14\n"),
            ("p/ptp.tsv", "column1\tcolumn2\teffective\tmodifier\n99213\t36415\t2024-01-01\t0\n"),
        ], origin: "p")
        midQuarter.add(ptpOnly)
        #expect(["2024-01-15", "2024-02-10", "2024-03-01", "2024-06-01"].map { read(midQuarter, $0) } == ["1 false", "7 false", "7 true", "7 true"])
    }

    /// Sets that share one PTP table (the periods a CMS folder gave one quarter's PTP files)
    /// still share it once a pack's PTP rows are laid over them: each set rebuilt its own copy
    /// of the 2.5 million rows, some 60 MB a period.
    @Test func setsSharingAPTPTableShareItWithAPacksRows() throws {
        var ptp = PTPTable.Builder()
        ptp.append(column1: "45380", column2: "45378", effective: "2024-01-01", deletion: nil, indicator: 0, rationale: "CMS")
        let shared = ptp.build()
        var data = ReferenceData()
        for (from, through) in [("2024-04-01", "2024-06-30"), ("2024-07-01", "2024-09-30"), ("2024-10-01", "2024-12-31")] {
            var t = ReferenceTables(period: DateRange(from: ServiceDate(from)!, through: ServiceDate(through)!))
            t.ptp = shared
            data.addComplete(t)
        }
        let payer = try RulePack.parse(files: [("p/ptp.tsv", "column1\tcolumn2\teffective\tmodifier\n99213\t36415\t2024-01-01\t0\n")], origin: "p")
        data.add(payer)
        #expect(data.sets.count == 3)
        #expect(data.sets.allSatisfy { $0.ptp.identity == data.sets[0].ptp.identity && $0.ptp.count == 2 })
        #expect(data.sets[0].ptp.identity != shared.identity)
        #expect(data.sets[2].ptp.hasPair("99213", "36415") && data.sets[2].ptp.hasPair("45380", "45378"))
    }

    @Test func aPackForAnotherYearStartsFromTheNearestTables() throws {
        let y2025 = try RulePack.parse(files: [("y/pack.txt", "period: 2025-01-01..2025-03-31\n"), ("y/mue.tsv", "code\tvalue\tmai\n99213\t1\t2\n")], origin: "y")
        let claims = try RuleExample.parseClaims("member=A : 2025-02-14 | 27447 x2 || member=B : 2025-02-14 | 88305 x1; 2025-02-14 | 0856T x1 || member=C : 2025-02-14 | 99213 x2")
        let result = Checker(packs: [.bundled, y2025]).check(claims)
        #expect(result.findings.map(\.rule).sorted() == ["addon.primary-missing", "mue.date-limit", "mue.date-limit"])
        #expect(result.diagnostics.isEmpty, "2025-02-14 is inside the 2025 pack's period")
    }

    @Test func datedPairRulesForOnePairKeepEachRow() throws {
        let pack = try RulePack.parse(files: [("p/x.rules", """
            rule payer.pair-h1
              effective: ..2024-06-30
              pair 27447 20610 modifier 0
              example fires on 2: 2024-05-01 | 27447 x1; 2024-05-01 | 20610-XS x1
            end
            rule payer.pair-h2
              effective: 2024-07-01..
              pair 27447 20610 modifier 1
              example passes: 27447 x1; 20610-XS x1
            end
            """)], origin: "p")
        let summary = RuleTester.run(rules: pack.rules, packs: [.bundled, pack])
        #expect(summary.failed == 0, "\(RuleTester.render(summary))")
    }

    @Test func aReplacedRuleTakesItsTableRowsWithIt() throws {
        let pack = try RulePack.parse(files: [("r/x.rules", """
            rule cpt.87253-per-isolate
              message: 87253 is billed on a POS-21 claim
              when code is 87253 and pos is 21
              example passes: 87253 x1; 87253 x1
            end
            """)], origin: "r")
        let claims = try RuleExample.parseClaims("87253 x1; 87253 x1")
        #expect(Checker().check(claims).findings.map(\.rule) == ["units.duplicate-line"])
        // 87253 is no longer counted per item: the second line is a plain duplicate.
        #expect(Checker(packs: [.bundled, pack]).check(claims).findings.map(\.rule) == ["units.duplicate-service"])
    }
}
