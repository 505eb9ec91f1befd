import Foundation
import Testing
@testable import ClaimLint

/// The readers on the real CMS files in `../shared/cms/` (never committed). Each test skips when
/// its file is absent. The full PTP load is one test: it is the slow one.
@Suite struct CMSSharedFileTests {
    static let pprrvu24 = "PPRRVU24_JUL.csv"
    static let pprrvu23 = "PPRRVU23_JAN.csv"
    static let mue = "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv"
    static let aoc = "AOC_2024-06-03_active.csv"

    static func load(_ name: String) throws -> CMSLoadResult {
        let r = CMSFolder.load(files: [CMSShared.path(name)])
        // Only info notes (the tables a one-file folder lacks).
        #expect(r.diagnostics.allSatisfy { $0.severity == .info }, "\(r.diagnostics.map(\.message))")
        return r
    }

    @Test(.enabled(if: CMSShared.has(pprrvu24), "../shared/cms/PPRRVU24_JUL.csv is absent"))
    func pprrvu2024July() throws {
        let r = try Self.load(Self.pprrvu24)
        #expect(r.loaded.map(\.rows) == [18_664])
        #expect(r.tables.map(\.period) == [.quarter(2024, 3)])
        let codes = try #require(r.tables.first).codes
        #expect(codes.count == 18_664)
        struct Spot { var code: ProcedureCode; var pctc: UInt8; var global: GlobalDays }
        for s in [Spot(code: "0856T", pctc: 3, global: .addOn), Spot(code: "88348", pctc: 1, global: .notApplicable),
                  Spot(code: "37252", pctc: 0, global: .addOn), Spot(code: "37253", pctc: 0, global: .addOn),
                  Spot(code: "87253", pctc: 9, global: .notApplicable), Spot(code: "89353", pctc: 9, global: .notApplicable),
                  Spot(code: "86353", pctc: 9, global: .notApplicable)] {
            let row = try #require(codes.row(s.code), "\(s.code)")
            #expect(row.pctc == s.pctc && row.global == s.global, "\(s.code)")
        }
        #expect(codes.row("88348", modifier: .professional)?.pctc == 1)
        #expect(codes.row("88348", modifier: .technical)?.pctc == 1)
        #expect(codes.row("0856T", modifier: .professional) == nil)
        #expect(codes.row("45378", modifier: "53") != nil)
        #expect(codes.row("83020")?.status == "X" && codes.row("83020")?.pctc == 9)
        #expect(codes.row("83020", modifier: .professional)?.pctc == 6)
        // Status counts of the DOMAIN notes.
        let status = Dictionary(grouping: codes.allRows, by: \.status).mapValues(\.count)
        #expect(status["A"] == 8_977 && status["X"] == 2_551 && status["R"] == 1_050)
    }

    @Test(.enabled(if: CMSShared.has(pprrvu23), "../shared/cms/PPRRVU23_JAN.csv is absent"))
    func pprrvu2023January() throws {
        let r = try Self.load(Self.pprrvu23)
        #expect(r.loaded.map(\.rows) == [18_010])
        #expect(r.tables.map(\.period) == [.quarter(2023, 1)])
        #expect(r.tables.first?.codes.row("99213")?.pctc == 0)
    }

    @Test(.enabled(if: CMSShared.has(mue), "../shared/cms MUE file is absent"))
    func muePractitionerJuly2024() throws {
        let r = try Self.load(Self.mue)
        #expect(r.tables.map(\.period) == [.quarter(2024, 3)])
        let mue = try #require(r.tables.first).mue
        #expect(mue.count == 14_677)
        #expect(mue["0856T"] == nil)
        let expected: [(ProcedureCode, Int, MUEAdjudication)] = [
            ("88348", 1, .dateOfServiceClinical), ("37252", 1, .dateOfServicePolicy), ("37253", 5, .dateOfServiceClinical),
            ("87253", 2, .dateOfServiceClinical), ("89353", 1, .dateOfServiceClinical), ("86353", 7, .dateOfServiceClinical),
            ("A0425", 250, .line), ("J7182", 22_000, .line),
        ]
        for (code, value, mai) in expected {
            #expect(mue[code]?.value == value && mue[code]?.adjudication == mai, "\(code)")
        }
        let byMAI = Dictionary(grouping: mue.allRows, by: \.adjudication).mapValues(\.count)
        #expect(byMAI == [.line: 41, .dateOfServicePolicy: 5_157, .dateOfServiceClinical: 9_479])
    }

    @Test(.enabled(if: CMSShared.has(aoc), "../shared/cms AOC file is absent"))
    func addonCodeEditsJune2024() throws {
        let r = try Self.load(Self.aoc)
        #expect(r.loaded.map(\.rows) == [7_465])
        let addons = try #require(r.tables.first).addons
        // DOMAIN.md says 669 add-on codes; the file has 668 distinct ones.
        #expect(addons.rowCount == 7_465 && addons.addonCount == 668)
        let t = try #require(addons.requirements(for: "0856T").first)
        #expect(t.rows.map(\.primary) == ["88348"] && t.rows.allSatisfy { $0.type == 1 })
        let p52 = Set(try #require(addons.requirements(for: "37252").first).rows.map(\.primary))
        let p53 = Set(try #require(addons.requirements(for: "37253").first).rows.map(\.primary))
        #expect(p52.count == 200 && p52 == p53 && !p53.contains("37252"))
        let types = Dictionary(grouping: addons.allRequirements.flatMap(\.rows), by: \.type).mapValues(\.count)
        #expect(types == [1: 6_860, 2: 36, 3: 569])
    }

    /// The one full load: every file of ../shared/cms (PTP parts decompressed), the row counts,
    /// PTP pairs, the two periods, and the bundled pack against the CMS tables.
    @Test(.enabled(if: CMSShared.hasAll, "../shared/cms/ or /bin/gzip is absent"))
    func fullFolderAndBundledPackCrossCheck() throws {
        let dir = try CMSShared.decompressed(plain: [Self.pprrvu24, Self.pprrvu23, Self.mue, Self.aoc])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CMSFolder.load(directory: dir)
        // Only that the 2024 add-on release, MUE and PTP are used for 2023 (the folder has no
        // earlier ones; the PTP rows hold by their own dates).
        #expect(r.diagnostics.filter { $0.severity != .info }.map(\.id) == ["cms.release-after-period", "cms.missing-table", "cms.missing-table"], "\(r.diagnostics.map(\.message))")
        #expect(r.diagnostics.contains { $0.message.hasPrefix("the add-on code edits released 2024-06-03, the earliest loaded, are used for 2023-01-01..2023-03-31") })
        #expect(r.tables.map(\.period) == [.quarter(2023, 1), .quarter(2024, 3)])
        let q3 = r.tables[1]
        #expect(q3.codes.count == 18_664 && q3.mue.count == 14_677 && q3.addons.rowCount == 7_465)
        #expect(q3.ptp.count == 2_546_017)
        #expect(r.loaded.filter { $0.kind == .ptp }.reduce(0) { $0 + $1.rows } == 2_546_017)
        #expect(r.tables[0].codes.count == 18_010 && r.tables[0].ptp.count == 2_546_017 && r.tables[0].mue.count == 14_677)
        // The 2023 set has no MUE or PTP file of its own: it takes 2024Q3's, and says so.
        #expect(r.diagnostics.contains { $0.id == "cms.missing-table" && $0.message.hasPrefix("the tables for 2023-01-01..2023-03-31 have no PTP file of their own: they use 2024-07-01..2024-09-30's (ccipra-2024q3-f1.txt, ccipra-2024q3-f2.txt, ccipra-2024q3-f3.txt, ccipra-2024q3-f4.txt), released after them") })

        let ptp = q3.ptp
        let day: ServiceDate = "2024-08-01"
        struct Pair { var c1: ProcedureCode; var c2: ProcedureCode; var indicator: UInt8; var rationale: String }
        for p in [Pair(c1: "45380", c2: "45378", indicator: 0, rationale: "CPT Separate procedure definition"),
                  Pair(c1: "27447", c2: "20610", indicator: 1, rationale: "Misuse of Column Two code with Column One code"),
                  Pair(c1: "86352", c2: "86353", indicator: 0, rationale: "Standards of medical/surgical practice"),
                  Pair(c1: "93000", c2: "93010", indicator: 1, rationale: "HCPCS/CPT procedure code definition")] {
            let row = try #require(ptp.row(p.c1, p.c2, on: day), "\(p.c1)/\(p.c2)")
            #expect(row.modifierIndicator == p.indicator && row.deletion == nil && row.rationale == p.rationale, "\(p.c1)/\(p.c2)")
        }
        let never = ptp.rows("0001A", "90473")
        #expect(never.contains { $0.effective == "2022-01-01" && $0.deletion == "2022-01-01" && $0.modifierIndicator == 9 })
        #expect(ptp.rows("20610", "99213").count >= 2)

        // The bundled pack is an excerpt of these tables.
        let pack = RulePack.bundled.tables
        for row in pack.codes.allRows {
            let cms = try #require(q3.codes.row(row.code, modifier: row.modifier), "\(row.code) \(row.modifier?.text ?? "")")
            var expected = cms
            expected.effective = row.effective
            expected.deletion = row.deletion
            #expect(expected == row, "codes \(row.code) \(row.modifier?.text ?? "")")
        }
        for row in pack.mue.allRows {
            #expect(q3.mue[row.code] == row, "mue \(row.code)")
        }
        for req in pack.addons.allRequirements where req.source == .cms {
            let cms = Set(q3.addons.requirements(for: req.addon).filter { $0.source == .cms }.flatMap(\.rows).map { "\($0.primary?.text ?? "CCCCC") \($0.type)" })
            for row in req.rows {
                #expect(cms.contains("\(row.primary?.text ?? "CCCCC") \(row.type)"), "addon \(row.addon) <- \(row.primary?.text ?? "CCCCC")")
            }
        }
        for row in pack.ptp.allRows {
            // The pack dates active rows 2024-01-01; compare indicator, deletion and rationale.
            let match = ptp.rows(row.column1, row.column2).contains {
                $0.deletion == row.deletion && $0.modifierIndicator == row.modifierIndicator && $0.rationale == row.rationale
            }
            #expect(match, "ptp \(row.column1)/\(row.column2)")
        }
    }
}
