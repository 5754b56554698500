// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "MiniCRM",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "minicrm", targets: ["minicrm"]),
        .library(name: "PBXProtocol", targets: ["PBXProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.25.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
    ],
    targets: [
        // The wire protocol, both directions, no I/O.
        .target(name: "PBXProtocol"),
        // The CRM's domain and the store boundary: no HTTP, no SQL.
        .target(
            name: "CRMCore",
            dependencies: [
                "PBXProtocol",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // SQLite behind the store boundary.
        .target(
            name: "CRMStore",
            dependencies: [
                "CRMCore", "PBXProtocol",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A large CRM database written straight into CRMStore's schema, for `minicrm bench`.
        .target(
            name: "BenchmarkData",
            dependencies: ["CRMCore", "CRMStore", "PBXProtocol", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The CRM → PBX client.
        .target(
            name: "PBXClient",
            dependencies: [
                "PBXProtocol",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The Hummingbird app: endpoint, JSON API, stream, static UI.
        .target(
            name: "CRMServer",
            dependencies: [
                "CRMCore", "CRMStore", "PBXProtocol", "PBXClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ]
        ),
        // The PBX side: fake PBX, simulator, conformance checks, demo traffic, load.
        .target(
            name: "PBXTools",
            dependencies: [
                "PBXProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Bench/wrk")]
        ),
        .executableTarget(
            name: "minicrm",
            dependencies: [
                "CRMServer", "CRMStore", "BenchmarkData", "PBXTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What every test target needs to run a real MiniCRM: a server on a loopback port, seeded fast.
        .target(
            name: "MiniCRMTesting",
            dependencies: [
                "CRMServer", "CRMStore", "CRMCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/MiniCRMTesting"
        ),
        .testTarget(name: "PBXProtocolTests", dependencies: ["PBXProtocol", "PBXTools", "MiniCRMTesting"]),
        .testTarget(name: "CRMCoreTests", dependencies: ["CRMCore", "PBXProtocol"]),
        .testTarget(
            name: "CRMStoreTests",
            dependencies: [
                "CRMStore", "CRMCore", "PBXProtocol", "BenchmarkData", "MiniCRMTesting", .product(name: "Logging", package: "swift-log"),
                // Its tests see CRMStore's internals, the PostgreSQL engine's among them.
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "PBXToolsTests",
            dependencies: [
                "PBXTools", "PBXProtocol", "CRMServer", "MiniCRMTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CRMServerTests",
            dependencies: [
                "CRMServer", "CRMStore", "CRMCore", "PBXProtocol", "PBXTools", "MiniCRMTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PBXClientTests",
            dependencies: [
                "PBXClient", "PBXTools", "PBXProtocol",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
