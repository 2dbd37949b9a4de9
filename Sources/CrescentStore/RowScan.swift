import GRDB
import GRDBSQLite

/// One row of a scan, read straight from SQLite's buffers. Valid only inside the scan's body.
public struct ScanRow {
    /// GRDB's statement owns the SQLite handle: holding it keeps the handle alive while rows are read.
    private let owner: Statement
    var statement: SQLiteStatement { owner.sqliteStatement }

    init(_ statement: Statement) { owner = statement }

    public func isNull(_ column: Int) -> Bool {
        sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL
    }

    /// An integer column (decimals: ten-thousandths), or nil when NULL.
    public func int64(_ column: Int) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(statement, Int32(column))
    }

    public func double(_ column: Int) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(statement, Int32(column))
    }

    /// The column's text as bytes (empty when NULL).
    public func bytes(_ column: Int) -> UnsafeRawBufferPointer {
        guard let text = sqlite3_column_text(statement, Int32(column)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, Int32(column))))
    }

    /// The column's text, or nil when NULL or empty (the store keeps missing keys as '').
    public func string(_ column: Int) -> String? {
        let bytes = bytes(column)
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// The day number of a date or timestamp column (its first ten bytes), or nil.
    public func day(_ column: Int) -> Int? {
        CalendarDate(isoPrefix: bytes(column))?.dayNumber
    }
}

/// Stepping and binding through SQLite's C API, for the store's bulk paths.
extension ScanRow {
    /// Steps to the next row: false at the end.
    func step(_ db: Database) throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError.failure("store: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
        }
    }

    /// Binds texts to consecutive parameters, starting at `first` (1-based).
    func bind(_ texts: [String], from first: Int32) {
        for (offset, text) in texts.enumerated() { bindText(statement, text, at: first + Int32(offset)) }
    }

    /// Runs an insert or update with what is bound, then resets it for the next one.
    func run(_ db: Database) throws {
        _ = try step(db)
        sqlite3_reset(statement)
    }
}

extension SQLiteStore {
    /// Reads the named fields (canonical or custom) of every record of `entity`, in stored order,
    /// without building a record per row: the fast path for whole-table computations.
    public func scan(_ entity: Entity, fields: [String], _ body: (ScanRow) throws -> Void) throws(StoreError) {
        var arguments: [DatabaseValueConvertible] = []
        let columns = fields.map { name -> String in
            if let field = entity.field(named: name) { return field.column }
            arguments.append("$.\"\(name)\"")
            return "json_extract(extra, ?)"
        }
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(entity.rawValue) ORDER BY rowid"
        try read { db in
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(StatementArguments(arguments))
            let row = ScanRow(statement)
            while try row.step(db) { try body(row) }
        }
    }
}

extension SQLiteStore {
    /// The ids of every record of `entity`, in id order: ordinal n is the n-th id.
    public func sortedIDs(_ entity: Entity) throws(StoreError) -> IdIndex {
        let count = try read { db in try storedRowEstimate(db, entity) }
        var index = IdIndex(capacity: count)
        try read { db in
            let statement = try db.makeStatement(sql: "SELECT id FROM \(entity.rawValue) ORDER BY id")
            let row = ScanRow(statement)
            while try row.step(db) { index.insert(row.bytes(0)) }
        }
        return index
    }
}

extension ScanRow {
    /// Column `column` as the value of a field of this kind (custom fields: `.text`).
    public func value(_ column: Int, kind: Field.Kind) -> StoredValue {
        switch sqlite3_column_type(statement, Int32(column)) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER:
            let i = sqlite3_column_int64(statement, Int32(column))
            return kind == .decimal ? .decimal(Decimal4(units: i)) : kind == .number ? .number(Double(i)) : .integer(i)
        case SQLITE_FLOAT: return .number(sqlite3_column_double(statement, Int32(column)))
        default: return string(column).map { .text($0) } ?? .null
        }
    }
}
