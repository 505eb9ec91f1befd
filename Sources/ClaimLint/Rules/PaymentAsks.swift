/// The lines whose payment is being asked, one question inside another
/// (`AddonRules.denial(of:at:excluding:...)`), by their places in the run of their patient,
/// provider and date (every line asked is one of that run). Whether a line is paid can hang on
/// other lines: a status T code is paid only when no other service is paid that day, an add-on
/// only with a paid primary, and those lines' payment can hang on others in turn (an add-on
/// whose primary is an add-on: 20705, 22854, 63053, 63052, 22632, 22630 in the CMS table). A
/// line that comes round again while its own question is open, as two add-on codes that list
/// each other as primaries do (0836T and 88177), is judged by the edits that ask nothing of
/// other lines, and so is one asked deeper than `capacity` questions: the cycle ends there.
/// Eight lines held inline: no allocation.
struct PaymentAsks: Sendable {
    private var places: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many questions are open.
    private(set) var count = 0

    /// The deepest the questions go (the CMS add-on chains need 5).
    static let capacity = 8

    /// These questions and that of the line at `place`, for the questions it asks of other
    /// lines; nil when its question is already open (a cycle) or `capacity` are.
    func opening(_ place: Int32) -> PaymentAsks? {
        guard count < PaymentAsks.capacity, !contains(place) else { return nil }
        var next = self
        withUnsafeMutableBytes(of: &next.places) { $0.bindMemory(to: Int32.self)[count] = place }
        next.count += 1
        return next
    }

    /// Whether the question of the line at `place` is open.
    func contains(_ place: Int32) -> Bool {
        withUnsafeBytes(of: places) { $0.bindMemory(to: Int32.self)[..<count].contains(place) }
    }

    /// The place of the `k`th open question (`k` < `count`).
    subscript(k: Int) -> Int32 {
        withUnsafeBytes(of: places) { $0.load(fromByteOffset: k * MemoryLayout<Int32>.stride, as: Int32.self) }
    }
}
