/// The small query interface the store operations shared by both backends are written against:
/// statements with `?` parameters bound as typed values, rows decoded by column name (a value of the
/// wrong type throws rather than being dropped), one transaction, rows streamed. Each backend
/// implements it once (`SQLiteDatabase`, and the PostgreSQL store's); what really differs between
/// them is in `SQLDialect`.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Where the database is, for messages.
    var location: String { get }
    /// Who the store's user is: the login role on a server, the OS user for a file.
    var user: String { get }
    /// Whether the user sees only some rows (a rep's role under row-level security): a record not
    /// found may then be one they may not see.
    var restrictsRows: Bool { get }
    /// Runs `body` in one transaction, committed when it returns `commit`, rolled back when it says
    /// not to or throws. Inside a transaction of this thread already, `body` joins it.
    func transaction<T>(_ body: (any SQLSession) throws(StoreError) -> (T, commit: Bool)) throws(StoreError) -> T
    /// Runs `body`'s reads on one connection (in the enclosing transaction or snapshot, if any).
    func read<T>(_ body: (any SQLSession) throws(StoreError) -> T) throws(StoreError) -> T
}

extension SQLDatabase {
    /// Runs `body` in one transaction, committed unless it throws.
    public func transaction<T>(_ body: (any SQLSession) throws(StoreError) -> T) throws(StoreError) -> T {
        try transaction { (session: any SQLSession) throws(StoreError) in (try body(session), commit: true) }
    }
}

/// Statements run on one connection.
public protocol SQLSession {
    var dialect: SQLDialect { get }
    /// Runs one statement; how many rows it inserted, changed or deleted.
    @discardableResult
    func execute(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int
    /// Runs one query and calls `body` with each row as it comes.
    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws(StoreError) -> Void) throws(StoreError)
}

extension SQLSession {
    @discardableResult
    public func execute(_ sql: String) throws(StoreError) -> Int { try execute(sql, []) }

    /// Every row of a query.
    public func rows(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachRow(sql, values) { rows.append($0) }
        return rows
    }

    /// The first row of a query, if any.
    public func row(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> SQLRow? {
        try rows(sql, values).first
    }
}

/// A statement parameter or a column value.
public enum SQLValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// `text` when there is one, else null.
    public init(_ text: String?) { self = text.map { .text($0) } ?? .null }

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        }
    }
}

/// One row of a result: its values by column name. Each accessor throws when the column is missing
/// or holds another type than asked for, naming the column.
public struct SQLRow: Sendable {
    public let names: [String]
    public let values: [SQLValue]

    public init(names: [String], values: [SQLValue]) {
        self.names = names
        self.values = values
    }

    public func value(_ column: String) throws(StoreError) -> SQLValue {
        guard let index = names.firstIndex(of: column) else { throw Self.mismatch(column, "a column", found: "none") }
        return values[index]
    }

    public func text(_ column: String) throws(StoreError) -> String {
        guard let text = try optionalText(column) else { throw Self.mismatch(column, "text", found: "NULL") }
        return text
    }

    public func optionalText(_ column: String) throws(StoreError) -> String? {
        switch try value(column) {
        case .null: return nil
        case .text(let text): return text
        case let other: throw Self.mismatch(column, "text", found: other.description)
        }
    }

    public func int64(_ column: String) throws(StoreError) -> Int64 {
        guard let value = try optionalInt64(column) else { throw Self.mismatch(column, "an integer", found: "NULL") }
        return value
    }

    public func optionalInt64(_ column: String) throws(StoreError) -> Int64? {
        switch try value(column) {
        case .null: return nil
        case .integer(let i): return i
        case let other: throw Self.mismatch(column, "an integer", found: other.description)
        }
    }

    static func mismatch(_ column: String, _ expected: String, found: String) -> StoreError {
        .failure(Message("store.bad_column", ["column": column, "expected": expected, "found": found]))
    }
}

/// A store whose operations shared by both backends run over an `SQLDatabase`: those operations
/// are written once, in extensions of this protocol.
public protocol SQLStore: AnyObject {
    var database: any SQLDatabase { get }
}
