/// The lines whose payment is being asked, one question inside another
/// (`AddonRules.denial(of:excluding:...)`). Whether a line is paid can hang on other lines: a
/// status T code is paid only when no other service is paid that day, an add-on only with a
/// paid primary, and those lines' payment can hang on others in turn (an add-on whose primary
/// is an add-on: 20705, 22854, 63053, 63052, 22632, 22630 in the CMS table). A line that comes
/// round again while its own question is open, as two add-on codes that list each other as
/// primaries do (0836T and 88177), is judged by the edits that ask nothing of other lines, and
/// so is one asked deeper than `capacity` questions: the cycle ends there. Eight lines held
/// inline: no allocation.
struct PaymentAsks: Sendable {
    private var lines: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var count = 0

    /// The deepest the questions go (the CMS add-on chains need 5).
    static let capacity = 8

    /// These questions and `j`'s, for the questions `j`'s asks of other lines; nil when `j`'s is
    /// already open (a cycle) or `capacity` are.
    func opening(_ j: Int32) -> PaymentAsks? {
        guard count < PaymentAsks.capacity else { return nil }
        var next = self
        let open = withUnsafeMutableBytes(of: &next.lines) { raw in
            let lines = raw.bindMemory(to: Int32.self)
            if lines[..<count].contains(j) { return true }
            lines[count] = j
            return false
        }
        if open { return nil }
        next.count += 1
        return next
    }
}
