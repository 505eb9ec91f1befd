import Foundation
import Testing
@testable import ClaimLint

/// The NCCI add-on code edit files with `--cms`, on small synthetic files in a temporary folder:
/// header names as each CMS release writes them, files that lack date columns, releases of one
/// quarter replacing each other from their dates, and release dates read from the file names.
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

    // MARK: - Releases of one quarter

    static let april = addonFile(["1,0751T,,88302,,,,", "1,0751T,,88305,,,,", "1,99292,,99291,,,,", "1,45380,,45378,,,,"])
    static let june = addonFile(["1,0751T,,88302,,,,"])

    /// CMS's 2024-06-03 update replaces the 2024-04-01 release from its date: a line of
    /// 2024-06-02 is checked against the April release (0751T with 88305, 99292 an add-on of
    /// 99291), one of 2024-06-03 against June's (88305 is no primary of 0751T, 99292 and 45380
    /// are not add-ons). They were merged for the whole quarter: 0751T with 88305 passed, 99292
    /// alone was denied. 45380-51 is an add-on with 51 only while the April release is in force.
    @Test func aLaterReleaseOfTheQuarterReplacesTheEarlierFromItsDate() throws {
        let fees = try CMSCodeDatingTests.pprrvu(["0751T", "88302", "88305", "99292", "99291", "45380", "45378"].map { (ProcedureCode($0)!, "A") })
        let claims = ["2024-06-02", "2024-06-03"].flatMap { d in [["0751T \(d)", "88305 \(d)"], ["99292 \(d)"], ["45380-51 \(d)"]] }
        let (cms, found) = try Self.run(["PPRRVU24_APR.csv": fees, "AOC_2024-04-01.csv": Self.april, "AOC_2024-06-03.csv": Self.june], claims: claims)
        #expect(found == [
            "C1 addon.primary-missing 99292", "C2 addon.primary-missing 45380", "C2 modifier.multiple-procedure-not-allowed 45380",
            "C3 addon.primary-missing 0751T",
        ])
        #expect(cms.tables.map(\.period) == [.quarter(2024, 2)])
        #expect(cms.diagnostics.filter { $0.severity != .info }.isEmpty, "\(cms.diagnostics.map(\.message))")
        let replaces = cms.diagnostics.filter { $0.id == "cms.release-replaces" }
        #expect(replaces.map(\.message) == ["replaces the add-on code edits of AOC_2024-04-01.csv from its release date, 2024-06-03, in 2024-04-01..2024-06-30: lines dated before it are checked against the earlier release, lines from it on against this one"])
        #expect(replaces.first?.location?.file.hasSuffix("/AOC_2024-06-03.csv") == true)
        // The rows carry the dates: April's to 2024-06-02, June's from 2024-06-03.
        let rows = try #require(cms.tables.first).addons.requirements(for: "0751T").flatMap(\.rows)
        #expect(Set(rows.map { "\($0.primary!) \($0.effective?.iso ?? "-") \($0.deletion?.iso ?? "-")" }) == ["88302 - 2024-06-02", "88305 - 2024-06-02", "88302 2024-06-03 -"])

        // Without another table, each release makes its own period, to the next one's date.
        let (alone, aloneFound) = try Self.run(["AOC_2024-04-01.csv": Self.april, "AOC_2024-06-03.csv": Self.june], claims: claims)
        #expect(alone.tables.map(\.period) == [DateRange(from: "2024-04-01", through: "2024-06-02"), DateRange(from: "2024-06-03", through: "2024-06-30")])
        #expect(alone.loaded.map(\.appliesTo) == [[DateRange(from: "2024-04-01", through: "2024-06-02")], [DateRange(from: "2024-06-03", through: "2024-06-30")]])
        #expect(aloneFound == ["C1 addon.primary-missing 99292", "C2 addon.primary-missing 45380", "C3 addon.primary-missing 0751T"])
    }

    /// A release after the start of the only period it is loaded for is used for the days before
    /// it too, with a warning naming them; a release before every period is not used.
    @Test func releaseDatesAgainstThePeriods() throws {
        let fees = try CMSCodeDatingTests.pprrvu([("0751T", "A")])
        let (june, _) = try Self.run(["PPRRVU24_APR.csv": fees, "AOC_2024-06-03.csv": Self.june])
        #expect(june.diagnostics.filter { $0.severity != .info }.map(\.message) == [
            "the add-on code edits released 2024-06-03, the earliest loaded, are used for 2024-04-01..2024-06-02 of 2024-04-01..2024-06-30, before that release: codes and pairs added since may give findings that period did not have. Load the release in force then",
        ])
        let (three, _) = try Self.run(["PPRRVU24_JUL.csv": fees, "AOC_2024-04-01.csv": Self.april, "AOC_2024-06-03.csv": Self.june, "AOC_2024-10-01.csv": Self.june])
        #expect(three.diagnostics.filter { $0.severity != .info }.isEmpty)
        #expect(three.loaded.map { "\(CMSPeriods.baseName($0.path)) \($0.appliesTo.count)" } == ["aoc_2024-04-01.csv 0", "aoc_2024-06-03.csv 1", "aoc_2024-10-01.csv 0", "pprrvu24_jul.csv 1"])
        #expect(three.diagnostics.filter { $0.id == "cms.superseded" }.map(\.message) == [
            "not used: a later add-on code edit release applies to every period loaded",
            "not used: released 2024-10-01, after every period loaded ends",
        ])
        #expect(three.tables.first?.addons.rowCount == 1)
    }

    // MARK: - Release dates from names

    @Test func releaseDatesFromNames() {
        #expect(CMSPeriods.aoc(name: "add-code-edits-medicare-effective-06032024.csv") == "2024-06-03")
        #expect(CMSPeriods.aoc(name: "x/ADD-CODE-EDITS-MEDICARE-EFFECTIVE-04012024.CSV") == "2024-04-01")
        #expect(CMSPeriods.aoc(name: "AOC_06-03-2024.csv") == "2024-06-03")
        #expect(CMSPeriods.aoc(name: "AOC_2024-06-03_active.csv") == "2024-06-03")
        #expect(CMSPeriods.aoc(name: "AOC_V2025Q4_01-MCR.csv") == "2025-10-01")
        #expect(CMSPeriods.aocRevision(name: "AOC_V2025Q4_01-MCR.csv") == 1 && CMSPeriods.aocRevision(name: "AOC_V2025Q4-MCR.csv") == 0)
        // No such date; no date.
        #expect(CMSPeriods.aoc(name: "add-code-edits-medicare-effective-13452024.csv") == nil)
        #expect(CMSPeriods.aoc(name: "aoc-active.csv") == nil)
        // The CMS zip is named like an add-on file, so skipped as one.
        #expect(CMSFolder.kind(name: "add-code-edits-medicare-effective-06032024.zip") == .aoc)
    }

    /// The CMS zip's names date their releases: with the 2024 Q3 tables, the 2024-06-03 release
    /// is used and the 2024-04-01 one is not (it was the other way round: the later one had no
    /// date and was left out without a word).
    @Test func theCMSZipNamesDateTheirReleases() throws {
        let fees = try CMSCodeDatingTests.pprrvu([("0751T", "A"), ("88305", "A")])
        let (cms, found) = try Self.run([
            "PPRRVU24_JUL.csv": fees,
            "add-code-edits-medicare-effective-04012024.csv": Self.april, "add-code-edits-medicare-effective-06032024.csv": Self.june,
        ], claims: [["0751T 2024-08-14", "88305 2024-08-14"], ["99292 2024-08-14"]])
        #expect(found == ["C0 addon.primary-missing 0751T"])
        #expect(cms.loaded.filter { $0.kind == .aoc }.map { "\(CMSPeriods.baseName($0.path)): \($0.appliesTo.map { $0?.description ?? "any date" })" } == [
            "add-code-edits-medicare-effective-04012024.csv: []", "add-code-edits-medicare-effective-06032024.csv: [\"2024-07-01..2024-09-30\"]",
        ])
        #expect(cms.diagnostics.filter { $0.severity != .info }.isEmpty, "\(cms.diagnostics.map(\.message))")
    }

    /// A file whose name gives no release date: beside dated releases it is an error (it is not
    /// used, and when it applies cannot be told); alone, a warning (it applies to every date);
    /// two of them, an error on each (which is later cannot be told).
    @Test func anAddonFileWithoutADateInItsNameIsReported() throws {
        let understood = "AOC_2024-06-03.csv (YYYY-MM-DD), add-code-edits-medicare-effective-06032024.csv (MMDDYYYY, as the CMS zip), AOC_06-03-2024.csv (MM-DD-YYYY) or AOC_V2024Q2-MCR.csv (the quarter's first day)"
        let (beside, _) = try Self.run(["AOC_2024-04-01.csv": Self.april, "AOC_latest.csv": Self.june])
        #expect(beside.diagnostics.filter { $0.severity != .info }.map { "\($0.severity) \($0.id) \(CMSPeriods.baseName($0.location!.file)): \($0.message)" } == [
            "error cms.no-release-date aoc_latest.csv: not used: no release date in the name, so when these add-on code edits apply cannot be told beside the dated release (AOC_2024-04-01.csv). Names understood: \(understood). Rename it with its release date, or move it out of the folder",
        ])
        #expect(beside.loaded.first { $0.path.hasSuffix("AOC_latest.csv") }?.appliesTo == [])

        let (alone, _) = try Self.run(["AOC_latest.csv": Self.june])
        #expect(alone.diagnostics.filter { $0.severity != .info }.map { "\($0.severity) \($0.id): \($0.message)" } == [
            "warning cms.no-period: no release date in the name (names understood: \(understood)); its rows apply to every period loaded",
        ])
        #expect(alone.tables.map(\.period) == [nil])

        let (two, _) = try Self.run(["AOC_latest.csv": Self.june, "AOC_older.csv": Self.april])
        #expect(two.diagnostics.filter { $0.severity == .error }.map { CMSPeriods.baseName($0.location!.file) }.sorted() == ["aoc_latest.csv", "aoc_older.csv"])
        #expect(two.diagnostics.allSatisfy { $0.severity != .error || $0.message.hasPrefix("no release date in the name, nor in those of the other add-on code edit files (AOC_") })
    }

    /// Of two revisions of a quarter's release, the later is read alone; two files of one date
    /// and revision are read together.
    @Test func revisionsAndCopiesOfARelease() throws {
        let (revised, found) = try Self.run(["AOC_V2024Q2-MCR.csv": Self.april, "AOC_V2024Q2_01-MCR.csv": Self.june], claims: [["99292 2024-05-10"]])
        #expect(found.isEmpty)
        let dup = revised.diagnostics.filter { $0.id == "cms.duplicate" }
        #expect(dup.map { "\($0.severity) \(CMSPeriods.baseName($0.location!.file)): \($0.message)" } == [
            "warning aoc_v2024q2-mcr.csv: not used: AOC_V2024Q2_01-MCR.csv is a later revision of the add-on code edits released 2024-04-01, and is read instead; keep one revision of a release in the folder",
        ])
        let (split, splitFound) = try Self.run(["AOC_2024-04-01_a.csv": Self.june, "AOC_2024-04-01_b.csv": Self.addonFile(["1,99292,,99291,,,,"])], claims: [["99292 2024-05-10"], ["0751T 2024-05-10"]])
        #expect(splitFound == ["C0 addon.primary-missing 99292", "C1 addon.primary-missing 0751T"])
        #expect(split.diagnostics.filter { $0.id == "cms.duplicate" }.map(\.message) == [
            "also gives the add-on code edits released 2024-04-01 (as does AOC_2024-04-01_a.csv): their rows are read together, as one release",
        ])
    }
}
