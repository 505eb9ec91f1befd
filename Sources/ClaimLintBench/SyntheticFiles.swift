import Foundation

/// Writes a synthetic batch as an 837P (005010X222A1) interchange, a CSV claim file or a JSON
/// claims file, streaming to disk in 4 MB chunks.
enum SyntheticFiles {
    enum Format: String { case x12 = "837", csv, json }

    struct Written {
        var path: String
        var bytes: Int
        var lines: Int
        var claims: Int
    }

    static func write(_ format: Format, lines: Int, seed: UInt64, prefix: String = "", to path: String) -> Written {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = FileHandle(forWritingAtPath: path)!
        var out = Output(handle: handle)
        var claims = 0, written = 0
        switch format {
        case .csv:
            out.append("claim_id,member_id,billing_npi,rendering_npi,place_of_service,diagnoses,line,code,modifiers,units,date,charge,diagnosis_pointers\n")
            SyntheticBatch.generate(lines: lines, seed: seed, prefix: prefix) { c in
                claims += 1
                for (i, l) in c.lines.enumerated() {
                    written += 1
                    out.append("\(c.id),\(c.member),\(c.billing),\(c.rendering),\(c.pos),\(c.diagnoses.joined(separator: ";")),\(i + 1),\(l.code),\(l.modifiers.joined(separator: " ")),\(l.units),\(c.date),\(l.charge),1\n")
                }
            }
        case .json:
            // The CSV's claims as JSON objects, one per line (the values need no escaping).
            out.append("{\"version\": 1, \"claims\": [\n")
            SyntheticBatch.generate(lines: lines, seed: seed, prefix: prefix) { c in
                let lines = c.lines.enumerated().map { i, l in
                    let mods = l.modifiers.isEmpty ? "" : ", \"modifiers\": [\(l.modifiers.map { "\"\($0)\"" }.joined(separator: ", "))]"
                    return "{\"line\": \(i + 1), \"code\": \"\(l.code)\"\(mods), \"units\": \(l.units), \"date\": \"\(c.date)\", \"charge\": \"\(l.charge)\", \"diagnosis_pointers\": [1]}"
                }
                let diagnoses = c.diagnoses.map { "\"\($0)\"" }.joined(separator: ", ")
                out.append("\(claims == 0 ? "" : ",\n")  {\"claim_id\": \"\(c.id)\", \"member_id\": \"\(c.member)\", \"billing_npi\": \"\(c.billing)\", \"rendering_npi\": \"\(c.rendering)\", \"place_of_service\": \"\(c.pos)\", \"diagnoses\": [\(diagnoses)], \"lines\": [\(lines.joined(separator: ", "))]}")
                claims += 1
                written += c.lines.count
            }
            out.append("\n]}\n")
        case .x12:
            var x12 = X12Writer()
            out.append(x12.header())
            SyntheticBatch.generate(lines: lines, seed: seed, prefix: prefix) { c in
                claims += 1
                written += c.lines.count
                out.append(x12.claim(c))
                out.flushIfLarge()
            }
            out.append(x12.trailer())
        }
        out.flush()
        try? handle.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return Written(path: path, bytes: size, lines: written, claims: claims)
    }

    struct Output {
        let handle: FileHandle
        var buffer: [UInt8] = []
        mutating func append(_ s: String) {
            buffer.append(contentsOf: s.utf8)
            flushIfLarge()
        }
        mutating func flushIfLarge() { if buffer.count > 4 << 20 { flush() } }
        mutating func flush() {
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }
    }
}

/// The segments of an 837P: one interchange and functional group, a transaction set (ST..SE)
/// per 500 claims or change of billing provider, a subscriber loop per patient.
struct X12Writer {
    private var transactions = 0
    private var segments = 0
    private var claimsInTransaction = 0
    private var billing: String?
    private var member: String?
    private var hl = 0
    private var billingHL = 0

    func header() -> String {
        "ISA*00*          *00*          *ZZ*CLAIMLINTSUB   *ZZ*CLAIMLINTRCV   *240820*1200*^*00501*000000101*0*T*:~\nGS*HC*CLAIMLINTSUB*CLAIMLINTRCV*20240820*1200*101*X*005010X222A1~\n"
    }

    mutating func trailer() -> String {
        var s = endTransaction()
        s += "GE*\(transactions)*101~\nIEA*1*000000101~\n"
        return s
    }

    private mutating func seg(_ s: inout String, _ text: String) {
        s += text
        s += "~\n"
        segments += 1
    }

    private mutating func endTransaction() -> String {
        guard billing != nil else { return "" }
        var s = ""
        seg(&s, "SE*\(segments + 1)*\(SyntheticBatch.pad(transactions, 4))")
        billing = nil
        return s
    }

    mutating func claim(_ c: SyntheticBatch.Claim) -> String {
        var s = ""
        if billing != c.billing || claimsInTransaction >= 500 {
            s += endTransaction()
            transactions += 1
            segments = 0
            hl = 0
            claimsInTransaction = 0
            member = nil
            billing = c.billing
            seg(&s, "ST*837*\(SyntheticBatch.pad(transactions, 4))*005010X222A1")
            seg(&s, "BHT*0019*00*BATCH\(transactions)*20240820*1200*CH")
            seg(&s, "NM1*41*2*CLAIMLINT BENCH BILLING*****46*TESTSUB01")
            seg(&s, "PER*IC*BILLING DESK*TE*5555550100")
            seg(&s, "NM1*40*2*TEST PAYER*****46*TESTPAYER")
            hl += 1
            billingHL = hl
            seg(&s, "HL*\(hl)**20*1")
            seg(&s, "PRV*BI*PXC*207R00000X")
            seg(&s, "NM1*85*2*EXAMPLE MEDICAL GROUP*****XX*\(c.billing)")
            seg(&s, "N3*100 MAIN ST")
            seg(&s, "N4*SPRINGFIELD*IL*627010000")
            seg(&s, "REF*EI*000000000")
        }
        claimsInTransaction += 1
        if member != c.member {
            member = c.member
            hl += 1
            seg(&s, "HL*\(hl)*\(billingHL)*22*0")
            seg(&s, "SBR*P*18*******MB")
            seg(&s, "NM1*IL*1*DOE*PAT****MI*\(c.member)")
            seg(&s, "DMG*D8*19600101*F")
            seg(&s, "NM1*PR*2*TEST PAYER*****PI*TESTPAYER")
        }
        let total = c.lines.reduce(0) { $0 + (Int(Double($1.charge)! * 100) * $1.units) }
        seg(&s, "CLM*\(c.id)*\(total / 100).\(SyntheticBatch.pad(total % 100, 2))***\(c.pos):B:1*Y*A*Y*Y")
        seg(&s, "HI*" + c.diagnoses.enumerated().map { ($0.offset == 0 ? "ABK:" : "ABF:") + $0.element }.joined(separator: "*"))
        seg(&s, "NM1*82*1*WELBY*MARCUS****XX*\(c.rendering)")
        for (i, l) in c.lines.enumerated() {
            seg(&s, "LX*\(i + 1)")
            let code = (["HC", l.code] + l.modifiers).joined(separator: ":")
            let amount = Int(Double(l.charge)! * 100) * l.units
            seg(&s, "SV1*\(code)*\(amount / 100).\(SyntheticBatch.pad(amount % 100, 2))*UN*\(l.units)***1")
            seg(&s, "DTP*472*D8*\(c.date)")
        }
        return s
    }
}
