import CrescentStore
import Foundation
import PostgresNIO

/// The record store on a PostgreSQL server, for teams that share one store: the same tables and
/// behaviour as the SQLite store, bulk imports through COPY, aggregates computed by the server.
/// One connection, used by one owner at a time.
public final class PostgresStore: @unchecked Sendable {
    let link: PostgresLink

    /// Connects to the server at `url` and brings its schema up to date.
    public init(url: String) throws(StoreError) {
        guard let address = PostgresAddress(url: url) else {
            throw .usage(Message("postgres.bad_url", ["url": url]))
        }
        guard PostgresAddress.sslModes.contains(address.sslMode) else {
            throw .usage(Message("postgres.bad_sslmode", ["mode": address.sslMode, "modes": PostgresAddress.sslModes.joined(separator: ", ")]))
        }
        link = try PostgresLink(address)
        try Migrations.migrate(database)
    }

    public var location: String { link.address.description }

    /// The schema migrations applied to this store, in order.
    public func migrations() throws(StoreError) -> [String] { try Migrations.applied(database) }

    /// Sets the base currency and time zone of a store that has none yet (a new store); returns the store's currency.
    @discardableResult
    public func initialize(baseCurrency: String, timeZone: String = "UTC") throws(StoreError) -> String {
        try link.query("INSERT INTO meta(key, value) VALUES ('timezone', $1) ON CONFLICT (key) DO NOTHING", [timeZone])
        try link.query("INSERT INTO meta(key, value) VALUES ('base_currency', $1) ON CONFLICT (key) DO NOTHING", [baseCurrency])
        return try self.baseCurrency()
    }

    public func baseCurrency() throws(StoreError) -> String {
        guard let currency = try meta("base_currency") else { throw .failure(Message("store.no_currency", ["store": location])) }
        return currency
    }

    public func meta(_ key: String) throws(StoreError) -> String? {
        try link.query("SELECT value FROM meta WHERE key = $1", [key]).first.flatMap { try? $0.decode(String.self) }
    }

    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try link.query("INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
    }

    public func consistentRead<T>(_ body: () throws -> T) throws -> T { try link.snapshot(body) }

    /// One connection, shared by every thread.
    public var readsBesideWrites: Bool { false }

    public func transaction<T>(_ body: () throws -> (T, commit: Bool)) throws -> T { try link.transaction(body) }

    /// Removes every record, run, target and alert, and the base currency (for `crescent demo`).
    public func erase() throws(StoreError) {
        let tables = Entity.allCases.map(\.rawValue) + ["segment_runs", "segment_members", "alerts", "custom_fields", "meta",
                                                   "change_runs", "record_changes", "record_creates", "notifications", "schedule_runs",
                                                   "forecast_adjustments", "clv_models", "forecast_snapshots"]
        try link.query("TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY")
    }

    /// Custom field names seen on imports of `entity`, sorted.
    public func customFields(of entity: Entity) throws(StoreError) -> [String] {
        try link.query("SELECT name FROM custom_fields WHERE entity = $1 ORDER BY name", [entity.rawValue]).compactMap { try? $0.decode(String.self) }
    }
}

extension PostgresStore: RecordStore {}

/// Databases on a server, for tests and benchmarks that want a store of their own.
extension PostgresStore {
    /// Creates an empty database `name` on the server of `url` and returns the URL of a store there.
    public static func createDatabase(_ name: String, on url: String) throws(StoreError) -> String {
        let address = try serverAddress(url, database: name)
        try PostgresLink(address).query("CREATE DATABASE \(name)")
        return "postgres://\(address.user)\(address.password.map { ":" + $0 } ?? "")@\(address.host):\(address.port)/\(name)"
    }

    /// Drops database `name` on the server of `url`, closing its connections.
    public static func dropDatabase(_ name: String, on url: String) throws(StoreError) {
        try PostgresLink(try serverAddress(url, database: name)).query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private static func serverAddress(_ url: String, database name: String) throws(StoreError) -> PostgresAddress {
        guard let address = PostgresAddress(url: url), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .usage(Message("postgres.bad_database", ["database": name, "url": url]))
        }
        return address
    }
}
