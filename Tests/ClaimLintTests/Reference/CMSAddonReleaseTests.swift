import Foundation
import Testing
@testable import ClaimLint

/// The NCCI add-on code edit files with `--cms`, on small synthetic files in a temporary folder:
/// header names as each CMS release writes them, and files that lack date columns.
@Suite struct CMSAddonReleaseTests {
    static let header = "AOC_Edit_Type,Add-on Code,AOC_DEL_DT,Primary Code,Primary_Code_DEL_DT,AOC_Edit_EFF_DT,AOC_Edit_DEL_DT,Special_Instruction_Notes"
    /// Rows of the documented eight columns, each with a date that decides a line.
    static let rows = [
        "1,0751T,,88302,,2023001,2024182,",  // edit deleted: last day 2024-06-30
        "1,11045,,11042,2024091,2010001,,",  // primary deleted: last day 2024-03-31
        "1,11045,,11043,,2010001,,",
        "1,0856T,,88348,,2024001,,",  // effective 2024-01-01
        "1,99292,2024100,99291,,2010001,,",  // add-on deleted: last day 2024-04-09
    ]

    static func addonFile(header: String = header, _ rows: [String]) -> String {
        ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// Loads the files from a temporary folder and checks the claims (each a list of
    /// "code[-modifier] date" lines) against the tables with the bundled pack: the load, and the
    /// `addon` and `modifier` findings as "claim rule code".
    static func run(_ files: [String: String], claims: [[String]] = []) throws -> (CMSLoadResult, [String]) {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        let cms = try CMSFolder.load(directory: dir.path)
        guard !claims.isEmpty else { return (cms, []) }
        var csv = "claim_id,member_id,billing_npi,code,mod1,units,date\n"
        for (c, lines) in claims.enumerated() {
            for line in lines {
                let parts = line.split(separator: " ")
                let code = parts[0].split(separator: "-")
                csv += "C\(c),M\(c),1234567893,\(code[0]),\(code.count > 1 ? code[1] : ""),1,\(parts[1])\n"
            }
        }
        let path = dir.appendingPathComponent("claims.csv")
        try Data(csv.utf8).write(to: path)
        let report = Checker(reference: ReferenceData(cms: cms.tables, packs: [.bundled])).check(files: [path.path]) { $0 }
        let found = report.findings.filter { $0.rule.hasPrefix("addon.") || $0.rule.hasPrefix("modifier.") }
            .map { "\($0.claimID) \($0.rule) \($0.code)" }.sorted()
        return (cms, found)
    }

    // MARK: - Header names

    struct Header: Sendable, CustomStringConvertible {
        var file: String
        var header: String
        var description: String { header }
    }

    /// The documented names; the 2024-06-03 release's `(Julian)` suffix; the names as a tool
    /// cleans them (`aoc_del_dt_julian`); spaces and capitals. The last two in files whose names
    /// say nothing, recognised by their headers.
    static let headers = [
        Header(file: "AOC_2024-06-03.csv", header: header),
        Header(file: "AOC_2024-06-03.csv", header: "AOC_Edit_Type,Add-on Code,AOC_DEL_DT (Julian),Primary Code,Primary_Code_DEL_DT (Julian),AOC_Edit_EFF_DT (Julian),AOC_Edit_DEL_DT (Julian),Special_Instruction_Notes"),
        Header(file: "ncci_edits_2024-06-03.csv", header: "aoc_edit_type,add_on_code,aoc_del_dt_julian,primary_code,primary_code_del_dt_julian,aoc_edit_eff_dt_julian,aoc_edit_del_dt_julian,special_instruction_notes"),
        Header(file: "ncci-edits-2024-06-03.csv", header: "AOC Edit Type,ADD-ON CODE,AOC DEL DT,Primary Code,Primary Code DEL DT,AOC Edit EFF DT,AOC Edit DEL DT,Special Instruction Notes"),
    ]

    /// Each form of the header reads every date column: 0751T is not checked from 2024-07-01,
    /// 11042 is no primary of 11045 from 2024-04-01, 0856T is no add-on before 2024-01-01, and
    /// 99292 none after 2024-04-09. (Under another name than the documented one, the dates were
    /// ignored without a word, and each of these lines was checked against a pair not in force.)
    @Test(arguments: headers) func everyReleasesHeaderNamesAreRead(_ h: Header) throws {
        let (cms, found) = try Self.run([h.file: Self.addonFile(header: h.header, Self.rows)], claims: [
            ["0751T 2024-06-30"], ["0751T 2024-07-01"],
            ["11045 2024-03-31", "11042 2024-03-31"], ["11045 2024-04-01", "11042 2024-04-01"],
            ["0856T 2023-12-31"], ["0856T 2024-01-01"],
            ["99292 2024-04-09"], ["99292 2024-04-10"],
        ])
        #expect(cms.diagnostics.allSatisfy { $0.severity == .info }, "\(cms.diagnostics.map(\.message))")
        #expect(cms.loaded.map(\.kind) == [.aoc])
        let addons = try #require(cms.tables.first).addons
        #expect(addons.requirements(for: "0751T").first?.rows == [AddonRow(addon: "0751T", primary: "88302", type: 1, effective: "2023-01-01", deletion: "2024-06-30")])
        #expect(addons.requirements(for: "11045").first?.rows.first?.deletion == "2024-03-31")
        #expect(addons.requirements(for: "99292").first?.rows.first?.deletion == "2024-04-09")
        #expect(found == ["C0 addon.primary-missing 0751T", "C3 addon.primary-missing 11045", "C5 addon.primary-missing 0856T", "C6 addon.primary-missing 99292"])
    }

    /// A bad date under a renamed column is reported under the name the file gives it.
    @Test func aBadDateNamesTheColumnAsTheFileWritesIt() throws {
        let (cms, _) = try Self.run(["AOC_2024-06-03.csv": Self.addonFile(header:
            "AOC_Edit_Type,Add-on Code,AOC_DEL_DT (Julian),Primary Code,Primary_Code_DEL_DT (Julian),AOC_Edit_EFF_DT (Julian),AOC_Edit_DEL_DT (Julian),Special_Instruction_Notes",
            ["1,0856T,,88348,,2024400,,", "1,0751T,,88302,2024001,2023001,,"] + ["1,99292,,99291,,2024100,2024010,"])])
        let bad = cms.diagnostics.filter { $0.id == "cms.bad-row" }
        #expect(bad.map(\.message) == [
            "column 'AOC_Edit_EFF_DT (Julian)': expected a Julian date YYYYDDD or blank, found '2024400'; row skipped",
            "deletion date 2024-01-10 ('AOC_Edit_DEL_DT (Julian)') is before the effective date 2024-04-09 ('AOC_Edit_EFF_DT (Julian)'); row skipped",
        ])
        #expect(bad.first.map { $0.location?.line == 2 && $0.location?.column == 17 && $0.field == "AOC_Edit_EFF_DT (Julian)" && $0.value == "2024400" } == true)
        #expect(cms.loaded.map(\.rows) == [1])
    }

    /// A header without the date columns, or with one of the edit's pair, is a warning saying
    /// what the rows lose (they were taken as in force on every date without a word); a column
    /// of another name is listed, as a warning when its name looks like a date's.
    @Test func missingOrUnknownDateColumnsAreReported() throws {
        let noDates = try Self.run(["AOC_2024-06-03.csv": Self.addonFile(header: "AOC_Edit_Type,Add-on Code,Primary Code", ["1,0751T,88302"])]).0
        #expect(noDates.diagnostics.filter { $0.severity != .info }.map(\.message) == [
            "add-on code edit header has no date column (AOC_DEL_DT, Primary_Code_DEL_DT, AOC_Edit_EFF_DT, AOC_Edit_DEL_DT, each Julian YYYYDDD; a '(Julian)' suffix is fine): every row is taken as in force on every date of service, pairs the edits deleted included",
        ])
        #expect(noDates.diagnostics.first { $0.id == "cms.missing-dates" }.map { $0.severity == .warning && $0.location?.file.hasSuffix("AOC_2024-06-03.csv") == true } == true)
        #expect(noDates.tables.first?.addons.rowCount == 1)

        let half = try Self.run(["AOC_2024-06-03.csv": Self.addonFile(header:
            "AOC_Edit_Type,Add-on Code,AOC_DEL_DT,Primary Code,Primary_Code_DEL_DT,AOC_Edit_EFF_DT (Julian),Special_Instruction_Notes",
            ["1,0751T,,88302,,2023001,"])]).0
        #expect(half.diagnostics.filter { $0.severity != .info }.map(\.message) == [
            "add-on code edit header lacks 'AOC_Edit_DEL_DT' (it has 'AOC_DEL_DT', 'Primary_Code_DEL_DT', 'AOC_Edit_EFF_DT (Julian)'): a pair whose edit was deleted stays in force",
        ])

        let unknown = try Self.run(["AOC_2024-06-03.csv": Self.addonFile(header:
            "AOC_Edit_Type,Add-on Code,AOC_DEL_DT,Primary Code,Primary_Code_DEL_DT,AOC_Edit_EFF_DT,AOC_Edit_DEL_Date,Notes",
            ["1,0751T,,88302,,2023001,2024182,"])]).0
        let known = "AOC_Edit_Type, Add-on Code, AOC_DEL_DT, Primary Code, Primary_Code_DEL_DT, AOC_Edit_EFF_DT, AOC_Edit_DEL_DT, Special_Instruction_Notes, AOC_EFF_DT, Primary_Code_EFF_DT"
        #expect(unknown.diagnostics.filter { $0.id != "cms.missing-table" }.map { "\($0.severity) \($0.id): \($0.message)" } == [
            "warning cms.unknown-column: columns 'AOC_Edit_DEL_Date' (column 7), 'Notes' (column 8) not read: not an add-on code edit column ClaimLint knows (\(known); case, spaces, punctuation and a '(Julian)' suffix aside)",
            "warning cms.missing-dates: add-on code edit header lacks 'AOC_Edit_DEL_DT' (it has 'AOC_DEL_DT', 'Primary_Code_DEL_DT', 'AOC_Edit_EFF_DT'): a pair whose edit was deleted stays in force",
        ])
        let notes = try Self.run(["AOC_2024-06-03.csv": Self.addonFile(header: Self.header + ",Comment", ["1,0751T,,88302,,2023001,,,x"])]).0
        #expect(notes.diagnostics.filter { $0.id == "cms.unknown-column" }.map(\.severity) == [.info])
    }

    /// An effective date of the add-on or primary code (`AOC_EFF_DT`, `Primary_Code_EFF_DT`,
    /// not in the documented layout) holds a pair out of force until both codes are.
    @Test func codeEffectiveDatesBoundTheEdit() throws {
        let (cms, _) = try Self.run(["AOC_2024-06-03.csv": Self.addonFile(header: Self.header + ",Primary_Code_EFF_DT (Julian),AOC_EFF_DT", [
            "1,0751T,,88302,,2023001,,,2024001,", "1,0856T,,88348,,2023001,,,2022001,2024100",
        ])])
        #expect(cms.diagnostics.allSatisfy { $0.severity == .info }, "\(cms.diagnostics.map(\.message))")
        let addons = try #require(cms.tables.first).addons
        #expect(addons.requirements(for: "0751T").first?.rows.first?.effective == "2024-01-01")
        #expect(addons.requirements(for: "0856T").first?.rows.first?.effective == "2024-04-09")
    }
}
