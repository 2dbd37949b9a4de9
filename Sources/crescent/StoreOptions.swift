import ArgumentParser
import CrescentPostgres
import CrescentStore
import Foundation

/// `--store LOCATION`, shared by every command that touches the store: a SQLite file, or a
/// PostgreSQL server given as a postgres:// URL.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a file path, or postgres://user@host:port/database for a shared server (default: $CRESCENT_STORE, else ./crescent.db).",
        valueName: "location"))
    var store: String?

    var location: String {
        store ?? ProcessInfo.processInfo.environment["CRESCENT_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "crescent.db"
    }

    /// Whether the store is on a PostgreSQL server.
    var isServer: Bool { PostgresAddress.isStoreURL(location) }

    /// Opens the store, bringing its schema up to date.
    func open() throws(StoreError) -> any RecordStore {
        isServer ? try PostgresStore(url: location) : try SQLiteStore.open(at: location)
    }

    /// Opens the store and runs `body` on one snapshot of it: a report, KPI or export computed
    /// while others write to a shared store still adds up.
    func consistentRead<T>(_ body: (any RecordStore) throws -> T) throws -> T {
        let store = try open()
        return try store.consistentRead { try body(store) }
    }

    /// Creates the store, or opens it when it exists; a new store gets `baseCurrency`.
    func create(baseCurrency: String) throws(StoreError) -> any RecordStore {
        guard isServer else { return try SQLiteStore.create(at: location, baseCurrency: baseCurrency) }
        let store = try PostgresStore(url: location)
        try store.initialize(baseCurrency: baseCurrency)
        return store
    }
}
