import Foundation
import GRDB

/// The SQLite store as an `SQLDatabase`, for the operations written once for both backends.
struct SQLiteDatabase: SQLDatabase {
    let store: SQLiteStore

    var dialect: SQLDialect { .sqlite }
    var location: String { store.path }
    var user: String { NSUserName() }
    var restrictsRows: Bool { false }

    func transaction<T>(_ body: (any SQLSession) throws(StoreError) -> (T, commit: Bool)) throws(StoreError) -> T {
        try store.writeTransaction { db in try body(Session(db: db, store: store)) }
    }

    func read<T>(_ body: (any SQLSession) throws(StoreError) -> T) throws(StoreError) -> T {
        try store.read { db in try body(Session(db: db, store: store)) }
    }

    /// A session over a connection the store's own code holds already (an import's).
    static func session(_ db: Database, store: SQLiteStore) -> any SQLSession { Session(db: db, store: store) }

    private struct Session: SQLSession {
        let db: Database
        let store: SQLiteStore
        var dialect: SQLDialect { .sqlite }

        func execute(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int {
            do {
                try db.execute(sql: sql, arguments: Self.arguments(values))
                return db.changesCount
            } catch {
                throw failure(error)
            }
        }

        func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws(StoreError) -> Void) throws(StoreError) {
            var thrown: StoreError?
            do {
                let rows = try Row.fetchCursor(db, sql: sql, arguments: Self.arguments(values))
                var names: [String]?
                while let row = try rows.next() {
                    if names == nil { names = Array(row.columnNames) }
                    do { try body(SQLRow(names: names!, values: row.databaseValues.map(Self.value))) } catch {
                        thrown = error
                        break
                    }
                }
            } catch {
                throw failure(error)
            }
            if let thrown { throw thrown }
        }

        private static func arguments(_ values: [SQLValue]) -> StatementArguments {
            StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
                switch value {
                case .null: return nil
                case .integer(let i): return i
                case .real(let d): return d
                case .text(let s): return s
                }
            })
        }

        private static func value(_ value: DatabaseValue) -> SQLValue {
            switch value.storage {
            case .null: return .null
            case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
            case .int64(let i): return .integer(i)
            case .double(let d): return .real(d)
            case .string(let s): return .text(s)
            }
        }

        private func failure(_ error: any Error) -> StoreError {
            if let error = error as? StoreError { return error }
            if let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY {
                return .conflict(Message("store.busy", ["store": store.path, "seconds": Int(store.lockWait.rounded())]))
            }
            return .failure(Message("store.failed", ["store": store.path, "reason": "\(error)"]))
        }
    }
}

extension SQLiteStore: SQLStore {
    public var database: any SQLDatabase { SQLiteDatabase(store: self) }
}
