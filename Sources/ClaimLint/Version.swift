/// The ClaimLint version.
public enum ClaimLintVersion {
    public static let current = "0.1.0"
}
