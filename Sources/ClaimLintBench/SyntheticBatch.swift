import ClaimLint
/// A seeded, realistic batch of professional claims for the benchmark: patients with several
/// claims over several dates in 2024 Q3, each claim drawn from a mix of encounters that exercise
/// every edit family (E/M visits, surgery with global periods and follow-up visits, add-ons with
/// and without their primaries, labs with units, NCCI PTP pairs, MAI 1 and MAI 2/3 MUEs).
struct SyntheticBatch {
    struct Line {
        var code: String
        var modifiers: [String] = []
        var units = 1
        var charge = "100.00"
    }

    struct Claim {
        var id: String
        var member: String
        var billing: String
        var rendering: String
        var pos: String
        var diagnoses: [String]
        var date: String
        var lines: [Line]
    }

    /// The claims of one billing provider, in file order.
    var claims: [Claim] = []
    var lineCount = 0

    /// Calls `emit` with claims until at least `lines` service lines were produced.
    static func generate(lines target: Int, seed: UInt64, prefix: String = "", emit: (Claim) -> Void) {
        var rng = SplitMix64(seed: seed)
        let billing = (0..<40).map { npi(100_000_000 + $0 * 7919) }
        let rendering = (0..<400).map { npi(200_000_000 + $0 * 104_729) }
        var lines = 0
        var patient = 0
        var claimNumber = 0
        while lines < target {
            patient += 1
            let member = "MBR" + prefix + pad(patient, 9)
            // A block of consecutive patients shares a billing provider (one 837 2000A loop).
            let bill = billing[(patient / 250) % billing.count]
            let doctor = rendering[Int(rng.next() % UInt64(rendering.count))]
            var day = Int(rng.next() % 60)  // 2024-07-01 + day, leaves room for follow-ups
            let encounters = 1 + Int(rng.next() % 4)
            for _ in 0..<encounters where lines < target {
                var plans = encounter(&rng)
                var offset = 0
                for plan in plans.indices where lines < target {
                    claimNumber += 1
                    offset += plans[plan].daysLater
                    let diagnoses = [dxPool[Int(rng.next() % UInt64(dxPool.count))]]
                    // One claim in ten bills under another rendering provider of the group.
                    let who = rng.next() % 10 == 0 ? rendering[Int(rng.next() % UInt64(rendering.count))] : doctor
                    plans[plan].lines = Array(plans[plan].lines.prefix(max(1, target - lines)))
                    emit(Claim(
                        id: "PCN" + prefix + pad(claimNumber, 9), member: member, billing: bill, rendering: who,
                        pos: plans[plan].pos, diagnoses: diagnoses, date: date(min(day + offset, 91)), lines: plans[plan].lines))
                    lines += plans[plan].lines.count
                }
                day += 1 + Int(rng.next() % 7)
            }
        }
    }

    struct Plan {
        var daysLater = 0
        var pos = "11"
        var lines: [Line]
    }

    /// One encounter: a claim, sometimes with a follow-up claim days later.
    static func encounter(_ rng: inout SplitMix64) -> [Plan] {
        func r(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let em = ["99212", "99213", "99214", "99215"][r(4)]
        switch r(100) {
        case 0..<28:  // office visit, often with labs
            var lines = [Line(code: em, charge: "150.00")]
            if r(2) == 0 { lines.append(Line(code: "36415", charge: "10.00")) }
            if r(3) == 0 { lines.append(Line(code: ["85025", "80053", "82947", "84132"][r(4)], charge: "25.00")) }
            return [Plan(lines: lines)]
        case 28..<40:  // lab panel with units; some over the MUE
            return [Plan(pos: "81", lines: [
                Line(code: "84132", units: 1 + r(3), charge: "20.00"),
                Line(code: "87253", units: 1 + r(3), charge: "45.00"),
                Line(code: "36415", charge: "10.00"),
                Line(code: "85025", charge: "15.00"),
            ])]
        case 40..<48:  // total knee with a PTP pair (indicator 1) and post-op visits
            let side = r(2) == 0 ? "RT" : "LT"
            var surgery = [Line(code: "27447", modifiers: [side], charge: "2400.00")]
            if r(3) == 0 { surgery.append(Line(code: "20610", modifiers: r(2) == 0 ? [] : ["59"], charge: "90.00")) }
            let visit = Line(code: "99213", modifiers: r(3) == 0 ? ["24"] : [], charge: "110.00")
            return [
                Plan(lines: [Line(code: "99204", modifiers: r(2) == 0 ? ["57"] : [], charge: "200.00")]),
                Plan(daysLater: 1, pos: "22", lines: surgery),
                Plan(daysLater: 14 + r(80), lines: [visit]),
            ]
        case 48..<58:  // debridement with its add-on, and an E/M with or without 25
            var lines = [Line(code: "11042", charge: "180.00"), Line(code: "11045", units: 1 + r(3), charge: "60.00")]
            if r(2) == 0 { lines.append(Line(code: "99214", modifiers: r(2) == 0 ? ["25"] : [], charge: "150.00")) }
            return [Plan(lines: lines)]
        case 58..<63:  // destruction of lesions (010) and a visit inside the window
            return [
                Plan(lines: [Line(code: "17000", charge: "90.00"), Line(code: "17003", units: 1 + r(5), charge: "12.00")]),
                Plan(daysLater: 3 + r(12), lines: [Line(code: em, charge: "110.00")]),
            ]
        case 63..<69:  // pathology: 0856T with and without its primary 88348
            var lines = [Line(code: "88305", modifiers: ["26"], charge: "75.00")]
            if r(3) != 0 { lines.append(Line(code: "88348", charge: "410.00")) }
            lines.append(Line(code: "0856T", charge: "95.00"))
            return [Plan(pos: "22", lines: lines)]
        case 69..<74:  // colonoscopy pair (indicator 0)
            return [Plan(pos: "24", lines: [
                Line(code: "45380", charge: "700.00"), Line(code: "45378", modifiers: r(2) == 0 ? ["59"] : [], charge: "500.00"),
            ])]
        case 74..<80:  // ECG and chest X-ray pairs
            return [Plan(lines: [
                Line(code: "93000", charge: "40.00"), Line(code: "93010", charge: "20.00"),
                Line(code: "71046", charge: "60.00"), Line(code: r(2) == 0 ? "71045" : "71047", charge: "50.00"),
            ])]
        case 80..<86:  // injection with a visit, a PTP pair bypassed by 25
            return [Plan(lines: [
                Line(code: "96372", charge: "30.00"), Line(code: "99213", modifiers: r(2) == 0 ? ["25"] : [], charge: "110.00"),
                Line(code: "J1885", units: 1 + r(8), charge: "15.00"),
            ])]
        case 86..<91:  // critical care, the add-on sometimes alone
            var lines: [Line] = []
            if r(4) != 0 { lines.append(Line(code: "99291", charge: "280.00")) }
            lines.append(Line(code: "99292", units: 1 + r(2), charge: "140.00"))
            return [Plan(pos: "21", lines: lines)]
        case 91..<96:  // physical therapy with units, and ambulance mileage (MAI 1)
            return [Plan(lines: [
                Line(code: "97110", modifiers: ["GP"], units: 1 + r(4), charge: "35.00"), Line(code: "97140", modifiers: ["GP"], units: 1 + r(2), charge: "30.00"),
            ]), Plan(daysLater: 2, pos: "41", lines: [Line(code: "A0425", units: 5 + r(300), charge: "8.00")])]
        default:  // nerve block with its add-on, bilateral
            return [Plan(pos: "22", lines: [
                Line(code: "64483", modifiers: ["RT"], charge: "400.00"), Line(code: "64484", modifiers: ["RT"], charge: "150.00"),
            ])]
        }
    }

    static let dxPool = ["M1711", "M1712", "R0789", "I10", "E119", "J189", "L97419", "K635", "C3490", "R51", "S83241A", "Z0000"]

    /// A valid NPI (Luhn with the 80840 prefix) from a nine-digit base starting with 1 or 2.
    static func npi(_ base: Int) -> String {
        let digits = Array(pad(base % 1_000_000_000, 9).utf8).map { Int($0 - 48) }
        var sum = 24
        for (i, d) in digits.reversed().enumerated() {
            if i % 2 == 0 { let x = d * 2; sum += x > 9 ? x - 9 : x } else { sum += d }
        }
        return pad(base % 1_000_000_000, 9) + String((10 - sum % 10) % 10)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// 2024-07-01 plus `day` days, as YYYYMMDD (Q3 2024: July 31, August 31, September 30 days;
    /// later days run into Q4).
    static func date(_ day: Int) -> String {
        var d = day, month = 7
        let lengths = [7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31]
        while month < 12, d >= lengths[month]! { d -= lengths[month]!; month += 1 }
        return "2024" + pad(month, 2) + pad(min(d, 30) + 1, 2)
    }
}

