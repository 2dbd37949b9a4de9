import Foundation
import GRDB
import GRDBSQLite

/// The embedded default store: one SQLite file in WAL mode, written through one connection and
/// read through a pool of others, each read a snapshot of its own.
///
/// All SQL of the product lives in this module, behind domain-level operations,
/// so another backend can be added beside it.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// How long a write waits for another process's write to the same file to end.
    let lockWait: TimeInterval
    /// False for a rep's view of the store: kept columns hold every record (KeptColumns).
    let keepsColumns: Bool
    /// Kept columns derived inside a `consistentRead`, saved when it ends.
    let pendingKeeps = PendingKeeps()
    /// Writes open on the store in this process: a keep from another thread gives up rather than
    /// wait for them, for the writer may be waiting for that thread (a segment run saved as it is evaluated).
    let openWrites = OpenWrites()

    /// How much of the file is read through memory mapping: 4 GiB, a store of several million orders.
    static let mappedBytes = 1 << 32

    /// A minute: an import of a million rows takes a quarter of that.
    public static let defaultLockWait: TimeInterval = 60

    private init(path: String, lockWait: TimeInterval, visibleTo person: (rep: String, login: String)? = nil) throws(StoreError) {
        self.path = path
        self.lockWait = lockWait
        keepsColumns = person == nil
        var configuration = Configuration()
        configuration.busyMode = .timeout(lockWait)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")  // the pool puts the file in WAL mode
            // Pages read from the system's cache in place, not copied by a read() each time a query
            // visits them: a page's KPIs revisit the same order pages many times.
            try db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)")
            if let person { try SQLiteVisibility.install(db, rep: person.rep, login: person.login) }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .failure(Message("store.cannot_open", ["store": path, "reason": "\(error)"]))
        }
    }

    /// Creates a store at `path` (or upgrades an existing one) with the given base currency and
    /// time zone (an existing store keeps its own).
    public static func create(at path: String, baseCurrency: String = "USD", timeZone: String = "UTC") throws(StoreError) -> SQLiteStore {
        let store = try SQLiteStore(path: path, lockWait: defaultLockWait)
        try store.migrate()
        try store.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO meta(key, value) VALUES ('base_currency', ?)", arguments: [baseCurrency])
            try db.execute(sql: "INSERT OR IGNORE INTO meta(key, value) VALUES ('timezone', ?)", arguments: [timeZone])
        }
        return store
    }

    /// Opens an existing store, bringing its schema up to date; a write waits up to `lockWait`
    /// seconds for another process's write to end, then fails with `.conflict`.
    public static func open(at path: String, lockWait: TimeInterval = defaultLockWait) throws(StoreError) -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .missingInput(Message("store.none", ["store": path]))
        }
        let store = try SQLiteStore(path: path, lockWait: lockWait)
        try store.migrate()
        return store
    }

    /// The store at `path` as the rep `rep` (signed in as `login`) sees it: their records and their
    /// teams', as on the server (RowVisibility). The store must be up to date (opened once as itself).
    public static func open(at path: String, visibleTo rep: String, login: String) throws(StoreError) -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .missingInput(Message("store.none", ["store": path]))
        }
        let store = try SQLiteStore(path: path, lockWait: defaultLockWait, visibleTo: (rep, login))
        guard try store.migrations().count == Migrations.all.count else {
            throw .failure(Message("store.cannot_prepare", ["store": path, "reason": Message("store.not_up_to_date")]))
        }
        return store
    }

    /// A store at `path` migrated only up to `last`: for tests of stores older versions made.
    static func migrated(at path: String, upTo last: String) throws(StoreError) -> SQLiteStore {
        let store = try SQLiteStore(path: path, lockWait: defaultLockWait)
        try Migrations.migrate(store.database, upTo: last)
        return store
    }

    private func migrate() throws(StoreError) {
        do throws(StoreError) {
            try Migrations.migrate(database)
        } catch {
            throw .failure(Message("store.cannot_prepare", ["store": path, "reason": error.text(.en)]))
        }
    }

    /// The schema migrations applied to this store, in order.
    public func migrations() throws(StoreError) -> [String] { try Migrations.applied(database) }

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

    /// Reads in the transaction or snapshot this thread holds (`transaction`, `consistentRead`),
    /// else in a snapshot of their own.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try mappingErrors {
            if let held = HeldConnection.current(of: self) { return try body(held.db) }
            return try pool.read(body)
        }
    }

    /// Runs `body` with every read it makes on this thread in one read transaction: they all see
    /// the file as it was when the first began, whatever other processes commit meanwhile.
    public func consistentRead<T>(_ body: () throws -> T) throws -> T {
        if HeldConnection.current(of: self) != nil { return try body() }
        let value = try pool.read { db in try HeldConnection.holding(db, writable: false, for: self, body) }
        saveKept(pendingKeeps.take())
        return value
    }

    /// Keeps columns derived by a read (KeptColumns): in the transaction this thread holds, when
    /// it writes; when the read ends, inside a `consistentRead`; else at once. Keeping is never
    /// waited for nor reported: when another process is writing, the columns are derived again next time.
    func keep(_ name: String, versions: String, _ columns: [any KeptColumn]) {
        guard keepsColumns else { return }
        if let held = HeldConnection.current(of: self) {
            if held.writable {
                try? KeptColumns.save(held.db, name: name, versions: versions, columns: columns)
            } else {
                pendingKeeps.add(PendingKeeps.Entry(name: name, versions: versions, columns: columns))
            }
            return
        }
        saveKept([PendingKeeps.Entry(name: name, versions: versions, columns: columns)])
    }

    private func saveKept(_ entries: [PendingKeeps.Entry]) {
        guard !entries.isEmpty, !openWrites.any else { return }
        try? pool.writeWithoutTransaction { db in
            sqlite3_busy_timeout(db.sqliteConnection, 0)  // no waiting for another process's write
            defer { sqlite3_busy_timeout(db.sqliteConnection, Int32(lockWait * 1000)) }
            try db.inTransaction(.immediate) {
                for entry in entries {
                    try KeptColumns.save(db, name: entry.name, versions: entry.versions, columns: entry.columns)
                }
                return .commit
            }
        }
    }

    /// Runs `body` with this thread's reads and keeps in `db`, the transaction of a write (an import's).
    func holding<T>(_ db: Database, _ body: () throws -> T) rethrows -> T {
        try HeldConnection.holding(db, writable: true, for: self, body)
    }

    /// Whether reads on other threads see what this thread's do while it writes: not inside a
    /// transaction this thread holds, whose writes before are not committed.
    public var readsBesideWrites: Bool { HeldConnection.current(of: self) == nil }

    /// Runs `body`, a read that may derive and keep columns, in one snapshot.
    func keptRead<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        do {
            return try consistentRead { () throws -> T in try body() }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .failure(Message("store.failed", ["store": path, "reason": "\(error)"]))
        }
    }

    /// Runs `body` with every read and write this thread makes on the store in one transaction on
    /// the writing connection, committed when it returns `commit`, else rolled back; the reads see
    /// the transaction's own writes. The file is locked for other writers from the first write on.
    public func transaction<T>(_ body: () throws -> (T, commit: Bool)) throws -> T {
        if let held = HeldConnection.current(of: self), held.writable { return try body().0 }
        // The body's own errors (a script's) pass unchanged; the database's are mapped.
        var result: T?, thrown: (any Error)?
        try mappingErrors {
            openWrites.enter()
            defer { openWrites.leave() }
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.deferred) {
                    do {
                        let (value, commit) = try HeldConnection.holding(db, writable: true, for: self, body)
                        result = value
                        return commit ? .commit : .rollback
                    } catch {
                        thrown = error
                        return .rollback
                    }
                }
            }
        }
        if let thrown { throw thrown }
        return result!
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try writeTransaction { db in (try body(db), commit: true) }
    }

    /// Runs `body` in one transaction, committed only when it says so; inside this thread's
    /// `transaction`, in a savepoint of it.
    func writeTransaction<T>(_ body: (Database) throws -> (T, commit: Bool)) throws(StoreError) -> T {
        try mappingErrors {
            var result: T?
            func run(_ db: Database) throws -> Database.TransactionCompletion {
                let (value, commit) = try body(db)
                result = value
                return commit ? .commit : .rollback
            }
            if let held = HeldConnection.current(of: self), held.writable {
                try held.db.inSavepoint { try run(held.db) }
            } else {
                openWrites.enter()
                defer { openWrites.leave() }
                try pool.writeWithoutTransaction { db in try db.inTransaction(.immediate) { try run(db) } }
            }
            return result!
        }
    }

    private func mappingErrors<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw .conflict(Message("store.busy", ["store": path, "seconds": Int(lockWait.rounded())]))
        } catch {
            throw .failure(Message("store.failed", ["store": path, "reason": "\(error)"]))
        }
    }
}

/// The connection a thread holds for `SQLiteStore.consistentRead` (a read snapshot) or
/// `SQLiteStore.transaction` (the writing connection), per store: GRDB's accesses do not nest, so
/// the reads and writes inside use it rather than open their own.
private struct HeldConnection {
    let db: Database
    let writable: Bool

    private final class Box {
        let held: HeldConnection
        init(_ held: HeldConnection) { self.held = held }
    }

    private static func key(_ store: SQLiteStore) -> String { "crescent.connection.\(ObjectIdentifier(store).hashValue)" }

    static func current(of store: SQLiteStore) -> HeldConnection? {
        (Thread.current.threadDictionary[key(store)] as? Box)?.held
    }

    static func holding<T>(_ db: Database, writable: Bool, for store: SQLiteStore, _ body: () throws -> T) rethrows -> T {
        let dictionary = Thread.current.threadDictionary, key = key(store)
        dictionary[key] = Box(HeldConnection(db: db, writable: writable))
        defer { dictionary.removeObject(forKey: key) }
        return try body()
    }
}

/// Kept columns waiting for the read that derived them to end.
final class PendingKeeps: @unchecked Sendable {
    struct Entry {
        let name: String, versions: String, columns: [any KeptColumn]
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    func add(_ entry: Entry) { lock.lock(); entries.append(entry); lock.unlock() }

    func take() -> [Entry] {
        lock.lock()
        defer { lock.unlock() }
        defer { entries = [] }
        return entries
    }
}

/// How many writes are open on a store in this process.
final class OpenWrites: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func enter() { lock.lock(); count += 1; lock.unlock() }
    func leave() { lock.lock(); count -= 1; lock.unlock() }
    var any: Bool { lock.lock(); defer { lock.unlock() }; return count > 0 }
}
