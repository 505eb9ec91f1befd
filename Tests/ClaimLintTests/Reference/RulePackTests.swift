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
        #expect(t.addons.requirements(for: "37253").first { $0.source == .cpt }?.rows.map(\.primary) == ["37252"])
        #expect(t.ptp.row("45380", "45378", on: "2024-08-14")?.modifierIndicator == 0)
        #expect(t.counted["87253"] == "isolate" && t.counted["89353"] == "aliquot")
        #expect(t.sources["ptp"]?.contains("procedure-to-procedure") == true)
    }

    @Test func packDirectoriesLoadFromDisk() throws {
        let pack = try RulePack.load(directory: packageRoot.appendingPathComponent("Rules").path)
        #expect(pack.name == "bundled" && pack.tables.ptp.count == RulePack.bundled.tables.ptp.count)
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
        BrokenPack(file: "pack.txt", text: "name: x\nperiod: 2024-12-31..2024-01-01\n", line: 2, column: 9, message: "period '2024-12-31..2024-01-01' is not FROM..THROUGH"),
        BrokenPack(file: "pack.txt", text: "disable: ptp.nope\n", line: 1, column: 10, message: "unknown rule id 'ptp.nope'"),
        BrokenPack(file: "pack.txt", text: "colour: red\n", line: 1, column: 1, message: "unknown key 'colour'"),
    ]

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
