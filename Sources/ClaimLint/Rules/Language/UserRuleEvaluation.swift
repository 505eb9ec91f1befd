import Foundation

/// Evaluates the packs' conditional rules: on each line where a rule's conditions hold and its
/// requirement is not met, the rule's finding with its message.
enum UserRuleEvaluation {
    static func check(group: EntryRun, plan: UserRulePlan, index: BatchIndex, sink: inout FindingSink) {
        // Each run is in batch order (`BatchIndex.forEachDate`).
        index.forEachDate(in: group) { run in
            var totals: [Int: Units] = [:]
            var reported: Set<Int> = []
            for i in run {
                let e = index.entries[Int(i)]
                for r in plan.candidates(e.code) {
                    let rule = plan.rules[r]
                    guard case .conditional(let conditions, let requirement) = rule.statement,
                          rule.inForce(on: e.date), holds(conditions, e, index)
                    else { continue }
                    switch requirement {
                    case nil:
                        emit(plan, r, e, index, &sink)
                    case .diagnosis(let patterns):
                        if !lineDiagnoses(e, index).contains(where: patterns.matches) { emit(plan, r, e, index, &sink, detail: "none of its diagnoses is in \(patterns.text)") }
                    case .modifier(let mods):
                        if !e.modifiers.containsAny(of: mods) { emit(plan, r, e, index, &sink) }
                    case .with(let codes):
                        let found = run.contains { j in j != i && codes.contains(index.entries[Int(j)].code) }
                        if !found { emit(plan, r, e, index, &sink) }
                    case .never(let codes, let unless):
                        let conflict = run.first { j in
                            let f = index.entries[Int(j)]
                            return j != i && codes.contains(f.code) && !e.modifiers.containsAny(of: unless) && !f.modifiers.containsAny(of: unless)
                        }
                        if let j = conflict {
                            let other = index.entries[Int(j)]
                            emit(plan, r, e, index, &sink, detail: "billed with \(describe(other)) (claim \(index.claimID(of: other)) line \(index.number(of: other)))")
                        }
                    case .atMost(let limit, _):
                        guard !reported.contains(r) else { continue }
                        let total = totals[r, default: .zero] + index.units(of: e)
                        totals[r] = total
                        if total > limit {
                            reported.insert(r)
                            emit(plan, r, e, index, &sink, detail: "\(total) units on \(e.date.iso), at most \(limit)")
                        }
                    }
                }
            }
        }
    }

    /// `at most N per claim` rules.
    static func check(claim c: Int, plan: UserRulePlan, index: BatchIndex, sink: inout FindingSink) {
        for r in plan.perClaim {
            let rule = plan.rules[r]
            guard case .conditional(let conditions, .atMost(let limit, _)?) = rule.statement else { continue }
            var total = Units.zero
            for e in index.entries(ofClaim: c) where rule.inForce(on: e.date) && holds(conditions, e, index) {
                total = total + index.units(of: e)
                if total > limit {
                    emit(plan, r, e, index, &sink, detail: "\(total) units on this claim, at most \(limit)")
                    break
                }
            }
        }
    }

    static func holds(_ conditions: [UserRule.Condition], _ e: LineEntry, _ index: BatchIndex) -> Bool {
        for c in conditions {
            switch c {
            case .code(let set):
                if !set.contains(e.code) { return false }
            case .placeOfService(let set):
                guard let pos = index.details[index.position(of: e)].placeOfService, set.contains(pos) else { return false }
            case .modifier(let set):
                if !e.modifiers.containsAny(of: set) { return false }
            case .diagnosis(let patterns):
                if !lineDiagnoses(e, index).contains(where: patterns.matches) { return false }
            case .age(let cmp, let years):
                guard let age = index.claimDetails[Int(e.claim)].age(on: e.date), cmp.holds(age, years) else { return false }
            case .units(let cmp, let u):
                if !cmp.holds(index.units(of: e), u) { return false }
            }
        }
        return true
    }

    /// The diagnoses a line points to, else all the claim's.
    static func lineDiagnoses(_ e: LineEntry, _ index: BatchIndex) -> [DiagnosisCode] {
        let claim = index.claimDetails[Int(e.claim)]
        let pointers = index.details[index.position(of: e)].diagnosisPointers
        guard !pointers.isEmpty else { return claim.diagnoses }
        return pointers.compactMap { $0 >= 1 && $0 <= claim.diagnoses.count ? claim.diagnoses[$0 - 1] : nil }
    }

    private static func emit(_ plan: UserRulePlan, _ r: Int, _ e: LineEntry, _ index: BatchIndex, _ sink: inout FindingSink, detail: String? = nil) {
        let template = plan.rules[r].message, source = plan.rules[r].source, units = index.units(of: e)
        sink.emit(plan.descriptors[r], e) {
            var message = template
                .replacingOccurrences(of: "{code}", with: e.code.text)
                .replacingOccurrences(of: "{units}", with: units.description)
                .replacingOccurrences(of: "{date}", with: e.date.iso)
            message = "\(describe(e)): " + message
            if let detail { message += " (\(detail))" }
            if !source.isEmpty { message += " [source: \(source)]" }
            return message
        }
    }
}
