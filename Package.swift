// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "GreenPark",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "greenpark", targets: ["greenpark"]),
        .library(name: "GreenParkCore", targets: ["GreenParkCore"]),
        .library(name: "GreenParkFormats", targets: ["GreenParkFormats"]),
        .library(name: "GreenParkStore", targets: ["GreenParkStore"]),
        .library(name: "GreenParkServices", targets: ["GreenParkServices"]),
        .library(name: "GreenParkServer", targets: ["GreenParkServer"]),
        .library(name: "GreenParkMeterCodecs", targets: ["GreenParkMeterCodecs"]),
        .library(name: "GreenParkMetering", targets: ["GreenParkMetering"]),
        .library(name: "GreenParkOptimization", targets: ["GreenParkOptimization"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Pure domain: types and algorithms, no I/O (SHA-256 and Ed25519 are algorithms).
        .target(
            name: "GreenParkCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // COIN-OR Clp and Cbc through their C interfaces (Debian: coinor-libclp-dev, coinor-libcbc-dev).
        .systemLibrary(
            name: "CCoinOR",
            pkgConfig: "cbc",
            providers: [.apt(["coinor-libclp-dev", "coinor-libcbc-dev"])]
        ),
        // Linear programs (schedules, the least-core) solved by Clp, or Cbc when a variable is integer.
        .target(
            name: "GreenParkOptimization",
            dependencies: ["GreenParkCore", "CCoinOR"]
        ),
        // Park file, CSV readers and writers, reports, evidence packs (ZIP).
        .target(
            name: "GreenParkFormats",
            dependencies: [
                "GreenParkCore", "GreenParkMeterCodecs", "GreenParkOptimization",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Resources")]
        ),
        // Store protocol, SQLite (GRDB) and in-memory implementations.
        .target(
            name: "GreenParkStore",
            dependencies: [
                "GreenParkCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Modbus TCP and DL/T 645-2007 frames and values: pure, no I/O.
        .target(
            name: "GreenParkMeterCodecs",
            dependencies: ["GreenParkCore"]
        ),
        // Meter polling on SwiftNIO: connections, pollers, simulated meters for tests and benchmarks.
        .target(
            name: "GreenParkMetering",
            dependencies: [
                "GreenParkCore", "GreenParkFormats", "GreenParkServices", "GreenParkMeterCodecs",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The application layer: one entry point per use case, typed requests and results, on
        // the store protocols (no SQLite, no printing, no exit).
        .target(
            name: "GreenParkServices",
            dependencies: ["GreenParkCore", "GreenParkFormats"]
        ),
        // The demo park built from real public profiles shipped as resources.
        .target(
            name: "GreenParkDemo",
            dependencies: ["GreenParkCore", "GreenParkFormats"],
            resources: [.copy("Data")]
        ),
        // The OpenADR 3.1.0 document (the OpenADR Alliance's, Apache-2.0) generated into types and
        // the server side of the VTN's operations.
        .target(
            name: "GreenParkOpenADR",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            exclude: ["NOTICE", "LICENSE", "SOURCE.md"],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The park's server: REST API (spec-first, openapi.yaml), dashboard, on the services.
        .target(
            name: "GreenParkServer",
            dependencies: [
                "GreenParkCore", "GreenParkFormats", "GreenParkServices", "GreenParkOpenADR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Templates"), .copy("openapi.yaml"), .copy("Static")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The command-line tool: thin, calls the modules above.
        .executableTarget(
            name: "greenpark",
            dependencies: [
                "GreenParkCore", "GreenParkFormats", "GreenParkStore", "GreenParkServices", "GreenParkDemo",
                "GreenParkServer", "GreenParkMetering", "GreenParkMeterCodecs", "GreenParkOptimization",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GreenParkCoreTests",
            dependencies: [
                "GreenParkCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "GreenParkOptimizationTests",
            dependencies: [
                "GreenParkOptimization", "GreenParkCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // The HiGHS peer (Python, scipy) is run from the source tree by path.
            exclude: ["Peers"]
        ),
        .testTarget(
            name: "GreenParkMeterCodecsTests",
            dependencies: [
                "GreenParkMeterCodecs",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GreenParkMeteringTests",
            dependencies: [
                "GreenParkMetering", "GreenParkMeterCodecs", "GreenParkServices", "GreenParkFormats", "GreenParkStore",
                "GreenParkCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Peers"]
        ),
        .testTarget(
            name: "GreenParkFormatsTests",
            dependencies: ["GreenParkFormats", "GreenParkStore", "GreenParkOptimization"]
        ),
        .testTarget(
            name: "GreenParkStoreTests",
            dependencies: ["GreenParkStore", "GreenParkFormats"]
        ),
        .testTarget(
            name: "GreenParkServicesTests",
            dependencies: ["GreenParkServices", "GreenParkCore", "GreenParkFormats", "GreenParkStore", "GreenParkOptimization"]
        ),
        .testTarget(
            name: "GreenParkServerTests",
            dependencies: [
                "GreenParkServer", "GreenParkServices", "GreenParkCore", "GreenParkFormats", "GreenParkStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "GreenParkCLITests",
            dependencies: ["greenpark", "GreenParkCore", "GreenParkStore", "GreenParkFormats", "GreenParkMetering"],
            // Read from the source tree by path (#filePath), not bundled.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
