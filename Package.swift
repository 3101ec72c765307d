// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyCore", targets: ["ParleyCore"]),
        .library(name: "ParleyPostgres", targets: ["ParleyPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.1.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // The C library boundary: Debian's libpq, found through pkg-config.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        // The domain: articles, threads, moderation decisions. No HTTP, no CLI, no SQL.
        .target(
            name: "ParleyCore",
            dependencies: [
                "ParleyRender",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // Text normalization (RULES.md's eight steps, with a map back to the original) and the
        // one-pass matchers for word lists and phrases. Pure Swift, no dependencies.
        .target(
            name: "ParleyText",
            swiftSettings: swiftSettings
        ),

        // Safe rendering of comment bodies: a Markdown subset to HTML that can never run code.
        .target(name: "ParleyRender", swiftSettings: swiftSettings),

        // RE2 (Debian's libre2-dev) behind a small C interface: linear-time regular expressions.
        .target(
            name: "CRE2",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: [.linkedLibrary("re2"), .linkedLibrary("stdc++")]
        ),

        // The rules engine of RULES.md: loading, conditions, decisions, censoring.
        .target(
            name: "ParleyModeration",
            dependencies: [
                "ParleyCore",
                "ParleyText",
                "CRE2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // SQLite (Debian's libsqlite3-dev), to read Isso's database for imports.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        // Export and import of discussions: every format, streamed; Importer/Exporter types.
        .target(
            name: "ParleyExchange",
            dependencies: [
                "ParleyCore",
                "ParleyRender",
                "CSQLite",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Storage: the only place that speaks libpq and SQL, plus the embedded cluster.
        .target(
            name: "ParleyPostgres",
            dependencies: [
                "CLibPQ",
                "ParleyCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedMigrationsPlugin"]
        ),

        // Webhook delivery over HTTP (async-http-client): the sender the outbox dispatcher calls.
        .target(
            name: "ParleyWebhooks",
            dependencies: [
                "ParleyCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Email: RFC 5322 messages (text and HTML parts, RFC 2047 headers), signed one-click
        // unsubscribe links, delivery through Debian's msmtp, and the loop that sends the queue.
        .target(
            name: "ParleyMail",
            dependencies: [
                "ParleyCore",
                "ParleyRender",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // Reader sign-in: verifying the newsroom's JWTs (jwt-kit) against the configured keys.
        .target(
            name: "ParleySignIn",
            dependencies: [
                "ParleyCore",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // The HTTP API of API.md over Hummingbird 2: a thin layer over the core and storage.
        .target(
            name: "ParleyHTTP",
            dependencies: [
                "ParleyCore",
                "ParleyRender",
                "ParleyExchange",
                "ParleyModeration",
                "ParleyPostgres",
                "ParleySignIn",
                "ParleyMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The reader's embed (embed.js, embed.css) and the demo page, served as they are.
            resources: [.copy("Embed")],
            swiftSettings: swiftSettings
        ),

        // The `parley` command line, as a library so tests can drive it in-process.
        .target(
            name: "ParleyCLI",
            dependencies: [
                "ParleyCore",
                "ParleyModeration",
                "ParleyPostgres",
                "ParleyHTTP",
                "ParleyExchange",
                "ParleySignIn",
                "ParleyWebhooks",
                "ParleyMail",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "parley",
            dependencies: ["ParleyCLI"],
            swiftSettings: swiftSettings
        ),

        // Build-time embedding of sql/*.sql so an installed binary can migrate on its own.
        .executableTarget(name: "MigrationEmbedder", swiftSettings: swiftSettings),
        .plugin(
            name: "EmbedMigrationsPlugin",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"],
            path: "Sources/EmbedMigrationsPlugin"
        ),

        // Test support: a throwaway PostgreSQL cluster per test process.
        .target(
            name: "ParleyTestSupport",
            dependencies: [
                "ParleyCore", "ParleyPostgres",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/ParleyTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyCoreTests",
            dependencies: ["ParleyCore", "ParleyTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyTextTests",
            dependencies: ["ParleyText"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ParleyRenderTests", dependencies: ["ParleyRender"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ParleyModerationTests",
            dependencies: ["ParleyCore", "ParleyModeration", "ParleyText", "ParleyPostgres", "ParleyTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyPostgresTests",
            dependencies: ["ParleyCore", "ParleyModeration", "ParleyPostgres", "ParleyRender", "ParleyTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyExchangeTests",
            dependencies: ["ParleyExchange", "ParleyCore", "ParleyModeration", "ParleyPostgres", "ParleyTestSupport"],
            resources: [.copy("Fixtures"), .copy("Golden")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyHTTPTests",
            dependencies: [
                "ParleyHTTP", "ParleyCore", "ParleyModeration", "ParleyPostgres", "ParleyTestSupport", "ParleyWebhooks", "ParleyMail",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyWebhooksTests",
            dependencies: ["ParleyWebhooks", "ParleyCore", "ParleyPostgres", "ParleyTestSupport",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleySignInTests",
            dependencies: [
                "ParleySignIn", "ParleyCore", "ParleyTestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyMailTests",
            dependencies: ["ParleyMail", "ParleyCore", "ParleyPostgres", "ParleyTestSupport", .product(name: "Logging", package: "swift-log")],
            // The SMTP sink the tests start (Python's aiosmtpd, in .build/mail-venv).
            exclude: ["Support/smtp_sink.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyCLITests",
            dependencies: ["ParleyCLI", "ParleyCore", "ParleyModeration", "ParleyPostgres", "ParleyTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
