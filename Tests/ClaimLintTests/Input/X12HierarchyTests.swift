import Foundation
import Testing
@testable import ClaimLint

/// HL01/HL02: a claim is read under the levels it follows only when each HL names the level
/// it follows as its parent; otherwise the claims under it are not checked, with an error at
/// HL02, never attributed to a subscriber or provider they may not be of.
@Suite struct X12HierarchyTests {
    /// An interchange of one 837P transaction set per element of `sets`, each the segments
    /// after its ST (counts correct).
    static func file(_ sets: [[String]]) -> String {
        var segments = [X12Fixtures.isa, "GS*HC*S*R*20240820*1200*1*X*005010X222A1"]
        for (i, body) in sets.enumerated() {
            let control = String(format: "%04d", i + 1)
            let txn = ["ST*837*\(control)*005010X222A1", "BHT*0019*00*B1*20240820*1200*CH"] + body
            segments += txn + ["SE*\(txn.count + 1)*\(control)"]
        }
        segments += ["GE*\(sets.count)*1", "IEA*1*000000001"]
        return segments.map { $0.hasSuffix("~") ? $0 : $0 + "~" }.joined(separator: "\n")
    }

    /// HL04 (`children`) is 1 when an HL under this one follows.
    static func billing(_ hl: String, parent: String = "", npi: String = "1234567893", children: Bool = true) -> [String] {
        ["HL*\(hl)*\(parent)*20*\(children ? 1 : 0)", "NM1*85*2*GROUP*****XX*\(npi)"]
    }

    static func subscriber(_ hl: String, parent: String, member: String, children: Bool = false) -> [String] {
        ["HL*\(hl)*\(parent)*22*\(children ? 1 : 0)", "SBR*P*18*******MB", "NM1*IL*1*DOE*JANE****MI*\(member)"]
    }

    static func patient(_ hl: String, parent: String) -> [String] {
        ["HL*\(hl)*\(parent)*23*0", "PAT*19", "NM1*QC*1*DOE*KID", "DMG*D8*20100101*M"]
    }

    static func claim(_ id: String, code: String = "99213") -> [String] {
        ["CLM*\(id)*10***11:B:1*Y*A*Y*Y", "HI*ABK:R52", "LX*1", "SV1*HC:\(code)*10*UN*1***1", "DTP*472*D8*20240814"]
    }

    static func read(_ text: String) throws -> ReadResult {
        let r = try X12Fixtures.read(text: text)
        // The parallel reader agrees: its parts start at ST, where the hierarchy starts over.
        _ = X12ParallelReaderTests.expectSame(Array(text.utf8), file: "inline.837")
        return r
    }

    /// The probe's repro: a patient level after the second subscriber names the first as its
    /// parent. Its claim was read as MEMBER-B's.
    @Test func aPatientLevelWhoseParentIsAnEarlierSubscriberIsNotChecked() throws {
        let body = Self.billing("1") + Self.subscriber("2", parent: "1", member: "MEMBER-A")
            + Self.subscriber("3", parent: "1", member: "MEMBER-B") + Self.claim("B1")
            + Self.patient("4", parent: "2") + Self.claim("A1", code: "99214")
        let r = try Self.read(Self.file([body]))
        try #require(r.ids == ["x12.invalid-hierarchy", "input.claim-not-checked"])
        let d = r.diagnostics[0]
        #expect(d.severity == .error && d.field == "HL02" && d.value == "2")
        // HL*4 is segment 18 (ISA, GS, ST, BHT, then 13 body segments before it).
        #expect(d.location?.segment == 18 && d.location?.byteLength == 1)
        #expect(d.message.hasPrefix("HL (segment 18) HL02: the parent is '2', expected '3'"))
        #expect(d.message.contains("subscriber level (HL03 22) of HL01 '3' at segment 10"))
        #expect(r.diagnostics[1].value == "A1" && r.diagnostics[1].message.contains("HL segment 18"))
        #expect(r.claims.map(\.id) == ["B1"])
        #expect(r.claim("B1")?.memberID == "MEMBER-B")
        #expect(r.claimsRead == 2 && r.claimsUnreadable == 1)
        #expect(r.linesRead == 2 && r.linesUnreadable == 1)
    }

    /// A subscriber level that names an earlier billing provider took the latest's NPI.
    @Test func aSubscriberLevelWhoseParentIsAnEarlierBillingProviderIsNotChecked() throws {
        let body = Self.billing("1", children: false) + Self.billing("2", npi: "1987654328")
            + Self.subscriber("3", parent: "1", member: "MEMBER-B") + Self.claim("B1")
            + Self.subscriber("4", parent: "2", member: "MEMBER-C") + Self.claim("C1")
        let r = try Self.read(Self.file([body]))
        try #require(r.ids == ["x12.invalid-hierarchy", "input.claim-not-checked"])
        #expect(r.diagnostics[0].message.contains("the parent is '1', expected '2': this subscriber level (HL03 22) follows the billing provider level (HL03 20) of HL01 '2'"))
        #expect(r.diagnostics[1].value == "B1")
        // The next subscriber level names the billing provider it follows: checked.
        #expect(r.claims.map(\.id) == ["C1"])
        #expect(r.claim("C1")?.billingNPI == NPI("1987654328"))
    }

    /// Subscribers and patients nested as the guide writes them, with several of each: no
    /// diagnostic, every claim under its own subscriber.
    @Test func aWellNestedHierarchyIsReadAsBefore() throws {
        let body = Self.billing("1") + Self.subscriber("2", parent: "1", member: "A", children: true) + Self.claim("A0")
            + Self.patient("3", parent: "2") + Self.claim("A1") + Self.patient("4", parent: "2") + Self.claim("A2")
            + Self.subscriber("5", parent: "1", member: "B", children: true) + Self.patient("6", parent: "5") + Self.claim("B1")
            + Self.billing("7", npi: "1987654328") + Self.subscriber("8", parent: "7", member: "C") + Self.claim("C1")
        let r = try Self.read(Self.file([body, body]))
        #expect(r.diagnostics.filter { $0.id != "x12.duplicate-claim-id" }.isEmpty)
        #expect(r.claims.count == 10)
        #expect(r.claims.prefix(5).map(\.memberID) == ["A", "A", "A", "B", "C"])
        #expect(r.claim("C1")?.billingNPI == NPI("1987654328"))
    }

    @Test func aMissingOrImpossibleParentIsAnError() throws {
        // HL02 empty on a subscriber level.
        var r = try Self.read(Self.file([Self.billing("1") + Self.subscriber("2", parent: "", member: "A") + Self.claim("A1")]))
        try #require(r.ids == ["x12.invalid-hierarchy", "input.claim-not-checked"])
        #expect(r.diagnostics[0].value == nil && r.diagnostics[0].message.contains("HL02 (the parent) is empty, expected '1'"))
        // A subscriber level before any billing provider level: one error, not also a
        // missing billing NPI.
        r = try Self.read(Self.file([Self.subscriber("1", parent: "1", member: "A") + Self.claim("A1")]))
        try #require(r.ids == ["x12.invalid-hierarchy", "input.claim-not-checked"])
        #expect(r.diagnostics[0].message.contains("but no billing provider level (HL03 20) comes before this subscriber level (HL03 22)"))
        // A patient level right under a billing provider (its HL02 names the 20).
        r = try Self.read(Self.file([Self.billing("1") + Self.patient("2", parent: "1") + Self.claim("A1")]))
        try #require(r.ids.first == "x12.invalid-hierarchy")
        #expect(r.diagnostics[0].message.contains("no subscriber level (HL03 22) comes before this patient level"))
        #expect(r.claims.isEmpty && r.claimsUnreadable == 1)
        // A patient level whose parent names itself.
        r = try Self.read(Self.file([Self.billing("1") + Self.subscriber("2", parent: "1", member: "A") + Self.patient("3", parent: "3") + Self.claim("A1")]))
        try #require(r.ids == ["x12.invalid-hierarchy", "input.claim-not-checked"])
    }

    /// The patient levels under a subscriber level whose parent is wrong are not checked
    /// either; the error is told once, at that subscriber level.
    @Test func theLevelsUnderAWrongParentAreNotCheckedEither() throws {
        let body = Self.billing("1", children: false) + Self.billing("2") + Self.subscriber("3", parent: "1", member: "A", children: true) + Self.claim("A0")
            + Self.patient("4", parent: "3") + Self.claim("A1") + Self.billing("5") + Self.subscriber("6", parent: "5", member: "B") + Self.claim("B1")
        let r = try Self.read(Self.file([body]))
        #expect(r.ids == ["x12.invalid-hierarchy", "input.claim-not-checked", "input.claim-not-checked"])
        #expect(r.diagnostics.filter { $0.id == "input.claim-not-checked" }.allSatisfy { $0.message.contains("HL segment 9") })
        #expect(r.claims.map(\.id) == ["B1"])
    }

    /// HL01 out of the guide's 1, 2, 3... order (a gap, a repeat): a warning once a
    /// transaction set, and the claims still checked under the levels they follow.
    @Test func anHL01OutOfSequenceIsWarnedAboutOnceATransactionSet() throws {
        let body = Self.billing("1") + Self.subscriber("2", parent: "1", member: "A") + Self.claim("A1")
            + Self.subscriber("2", parent: "1", member: "B", children: true) + Self.patient("7", parent: "2") + Self.claim("B1")
            + Self.subscriber("X", parent: "1", member: "C") + Self.claim("C1")
        let r = try Self.read(Self.file([body, Self.billing("1") + Self.subscriber("3", parent: "1", member: "D") + Self.claim("D1")]))
        try #require(r.ids == ["x12.invalid-hierarchy", "x12.invalid-hierarchy"])
        #expect(r.diagnostics.allSatisfy { $0.severity == .warning && $0.field == "HL01" })
        #expect(r.diagnostics.map(\.value) == ["2", "3"])
        #expect(r.diagnostics[0].message.contains("HL01 is '2', expected 3"))
        #expect(r.claims.map(\.memberID) == ["A", "B", "C", "D"])
    }

    /// A billing provider level has no parent: HL02 there is a warning, and its claims are
    /// still its own.
    @Test func aBillingProviderLevelWithAParentIsWarnedAbout() throws {
        let r = try Self.read(Self.file([Self.billing("1", parent: "1") + Self.subscriber("2", parent: "1", member: "A") + Self.claim("A1")]))
        try #require(r.ids == ["x12.invalid-hierarchy"])
        #expect(r.diagnostics[0].severity == .warning && r.diagnostics[0].field == "HL02")
        #expect(r.claims.map(\.id) == ["A1"])
    }

    /// HL04 (the hierarchical child code) is 1 when a level under the HL follows it, 0 when
    /// none does: a wrong one is a warning at that HL04, once a transaction set, and the
    /// claims are read as before.
    @Test func anHL04ThatDoesNotTellWhatFollowsIsWarnedAboutOnceATransactionSet() throws {
        // A subscriber level saying a patient level follows, and none does.
        let alone = Self.billing("1") + Self.subscriber("2", parent: "1", member: "A", children: true) + Self.claim("A1")
            + Self.subscriber("3", parent: "1", member: "B", children: true) + Self.claim("B1")
        // One saying none does, and one does.
        let parent = Self.billing("1") + Self.subscriber("2", parent: "1", member: "C") + Self.patient("3", parent: "2") + Self.claim("C1")
        var r = try Self.read(Self.file([alone, parent]))
        try #require(r.ids == ["x12.invalid-hierarchy", "x12.invalid-hierarchy"])
        #expect(r.diagnostics.allSatisfy { $0.severity == .warning && $0.field == "HL04" })
        #expect(r.diagnostics.map(\.value) == ["1", "0"])
        // HL*2 is segment 7 (ISA, GS, ST, BHT, HL*1, NM1); its HL04 is at column 11.
        #expect(r.diagnostics[0].location?.segment == 7 && r.diagnostics[0].location?.column == 11 && r.diagnostics[0].location?.byteLength == 1)
        #expect(r.diagnostics[0].message.hasPrefix("HL (segment 7) HL04: the hierarchical child code is '1', expected 0: the next HL (segment 15) is not a level under it (a subscriber level with no patient level under it: the subscriber is the patient)"))
        #expect(r.diagnostics[1].message.contains("HL (segment 28) HL04: the hierarchical child code is '0', expected 1: the next HL (segment 31) is a level under it (its HL02 names HL01 '2')"))
        #expect(r.claims.map(\.memberID) == ["A", "B", "C"])
        // The last HL of a transaction set has no level under it; HL04 empty, absent or not 0/1.
        for (hl04, value) in [("*1", "1"), ("*", nil), ("", nil), ("*Y", "Y")] as [(String, String?)] {
            let last = Self.billing("1") + ["HL*2*1*22\(hl04)", "SBR*P*18*******MB", "NM1*IL*1*DOE*JANE****MI*A"] + Self.claim("A1")
            r = try Self.read(Self.file([last]))
            try #require(r.ids == ["x12.invalid-hierarchy"], "HL04 \(hl04)")
            #expect(r.diagnostics[0].value == value)
            #expect(r.diagnostics[0].message.contains("code is \(value.map { "'\($0)'" } ?? "empty"), expected 0: no HL follows it in the transaction set"))
            #expect(r.claims.map(\.id) == ["A1"])
        }
        // A billing provider level with no subscriber under it says 0.
        r = try Self.read(Self.file([Self.billing("1") + Self.billing("2") + Self.subscriber("3", parent: "2", member: "A") + Self.claim("A1")]))
        #expect(r.ids == ["x12.invalid-hierarchy"] && r.diagnostics.first?.location?.segment == 5)
        // ... and so does one followed by another that names it as its parent (told at HL02).
        r = try Self.read(Self.file([Self.billing("1") + Self.billing("2", parent: "1") + Self.subscriber("3", parent: "2", member: "A") + Self.claim("A1")]))
        #expect(r.diagnostics.map(\.field) == ["HL02", "HL04"])
        // A next HL whose own parent is wrong is the error told; the HL04 before it is not judged.
        r = try Self.read(Self.file([Self.billing("1") + Self.subscriber("2", parent: "1", member: "A") + Self.patient("3", parent: "9") + Self.claim("A1")]))
        #expect(r.ids == ["x12.invalid-hierarchy", "input.claim-not-checked"] && r.diagnostics[0].field == "HL02")
    }
}
