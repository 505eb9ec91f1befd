import Foundation
import Testing
@testable import ClaimLint

/// What the CMS loader does with a quarter's PTP parts (all four, or an error naming those
/// missing), with a PTP file that is not tab-separated, and with several `--cms` folders (one
/// set of files, as if in one folder), on small synthetic files in temporary folders.
@Suite struct CMSPartsAndFoldersTests {
    /// Writes `files` (name → text; a name may hold a subfolder) under `dir`.
    /// The Q3 folder and the other folder written under `root` as `a` and `b`, and both in
    /// one folder, `one`.
    static func writeFolders(in root: URL) throws -> (a: URL, b: URL, one: URL) {
        let (q3, other) = try folders()
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b"), one = root.appendingPathComponent("one")
        try write(q3, to: a)
        try write(other, to: b)
        try write(q3.merging(other) { x, _ in x }, to: one)
        return (a, b, one)
    }

    static func write(_ files: [String: String], to dir: URL) throws {
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    static let pair = "45380\t45378\t\t20240701\t*\t0\tCPT Separate procedure definition\n"
    /// In the fourth part only: the pair the probe lost with f4.
    static let f4Pair = "99213\t96523\t\t20240701\t*\t0\tCPT Manual or CMS manual coding instruction\n"

    static func errors(_ r: CMSLoadResult) -> [Diagnostic] { r.diagnostics.filter { $0.severity == .error } }

    // MARK: - A quarter's parts

    /// Parts f1 to f3 without f4: an error naming the quarter, the parts read and the one
    /// missing (the pairs of f4 passed in silence). With f4, the pair of f4 is in the table.
    @Test func aQuarterWithoutOneOfItsFourPartsIsAnError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var parts = CMSFixtureTests.ptpQuarter("ccipra-2024q3", rows: Self.pair)
        parts["ccipra-2024q3-f4.txt"] = CMSFixtureTests.ptpHead + Self.f4Pair
        try Self.write(parts.filter { !$0.key.hasSuffix("f4.txt") }, to: dir)
        let three = try CMSFolder.load(directory: dir.path)
        #expect(Self.errors(three).map(\.id) == ["cms.ptp-incomplete"])
        #expect(Self.errors(three).first?.message == "the PTP table for 2024-07-01..2024-09-30 is incomplete: CMS publishes a quarter's practitioner PTP edits in 4 parts, f1 to f4, and f1, f2 and f3 were read but not f4 (no file of f4 was found). The pairs of a missing part would pass unchecked, and no other quarter's parts stand in for them: add the missing part (unzipped) to the folder, or move the quarter's parts out of it to check without them")

        try Self.write(parts, to: dir)
        let four = try CMSFolder.load(directory: dir.path)
        #expect(Self.errors(four).isEmpty, "\(four.diagnostics.map(\.message))")
        #expect(four.tables.first?.ptp.row("99213", "96523", on: "2024-08-14") != nil)
    }

    /// A later quarter holding one part beside a complete earlier quarter: the error names
    /// the later quarter (its dates took none of the earlier quarter's f2 to f4, and lost
    /// their pairs in silence); the complete quarter gives none.
    @Test func aPartialLaterQuarterBesideACompleteOneIsAnError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.write(CMSFixtureTests.ptpQuarter("ccipra-2024q3", rows: Self.pair), to: dir)
        try Self.write(["ccipra-2024q4-f1.txt": CMSFixtureTests.ptpHead + Self.pair], to: dir)
        let r = try CMSFolder.load(directory: dir.path)
        let messages = Self.errors(r).map(\.message)
        #expect(messages.count == 1 && messages[0].hasPrefix("the PTP table for 2024-10-01..2024-12-31 is incomplete: CMS publishes a quarter's practitioner PTP edits in 4 parts, f1 to f4, and f1 was read but not f2, f3 and f4 (no file of f2, f3 or f4 was found)"), "\(messages)")
    }

    /// A part compressed beside the three read is named as not read; parts past f4 extend the
    /// count (f1 to f6 with f5 missing is an error); a quarter's table in one file without a
    /// part number is whole, and a lone part of a quarter is not.
    @Test func skippedPartsHigherPartsAndWholeFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var parts = CMSFixtureTests.ptpQuarter("ccipra-v302r0", rows: Self.pair)
        parts["ccipra-v302r0-f4.txt"] = nil
        try Self.write(parts, to: dir)
        try Data([0x1F, 0x8B, 0x08]).write(to: dir.appendingPathComponent("ccipra-v302r0-f4.txt.gz"))
        let gz = try CMSFolder.load(directory: dir.path)
        #expect(Self.errors(gz).map(\.message).first?.contains("and f1, f2 and f3 were read but not f4 (f4: ccipra-v302r0-f4.txt.gz not read, see above)") == true, "\(gz.diagnostics.map(\.message))")

        try Self.write(["ccipra-v302r0-f4.txt": CMSFixtureTests.ptpHead + Self.f4Pair, "ccipra-v302r0-f6.txt": CMSFixtureTests.ptpHead + Self.f4Pair], to: dir)
        let six = try CMSFolder.load(directory: dir.path)
        #expect(Self.errors(six).map(\.message).first?.contains("in 6 parts, f1 to f6, and f1, f2, f3, f4 and f6 were read but not f5 (no file of f5 was found)") == true, "\(six.diagnostics.map(\.message))")
        try Self.write(["ccipra-v302r0-f5.txt": CMSFixtureTests.ptpHead + Self.f4Pair], to: dir)
        #expect(Self.errors(try CMSFolder.load(directory: dir.path)).isEmpty)

        let whole = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: whole) }
        try Self.write(["ccipra-2024q3.txt": CMSFixtureTests.ptpHead + Self.pair, "ptp-2024q4-f2.txt": CMSFixtureTests.ptpHead + Self.pair], to: whole)
        let r = try CMSFolder.load(directory: whole.path)
        let errors = Self.errors(r).map(\.message)
        #expect(errors.count == 1 && errors[0].hasPrefix("the PTP table for 2024-10-01..2024-12-31 is incomplete: CMS publishes a quarter's practitioner PTP edits in 4 parts, f1 to f4, and f2 was read but not f1, f3 and f4"), "\(errors)")
    }

    // MARK: - Not tab-separated

    /// The spreadsheet saved as CSV (commas, or semicolons, a code in quotes): an error on the
    /// first row naming the separator, and no rows, not a warning that the file has none.
    @Test func aCommaOrSemicolonSeparatedPTPFileIsRefused() throws {
        let head = "CPT only copyright 2023 American Medical Association.  All rights reserved.,,,,,,\nColumn1/Column2 Edits,,,,,,\n"
            + "Column 1,Column 2,*=in existence,Effective,Deletion,Modifier,PTP Edit Rationale\n,,prior to 1996,Date,Date,0=not allowed,\n"
            + ",,,,*=no data,1=allowed,\n,,,,,9=not applicable,\n"
        let cases: [(String, String)] = [
            (head + "45380,45378,,20240701,*,0,CPT Separate procedure definition\n", "comma-separated: line 7 is a row with its fields separated by ',' ('45380,45378,,20240701,*,0,CPT Separate procedure definition')"),
            (head.replacingOccurrences(of: ",", with: ";") + "\"0001A\";\"0591T\";;20231231;20231231;1;\"CPT Manual, or CMS manual coding instruction\"\n", "semicolon-separated: line 7 is a row with its fields separated by ';'"),
        ]
        for (text, message) in cases {
            let dir = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try Self.write(["ccipra-v302r0-f1.csv": text], to: dir)
            let r = try CMSFolder.load(directory: dir.path)
            let errors = Self.errors(r)
            #expect(errors.map(\.id) == ["cms.delimiter"], "\(r.diagnostics.map(\.message))")
            #expect(errors.first?.location?.line == 7 && errors.first?.message.hasPrefix(message) == true, "\(errors.map(\.message))")
            #expect(errors.first?.message.hasSuffix("ClaimLint reads the tab-separated .TXT of the same CMS zip, whose codes and dates a spreadsheet has not reformatted. Use that file in place of this one; file not read") == true)
            #expect(r.loaded.isEmpty && !r.diagnostics.contains { $0.id == "cms.empty" })
        }
    }

    /// The lines between the title and the first row are bounded: eight heading lines read,
    /// nine are an error at the ninth, quoting it (a file whose rows are not rows was read as
    /// all heading, and gave "no rows").
    @Test func headingLinesAfterTheTitleAreBounded() throws {
        let title = "CPT only copyright 2023 American Medical Association.\nColumn1/Column2 Edits\n"
        func file(_ heading: Int) -> String {
            title + (1...heading).map { "Heading line \($0)\twrapped\n" }.joined() + Self.pair
        }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.write(["ptp-edits.txt": file(PTPFileReader.maxHeadingLines)], to: dir)
        let eight = try CMSFolder.load(directory: dir.path)
        #expect(Self.errors(eight).isEmpty && eight.tables.first?.ptp.count == 1, "\(eight.diagnostics.map(\.message))")
        try Self.write(["ptp-edits.txt": file(PTPFileReader.maxHeadingLines + 1)], to: dir)
        let nine = try CMSFolder.load(directory: dir.path)
        let errors = Self.errors(nine)
        #expect(errors.map(\.id) == ["cms.missing-header"] && errors.first?.location?.line == 11)
        #expect(errors.first?.message == "no NCCI PTP rows: the 9 lines after the title (line 2) are not rows of 7 tab-separated fields starting with a HCPCS/CPT code (the CMS TXT has 4 heading lines); line 11 reads 'Heading line 9\twrapped'; file not read")
    }

    // MARK: - Several folders

    /// A quarter's tables in one folder, the next quarter's MUE and the previous year's fee
    /// schedule in another.
    static func folders() throws -> (q3: [String: String], other: [String: String]) {
        let mue = try String(contentsOfFile: CMSShared.fixtures + "/good/MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", encoding: .isoLatin1)
        let q3 = [
            CMSCodeDatingTests.jul24: try CMSCodeDatingTests.pprrvu([("10001", "A"), ("10002", "A")]),
            "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv": mue,
        ].merging(CMSFixtureTests.ptpQuarter("ccipra-2024q3", rows: Self.pair)) { a, _ in a }
        let other = [
            "MCR_MUE_PractitionerServices_Eff_10-01-2024.csv": mue,
            CMSCodeDatingTests.jan23: try CMSCodeDatingTests.pprrvu([("10001", "A"), ("10003", "A")]),
        ]
        return (q3, other)
    }

    static let claims = "claim_id,member_id,billing_npi,code,units,date\n"
        + "P4,M1,1234567893,45380,1,2024-10-15\nP4,M1,1234567893,45378,1,2024-10-15\n"
        + "D1,M2,1234567893,10003,1,2024-08-14\nN1,M3,1234567893,10002,1,2023-02-15\n"

    /// Two folders give what one folder holding their files gives: the next quarter takes the
    /// PTP table and fee schedule of the other folder (it lost them), and the fee schedules of
    /// both date the codes (deleted 10003, not yet effective 10002). A folder named twice, or
    /// with its subfolder, is read once; a folder that gives nothing is an error naming it.
    @Test func severalFoldersLoadAsOne() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let (a, b, one) = try Self.writeFolders(in: root)
        let two = try CMSFolder.load(directories: [a.path, b.path])
        let single = try CMSFolder.load(directory: one.path)
        #expect(Self.errors(two).isEmpty, "\(two.diagnostics.map(\.message))")
        #expect(two.diagnostics.map { "\($0.id) \($0.message)" }.sorted() == single.diagnostics.map { "\($0.id) \($0.message)" }.sorted())
        #expect(two.tables.map(\.period) == [.quarter(2023, 1), .quarter(2024, 3), .quarter(2024, 4)])
        #expect(two.tables.map(\.period) == single.tables.map(\.period))
        for (x, y) in zip(two.tables, single.tables) {
            #expect(x.codes.count == y.codes.count && x.mue.count == y.mue.count && x.ptp.count == y.ptp.count && x.codeDating.count == y.codeDating.count)
        }
        let claims = root.appendingPathComponent("claims.csv")
        try Data(Self.claims.utf8).write(to: claims)
        func findings(_ r: CMSLoadResult) -> [String] {
            Checker(reference: ReferenceData(cms: r.tables, packs: [.bundled])).check(files: [claims.path]) { $0 }
                .findings.map { "\($0.rule)@\($0.claimID)" }.sorted()
        }
        #expect(findings(two) == ["code.deleted@D1", "code.not-yet-effective@N1", "ptp.pair-no-bypass@P4"])
        #expect(findings(two) == findings(single))

        // The same files through a folder named twice and its subfolder.
        try FileManager.default.createDirectory(at: a.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: a.appendingPathComponent("ccipra-2024q3-f4.txt"), to: a.appendingPathComponent("sub/ccipra-2024q3-f4.txt"))
        let again = try CMSFolder.load(directories: [a.path, a.path + "/sub", root.path + "/./a", b.path])
        #expect(Self.errors(again).isEmpty && !again.diagnostics.contains { $0.id == "cms.duplicate" }, "\(again.diagnostics.map(\.message))")
        #expect(again.loaded.count == two.loaded.count)

        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let withEmpty = try CMSFolder.load(directories: [a.path, empty.path])
        #expect(Self.errors(withEmpty).map { "\($0.id) \($0.location?.file ?? "")" } == ["cms.no-tables \(empty.path)"])
    }

    /// A file reached by two paths is one file, by its device and inode: a link in another
    /// folder to a file of the first, a hard link and a folder given as a link to it are read
    /// once. Read twice, an undated add-on file was two undated releases (two
    /// `cms.no-release-date` errors, the run refused), a dated one's rows were kept twice, and
    /// an MUE file was a `cms.duplicate` of itself; a folder given as a link listed no file at
    /// all (`cms.no-tables`). A link under another name is read once too, by the first path,
    /// with a note.
    @Test func aFileReachedByTwoPathsIsReadOnce() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        let (q3, _) = try Self.folders()
        let aoc = try String(contentsOfFile: CMSShared.fixtures + "/good/AOC_2026-07-01_active.csv", encoding: .utf8)
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b"), c = root.appendingPathComponent("c")
        try Self.write(q3.merging(["aoc.csv": aoc]) { x, _ in x }, to: a)
        try fm.createDirectory(at: b, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: b.path + "/aoc.csv", withDestinationPath: "../a/aoc.csv")
        try fm.linkItem(atPath: a.path + "/MCR_MUE_PractitionerServices_Eff_07-01-2024.csv", toPath: b.path + "/MCR_MUE_PractitionerServices_Eff_07-01-2024.csv")
        try fm.createSymbolicLink(atPath: root.path + "/alink", withDestinationPath: "a")

        let alone = try CMSFolder.load(directory: a.path)
        #expect(Self.errors(alone).isEmpty, "\(alone.diagnostics.map(\.message))")
        func rows(_ r: CMSLoadResult) -> [Int] { r.loaded.map(\.rows).sorted() }
        for folders in [[a.path, b.path], [b.path, a.path], [a.path, root.path + "/alink"], [root.path + "/alink"]] {
            let r = try CMSFolder.load(directories: folders)
            #expect(r.diagnostics.map { "\($0.id) \($0.message)" }.sorted() == alone.diagnostics.map { "\($0.id) \($0.message)" }.sorted(), "\(folders)")
            #expect(rows(r) == rows(alone), "\(folders)")
            #expect(r.tables.map(\.addons.rowCount) == alone.tables.map(\.addons.rowCount), "\(folders)")
        }

        // Dated, a release linked into another folder was read together with itself.
        try fm.moveItem(atPath: a.path + "/aoc.csv", toPath: a.path + "/AOC_2024-07-01.csv")
        try fm.removeItem(atPath: b.path + "/aoc.csv")
        try fm.createSymbolicLink(atPath: b.path + "/AOC_2024-07-01.csv", withDestinationPath: "../a/AOC_2024-07-01.csv")
        let dated = try CMSFolder.load(directory: a.path)
        let both = try CMSFolder.load(directories: [a.path, b.path])
        #expect(Self.errors(both).isEmpty && !both.diagnostics.contains { $0.id == "cms.duplicate" }, "\(both.diagnostics.map(\.message))")
        #expect(both.tables.map(\.addons.rowCount) == dated.tables.map(\.addons.rowCount))
        #expect(rows(both) == rows(dated))

        // Under another name (which may give another period): read once, by the first path.
        try fm.createDirectory(at: c, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: c.path + "/AOC_2024-08-01.csv", withDestinationPath: "../a/AOC_2024-07-01.csv")
        let renamed = try CMSFolder.load(directories: [c.path, a.path])
        #expect(rows(renamed) == rows(dated))
        #expect(renamed.loaded.contains { $0.path == a.path + "/AOC_2024-07-01.csv" })
        #expect(renamed.diagnostics.filter { $0.id == "cms.same-file" }.map { "\($0.severity) \($0.location!.file): \($0.message)" } == [
            "info \(c.path)/AOC_2024-08-01.csv: the same file as \(a.path)/AOC_2024-07-01.csv (a link): read once, as AOC_2024-07-01.csv, whose name gives its table and period, not as AOC_2024-08-01.csv"
        ])
    }

    /// `--cms A --cms B` reports what `--cms` of one folder holding both gives; when the
    /// tables have an error, the message names every folder.
    @Test func repeatedCMSOptionsCheckAsOneFolder() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let (a, b, one) = try Self.writeFolders(in: root)
        let claims = root.appendingPathComponent("claims.csv")
        try Data(Self.claims.utf8).write(to: claims)
        let two = try runClaimlint(["check", "--cms", a.path, "--cms", b.path, "--format", "csv", claims.path])
        let single = try runClaimlint(["check", "--cms", one.path, "--format", "csv", claims.path])
        #expect(two.status == 1 && two.stdout == single.stdout, "\(two.stderr)")
        for rule in ["code.deleted", "code.not-yet-effective", "ptp.pair-no-bypass"] { #expect(two.stdout.contains(",\(rule),")) }

        try Self.write(["ccipra-2024q4-f1.txt": CMSFixtureTests.ptpHead + Self.pair], to: b)
        let failed = try runClaimlint(["check", "--cms", a.path, "--cms", b.path, claims.path])
        #expect(failed.status == 2 && failed.stdout.isEmpty)
        #expect(failed.stderr.contains("error: the PTP table for 2024-10-01..2024-12-31 is incomplete"))
        #expect(failed.stderr.hasSuffix("claimlint: no claim checked: the CMS tables in '\(a.path)' and '\(b.path)' have an error (above), and a check against them could pass claims they deny; correct the files or move them out of the folders\n"), "\(failed.stderr)")
    }
}
