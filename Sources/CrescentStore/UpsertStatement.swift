import GRDB
import GRDBSQLite

/// The prepared upsert of an import, bound through SQLite's C API: binding millions of rows
/// through generic statement arguments costs more than the insert itself.
struct UpsertStatement {
    /// Kept alive: releasing it finalizes the SQLite statement.
    private let owner: Statement
    private let statement: SQLiteStatement

    init(_ owner: Statement) {
        self.owner = owner
        statement = owner.sqliteStatement
    }

    /// Stores every row of the batch.
    func write(_ rows: CheckedRows) throws {
        for row in 0..<rows.count { try write(rows, row: row) }
    }

    private func write(_ rows: CheckedRows, row: Int) throws {
        sqlite3_reset(statement)
        let first = row * rows.width
        for column in 0..<rows.width {
            bind(rows.values[first + column], at: Int32(column + 1))
        }
        let extraIndex = Int32(rows.width + 1)
        if let extra = rows.extras[row] { bindText(statement, extra, at: extraIndex) } else { sqlite3_bind_null(statement, extraIndex) }
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw StoreError.failure(Message("store.error", ["reason": String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))]))
        }
    }

    private func bind(_ value: StoredValue, at index: Int32) {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .text(let text): bindText(statement, text, at: index)
        case .integer(let i): sqlite3_bind_int64(statement, index, i)
        case .number(let d): sqlite3_bind_double(statement, index, d)
        case .decimal(let d): sqlite3_bind_int64(statement, index, d.units)
        }
    }
}

/// Binds text to a parameter (1-based); SQLite copies it.
func bindText(_ statement: SQLiteStatement, _ text: String, at index: Int32) {
    var text = text
    text.withUTF8 { buffer in
        buffer.withMemoryRebound(to: CChar.self) {
            _ = sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT)
        }
    }
}

/// Binds text in place to a parameter (1-based): `bytes` must stay as they are until the statement
/// is stepped and bound again or cleared.
func bindText(_ statement: SQLiteStatement, inPlace bytes: UnsafeRawBufferPointer, at index: Int32) {
    // A null pointer would bind NULL: an empty text points at a static empty string.
    let text = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
    _ = sqlite3_bind_text(statement, index, text.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
}

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
