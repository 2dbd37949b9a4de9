import ArgumentParser
import CrescentPostgres
import CrescentStore
import Foundation

/// `--store LOCATION`, shared by every command that touches the store: a SQLite file, or a
/// PostgreSQL server given as a postgres:// URL; and `--lang`, the language the command speaks.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a file path, or postgres://user@host:port/database for a shared server (default: $CRESCENT_STORE, else ./crescent.db).",
        valueName: "location"))
    var store: String?

    @OptionGroup var languageOption: LanguageOption

    /// The language the command prints in.
    var language: Language { languageOption.language }

    var location: String {
        store ?? ProcessInfo.processInfo.environment["CRESCENT_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "crescent.db"
    }

    /// Whether the store is on a PostgreSQL server.
    var isServer: Bool { PostgresAddress.isStoreURL(location) }

    /// Opens the store, bringing its schema up to date.
    /// Opens the store; from then on "today" is the store's today (in its time zone).
    func open() throws(StoreError) -> any RecordStore {
        let store: any RecordStore = isServer ? try PostgresStore(url: location) : try SQLiteStore.open(at: location)
        StoreTimeZone.makeLocal(try store.timeZone())
        return store
    }

    /// Opens the store and runs `body` on one snapshot of it: a report, KPI or export computed
    /// while others write to a shared store still adds up.
    func consistentRead<T>(_ body: (any RecordStore) throws -> T) throws -> T {
        let store = try open()
        return try store.consistentRead { try body(store) }
    }

    /// Creates the store, or opens it when it exists; a new store gets `baseCurrency` and `timeZone`.
    func create(baseCurrency: String, timeZone: String) throws(StoreError) -> any RecordStore {
        let store: any RecordStore
        if isServer {
            let server = try PostgresStore(url: location)
            try server.initialize(baseCurrency: baseCurrency, timeZone: timeZone)
            store = server
        } else {
            store = try SQLiteStore.create(at: location, baseCurrency: baseCurrency, timeZone: timeZone)
        }
        StoreTimeZone.makeLocal(try store.timeZone())
        return store
    }
}
