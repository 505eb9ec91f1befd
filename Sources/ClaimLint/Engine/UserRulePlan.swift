/// The packs' conditional rules compiled for the engine: indexed by code, so a line meets only
/// the rules whose `code` condition names it (and the few rules without one).
struct UserRulePlan: Sendable {
    let rules: [UserRule]
    let descriptors: [RuleDescriptor]
    /// Rule indices by code (`ProcedureCode.rawValue`): looked up for every line of a group.
    private let byCode: CodeKeyedMap<[Int]>
    let anyCode: [Int]
    /// Rules with `at most N per claim`, evaluated per claim.
    let perClaim: [Int]
    /// Up to how many codes a rule's narrowest code condition is indexed code by code.
    static let indexedCodes = 2_048

    init(_ all: [UserRule]) {
        var rules: [UserRule] = []
        for r in all {
            if case .conditional = r.statement { rules.append(r) }
        }
        self.rules = rules
        descriptors = rules.map(\.descriptor)
        var byCode: [ProcedureCode: [Int]] = [:]
        var anyCode: [Int] = []
        var perClaim: [Int] = []
        for (i, r) in rules.enumerated() {
            guard case .conditional(let conditions, let requirement) = r.statement else { continue }
            if case .atMost(_, true) = requirement {
                perClaim.append(i)
                continue
            }
            // The narrowest code condition indexes the rule; the others are checked per line. A
            // rule whose narrowest condition is wide (a range of thousands of codes) is met by
            // every line and checks it, as one without a code condition does: indexed code by
            // code, 200 rules of 00000-99999 took 15 s and 480 MB.
            let codeSets = conditions.compactMap { c -> CodeSet? in if case .code(let s) = c { s } else { nil } }
            if let smallest = codeSets.min(by: { $0.count < $1.count }), smallest.count <= UserRulePlan.indexedCodes {
                for code in smallest.codes { byCode[code, default: []].append(i) }
            } else {
                anyCode.append(i)
            }
        }
        var map = CodeKeyedMap<[Int]>()
        for (code, indices) in byCode.sorted(by: { $0.key < $1.key }) { map.set(UInt64(code.rawValue), indices) }
        self.byCode = map
        self.anyCode = anyCode
        self.perClaim = perClaim
    }

    var isEmpty: Bool { rules.isEmpty }

    /// Whether a rule looks at ages, places of service or diagnoses, which the batch then keeps.
    var needsDetails: Bool {
        rules.contains { r in
            guard case .conditional(let conditions, let requirement) = r.statement else { return false }
            if case .diagnosis? = requirement { return true }
            return conditions.contains { c in
                switch c {
                case .placeOfService, .diagnosis, .age: true
                default: false
                }
            }
        }
    }

    /// The rules that can apply to a line of this code: those indexed by it, then those
    /// without a code condition (no array is built per line).
    func candidates(_ code: ProcedureCode) -> Candidates {
        Candidates(specific: byCode[UInt64(code.rawValue)] ?? [], anyCode: anyCode)
    }

    struct Candidates: Sequence {
        let specific: [Int]
        let anyCode: [Int]

        struct Iterator: IteratorProtocol {
            let candidates: Candidates
            var i = 0

            mutating func next() -> Int? {
                defer { i += 1 }
                let s = candidates.specific.count
                if i < s { return candidates.specific[i] }
                return i - s < candidates.anyCode.count ? candidates.anyCode[i - s] : nil
            }
        }

        func makeIterator() -> Iterator { Iterator(candidates: self) }
    }
}
