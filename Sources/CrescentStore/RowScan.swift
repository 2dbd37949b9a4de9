import GRDB
import GRDBSQLite

/// One row of a scan, read in place: from SQLite's buffers, or from the cells a server backend
/// decoded (`ScanCells`). Valid only inside the scan's body.
public struct ScanRow {
    private enum Source {
        /// GRDB's statement owns the SQLite handle: holding it keeps the handle alive while rows are read.
        case sqlite(Statement)
        /// Cells from `base` on, so that one server row can serve as two (a deal and its stage entry).
        case cells(ScanCells, base: Int)
    }
    private let source: Source

    init(_ statement: Statement) { source = .sqlite(statement) }

    /// A row over decoded cells, its column 0 being cell `base`.
    public init(_ cells: ScanCells, base: Int = 0) { source = .cells(cells, base: base) }

    /// The SQLite statement; only the SQLite store's own paths use it.
    var statement: SQLiteStatement {
        guard case .sqlite(let owner) = source else { preconditionFailure("not a SQLite row") }
        return owner.sqliteStatement
    }

    public func isNull(_ column: Int) -> Bool {
        switch source {
        case .sqlite(let owner): return sqlite3_column_type(owner.sqliteStatement, Int32(column)) == SQLITE_NULL
        case .cells(let cells, let base): return cells[base + column] == .null
        }
    }

    /// An integer column (decimals: ten-thousandths), or nil when NULL.
    public func int64(_ column: Int) -> Int64? {
        switch source {
        case .sqlite(let owner):
            return isNull(column) ? nil : sqlite3_column_int64(owner.sqliteStatement, Int32(column))
        case .cells(let cells, let base):
            return cells.int64(base + column)
        }
    }

    public func double(_ column: Int) -> Double? {
        switch source {
        case .sqlite(let owner):
            return isNull(column) ? nil : sqlite3_column_double(owner.sqliteStatement, Int32(column))
        case .cells(let cells, let base):
            return cells.double(base + column)
        }
    }

    /// The column's text as bytes (empty when NULL, and for a server row's numbers).
    public func bytes(_ column: Int) -> UnsafeRawBufferPointer {
        switch source {
        case .sqlite(let owner):
            let statement = owner.sqliteStatement
            guard let text = sqlite3_column_text(statement, Int32(column)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, Int32(column))))
        case .cells(let cells, let base):
            return cells.bytes(base + column)
        }
    }

    /// The column's text, or nil when NULL or empty (the store keeps missing keys as '').
    public func string(_ column: Int) -> String? {
        if case .cells(let cells, let base) = source { return cells.string(base + column) }
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
    /// Whether the column holds text (not NULL, a number or a blob).
    func isText(_ column: Int) -> Bool { sqlite3_column_type(statement, Int32(column)) == SQLITE_TEXT }

    /// Steps to the next row: false at the end.
    func step(_ db: Database) throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError.failure(Message("store.error", ["reason": String(cString: sqlite3_errmsg(db.sqliteConnection))]))
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
    /// The ids of every record of `entity`, in id order: ordinal n is the n-th id. The customers'
    /// are kept (KeptColumns), tagged with the versions they were read at.
    public func sortedIDs(_ entity: Entity) throws(StoreError) -> IdIndex {
        guard entity == .customers, keepsColumns else { return try scannedIDs(entity) }
        return try keptRead { () throws(StoreError) -> IdIndex in
            guard let versions = try read({ db in KeptColumns.versions(db, of: ["customers"]) }) else { return try scannedIDs(entity) }
            if var kept = try read({ db in KeptColumns.load(db, name: Self.keptCustomerIDs, versions: versions, IdIndex.init(kept:)) }) {
                kept.keptVersions = versions
                return kept
            }
            var ids = try scannedIDs(entity)
            ids.keptVersions = versions
            keep(Self.keptCustomerIDs, versions: versions, ids.kept)
            return ids
        }
    }

    private func scannedIDs(_ entity: Entity) throws(StoreError) -> IdIndex {
        let count = try read { db in try storedRowEstimate(db, entity) }
        var index = IdIndex(capacity: count)
        try read { db in
            let statement = try db.makeStatement(sql: "SELECT id FROM \(entity.rawValue) ORDER BY id")
            let row = ScanRow(statement)
            while try row.step(db) { index.append(unique: row.bytes(0)) }  // a primary key: no id twice
        }
        return index
    }
}

extension ScanRow {
    /// Column `column` as the value of a field of this kind (custom fields: `.text`).
    public func value(_ column: Int, kind: Field.Kind) -> StoredValue {
        switch source {
        case .sqlite(let owner):
            let statement = owner.sqliteStatement
            switch sqlite3_column_type(statement, Int32(column)) {
            case SQLITE_NULL: return .null
            case SQLITE_INTEGER: return Self.value(sqlite3_column_int64(statement, Int32(column)), kind: kind)
            case SQLITE_FLOAT: return .number(sqlite3_column_double(statement, Int32(column)))
            default: return string(column).map { .text($0) } ?? .null
            }
        case .cells(let cells, let base):
            switch cells[base + column] {
            case .null: return .null
            case .integer(let i): return Self.value(i, kind: kind)
            case .number(let d): return .number(d)
            case .text: return string(column).map { .text($0) } ?? .null
            }
        }
    }

    private static func value(_ i: Int64, kind: Field.Kind) -> StoredValue {
        kind == .decimal ? .decimal(Decimal4(units: i)) : kind == .number ? .number(Double(i)) : .integer(i)
    }
}
