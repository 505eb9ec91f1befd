// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ClaimLint",
    products: [
        .library(name: "ClaimLint", targets: ["ClaimLint"]),
        .executable(name: "claimlint", targets: ["ClaimLintCommand"]),
        .executable(name: "claimlint-bench", targets: ["ClaimLintBench"]),
    ],
    targets: [
        .target(name: "ClaimLint"),
        .executableTarget(name: "ClaimLintCommand", dependencies: ["ClaimLint"]),
        // Benchmark: `swift run -c release claimlint-bench` (not part of `swift test`).
        .executableTarget(name: "ClaimLintBench", dependencies: ["ClaimLint"], path: "Sources/ClaimLintBench"),
        .testTarget(name: "ClaimLintTests", dependencies: ["ClaimLint"]),
    ],
    swiftLanguageModes: [.v6]
)
