// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ClaimLint",
    products: [
        .library(name: "ClaimLint", targets: ["ClaimLint"]),
        .executable(name: "claimlint", targets: ["ClaimLintCommand"]),
    ],
    targets: [
        .target(name: "ClaimLint"),
        .executableTarget(name: "ClaimLintCommand", dependencies: ["ClaimLint"]),
        .testTarget(name: "ClaimLintTests", dependencies: ["ClaimLint"]),
    ],
    swiftLanguageModes: [.v6]
)
