extension RuleExample {
    /// The default NPI of example claims.
    public static let defaultNPI = NPI("1234567893")!
    public static let defaultDate: ServiceDate = "2024-08-14"

    /// Reads example notation into claims (ids `C1`, `C2`...), located in a pseudo-file
    /// named `example` whose line is the claim's ordinal.
    /// `undated`: the date of a line that gives none.
    public static func parseClaims(_ text: String, file: String = "example", undated: ServiceDate = defaultDate) throws(ExampleError) -> [Claim] {
        var claims: [Claim] = []
        for (ci, rawClaim) in text.split(separator: "||", omittingEmptySubsequences: false).enumerated() {
            var body = Substring(rawClaim).trimmingSpaces
            var member = "M1"
            var patient: String?
            var billing = defaultNPI
            var rendering: NPI?
            var pos: String?
            var born: ServiceDate?
            var dx: [DiagnosisCode] = []
            var frequency: String?
            if let colon = body.firstIndex(of: ":") {
                for opt in body[..<colon].split(separator: " ") {
                    let kv = opt.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2 else { throw ExampleError(message: "claim option '\(opt)' is not KEY=VALUE") }
                    switch kv[0] {
                    case "member": member = String(kv[1])
                    case "patient": patient = String(kv[1])
                    case "pos": pos = String(kv[1])
                    case "freq":
                        guard kv[1].count == 1, kv[1].first!.isASCII, kv[1].first!.isNumber else { throw ExampleError(message: "freq=\(kv[1]) is not a claim frequency code (1, 7 or 8)") }
                        frequency = String(kv[1])
                    case "dx":
                        for part in kv[1].split(separator: ",") {
                            guard let d = DiagnosisCode(part) else { throw ExampleError(message: "dx=\(part) is not an ICD-10-CM code") }
                            dx.append(d)
                        }
                    case "born":
                        guard let d = ServiceDate(kv[1]) else { throw ExampleError(message: "born=\(kv[1]) is not a date YYYY-MM-DD") }
                        born = d
                    case "npi", "billing":
                        guard let n = NPI(kv[1]) else { throw ExampleError(message: "'\(kv[1])' is not a valid NPI") }
                        if kv[0] == "npi" { rendering = n } else { billing = n }
                    default: throw ExampleError(message: "unknown claim option '\(kv[0])'; expected member, patient, pos, freq, born, dx, npi or billing")
                    }
                }
                body = body[body.index(after: colon)...].trimmingSpaces
            }
            var lines: [ServiceLine] = []
            let location = SourceLocation(file: file, line: ci + 1, column: 1)
            for (li, rawLine) in body.split(separator: ";").enumerated() {
                var text = Substring(rawLine).trimmingSpaces
                var date = undated
                if let bar = text.firstIndex(of: "|") {
                    let d = text[..<bar].trimmingSpaces
                    guard let parsed = ServiceDate(d) else { throw ExampleError(message: "'\(d)' is not a date YYYY-MM-DD") }
                    date = parsed
                    text = text[text.index(after: bar)...].trimmingSpaces
                }
                var units = Units(1)
                var lineNPI: NPI?
                let words = text.split(separator: " ")
                guard let first = words.first else { throw ExampleError(message: "empty line in claim \(ci + 1)") }
                for w in words.dropFirst() {
                    if w.hasPrefix("x") || w.hasPrefix("×") {
                        guard let u = Units(w.dropFirst()) else { throw ExampleError(message: "'\(w)' is not xUNITS") }
                        units = u
                    } else if w.hasPrefix("@") {
                        guard let n = NPI(w.dropFirst()) else { throw ExampleError(message: "'\(w)' is not @NPI with a valid NPI") }
                        lineNPI = n
                    } else {
                        throw ExampleError(message: "unexpected '\(w)'; a line is [DATE |] CODE[-MOD...] [xUNITS] [@NPI]")
                    }
                }
                // `first` may be only dashes (found by fuzzing): then there is no code part.
                let parts = first.split(separator: "-")
                guard let head = parts.first, let code = ProcedureCode(head) else { throw ExampleError(message: "'\(parts.first ?? first)' is not a HCPCS/CPT code") }
                var mods = ModifierList()
                for p in parts.dropFirst() {
                    guard let m = Modifier(p) else { throw ExampleError(message: "'\(p)' is not a two-character modifier") }
                    mods.append(m)
                }
                lines.append(ServiceLine(
                    number: li + 1, code: code, modifiers: mods, units: units, dates: DateRange(date),
                    renderingNPI: lineNPI, location: SourceLocation(file: file, line: ci + 1, column: li + 1)))
            }
            claims.append(Claim(
                id: "C\(ci + 1)", memberID: member, patientID: patient, billingNPI: billing, renderingNPI: rendering,
                placeOfService: pos, frequencyCode: frequency, diagnoses: dx, birthDate: born, lines: lines, location: location))
        }
        return claims
    }

    /// The (claim ordinal, line number) pairs of `fires`, both 1-based.
    public func expectedHits() throws(ExampleError) -> Set<ExampleHit> {
        var hits = Set<ExampleHit>()
        for f in fires {
            let parts = f.split(separator: "/")
            if parts.count == 1, let l = Int(parts[0]) {
                hits.insert(ExampleHit(claim: 1, line: l))
            } else if parts.count == 2, let c = Int(parts[0]), let l = Int(parts[1]) {
                hits.insert(ExampleHit(claim: c, line: l))
            } else {
                throw ExampleError(message: "'\(f)' is not LINE or CLAIM/LINE")
            }
        }
        return hits
    }
}

/// A line an example expects a rule to fire on.
public struct ExampleHit: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var claim: Int
    public var line: Int
    public init(claim: Int, line: Int) {
        self.claim = claim
        self.line = line
    }
    public static func < (a: ExampleHit, b: ExampleHit) -> Bool { (a.claim, a.line) < (b.claim, b.line) }
    public var description: String { "\(claim)/\(line)" }
}

public struct ExampleError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
