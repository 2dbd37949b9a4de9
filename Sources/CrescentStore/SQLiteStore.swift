import Foundation
import GRDB

/// The embedded default store: one SQLite file in WAL mode.
///
/// All SQL of the product lives in this module, behind domain-level operations,
/// so another backend can be added beside it.
public final class SQLiteStore: Sendable {
    let queue: DatabaseQueue
    public let path: String

    private init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .failure("cannot open store \(path): \(error)")
        }
    }

    /// Creates a store at `path` (or upgrades an existing one) with the given base currency.
    public static func create(at path: String, baseCurrency: String = "USD") throws(StoreError) -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        try store.migrate()
        try store.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO meta(key, value) VALUES ('base_currency', ?)", arguments: [baseCurrency])
        }
        return store
    }

    /// Opens an existing store, bringing its schema up to date.
    public static func open(at path: String) throws(StoreError) -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .missingInput("no store at \(path): create one with `crescent init` (or `crescent demo`), or pass --store")
        }
        let store = try SQLiteStore(path: path)
        try store.migrate()
        return store
    }

    private func migrate() throws(StoreError) {
        do {
            try Migrations.migrator.migrate(queue)
        } catch {
            throw .failure("cannot prepare store \(path): \(error)")
        }
    }

    /// The currency all amounts are reported in.
    public func baseCurrency() throws(StoreError) -> String {
        try meta("base_currency") ?? "USD"
    }

    public func meta(_ key: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// Custom field names seen on imports of `entity`, sorted.
    public func customFields(of entity: Entity) throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT name FROM custom_fields WHERE entity = ? ORDER BY name", arguments: [entity.rawValue])
        }
    }

    // MARK: Access with errors mapped to StoreError

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try mappingErrors { try queue.read(body) }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try mappingErrors { try queue.write(body) }
    }

    /// Runs `body` in one transaction, committed only when it says so.
    func writeTransaction<T>(_ body: (Database) throws -> (T, commit: Bool)) throws(StoreError) -> T {
        try mappingErrors {
            var result: T?
            try queue.writeWithoutTransaction { db in
                try db.inTransaction {
                    let (value, commit) = try body(db)
                    result = value
                    return commit ? .commit : .rollback
                }
            }
            return result!
        }
    }

    private func mappingErrors<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .failure("store \(path): \(error)")
        }
    }
}
