// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Crescent",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "crescent", targets: ["crescent"]),
        .library(name: "LuaKit", targets: ["LuaKit"]),
        .library(name: "CrescentStore", targets: ["CrescentStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // Debian's liblua5.4 (apt: liblua5.4-dev), found through pkg-config.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // Lua's function-like macros as functions, error trampolines, limits and sandbox.
        .systemLibrary(
            name: "CEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Debian's libzip and libxml2 (apt: libzip-dev, libxml2-dev): workbooks are ZIP archives of XML parts.
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CXML", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "CLuaBridge", dependencies: ["CLua"]),
        .target(name: "LuaKit", dependencies: ["CLuaBridge"]),
        // The catalogs of every text people read, in each language, and the messages that use them.
        .target(name: "CrescentText"),
        // Excel workbooks (.xlsx) read as streams of typed cells, and written.
        .target(name: "CrescentWorkbook", dependencies: ["CrescentText", "CZip", "CXML"]),
        .target(name: "CrescentStore", dependencies: [
            "CrescentText", "CrescentWorkbook",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .target(name: "CrescentPostgres", dependencies: [
            "CrescentStore",
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Statistics without any CRM: special functions, an optimiser, the buy-till-you-die models.
        .target(name: "CrescentStatistics", dependencies: [.product(name: "RealModule", package: "swift-numerics")]),
        .target(name: "CrescentCore", dependencies: ["CrescentStore", "CrescentStatistics"]),
        .target(name: "CrescentReport", dependencies: ["CrescentCore", "CrescentStore", "CrescentText", "CrescentWorkbook"]),
        .target(name: "CrescentScript", dependencies: ["LuaKit", "CrescentCore", "CrescentReport", "CrescentStore"]),
        // Notifications to chat groups' robots (WeCom, DingTalk, Feishu) and webhooks, from the store's outbox.
        .target(name: "CrescentNotify", dependencies: [
            "CrescentReport", "CrescentStore", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The web workbench: the reports and results as pages, served by Hummingbird.
        .target(name: "CrescentWeb", dependencies: [
            "CrescentScript", "CrescentReport", "CrescentStore", "LuaKit", .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        // The schedule of crescent.toml: what runs when, each slot exactly once.
        .target(name: "CrescentSchedule", dependencies: [
            "CrescentScript", "CrescentNotify", "CrescentCore", "CrescentReport", "CrescentStore", .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(
            name: "crescent",
            dependencies: [
                "CrescentScript", "CrescentNotify", "CrescentSchedule", "CrescentWeb", "CrescentCore", "CrescentReport", "CrescentStore", "CrescentPostgres", "CrescentWorkbook", "CEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(name: "crescent-bench", dependencies: ["CrescentCore", "CrescentStore", "LuaKit", "CLuaBridge"], path: "benchmarks/crescent-bench"),
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit"]),
        .testTarget(name: "CrescentWorkbookTests", dependencies: ["CrescentWorkbook", "CrescentTestSupport"]),
        .target(name: "CrescentTestSupport", dependencies: ["CrescentPostgres", "CrescentStore"], path: "Tests/TestSupport"),
        .testTarget(name: "CrescentStoreTests", dependencies: [
            "CrescentStore", "CrescentPostgres", "CrescentTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CrescentStatisticsTests", dependencies: ["CrescentStatistics"]),
        .testTarget(name: "CrescentCoreTests", dependencies: ["CrescentCore", "CrescentStore", "CrescentTestSupport"]),
        .testTarget(name: "CrescentReportTests", dependencies: ["CrescentReport", "CrescentText", "CrescentTestSupport"]),
        .testTarget(name: "CrescentPostgresTests", dependencies: [
            "CrescentPostgres", "CrescentStore", "CrescentCore", "CrescentTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CrescentScheduleTests", dependencies: ["CrescentSchedule", "CrescentStore", "CrescentTestSupport"]),
        .testTarget(name: "CrescentScriptTests", dependencies: ["CrescentScript", "CrescentStore", "CrescentTestSupport"]),
        .testTarget(name: "crescentTests", dependencies: ["crescent", "CrescentPostgres", "CrescentTestSupport"]),
    ]
)
