/// Parses rule files: line-oriented blocks with `#` comments.
///
/// ```
/// rule payer.therapy-inpatient
///   severity: error
///   message: therapy is not payable in an inpatient setting
///   source: Example Health policy PT-12
///   when code in 97110-97546 and pos is 21
///   example fires on 1: pos=21 : 97110 x1
///   example passes: pos=11 : 97110 x1
/// end
/// ```
/// Every error names the file, line and column, and what was expected.
struct RuleFileParser {
    let file: String
    private var rules: [UserRule] = []
    private var current: Draft?

    init(file: String) { self.file = file }

    static let keys = ["name", "severity", "message", "rationale", "source", "effective", "denial"]

    /// The most primary codes an `addon` rule names (ranges count their codes).
    static let maxPrimaries = 10_000

    private struct Draft {
        var id: String
        var idColumn: Int
        var location: SourceLocation
        var properties: [String: (value: String, line: Int, column: Int)] = [:]
        var statement: UserRule.Statement?
        var statementLine = 0
        var conditions: [UserRule.Condition]?
        var requirement: UserRule.Requirement?
        var examples: [UserRule.Example] = []
    }

    struct Token {
        var text: Substring
        var column: Int
    }

    static func parse(_ text: String, file: String) throws(PackError) -> [UserRule] {
        var p = RuleFileParser(file: file)
        var lineNumber = 0
        for line in text.fileLines {
            lineNumber += 1
            try p.line(line, number: lineNumber)
        }
        if let d = p.current {
            throw PackError(file: file, line: d.location.line, column: 1, message: "rule '\(d.id)' has no 'end'")
        }
        return p.rules
    }

    private func fail(_ line: Int, _ column: Int, _ message: String) -> PackError {
        PackError(file: file, line: line, column: column, message: message)
    }

    /// Splits a line into words, commas and comparison signs, with 1-based columns; a `#`
    /// outside quotes starts a comment.
    static func tokens(_ line: Substring) -> [Token] {
        var out: [Token] = []
        var i = line.startIndex
        var column = 1
        while i < line.endIndex {
            let c = line[i]
            if c == "#" { break }
            if c == " " || c == "\t" {
                i = line.index(after: i)
                column += 1
                continue
            }
            let start = i, startColumn = column
            if c == "," || c == ":" {
                i = line.index(after: i)
                column += 1
            } else if c == "<" || c == ">" || c == "=" {
                i = line.index(after: i)
                column += 1
                if i < line.endIndex, line[i] == "=" { i = line.index(after: i); column += 1 }
            } else {
                while i < line.endIndex, !" \t,:<>=#".contains(line[i]) {
                    i = line.index(after: i)
                    column += 1
                }
            }
            out.append(Token(text: line[start..<i], column: startColumn))
        }
        return out
    }

    private mutating func line(_ line: Substring, number: Int) throws(PackError) {
        let toks = RuleFileParser.tokens(line)
        guard let first = toks.first else { return }
        let word = first.text
        if word == "rule" {
            if let d = current {
                throw fail(number, first.column, "a new rule starts before rule '\(d.id)' (line \(d.location.line)) has its 'end'")
            }
            guard toks.count == 2 else { throw fail(number, first.column, "expected 'rule ID' with one id such as payer.therapy-inpatient") }
            let id = String(toks[1].text)
            guard RuleFileParser.isValidID(id) else {
                throw fail(number, toks[1].column, "rule id '\(id)' must be FAMILY.NAME in lower case letters, digits and hyphens (payer.therapy-inpatient)")
            }
            current = Draft(id: id, idColumn: toks[1].column, location: SourceLocation(file: file, line: number, column: first.column))
            return
        }
        guard current != nil else {
            throw fail(number, first.column, "expected 'rule ID' to start a rule, found '\(word)'")
        }
        if toks.count > 1, toks[1].text == ":" {
            try property(String(word), line: line, tokens: toks, number: number)
            return
        }
        switch word {
        case "end":
            guard toks.count == 1 else { throw fail(number, toks[1].column, "expected nothing after 'end'") }
            try finish(number)
        case "example": try example(line, toks, number)
        case "addon", "counted", "limit", "pair": try table(toks, number)
        case "when": try when(toks, number)
        case "require", "never", "at": try requirement(toks, number)
        default:
            throw fail(number, first.column, "unknown statement '\(word)'; expected a key (\(RuleFileParser.keys.joined(separator: ", ")):), when, require, never, at most, addon, counted, limit, pair, example or end")
        }
    }

    /// Where a trailing comment starts in a key's value: a `#` with a space or tab before it
    /// and a space, a tab or the end of the line after it.
    static func commentStart(in value: Substring) -> Substring.Index? {
        var previous: Character = " "
        var i = value.startIndex
        while i < value.endIndex {
            let next = value.index(after: i)
            if value[i] == "#", previous == " " || previous == "\t", next == value.endIndex || value[next] == " " || value[next] == "\t" {
                return i
            }
            previous = value[i]
            i = next
        }
        return nil
    }

    /// The message placeholders a finding fills in.
    static let placeholders = ["{code}", "{units}", "{date}"]

    /// The first `{...}` in `message` that is not a placeholder, if any.
    static func unknownPlaceholder(in message: String) -> String? {
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { return String(rest[open...]) }
            let p = String(rest[open...close])
            if !placeholders.contains(p) { return p }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }

    /// A claim adjustment reason code (1-3 digits, or a capital letter and 1-2 digits; with a
    /// group code CO, PR, OA, PI or CR before it, a hyphen between or not) or a remittance
    /// advice remark code (M, N or MA and 1-3 digits).
    static func isDenialCode(_ code: String) -> Bool {
        func digits(_ s: Substring, _ range: ClosedRange<Int>) -> Bool {
            range.contains(s.count) && s.allSatisfy { $0.isASCII && $0.isNumber }
        }
        func reason(_ s: Substring) -> Bool {
            digits(s, 1...3) || (s.first.map { $0.isASCII && $0.isUppercase } == true && digits(s.dropFirst(), 1...2))
        }
        let s = Substring(code)
        if reason(s) { return true }
        for group in ["CO", "PR", "OA", "PI", "CR"] where s.hasPrefix(group) {
            let rest = s.dropFirst(2)
            if reason(rest.hasPrefix("-") ? rest.dropFirst() : rest) { return true }
        }
        for remark in ["MA", "M", "N"] where s.hasPrefix(remark) && digits(s.dropFirst(remark.count), 1...3) {
            return true
        }
        return false
    }

    static func isValidID(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { return false }
        return id.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" || $0 == "." }
    }

    private mutating func property(_ key: String, line: Substring, tokens toks: [Token], number: Int) throws(PackError) {
        if ["when", "require", "never", "at", "addon", "counted", "limit", "pair", "example"].contains(key) {
            throw fail(number, toks[1].column, "'\(key)' starts a statement, not a key: write it without the colon ('\(key) ...')")
        }
        guard RuleFileParser.keys.contains(key) else {
            throw fail(number, toks[0].column, "unknown key '\(key)'; expected one of: \(RuleFileParser.keys.joined(separator: ", "))")
        }
        guard current!.properties[key] == nil else {
            throw fail(number, toks[0].column, "'\(key)' is given twice in rule '\(current!.id)'")
        }
        // The value is the rest of the line after the colon, quotes optional. A `#` with a
        // space or tab on both sides (or at the end) starts a comment; one next to text is
        // text (`name: Policy #12`, `source: C# manual`).
        let colonOffset = toks[1].column  // 1-based column of ':'
        var value = Substring(line.dropFirst(colonOffset)).trimmingSpaces
        if !value.hasPrefix("\""), let hash = RuleFileParser.commentStart(in: value) {
            value = value[..<hash]
            while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        }
        if value.hasPrefix("\"") {
            guard value.count >= 2, value.hasSuffix("\"") else { throw fail(number, colonOffset + 2, "a quoted value needs its closing quote") }
            value = value.dropFirst().dropLast()
        }
        guard !value.isEmpty else { throw fail(number, colonOffset + 1, "'\(key)' needs a value") }
        current!.properties[key] = (String(value), number, toks.count > 2 ? toks[2].column : colonOffset + 1)
    }

    private mutating func setStatement(_ s: UserRule.Statement, _ number: Int, _ column: Int) throws(PackError) {
        guard current!.statement == nil, current!.conditions == nil else {
            throw fail(number, column, "rule '\(current!.id)' already has its edit (line \(current!.statementLine)); a rule holds one")
        }
        current!.statement = s
        current!.statementLine = number
    }

    private func code(_ t: Token, _ number: Int) throws(PackError) -> ProcedureCode {
        guard let c = ProcedureCode(t.text) else {
            throw fail(number, t.column, "'\(t.text)' is not a HCPCS/CPT code: \(ProcedureCode.shapes)")
        }
        return c
    }

    private func expect(_ toks: [Token], _ i: Int, _ word: String, _ number: Int, after: String) throws(PackError) {
        guard i < toks.count else { throw fail(number, (toks.last?.column ?? 1) + (toks.last?.text.count ?? 0), "expected '\(word)' after \(after)") }
        guard toks[i].text == word else { throw fail(number, toks[i].column, "expected '\(word)' after \(after), found '\(toks[i].text)'") }
    }

    private func endOfLine(_ toks: [Token], _ i: Int, _ number: Int) throws(PackError) {
        if i < toks.count { throw fail(number, toks[i].column, "unexpected '\(toks[i].text)' at the end of the statement") }
    }

    private mutating func table(_ toks: [Token], _ number: Int) throws(PackError) {
        let kw = toks[0]
        func need(_ i: Int, _ what: String) throws(PackError) -> Token {
            guard i < toks.count else { throw fail(number, kw.column + kw.text.count + 1, "expected \(what)") }
            return toks[i]
        }
        switch kw.text {
        case "addon":
            let addon = try code(try need(1, "the add-on code"), number)
            try expect(toks, 2, "requires", number, after: "the add-on code")
            let (set, end) = try codeList(toks, from: 3, number)
            try endOfLine(toks, end, number)
            // Each primary is a row of the add-on table.
            guard set.count <= RuleFileParser.maxPrimaries else {
                throw fail(number, toks[3].column, "\(set.count) primary codes; an add-on rule names at most \(RuleFileParser.maxPrimaries), as each is a row of the add-on table")
            }
            var primaries = set.codes
            primaries.remove(addon)
            guard !primaries.isEmpty else { throw fail(number, toks[3].column, "an add-on cannot be its own only primary") }
            try setStatement(.addon(code: addon, primaries: primaries.sorted()), number, kw.column)
        case "counted":
            let c = try code(try need(1, "the counted code"), number)
            try expect(toks, 2, "per", number, after: "the counted code")
            let noun = toks.dropFirst(3).map(\.text).joined(separator: " ")
            guard !noun.isEmpty else { throw fail(number, toks[2].column + 4, "expected the item counted after 'per' (isolate, aliquot, lesion...)") }
            try setStatement(.counted(code: c, per: noun), number, kw.column)
        case "limit":
            let c = try code(try need(1, "the code"), number)
            let nTok = try need(2, "the number of units")
            guard let n = Int(nTok.text), n >= 0 else { throw fail(number, nTok.column, "expected a whole number of units, 0 or more, found '\(nTok.text)'") }
            try expect(toks, 3, "per", number, after: "the number of units")
            let perTok = try need(4, "'line' or 'date' after 'per'")
            var mai: MUEAdjudication
            switch perTok.text {
            case "line": mai = .line
            case "date": mai = .dateOfServicePolicy
            default: throw fail(number, perTok.column, "expected 'line' or 'date' after 'per', found '\(perTok.text)'")
            }
            var i = 5
            if i < toks.count, toks[i].text == "appealable" {
                guard mai == .dateOfServicePolicy else { throw fail(number, toks[i].column, "'appealable' applies to per-date limits only") }
                mai = .dateOfServiceClinical
                i += 1
            }
            try endOfLine(toks, i, number)
            try setStatement(.limit(code: c, value: n, adjudication: mai), number, kw.column)
        default:  // pair
            let c1 = try code(try need(1, "the column 1 code"), number)
            let c2 = try code(try need(2, "the column 2 code"), number)
            guard c1 != c2 else { throw fail(number, toks[2].column, "a pair needs two different codes") }
            try expect(toks, 3, "modifier", number, after: "the two codes")
            let ind = try need(4, "0 or 1 after 'modifier'")
            guard ind.text == "0" || ind.text == "1" else { throw fail(number, ind.column, "expected 0 (no modifier bypasses) or 1 (an NCCI-associated modifier bypasses), found '\(ind.text)'") }
            try endOfLine(toks, 5, number)
            try setStatement(.pair(column1: c1, column2: c2, modifierIndicator: ind.text == "0" ? 0 : 1), number, kw.column)
        }
    }

    /// `CODE[-CODE] (, CODE[-CODE])*`
    private func codeList(_ toks: [Token], from start: Int, _ number: Int) throws(PackError) -> (CodeSet, Int) {
        var singles = Set<ProcedureCode>(), ranges: [CodeRange] = []
        var i = start
        var texts: [String] = []
        guard i < toks.count else { throw fail(number, (toks.last?.column ?? 0) + (toks.last?.text.count ?? 0) + 1, "expected a code or a range such as 97110-97546") }
        while i < toks.count {
            let t = toks[i]
            let parts = t.text.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2 {
                guard let lo = ProcedureCode(parts[0]), let hi = ProcedureCode(parts[1]) else {
                    throw fail(number, t.column, "'\(t.text)' is not a code range: expected two HCPCS/CPT codes such as 97110-97546")
                }
                guard let range = CodeRange(lo, hi) else {
                    throw fail(number, t.column, "the range \(t.text) joins codes of different shapes; a range runs over five-digit codes (97110-97546), four digits and one letter (0001U-0099U) or one letter and four digits (G0101-G0124)")
                }
                guard lo <= hi else { throw fail(number, t.column, "the range \(t.text) is empty: its first code is after its last, so the condition can never be true") }
                ranges.append(range)
            } else {
                singles.insert(try code(t, number))
            }
            texts.append(String(t.text))
            i += 1
            guard i < toks.count, toks[i].text == "," else { break }
            i += 1
            try notLast(toks, i, number)
        }
        return (CodeSet(singles: singles, ranges: ranges, text: texts.joined(separator: ", ")), i)
    }

    private func list(_ toks: [Token], from start: Int, _ number: Int, what: String) throws(PackError) -> ([Token], Int) {
        var out: [Token] = []
        var i = start
        guard i < toks.count else { throw fail(number, (toks.last?.column ?? 0) + (toks.last?.text.count ?? 0) + 1, "expected \(what)") }
        while i < toks.count {
            out.append(toks[i])
            i += 1
            guard i < toks.count, toks[i].text == "," else { break }
            i += 1
            try notLast(toks, i, number)
        }
        return (out, i)
    }

    /// A list's comma at `i - 1` is followed by an item (a trailing comma was taken for the
    /// end of the list, as if nothing were missing).
    private func notLast(_ toks: [Token], _ i: Int, _ number: Int) throws(PackError) {
        guard i < toks.count else { throw fail(number, toks[i - 1].column, "the list ends with ',': remove it, or add what follows") }
    }

    private func modifiers(_ toks: [Token], from start: Int, _ number: Int) throws(PackError) -> (Set<Modifier>, Int) {
        let (items, end) = try list(toks, from: start, number, what: "a modifier such as GP, or 'anatomic'")
        var set = Set<Modifier>()
        for t in items {
            if t.text == "anatomic" {
                set.formUnion(Modifier.anatomic)
                continue
            }
            guard let m = Modifier(t.text) else { throw fail(number, t.column, "'\(t.text)' is not a modifier: expected two letters or digits such as 26, GP or RT") }
            set.insert(m)
        }
        return (set, end)
    }

    private func diagnoses(_ toks: [Token], from start: Int, _ number: Int) throws(PackError) -> (DiagnosisPatterns, Int) {
        let (items, end) = try list(toks, from: start, number, what: "an ICD-10-CM code such as Z12.11, or a prefix such as F11.*")
        var exact = Set<String>(), prefixes: [String] = []
        for t in items {
            if t.text.hasSuffix("*") {
                let stem = String(t.text.dropLast()).replacingDots()
                guard stem.count >= 1, stem.first!.isLetter else { throw fail(number, t.column, "'\(t.text)' is not a diagnosis prefix: expected a letter and more, then *, such as F11.*") }
                prefixes.append(stem.uppercased())
            } else {
                guard let d = DiagnosisCode(t.text) else { throw fail(number, t.column, "'\(t.text)' is not an ICD-10-CM code such as Z12.11") }
                exact.insert(d.text)
            }
        }
        return (DiagnosisPatterns(exact: exact, prefixes: prefixes, text: items.map { String($0.text) }.joined(separator: ", ")), end)
    }

    private mutating func when(_ toks: [Token], _ number: Int) throws(PackError) {
        guard current!.statement == nil, current!.conditions == nil else {
            throw fail(number, toks[0].column, "rule '\(current!.id)' already has its edit (line \(current!.statementLine)); a rule holds one")
        }
        var conditions: [UserRule.Condition] = []
        var i = 1
        var codeSet: CodeSet?
        var posSet: Set<String>?
        var unitRange: (lo: Int64, hi: Int64) = (.min, .max)
        var ageRange: (lo: Int, hi: Int) = (.min, .max)
        while true {
            guard i < toks.count else { throw fail(number, (toks.last!.column + toks.last!.text.count + 1), "expected a condition: code, pos, modifier, diagnosis, age or units") }
            let subject = toks[i]
            i += 1
            switch subject.text {
            case "code":
                guard i < toks.count, toks[i].text == "is" || toks[i].text == "in" else { throw fail(number, subject.column, "expected 'code is CODE' or 'code in LIST'") }
                let (set, end) = try codeList(toks, from: i + 1, number)
                i = end
                if let prior = codeSet {
                    let both = prior.intersection(set, text: prior.text + " and " + set.text)
                    guard !both.isEmpty else { throw fail(number, subject.column, "code in \(prior.text) and code in \(set.text) have no code in common, so the condition can never be true") }
                    codeSet = both
                } else {
                    codeSet = set
                }
                conditions.append(.code(set))
            case "pos":
                guard i < toks.count, toks[i].text == "is" || toks[i].text == "in" else { throw fail(number, subject.column, "expected 'pos is NN' or 'pos in NN, NN'") }
                let (items, end) = try list(toks, from: i + 1, number, what: "a two-digit place of service")
                i = end
                var set = Set<String>()
                for t in items {
                    guard t.text.count == 2, t.text.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw fail(number, t.column, "'\(t.text)' is not a place of service: expected two digits such as 11 or 21") }
                    set.insert(String(t.text))
                }
                if let prior = posSet {
                    guard !prior.isDisjoint(with: set) else { throw fail(number, subject.column, "the place of service conditions have no value in common, so the condition can never be true") }
                    posSet = prior.intersection(set)
                } else {
                    posSet = set
                }
                conditions.append(.placeOfService(set))
            case "modifier":
                guard i < toks.count, toks[i].text == "is" || toks[i].text == "in" else { throw fail(number, subject.column, "expected 'modifier is MOD' or 'modifier in MOD, MOD'") }
                let (set, end) = try modifiers(toks, from: i + 1, number)
                i = end
                conditions.append(.modifier(set))
            case "diagnosis":
                guard i < toks.count, toks[i].text == "is" || toks[i].text == "in" else { throw fail(number, subject.column, "expected 'diagnosis in LIST'") }
                let (p, end) = try diagnoses(toks, from: i + 1, number)
                i = end
                conditions.append(.diagnosis(p))
            case "age", "units":
                guard i < toks.count, let cmp = UserRule.Comparison(rawValue: String(toks[i].text)) else {
                    throw fail(number, i < toks.count ? toks[i].column : subject.column, "expected a comparison (<, <=, >, >=, =) after '\(subject.text)'")
                }
                guard i + 1 < toks.count else { throw fail(number, toks[i].column + toks[i].text.count + 1, "expected a number after '\(toks[i].text)'") }
                let valueTok = toks[i + 1]
                // `=>` or `=<` are read as two signs: say which comparisons there are.
                if "<>=".contains(valueTok.text.first!), valueTok.column == toks[i].column + toks[i].text.count {
                    throw fail(number, toks[i].column, "'\(toks[i].text)\(valueTok.text)' is not a comparison; expected <, <=, >, >= or =")
                }
                i += 2
                if subject.text == "age" {
                    guard let n = Int(valueTok.text), (0...150).contains(n) else { throw fail(number, valueTok.column, "expected an age in whole years, 0 to 150, found '\(valueTok.text)'") }
                    ageRange = narrow(ageRange, cmp, n)
                    guard ageRange.lo <= ageRange.hi, !(cmp == .less && n == 0) else { throw fail(number, valueTok.column, "no age meets the age conditions, so the condition can never be true") }
                    conditions.append(.age(cmp, n))
                } else {
                    guard let u = Units(valueTok.text) else { throw fail(number, valueTok.column, "expected a number of units, found '\(valueTok.text)'") }
                    let r = narrow((Int(unitRange.lo), Int(unitRange.hi)), cmp, Int(u.thousandths))
                    unitRange = (Int64(r.lo), Int64(r.hi))
                    guard unitRange.lo <= unitRange.hi else { throw fail(number, valueTok.column, "no number of units meets the units conditions, so the condition can never be true") }
                    conditions.append(.units(cmp, u))
                }
            default:
                throw fail(number, subject.column, "unknown condition '\(subject.text)'; expected code, pos, modifier, diagnosis, age or units")
            }
            if i >= toks.count { break }
            guard toks[i].text == "and" else { throw fail(number, toks[i].column, "expected 'and' between conditions, found '\(toks[i].text)'") }
            i += 1
        }
        current!.conditions = conditions
        current!.statementLine = number
    }

    private func narrow(_ r: (lo: Int, hi: Int), _ cmp: UserRule.Comparison, _ n: Int) -> (lo: Int, hi: Int) {
        switch cmp {
        case .less: (r.lo, min(r.hi, n - 1))
        case .lessOrEqual: (r.lo, min(r.hi, n))
        case .greater: (max(r.lo, n + 1), r.hi)
        case .greaterOrEqual: (max(r.lo, n), r.hi)
        case .equal: (max(r.lo, n), min(r.hi, n))
        }
    }

    private mutating func requirement(_ toks: [Token], _ number: Int) throws(PackError) {
        guard current!.conditions != nil else {
            throw fail(number, toks[0].column, "'\(toks[0].text)' needs a 'when' line before it, naming the lines it applies to")
        }
        guard current!.requirement == nil else { throw fail(number, toks[0].column, "rule '\(current!.id)' already has a requirement; a rule holds one") }
        var req: UserRule.Requirement
        var end: Int
        switch toks[0].text {
        case "require":
            guard toks.count > 1 else { throw fail(number, toks[0].column + 8, "expected 'require diagnosis in ...', 'require modifier ...' or 'require with CODE'") }
            switch toks[1].text {
            case "diagnosis":
                try expect(toks, 2, "in", number, after: "'require diagnosis'")
                let (p, e) = try diagnoses(toks, from: 3, number)
                (req, end) = (.diagnosis(p), e)
            case "modifier":
                var from = 2
                if from < toks.count, toks[from].text == "in" { from += 1 }
                let (m, e) = try modifiers(toks, from: from, number)
                (req, end) = (.modifier(m), e)
            case "with":
                let (set, e) = try codeList(toks, from: 2, number)
                (req, end) = (.with(set), e)
            default:
                throw fail(number, toks[1].column, "expected diagnosis, modifier or with after 'require', found '\(toks[1].text)'")
            }
        case "never":
            try expect(toks, 1, "with", number, after: "'never'")
            let (set, e) = try codeList(toks, from: 2, number)
            var unless = Set<Modifier>()
            end = e
            if end < toks.count, toks[end].text == "unless" {
                try expect(toks, end + 1, "modifier", number, after: "'unless'")
                (unless, end) = try modifiers(toks, from: end + 2, number)
            }
            req = .never(set, unless: unless)
        default:  // at most N per claim|date
            try expect(toks, 1, "most", number, after: "'at'")
            guard toks.count > 2, let n = Units(toks[2].text), n >= .zero else { throw fail(number, toks.count > 2 ? toks[2].column : toks[1].column + 5, "expected a number of units after 'at most'") }
            try expect(toks, 3, "per", number, after: "the number of units")
            guard toks.count > 4, toks[4].text == "claim" || toks[4].text == "date" else { throw fail(number, toks.count > 4 ? toks[4].column : toks[3].column + 4, "expected 'claim' or 'date' after 'per'") }
            (req, end) = (.atMost(n, perClaim: toks[4].text == "claim"), 5)
        }
        try endOfLine(toks, end, number)
        current!.requirement = req
    }

    private mutating func example(_ line: Substring, _ toks: [Token], _ number: Int) throws(PackError) {
        guard toks.count > 1, toks[1].text == "fires" || toks[1].text == "passes" else {
            throw fail(number, toks.count > 1 ? toks[1].column : toks[0].column + 8, "expected 'example fires on LINES: CLAIMS' or 'example passes: CLAIMS'")
        }
        // The claims are the rest of the line after the first colon.
        guard let colonTok = toks.first(where: { $0.text == ":" }) else { throw fail(number, toks[1].column, "expected ':' before the example's claims") }
        var fires: [String] = []
        if toks[1].text == "fires" {
            try expect(toks, 2, "on", number, after: "'example fires'")
            var i = 3
            while i < toks.count, toks[i].column < colonTok.column {
                if toks[i].text != "," {
                    let t = toks[i]
                    let parts = t.text.split(separator: "/")
                    guard (1...2).contains(parts.count), parts.allSatisfy({ Int($0) != nil && Int($0)! >= 1 }) else {
                        throw fail(number, t.column, "'\(t.text)' is not a line: expected LINE or CLAIM/LINE, 1-based, such as 2 or 1/3")
                    }
                    fires.append(String(t.text))
                }
                i += 1
            }
            guard !fires.isEmpty else { throw fail(number, colonTok.column, "expected the lines the rule fires on before ':', such as 'on 2' or 'on 1/2, 2/1'") }
        }
        var claimsText = line.dropFirst(colonTok.column)
        if let hash = claimsText.firstIndex(of: "#") { claimsText = claimsText[..<hash] }  // a trailing comment
        // Without the spaces and tabs around it: a trailing tab was read as part of the last
        // code ("'97110\t' is not a HCPCS/CPT code").
        let claims = String(claimsText.trimmingBlanks)
        let column = colonTok.column + 2
        do {
            _ = try RuleExample.parseClaims(claims)
        } catch {
            throw fail(number, column, "the example's claims do not parse: \(error.message)")
        }
        current!.examples.append(UserRule.Example(claims: claims, fires: fires, location: SourceLocation(file: file, line: number, column: toks[0].column)))
    }

    private mutating func finish(_ number: Int) throws(PackError) {
        let d = current!
        current = nil
        let statement: UserRule.Statement
        if let s = d.statement {
            statement = s
        } else if let c = d.conditions {
            statement = .conditional(conditions: c, requirement: d.requirement)
        } else {
            throw fail(d.location.line, 1, "rule '\(d.id)' has no edit: expected a 'when' line or addon, counted, limit or pair")
        }
        var severity = Severity.error
        if let s = d.properties["severity"] {
            guard let v = Severity(rawValue: s.value) else { throw fail(s.line, s.column, "severity must be error, warning or info, found '\(s.value)'") }
            severity = v
        }
        var from: ServiceDate?, through: ServiceDate?
        if let e = d.properties["effective"] {
            let parts = e.value.components(separatedBy: "..")
            guard parts.count == 2 else { throw fail(e.line, e.column, "effective must be FROM..THROUGH (either may be blank), such as 2024-01-01..2024-12-31, found '\(e.value)'") }
            let a = Substring(parts[0]).trimmingSpaces, b = Substring(parts[1]).trimmingSpaces
            if !a.isEmpty {
                guard let v = ServiceDate(a) else { throw fail(e.line, e.column, "'\(a)' is not a date YYYY-MM-DD") }
                from = v
            }
            if !b.isEmpty {
                guard let v = ServiceDate(b) else { throw fail(e.line, e.column, "'\(b)' is not a date YYYY-MM-DD") }
                through = v
            }
            if let from, let through, through < from { throw fail(e.line, e.column, "the effective period ends before it starts, so the rule can never apply") }
        }
        if from != nil || through != nil {
            switch statement {
            case .counted, .limit:
                throw fail(d.properties["effective"]!.line, d.properties["effective"]!.column, "'effective' applies to addon, pair and 'when' rules; a counted or limit rule applies on the dates of its pack: to date it, give the pack a 'period:' in pack.txt (or put the rule in a pack of its own that has one)")
            default: break
            }
        }
        if statement.tableFamily != nil {
            for key in ["severity", "message", "denial"] {
                if let p = d.properties[key] {
                    throw fail(p.line, p.column, "'\(key)' applies to 'when' rules; a table rule (addon, counted, limit, pair) feeds the \(statement.tableFamily!) family, whose findings have their own \(key)")
                }
            }
        }
        if case .conditional = statement, d.properties["message"] == nil {
            throw fail(d.location.line, 1, "rule '\(d.id)' needs a 'message:' saying what is wrong and what to do")
        }
        if let m = d.properties["message"], let unknown = RuleFileParser.unknownPlaceholder(in: m.value) {
            throw fail(m.line, m.column, "unknown placeholder '\(unknown)' in the message; use {code}, {units} or {date}")
        }
        if d.examples.isEmpty {
            throw fail(d.location.line, 1, "rule '\(d.id)' has no examples: add 'example fires on LINE: ...' and 'example passes: ...'")
        }
        if let i = rules.firstIndex(where: { $0.id == d.id }) {
            throw fail(d.location.line, d.idColumn, "duplicate rule id '\(d.id)' (first defined at line \(rules[i].location.line))")
        }
        var denial: [String] = []
        if let dv = d.properties["denial"] {
            denial = dv.value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            for code in denial where !RuleFileParser.isDenialCode(code) {
                throw fail(dv.line, dv.column, "'\(code)' is not a CARC code (97, CO-97, CO97, B7; group CO, PR, OA, PI or CR) or RARC code (N362, M15, MA130)")
            }
        }
        rules.append(UserRule(
            id: d.id, name: d.properties["name"]?.value ?? d.id, severity: severity, message: d.properties["message"]?.value ?? "",
            rationale: d.properties["rationale"]?.value ?? "", source: d.properties["source"]?.value ?? "",
            effectiveFrom: from, effectiveThrough: through, statement: statement, examples: d.examples, denialCodes: denial,
            location: d.location, idColumn: d.idColumn))
    }
}

extension String {
    func replacingDots() -> String { String(filter { $0 != "." }) }
}
