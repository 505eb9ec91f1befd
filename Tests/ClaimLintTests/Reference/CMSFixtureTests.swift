import Foundation
import Testing
@testable import ClaimLint

/// The CMS readers on the small synthetic files of `Fixtures/cms/`: the exact layouts (a 2026
/// PPRRVU with `PRIC IND`, Latin-1, CRLF and the 0x1A line; an MUE with its multi-line notice; an
/// AOC CSV; a PTP TXT with its header) and malformed files with their diagnostics.
@Suite struct CMSFixtureTests {
    static let good = CMSShared.fixtures + "/good"
    static let malformed = CMSShared.fixtures + "/malformed"

    func loadGood() throws -> CMSLoadResult { try CMSFolder.load(directory: Self.good) }

    @Test func goodFolderBuildsOneSetForItsQuarter() throws {
        let r = try loadGood()
        let q3 = DateRange.quarter(2026, 3)!
        #expect(r.tables.count == 1)
        #expect(r.tables.first?.period == q3)
        let kinds = Dictionary(uniqueKeysWithValues: r.loaded.map { (CMSPeriods.baseName($0.path), $0.kind) })
        #expect(kinds == [
            "pprrvu2026_jul_nonqpp.csv": .pprrvu, "mcr_mue_practitionerservices_eff_07-01-2026.csv": .mue,
            "aoc_2026-07-01_active.csv": .aoc, "ccipra-v322r0-f1.txt": .ptp, "ccipra-v322r0-f2.txt": .ptp,
            "ccipra-v322r0-f3.txt": .ptp, "ccipra-v322r0-f4.txt": .ptp,
        ])
        #expect(r.loaded.allSatisfy { $0.appliesTo == [q3] })
        // The README is listed as skipped, and nothing else is reported but info.
        let skipped = r.diagnostics.filter { $0.id == "cms.skipped" }
        #expect(skipped.map { CMSPeriods.baseName($0.location!.file) } == ["readme-not-a-table.txt"])
        #expect(skipped.first?.severity == .info)
        #expect(r.diagnostics.allSatisfy { $0.severity == .info })
    }

    /// The title and header lines of an NCCI PTP part, before its rows.
    static let ptpHead = "CPT only copyright 2023 American Medical Association.  All rights reserved.\nColumn1/Column2 Edits\n"
        + "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\n"
        + "\t\tprior to 1996\tDate\tDate\t0=not allowed\t\n\t\t\t\t*=no data\t1=allowed\t\n\t\t\t\t\t9=not applicable\t\n"

    /// The four parts of a quarter's PTP table, `STEM-f1.txt` to `-f4.txt`: `rows` in f1, and in
    /// each other part one row deleted the day it took effect (never in force, so no finding).
    static func ptpQuarter(_ stem: String, rows: String) -> [String: String] {
        var parts = ["\(stem)-f1.txt": ptpHead + rows]
        for k in 2...4 { parts["\(stem)-f\(k).txt"] = ptpHead + "0001A\t9047\(k)\t\t20220101\t20220101\t9\tCPT Manual or CMS manual coding instruction\n" }
        return parts
    }

    /// A quarter's PTP parts each within the 255 rationales a file may have, but more than 255
    /// together, are merged (this crashed), and a pack's `ptp.tsv` of 300 rationales loads: a
    /// finding on a row of the last part, or the pack's last row, quotes its own rationale.
    @Test func ptpPartsAndPacksWithMoreThan255RationalesLoad() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for part in 1...4 {
            var text = Self.ptpHead
            for i in 0..<200 { text += "\(10_000 + part * 1_000 + i)\t\(30_000 + i)\t\t20240701\t*\t0\tPart \(part) rationale \(i)\n" }
            try Data(text.utf8).write(to: dir.appendingPathComponent("ccipra-2024q3-f\(part).txt"))
        }
        let r = try CMSFolder.load(directory: dir.path)
        #expect(!r.diagnostics.contains { $0.severity == .error }, "\(r.diagnostics.map(\.message))")
        let ptp = try #require(r.tables.first?.ptp)
        #expect(ptp.count == 800)
        #expect(ptp.row("14199", "30199", on: "2024-08-14")?.rationale == "Part 4 rationale 199")
        #expect(ptp.row("11000", "30000", on: "2024-08-14")?.rationale == "Part 1 rationale 0")

        let pack = dir.appendingPathComponent("pack")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try Data("name: many\n".utf8).write(to: pack.appendingPathComponent("pack.txt"))
        var tsv = "column1\tcolumn2\teffective\tmodifier\trationale\n"
        for i in 0..<300 { tsv += "\(10_000 + i)\t\(20_000 + i)\t2024-01-01\t0\tPolicy \(i)\n" }
        try Data(tsv.utf8).write(to: pack.appendingPathComponent("ptp.tsv"))
        let loaded = try RulePack.load(directory: pack.path)
        #expect(loaded.tables.ptp.row("10299", "20299", on: "2024-08-14")?.rationale == "Policy 299")
    }

    /// Two revisions of a quarter's PTP part side by side (`r0` and `r1` unzipped into
    /// subfolders): the later revision alone is read, with a warning on the other, so an edit
    /// `r1` retracted does not fire. Other parts are read whatever their revision.
    @Test func onlyTheLatestRevisionOfAPTPPartIsRead() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = [
            "r0/ccipra-v302r0-f1.txt": "45380\t45378\t\t20240701\t*\t0\tRetracted\n",
            "r1/ccipra-v302r1-f1.txt": "45380\t45378\t\t20240701\t20240701\t9\tRetracted\n",
            "r0/ccipra-v302r0-f2.txt": "43239\t43235\t\t20240701\t*\t0\tKept\n",
            "r0/copy/ccipra-v302r0-f2.txt": "43239\t43235\t\t20240701\t*\t0\tKept\n",
        ]
        for (name, rows) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((Self.ptpHead + rows).utf8).write(to: url)
        }
        let r = try CMSFolder.load(directory: dir.path)
        let ptp = try #require(r.tables.first?.ptp)
        #expect(r.tables.count == 1 && ptp.count == 2)
        #expect(ptp.row("45380", "45378", on: "2024-08-14") == nil)
        #expect(ptp.row("43239", "43235", on: "2024-08-14")?.rationale == "Kept")
        let notes = r.diagnostics.filter { $0.id == "cms.duplicate" }.sorted { $0.message < $1.message }
        #expect(notes.map(\.severity) == [.warning, .warning])
        #expect(notes.first?.message == "not used for 2024-07-01..2024-09-30: ccipra-v302r0-f2.txt is another copy of the same PTP part (f2), and is read instead; keep one revision of a quarter's parts in the folder")
        #expect(notes.last?.location?.file.hasSuffix("r0/ccipra-v302r0-f1.txt") == true)
        #expect(notes.last?.message == "not used for 2024-07-01..2024-09-30: ccipra-v302r1-f1.txt is a later revision of the same PTP part (f1), and is read instead; keep one revision of a quarter's parts in the folder")
        #expect(CMSPeriods.ptpPart(name: "x/CCIPRA-V313R12-F4.TXT")! == (4, 12) && CMSPeriods.ptpPart(name: "ccipra-2024q3-f2.txt")! == (2, 0))
        #expect(CMSPeriods.ptpPart(name: "ptp-edits.txt") == nil)
        // A part number is one or two digits: `-f999999999999999` made the parts check count
        // up to it (a hang), and is no part.
        #expect(CMSPeriods.ptpPart(name: "ccipra-2024q3-f999999999999999.zip") == nil)
        #expect(CMSPeriods.ptpPart(name: "ccipra-2024q3-f12.txt")! == (12, 0))
    }

    /// Dates in CMS file names are ASCII digits: `\d` matched any Unicode digit, which `Int`
    /// does not read, and the force unwrap trapped (`AOC_2024-06-0٣.csv`).
    @Test func nonASCIIDigitsInANameAreNoDate() {
        #expect(CMSPeriods.aoc(name: "AOC_2024-06-0\u{663}.csv") == nil)
        #expect(CMSPeriods.aoc(name: "add-code-edits-medicare-effective-06\u{660}32024.csv") == nil)
        #expect(CMSPeriods.aoc(name: "AOC_0\u{666}-03-2024.csv") == nil)
        #expect(CMSPeriods.mue(name: "MCR_MUE_PractitionerServices_Eff_07-0\u{661}-2024.csv") == nil)
        #expect(CMSPeriods.ptp(name: "ccipra-202\u{664}q3-f1.txt") == nil && CMSPeriods.ptp(name: "ccipra-v3\u{661}2r0-f1.txt") == nil)
        #expect(CMSPeriods.pprrvu(name: "PPRRVU2\u{664}_JUL.csv") == nil)
        #expect(CMSPeriods.aoc(name: "AOC_2024-06-03.csv") == "2024-06-03")
    }

    /// A quarter with PTP files but no fee schedule or MUE of its own takes the latest earlier
    /// quarter's (they stay in force until the next release; its global, PC/TC and MUE edits
    /// were silently off), said in an info note; the quarters share the table, not copies.
    /// A quarter before every release of a table takes the earliest later one, with a warning.
    @Test func aQuarterWithoutATableTakesTheLatestEarlierOne() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.good) {
            try FileManager.default.copyItem(atPath: Self.good + "/" + name, toPath: dir.path + "/" + name)
        }
        for part in 1...4 {
            let q3 = try String(contentsOfFile: Self.good + "/ccipra-v322r0-f\(part).txt", encoding: .isoLatin1)
            try Data(q3.utf8).write(to: dir.appendingPathComponent("ccipra-v323r0-f\(part).txt"))  // 2026Q4
            try Data(q3.utf8).write(to: dir.appendingPathComponent("ccipra-v321r0-f\(part).txt"))  // 2026Q2
        }
        let r = try CMSFolder.load(directory: dir.path)
        #expect(r.tables.map { $0.period?.description ?? "" } == ["2026-04-01..2026-06-30", "2026-07-01..2026-09-30", "2026-10-01..2026-12-31"])
        let (q2, q3set, q4) = (r.tables[0], r.tables[1], r.tables[2])
        #expect(q3set.codes.count > 0 && q3set.mue.count > 0)
        #expect(q4.codes.count == q3set.codes.count && q4.mue.count == q3set.mue.count && q2.codes.count == q3set.codes.count)
        let notes = r.diagnostics.filter { $0.id == "cms.missing-table" }
        #expect(notes.map(\.severity) == [.warning, .warning, .info, .info], "\(notes.map(\.message))")
        #expect(notes.contains { $0.message == "the tables for 2026-10-01..2026-12-31 have no PPRRVU file of their own: they use 2026-07-01..2026-09-30's (pprrvu2026_jul_nonqpp.csv), the latest release before them" })
        #expect(notes.contains { $0.message.hasPrefix("the tables for 2026-04-01..2026-06-30 have no MUE file of their own: they use 2026-07-01..2026-09-30's (mcr_mue_practitionerservices_eff_07-01-2026.csv), released after them") })
        #expect(!r.diagnostics.contains { $0.message.contains("are not checked against") || $0.severity == .error }, "\(r.diagnostics.map(\.message))")
    }

    /// What an unzipped RVU zip and a user's notes put beside the tables: documents that
    /// mention the tables' columns, the PPRRVU's fixed-width text release, and a text file of
    /// prose. Each is skipped without an error (the run goes on), and the tables are the ones
    /// the good folder builds alone.
    @Test func documentsAndTheFixedWidthReleaseBesideTheTablesAreSkipped() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.good) {
            try FileManager.default.copyItem(atPath: Self.good + "/" + name, toPath: dir.path + "/" + name)
        }
        // Prose naming every table's header words, the PTP title included, in its first bytes.
        let prose = """
            Notes on these tables. The MUE file's MUE Adjudication Indicator column, the PPRRVU's
            HCPCS, PCTC IND and GLOB DAYS columns, the add-on file's \(AddonFileReader.typeColumn)
            column, and the PTP file's title line, \(PTPFileReader.title).

            """
        let mueWords = "We keep each code's MUE Adjudication Indicator.\n"
        let files = [
            "RVU26C README.txt": prose, "notes.md": prose, "Read Me First.pdf": prose, "notes.txt": prose, "table.csv": mueWords,
            "PPRRVU2026_JUL_nonQPP.txt": "HDR CPT codes only are copyright the AMA\nHDR All rights reserved\n0001F     A  0.00   0.00 NA 0.00  0.00 0.00 9 XXX\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }

        let r = try CMSFolder.load(directory: dir.path)
        let good = try loadGood()
        func read(_ r: CMSLoadResult) -> [String] {
            r.loaded.map { "\(($0.path as NSString).lastPathComponent) \($0.kind) \($0.rows) \($0.appliesTo)" }.sorted()
        }
        #expect(read(r) == read(good))
        #expect(r.tables.map(\.period) == good.tables.map(\.period))
        #expect(!r.diagnostics.contains { $0.severity == .error }, "\(r.diagnostics.map(\.message))")
        let skipped = Dictionary(uniqueKeysWithValues: r.diagnostics.filter { $0.id == "cms.skipped" }.map { ((($0.location!.file) as NSString).lastPathComponent, $0) })
        #expect(Set(skipped.keys) == Set(files.keys).union(["README-not-a-table.txt"]))
        for name in ["RVU26C README.txt", "notes.md", "Read Me First.pdf", "README-not-a-table.txt"] {
            #expect(skipped[name]?.message == "skipped: a document, not a CMS table", "\(name)")
            #expect(skipped[name]?.severity == .info)
        }
        // Words of a header are not a table: a warning names the table they suggest, and why
        // the file is not one.
        #expect(skipped["notes.txt"]?.severity == .warning)
        #expect(skipped["notes.txt"]?.message == "skipped: not a CMS table ClaimLint recognises: it mentions the PTP table's columns, but has no row of one")
        #expect(skipped["table.csv"]?.severity == .warning)
        #expect(skipped["table.csv"]?.message.hasPrefix("skipped: not a CMS table ClaimLint recognises: it mentions the MUE table's columns, but has no MUE header (") == true, "\(skipped["table.csv"]?.message ?? "")")
        #expect(skipped["PPRRVU2026_JUL_nonQPP.txt"]?.severity == .warning)
        #expect(skipped["PPRRVU2026_JUL_nonQPP.txt"]?.message.hasSuffix("reads the CSV release of the same RVU zip (PPRRVU2026_JUL_nonQPP.csv)") == true)
    }

    /// A table with its header and no row gives no table, and says so; a folder that gives no
    /// table at all is an error, not a check against the bundled excerpt.
    @Test func tablesWithoutRowsAndFoldersWithoutTablesAreReported() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = try CMSFolder.load(directory: dir.path)
        #expect(empty.tables.isEmpty)
        #expect(empty.diagnostics.map(\.id) == ["cms.no-tables"])
        #expect(empty.diagnostics.first?.severity == .error)
        #expect(empty.diagnostics.first?.message == "no CMS table read from the folder: it holds no files")

        // The good MUE and PTP files cut after their headers.
        let mue = try String(contentsOfFile: Self.good + "/MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", encoding: .isoLatin1)
        let headerEnd = try #require(mue.range(of: "MUE Rationale\n")).upperBound
        try Data(mue[..<headerEnd].utf8).write(to: dir.appendingPathComponent("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"))
        let ptp = try String(contentsOfFile: Self.good + "/ccipra-v322r0-f1.txt", encoding: .isoLatin1)
        let ptpHeader = ptp.split(separator: "\n", omittingEmptySubsequences: false).prefix { ProcedureCode(String($0.prefix(5))) == nil }
        try Data((ptpHeader.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("ccipra-v322r0-f1.txt"))
        let r = try CMSFolder.load(directory: dir.path)
        #expect(r.tables.isEmpty && r.loaded.isEmpty)
        #expect(r.diagnostics.map(\.id) == ["cms.empty", "cms.empty", "cms.no-tables"])
        #expect(r.diagnostics.prefix(2).allSatisfy { $0.severity == .warning })
        #expect(r.diagnostics[0].message == "no rows: the file has the MUE header but no row under it, and gives no table")
        #expect(r.diagnostics[1].message == "no rows: the file has the PTP header but no row under it, and gives no table")
        #expect(r.diagnostics[2].message.hasPrefix("no CMS table read from the folder: none of its 2 files is a PPRRVU, MUE"))

        // With one table that has rows, the folder gives a set and no error.
        try FileManager.default.copyItem(atPath: Self.good + "/AOC_2026-07-01_active.csv", toPath: dir.path + "/AOC_2026-07-01_active.csv")
        let one = try CMSFolder.load(directory: dir.path)
        #expect(one.tables.count == 1 && one.loaded.map(\.kind) == [.aoc])
        #expect(!one.diagnostics.contains { $0.severity == .error })
    }

    @Test func pprrvu2026ReadsColumnsByJoinedName() throws {
        let codes = try #require(try loadGood().tables.first).codes
        #expect(codes.count == 6)
        let global = try #require(codes.row("88348"))
        #expect(global.pctc == 1 && global.global == .notApplicable && global.status == "A")
        #expect(codes.row("88348", modifier: .professional) != nil)
        #expect(codes.row("88348", modifier: .technical) != nil)
        // ENDO BASE sits after PRIC IND in the 2026 layout.
        let colonoscopy = try #require(codes.row("45380"))
        #expect(colonoscopy.endoscopicBase == "45378")
        #expect(colonoscopy.multipleProcedure == 3 && colonoscopy.assistant == 1 && colonoscopy.team == 0)
        // The row whose (never kept) description holds Latin-1 0xE9.
        let t = try #require(codes.row("0856T"))
        #expect(t.pctc == 3 && t.global == .addOn && t.status == "C")
    }

    @Test func mueWithMultiLineNotice() throws {
        let mue = try #require(try loadGood().tables.first).mue
        #expect(mue.count == 3)
        #expect(mue["88348"] == MUERow(code: "88348", value: 1, adjudication: .dateOfServiceClinical, rationale: "Clinical: Data"))
        #expect(mue["45378"]?.adjudication == .dateOfServicePolicy)
        #expect(mue["A0425"]?.value == 250)
        #expect(mue["A0425"]?.adjudication == .line)
    }

    @Test func addonCSVWithJulianDates() throws {
        let addons = try #require(try loadGood().tables.first).addons
        #expect(addons.rowCount == 4)
        let t = try #require(addons.requirements(for: "0856T").first)
        #expect(t.source == .cms)
        #expect(t.rows == [AddonRow(addon: "0856T", primary: "88348", type: 1, effective: "2024-01-01")])
        #expect(addons.requirements(for: "0054T").first?.rows.first?.primary == nil)
        #expect(addons.requirements(for: "0054T").first?.rows.first?.type == 2)
        #expect(addons.requirements(for: "0054T").first?.rows.first?.effective == "2013-04-01")
        // Deletion: the earliest of the three deletion dates.
        #expect(addons.requirements(for: "99292").first?.rows.first?.deletion == "2026-03-31")
        #expect(addons.requirements(for: "96376").first?.rows.first?.deletion == "2026-06-30")
    }

    @Test func ptpTextWithHeader() throws {
        let ptp = try #require(try loadGood().tables.first).ptp
        // Five rows in f1, one in each other part.
        #expect(ptp.count == 8)
        #expect(ptp.row("93000", "93010", on: "2026-08-01")?.rationale == "HCPCS/CPT procedure code definition")
        let row = try #require(ptp.row("45380", "45378", on: "2026-08-01"))
        #expect(row.modifierIndicator == 0 && row.deletion == nil && row.rationale == "CPT Separate procedure definition")
        let never = ptp.rows("0001A", "90473")
        #expect(never.count == 1 && never[0].effective == "2022-01-01" && never[0].deletion == "2022-01-01" && never[0].modifierIndicator == 9)
        #expect(ptp.rows("20610", "99213").count == 2)
        #expect(ptp.row("20610", "99213", on: "2019-06-01")?.deletion == "2019-12-31")
        #expect(ptp.row("20610", "99213", on: "2026-08-01")?.rationale == "Standards of medical/surgical practice")
    }

    /// A PTP file as a spreadsheet or Windows saves it: fields padded with spaces, a blank
    /// deletion date for none, CRLF and the DOS end-of-file byte on its last line. It reads as
    /// the good file, with no diagnostic (each was a bad row, and the run stopped).
    @Test func ptpWithPaddedFieldsBlankDeletionAndEndOfFileByte() throws {
        let text = try String(contentsOfFile: Self.good + "/ccipra-v322r0-f1.txt", encoding: .isoLatin1)
        var lines = text.split(separator: "\n").map(String.init)
        lines[6] = " 45380 \t45378 \t\t 20260101 \t*  \t0 \t CPT Separate procedure definition"
        lines[7] = "88321\t88348\t\t20260101\t\t1\tMisuse of Column Two code with Column One code"
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(((lines + ["\u{1A}"]).joined(separator: "\r\n")).utf8).write(to: dir.appendingPathComponent("ccipra-v322r0-f1.txt"))
        for part in 2...4 { try FileManager.default.copyItem(atPath: Self.good + "/ccipra-v322r0-f\(part).txt", toPath: dir.path + "/ccipra-v322r0-f\(part).txt") }
        let r = try CMSFolder.load(directory: dir.path)
        #expect(r.diagnostics.filter { $0.severity != .info }.isEmpty, "\(r.diagnostics.map(\.message))")
        let ptp = try #require(r.tables.first).ptp
        #expect(ptp.count == 8)
        #expect(ptp.row("45380", "45378", on: "2026-08-01").map { $0.modifierIndicator == 0 && $0.deletion == nil && $0.effective == "2026-01-01" && $0.rationale == "CPT Separate procedure definition" } == true)
        #expect(ptp.row("88321", "88348", on: "2030-01-01").map { $0.modifierIndicator == 1 && $0.deletion == nil } == true)
    }

    /// A table whose files were all skipped (the PTP parts as downloaded, compressed) is an
    /// error: the check would pass claims the PTP edits deny. With one part read beside them,
    /// the quarter's other parts are missing, an error naming them; with all four read, none.
    @Test func aTableWhoseFilesWereAllSkippedIsAnError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["AOC_2026-07-01_active.csv", "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "PPRRVU2026_JUL_nonQPP.csv"] {
            try FileManager.default.copyItem(atPath: Self.good + "/" + name, toPath: dir.path + "/" + name)
        }
        // As downloaded, one named in capitals: the error names each as it stands.
        for part in 1...4 { try Data([0x1F, 0x8B, 0x08]).write(to: dir.appendingPathComponent(part == 1 ? "CCIPRA-V322R0-F1.TXT.GZ" : "ccipra-v322r0-f\(part).txt.gz")) }
        let r = try CMSFolder.load(directory: dir.path)
        let errors = r.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.id) == ["cms.table-skipped"])
        #expect(errors.first?.message == "no PTP table was read, and 4 files named like one were skipped (CCIPRA-V322R0-F1.TXT.GZ, ccipra-v322r0-f2.txt.gz, ccipra-v322r0-f3.txt.gz and 1 more): the PTP edits would not run. Make them readable as the skip messages above say (decompress, unzip, save as CSV), or move them out of the folder to check without PTP")
        try FileManager.default.copyItem(atPath: Self.good + "/ccipra-v322r0-f1.txt", toPath: dir.path + "/ccipra-v322r0-f1.txt")
        let one = try CMSFolder.load(directory: dir.path)
        #expect(one.diagnostics.filter { $0.severity == .error }.map(\.id) == ["cms.ptp-incomplete"])
        #expect(one.diagnostics.contains { $0.message.contains("and f1 was read but not f2, f3 and f4 (f2: ccipra-v322r0-f2.txt.gz not read, see above; f3: ccipra-v322r0-f3.txt.gz not read, see above; f4: ccipra-v322r0-f4.txt.gz not read, see above)") }, "\(one.diagnostics.map(\.message))")
        for part in 2...4 { try FileManager.default.copyItem(atPath: Self.good + "/ccipra-v322r0-f\(part).txt", toPath: dir.path + "/ccipra-v322r0-f\(part).txt") }
        let read = try CMSFolder.load(directory: dir.path)
        #expect(!read.diagnostics.contains { $0.severity == .error } && read.tables.first?.ptp.count == 8)
    }

    /// An add-on release later than a period it is the only choice for is used, with a warning
    /// naming both; one in force by the period's end is used without.
    @Test func anAddonReleaseAfterAPeriodIsUsedWithAWarning() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "AOC_2026-07-01_active.csv"] {
            try FileManager.default.copyItem(atPath: Self.good + "/" + name, toPath: dir.path + "/" + name)
        }
        let inForce = try CMSFolder.load(directory: dir.path)
        #expect(!inForce.diagnostics.contains { $0.id == "cms.release-after-period" })
        try FileManager.default.moveItem(atPath: dir.path + "/MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", toPath: dir.path + "/MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")
        let later = try CMSFolder.load(directory: dir.path)
        let notes = later.diagnostics.filter { $0.id == "cms.release-after-period" }
        #expect(notes.count == 1 && notes.first?.severity == .warning)
        #expect(notes.first?.message.hasPrefix("the add-on code edits released 2026-07-01, the earliest loaded, are used for 2026-04-01..2026-06-30, which ends before that release") == true)
        #expect(later.tables.first?.addons.rowCount == inForce.tables.first?.addons.rowCount)
    }

    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var line: Int
        var id: String
        var severity: Severity
        var message: String
        var description: String { "\(file):\(line) \(message)" }
    }

    static let expected: [Expected] = [
        Expected(file: "ccipra-2025q1-f1.txt", line: 8, id: "cms.bad-row", severity: .error, message: "short row: expected 7 tab-separated fields"),
        Expected(file: "ccipra-2025q1-f1.txt", line: 9, id: "cms.bad-row", severity: .error, message: "effective date '20251301' is not a date YYYYMMDD"),
        Expected(file: "ccipra-2025q1-f1.txt", line: 10, id: "cms.bad-row", severity: .error, message: "unknown modifier indicator '5'; expected 0, 1 or 9"),
        Expected(file: "ccipra-2025q1-f2.txt", line: 1, id: "cms.missing-header", severity: .error, message: "no NCCI PTP header"),
        Expected(file: "ccipra-2025q1-f3.txt.gz", line: 1, id: "cms.skipped", severity: .warning, message: "compressed"),
        Expected(file: "MCR_MUE_PractitionerServices_Eff_01-01-2025.csv", line: 1, id: "cms.missing-header", severity: .error, message: "no MUE header"),
        Expected(file: "AOC_2025-01-01_active.csv", line: 3, id: "cms.bad-row", severity: .error, message: "column 'AOC_Edit_EFF_DT': expected a Julian date YYYYDDD or blank, found '2024400'"),
        Expected(file: "AOC_2025-01-01_active.csv", line: 4, id: "cms.bad-row", severity: .error, message: "column 'AOC_Edit_Type': expected 1, 2 or 3, found '4'"),
        Expected(file: "PPRRVU25_APR.csv", line: 1, id: "cms.name-mismatch", severity: .warning, message: "named like a PPRRVU file but its header is a AOC table's"),
    ]

    @Test(arguments: expected) func malformedFileDiagnostic(_ e: Expected) throws {
        let r = try CMSFolder.load(directory: Self.malformed)
        let matches = r.diagnostics.filter {
            $0.location?.file.hasSuffix("/" + e.file) == true && $0.location?.line == e.line && $0.id == e.id && $0.message.contains(e.message)
        }
        #expect(matches.count == 1, "diagnostics: \(r.diagnostics.map { "\($0.location?.description ?? "-") \($0.id) \($0.message)" })")
        #expect(matches.first?.severity == e.severity)
    }

    @Test func malformedFolderKeepsTheGoodRowsAndNoOtherProblems() throws {
        let r = try CMSFolder.load(directory: Self.malformed)
        // Only the listed problems, plus info notes (missing tables for the period).
        // and the quarter's PTP parts: f1 read, f2 without its header, f3 compressed, no f4.
        let problems = r.diagnostics.filter { $0.severity != .info }
        #expect(problems.count == Self.expected.count + 1)
        #expect(problems.filter { $0.id == "cms.ptp-incomplete" }.map(\.message) == [
            "the PTP table for 2025-01-01..2025-03-31 is incomplete: CMS publishes a quarter's practitioner PTP edits in 4 parts, f1 to f4, and f1 was read but not f2, f3 and f4 (f2: ccipra-2025q1-f2.txt not read, see above; f3: ccipra-2025q1-f3.txt.gz not read, see above; no file of f4 was found). The pairs of a missing part would pass unchecked, and no other quarter's parts stand in for them: add the missing parts (unzipped) to the folder, or move the quarter's parts out of it to check without them",
        ])
        let q1 = DateRange.quarter(2025, 1)!
        let set = try #require(r.tables.first { $0.period == q1 })
        #expect(set.ptp.count == 1)
        #expect(set.addons.rowCount == 1)
        #expect(set.addons.requirements(for: "0856T").first?.rows.first?.primary == "88348")
    }

    /// A row over the delimited-text limits is a bad row, skipped whole (a quoted cell with
    /// line breaks too); the rows after it are read.
    @Test func rowsOverTheLimitsAreBadRowsAndTheRestIsRead() {
        let long = String(repeating: "x", count: DelimitedTextLimits.maxRecordBytes)
        let text = "\"HCPCS/\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n"
            + "88348,1,3 Date of Service Edit: Clinical,Clinical: Data\n"
            + "45378,1,2 Date of Service Edit: Policy,\"\(long)\n\(long)\"\n"
            + "45380" + String(repeating: ",1", count: DelimitedTextLimits.maxFields) + "\n"
            + "A0425,250,1 Line Edit,Nature of Service/Procedure\n"
        var d = CMSDiagnostics(file: "mue.csv")
        let r = MUEFileReader.read(Array(text.utf8), file: "mue.csv", diagnostics: &d)
        #expect(r.rows.map(\.code) == ["88348", "A0425"])
        let bad = d.list.filter { $0.id == "cms.bad-row" }
        #expect(bad.map { $0.location?.line } == [4, 6])
        #expect(bad.first?.message.contains("\(2 * long.count + 42) bytes long") == true)
        #expect(bad.last?.message.contains("\(DelimitedTextLimits.maxFields + 1) fields") == true)
    }

    @Test func folderThatDoesNotExistThrows() {
        #expect(throws: InputError.self) { try CMSFolder.load(directory: Self.good + "/nope") }
    }

    @Test func checkerUsesTheCMSTablesWithTheBundledPack() throws {
        let r = try loadGood()
        let reference = ReferenceData(cms: r.tables, packs: [.bundled])
        #expect(reference.sets.count == 1)
        let set = reference.effectiveSets[0]
        // The full tables replace the bundled excerpt: 99213 is not in the fixture's PPRRVU.
        #expect(set.codes.row("99213") == nil)
        #expect(set.codes.row("45380")?.endoscopicBase == "45378")
        // The bundled CPT add-on rule and counted codes are kept.
        #expect(set.addons.requirements(for: "37253").contains { $0.source == .cpt })
        #expect(!set.counted.isEmpty)
        #expect(reference.select("2026-08-01") == (0, false))
        #expect(reference.select("2025-08-01") == (0, true))
    }
}

@Suite struct CMSPeriodTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var period: DateRange?
        var description: String { name }
    }

    static let pprrvu: [Case] = [
        Case(name: "PPRRVU24_JUL.csv", period: .quarter(2024, 3)),
        Case(name: "PPRRVU23_JAN.csv", period: .quarter(2023, 1)),
        Case(name: "pprrvu24_oct.csv", period: .quarter(2024, 4)),
        Case(name: "PPRRVU2026_Apr_QPP.csv", period: .quarter(2026, 2)),
        Case(name: "PPRRVU24.csv", period: .year(2024)),
        Case(name: "fees.csv", period: nil),
    ]

    @Test(arguments: pprrvu) func pprrvuNames(_ c: Case) {
        #expect(CMSPeriods.pprrvu(name: c.name)?.0 == c.period)
    }

    static let ptp: [Case] = [
        Case(name: "ccipra-2024q3-f1.txt", period: .quarter(2024, 3)),
        Case(name: "ccipra-v313r0-f1.txt", period: .quarter(2025, 4)),
        Case(name: "ccipra-v320r0-f2.TXT", period: .quarter(2026, 1)),
        Case(name: "ccipra-v321r0-f3.txt", period: .quarter(2026, 2)),
        Case(name: "ccipra-v322r0-f4.txt", period: .quarter(2026, 3)),
        Case(name: "ptp-edits.txt", period: nil),
    ]

    @Test(arguments: ptp) func ptpNames(_ c: Case) {
        #expect(CMSPeriods.ptp(name: c.name) == c.period)
    }

    @Test func mueAndAddonNames() {
        #expect(CMSPeriods.mue(name: "x/MCR_MUE_PractitionerServices_Eff_07-01-2024.csv") == .quarter(2024, 3))
        #expect(CMSPeriods.mue(name: "MCR_MUE_PractitionerServices_Eff_08-15-2024.csv") == DateRange(from: "2024-08-15", through: "2024-09-30"))
        #expect(CMSPeriods.aoc(name: "AOC_2024-06-03_active.csv") == "2024-06-03")
        #expect(CMSPeriods.aoc(name: "AOC_V2024Q2-MCR.csv") == "2024-04-01")
        #expect(CMSPeriods.pprrvu(title: "2024 National Physician Fee Schedule Relative Value File July Release") == .quarter(2024, 3))
        #expect(CMSBytes.julian("2026091".utf8[...].map { $0 }[...]) == "2026-04-01")
        #expect(CMSBytes.julian("2024366".utf8.map { $0 }[...]) == "2024-12-31")
        #expect(CMSBytes.julian("2025366".utf8.map { $0 }[...]) == nil)
    }
}
