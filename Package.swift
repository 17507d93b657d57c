// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Laurel",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "laurel", targets: ["LaurelCLI"]),
        .library(name: "CredentialKit", targets: ["CredentialKit"]),
        .library(name: "CredentialVerifier", targets: ["CredentialVerifier"]),
        .library(name: "CredentialIssuer", targets: ["CredentialIssuer"]),
        .library(name: "CredentialServer", targets: ["CredentialServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // OpenSSL's libcrypto. Imported by CredentialKit only (internal import).
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // zlib, for the GZIP inside Bitstring Status Lists. Imported by CredentialKit only.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "CredentialKit",
            dependencies: ["COpenSSL", "CZlib"],
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(
            name: "CredentialVerifier",
            dependencies: ["CredentialKit"]
        ),
        .target(
            name: "CredentialIssuer",
            dependencies: [
                "CredentialKit", "CredentialVerifier",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // `laurel serve`: the issuer's public documents, the verification API and page (Hummingbird 2).
        .target(
            name: "CredentialServer",
            dependencies: [
                "CredentialKit", "CredentialVerifier", "CredentialIssuer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "LaurelCLI",
            dependencies: [
                "CredentialKit", "CredentialVerifier", "CredentialIssuer", "CredentialServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "LaurelBenchmarks",
            dependencies: ["CredentialKit", "CredentialIssuer", "CredentialVerifier"]
        ),
        // Examples for embedders: Laurel's public API only, built by `swift build`, run by a test.
        .executableTarget(name: "IssueCredentialsExample", dependencies: ["CredentialIssuer", "CredentialKit"],
                          path: "Examples/IssueCredentials"),
        .executableTarget(name: "VerifyCredentialExample", dependencies: ["CredentialVerifier", "CredentialKit"],
                          path: "Examples/VerifyCredential"),
        .testTarget(name: "CredentialKitTests", dependencies: ["CredentialKit"]),
        .testTarget(name: "CredentialVerifierTests", dependencies: ["CredentialVerifier", "CredentialIssuer"]),
        .testTarget(name: "CredentialIssuerTests", dependencies: ["CredentialIssuer", "CredentialVerifier"]),
        .testTarget(name: "CredentialServerTests", dependencies: [
            "CredentialServer", "CredentialIssuer", "CredentialVerifier",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        .testTarget(name: "LaurelCLITests", dependencies: ["LaurelCLI", "IssueCredentialsExample", "VerifyCredentialExample"]),
    ]
)
