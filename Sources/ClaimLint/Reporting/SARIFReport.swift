/// A SARIF 2.1.0 log (OASIS), for code scanning. One run: the tool with every rule of the
/// catalog (id, name, descriptions, help with rationale, source and denial codes, level and
/// whether it is on with the loaded packs), one result per finding, suppressed findings as results with an in-source
/// suppression and its justification, and unreadable input as tool execution notifications.
///
/// Each result has a physical location (the file as the report names it, which the CLI makes
/// relative to the working directory, its line and column in UTF-16 code units, the run's
/// `columnKind`, and for X12 the segment's `byteOffset`/`byteLength`), logical locations for the claim and the service line, and a
/// partial fingerprint of (rule, claim, line, code) that survives reordering the file.
enum SARIFReport {
    static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    static let fingerprintKey = "claimlintFinding/v1"

    static func write(_ report: Report, options: ReportOptions, to out: inout ReportOutput) {
        let members = report.memberIDs(options)
        let ruleIndex = Dictionary(uniqueKeysWithValues: report.rules.enumerated().map { ($1.id, $0) })
        var files = report.files
        var known = Set(files)
        func add(_ file: String) {
            if known.insert(file).inserted { files.append(file) }
        }
        for f in report.findings { add(f.location.file) }
        for s in report.suppressed { add(s.finding.location.file) }
        let artifactIndex = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })

        var w = JSONWriter()
        swap(&w.out, &out)
        defer { swap(&w.out, &out) }
        w.object { w in
            w.field("$schema", schema)
            w.field("version", "2.1.0")
            w.key("runs")
            w.array { w in
                w.object { w in
                    w.key("tool")
                    w.object { w in
                        w.key("driver")
                        w.object { w in
                            w.field("name", "claimlint")
                            w.field("version", options.toolVersion)
                            w.field("semanticVersion", options.toolVersion)
                            w.key("rules")
                            w.array { w in
                                for r in report.rules { w.object { w in rule(r, options, settings: report.settings, &w) } }
                            }
                        }
                    }
                    w.key("invocations")
                    w.array { w in
                        w.object { w in
                            w.field("executionSuccessful", !report.hasUnreadableInput)
                            w.key("toolExecutionNotifications")
                            w.array { w in
                                for d in report.diagnostics { w.object { w in notification(d, artifactIndex, report.utf16Columns, &w) } }
                            }
                        }
                    }
                    w.key("artifacts")
                    w.array { w in
                        for f in files {
                            w.object { w in
                                w.key("location")
                                w.object { w in w.field("uri", uri(f)) }
                            }
                        }
                    }
                    // Regions' columns count UTF-16 code units (a file read from standard input
                    // keeps byte columns: `UTF16Columns`).
                    w.field("columnKind", "utf16CodeUnits")
                    w.key("results")
                    w.array { w in
                        let findings = report.findings
                        w.items(of: findings) { f, w in
                            w.object { w in
                                result(f, ruleIndex: ruleIndex[f.rule], artifactIndex: artifactIndex, member: members[f], report: report, &w)
                            }
                        }
                        for s in report.suppressed {
                            w.object { w in
                                result(s.finding, ruleIndex: ruleIndex[s.finding.rule], artifactIndex: artifactIndex, member: members[s.finding], report: report, &w)
                                w.key("suppressions")
                                w.array { w in
                                    w.object { w in
                                        w.field("kind", "inSource")
                                        w.field("status", "accepted")
                                        w.field("justification", s.reason)
                                        w.key("location")
                                        w.object { w in physicalLocation(s.location, artifactIndex, report.utf16Columns, &w) }
                                    }
                                }
                            }
                        }
                    }
                    w.key("properties")
                    w.object { w in
                        let s = report.summary
                        w.field("files", s.files)
                        w.field("claims", s.claims)
                        w.field("claimsChecked", s.claimsChecked)
                        w.field("claimsRejected", s.claimsRejected)
                        w.field("claimsUnreadable", s.claimsUnreadable)
                        w.field("lines", s.lines)
                        w.field("linesRejected", s.linesRejected)
                        w.field("suppressed", s.suppressed)
                        w.field("baselined", s.baselined)
                        w.field("baselineUnmatched", s.baselineUnmatched)
                    }
                }
            }
        }
        w.out.write("\n")
    }

    /// `addon.primary-missing` -> `AddonPrimaryMissing`: SARIF's name is an identifier.
    static func identifier(_ id: String) -> String {
        id.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// A rule's descriptor. Its `defaultConfiguration` is the run's: the level of its findings
    /// with the loaded packs' `severity:` switches, and `enabled: false` for a rule a pack's
    /// `disable:` turned off.
    static func rule(_ r: RuleDescriptor, _ options: ReportOptions, settings: RuleSettings, _ w: inout JSONWriter) {
        w.field("id", r.id)
        w.field("name", identifier(r.id))
        w.key("shortDescription")
        w.object { w in w.field("text", r.name) }
        w.key("fullDescription")
        w.object { w in w.field("text", r.summary) }
        var text = "\(r.summary)\n\nWhy: \(r.rationale)\nSource: \(r.source)"
        var markdown = "\(r.summary)\n\n**Why:** \(r.rationale)\n\n**Source:** \(r.source)"
        if !r.denialCodes.isEmpty {
            text += "\nDenial codes: \(options.denialCodes.describe(r.denialCodes))"
            markdown += "\n\n**Denial codes:** \(options.denialCodes.describe(r.denialCodes))"
        }
        w.key("help")
        w.object { w in
            w.field("text", text)
            w.field("markdown", markdown)
        }
        w.key("defaultConfiguration")
        w.object { w in
            if settings.isDisabled(r.id) { w.field("enabled", false) }
            w.field("level", settings.severity(of: r).sarifLevel)
        }
        w.key("properties")
        w.object { w in
            w.field("tags", strings: ["claims", r.family])
            w.field("denialCodes", strings: r.denialCodes)
        }
    }

    static func result(_ f: Finding, ruleIndex: Int?, artifactIndex: [String: Int], member: String?, report: Report, _ w: inout JSONWriter) {
        w.field("ruleId", f.rule)
        if let ruleIndex { w.field("ruleIndex", ruleIndex) }
        w.field("level", f.severity.sarifLevel)
        w.key("message")
        w.object { w in
            w.key("text")
            w.string { s in
                s.write("Claim ")
                s.writeJSONEscaped(f.claimID)
                s.write(" line ")
                s.write(f.line)
                s.write(": ")
                s.writeJSONEscaped(f.message)
            }
        }
        w.key("locations")
        w.array { w in
            w.object { w in
                physicalLocation(f.location, artifactIndex, report.utf16Columns, &w)
                w.key("logicalLocations")
                w.array { w in
                    w.object { w in
                        w.field("name", f.claimID)
                        w.field("fullyQualifiedName", f.claimID)
                        w.field("kind", "claim")
                        if let member {
                            w.key("properties")
                            w.object { w in w.field("memberId", member) }
                        }
                    }
                    w.object { w in
                        w.key("name")
                        w.string { s in
                            s.write("line ")
                            s.write(f.line)
                        }
                        w.key("fullyQualifiedName")
                        w.string { s in
                            s.writeJSONEscaped(f.claimID)
                            s.write("/line ")
                            s.write(f.line)
                        }
                        w.field("kind", "serviceLine")
                    }
                }
            }
        }
        w.key("partialFingerprints")
        w.object { w in w.field(fingerprintKey, Baseline.fingerprint(rule: f.rule, claimID: f.claimID, line: f.line, code: f.code.text)) }
        w.key("properties")
        w.object { w in
            w.field("claim", f.claimID)
            w.field("serviceLine", f.line)
            w.field("code", f.code.text)
            w.field("denialCodes", strings: report.descriptor(f.rule)?.denialCodes ?? [])
        }
    }

    /// `columns`: the region's column is in UTF-16 code units, the run's `columnKind`.
    static func physicalLocation(_ l: SourceLocation, _ artifactIndex: [String: Int], _ columns: UTF16Columns, _ w: inout JSONWriter) {
        w.key("physicalLocation")
        w.object { w in
            w.key("artifactLocation")
            w.object { w in
                w.field("uri", uri(l.file))
                if let i = artifactIndex[l.file] { w.field("index", i) }
            }
            guard l.line >= 1 else { return }
            w.key("region")
            w.object { w in
                w.field("startLine", l.line)
                if l.column >= 1 { w.field("startColumn", columns.column(of: l)) }
                // X12 files are often one physical line: the segment's offset pins it down.
                if let o = l.byteOffset { w.field("byteOffset", o) }
                if let n = l.byteLength, l.byteOffset != nil { w.field("byteLength", n) }
            }
        }
    }

    static func notification(_ d: Diagnostic, _ artifactIndex: [String: Int], _ columns: UTF16Columns, _ w: inout JSONWriter) {
        w.key("descriptor")
        w.object { w in w.field("id", d.id) }
        w.field("level", d.severity.sarifLevel)
        w.key("message")
        w.object { w in w.field("text", d.message) }
        if let l = d.location {
            w.key("locations")
            w.array { w in w.object { w in physicalLocation(l, artifactIndex, columns, &w) } }
        }
        if d.count != 1 {
            w.key("properties")
            w.object { w in w.field("count", d.count) }
        }
    }

    /// A relative URI reference for a path: unreserved characters and `/` as they are, the
    /// rest percent-encoded as UTF-8 (so `:` cannot read as a scheme, nor `#` as a fragment).
    static func uri(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
