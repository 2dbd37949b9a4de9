/// What really differs between the SQL of the two backends; everything else is written once.
public struct SQLDialect: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case sqlite, postgres }
    public let kind: Kind

    public static let sqlite = SQLDialect(kind: .sqlite)
    public static let postgres = SQLDialect(kind: .postgres)

    /// Appended to a SELECT whose rows the transaction will change, so that no other session
    /// changes them meanwhile (SQLite's write transaction holds the whole file already).
    public var forUpdate: String { kind == .postgres ? " FOR UPDATE" : "" }

    /// The column of a table's stored order: SQLite's rowid, a server's row_order.
    var storedOrder: String { kind == .postgres ? "row_order" : "rowid" }

    /// A custom field's text in `extra` (its JSON object), with `?` for the argument that names it.
    var customField: (sql: String, argument: (String) -> String) {
        kind == .postgres ? ("(extra::jsonb ->> ?)", { $0 }) : ("json_extract(extra, ?)", { "$.\"\($0)\"" })
    }

    /// The SQL of the session's user, when the server knows it (so that no one can record another
    /// name in the audit trail); nil where the store binds the OS user.
    var sessionUser: String? { kind == .postgres ? "session_user" : nil }

    /// The table of applied migrations and its name column: each backend keeps the one it always had.
    var migrationLedger: (table: String, name: String, order: String) {
        kind == .postgres ? ("crescent_migrations", "name", "applied_at, name") : ("grdb_migrations", "identifier", "rowid")
    }

    var createMigrationLedger: String {
        kind == .postgres
            ? "CREATE TABLE IF NOT EXISTS crescent_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())"
            : "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)"
    }

    /// A query whose one row says whether table `?` exists.
    var tableExists: String {
        kind == .postgres ? "SELECT 1 AS found WHERE to_regclass(?) IS NOT NULL" : "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?"
    }

    /// Serialises migrations of several processes opening a new store at once (SQLite's write
    /// transaction already does).
    var migrationLock: String? { kind == .postgres ? "SELECT pg_advisory_xact_lock(7043218)" : nil }

    /// `sql` with its `?` parameters as this dialect writes them: `$1, $2...` on PostgreSQL. A `?`
    /// inside a quoted string or identifier is left alone.
    public func numbered(_ sql: String) -> String {
        guard kind == .postgres, sql.contains("?") else { return sql }
        var result = "", number = 0, quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "?" {
                number += 1
                result += "$\(number)"
                continue
            }
            result.append(character)
        }
        return result
    }
}
