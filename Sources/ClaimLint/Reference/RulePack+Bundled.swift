extension RulePack {
    /// The bundled pack (`Rules/` at build time): CMS 2024 values for the curated codes, the
    /// counted codes and the CPT add-on rule 37253 with 37252. Compiled into the library.
    public static let bundled: RulePack = {
        do {
            return try RulePack.parse(files: bundledFiles.map { ("Rules/" + $0.name, $0.text) }, origin: "bundled", defaultName: "bundled")
        } catch {
            preconditionFailure("the bundled rule pack does not load: \(error)")
        }
    }()
}
