import CrescentStore

/// A first load of a large file into an empty table: the table's primary key and indexes are
/// dropped, the rows copied straight in, and the key and indexes built once at the end, which
/// costs a fraction of maintaining them row by row. All inside the import's transaction (the
/// table is locked until it commits; it was empty). A key that repeats in the file fails the
/// key's rebuild: the import then runs again as an upsert, where the last row wins.
struct BulkLoad {
    /// Files smaller than this are upserted: rebuilding indexes would not pay.
    static let minimumBytes = 1 << 20

    /// Thrown when the file repeats a key.
    static let duplicateKeys = StoreError.failure(Message("import.repeated_key"))

    private let link: PostgresLink
    private let table: String
    /// The statements that rebuild what was dropped.
    private let rebuild: [String]

    /// Nil when the table holds records: then the import upserts.
    init?(_ entity: Entity, _ link: PostgresLink) throws(StoreError) {
        let table = entity.rawValue
        guard try link.query("SELECT 1 FROM \(table) LIMIT 1").isEmpty else { return nil }
        let constraints = try link.query("""
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u')
            """, [table]).compactMap { try? $0.decode((String, String).self) }
        let indexes = try link.query("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = $1
              AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass)
            """, [table]).compactMap { try? $0.decode((String, String).self) }
        for (name, _) in constraints { try link.query("ALTER TABLE \(table) DROP CONSTRAINT \(name)") }
        for (name, _) in indexes { try link.query("DROP INDEX \(name)") }
        self.link = link
        self.table = table
        rebuild = constraints.map { "ALTER TABLE \(table) ADD CONSTRAINT \($0.0) \($0.1)" } + indexes.map(\.1)
    }

    /// The `row_order` of the file's first row; the import numbers the rows itself, which saves the
    /// column's sequence a call per row (a fifth of a first load's copy).
    func firstRowOrder() throws(StoreError) -> Int {
        let first = try link.query("SELECT nextval(pg_get_serial_sequence($1, 'row_order'))", [table]).first
        return first.flatMap { try? $0.decode(Int.self) } ?? 1
    }

    /// Builds the keys and indexes again, and moves the `row_order` sequence past the rows
    /// numbered by the import; `duplicateKeys` when the file repeated a key.
    func finish(lastRowOrder: Int) throws(StoreError) {
        try link.query("SELECT setval(pg_get_serial_sequence($1, 'row_order'), greatest($2::bigint, 1))", [table, String(lastRowOrder)])
        try link.query("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in rebuild {
            do {
                try link.query(statement)
            } catch {
                throw link.failedState == "23505" ? Self.duplicateKeys : error  // 23505: unique violation
            }
        }
        // Statistics now, not when autovacuum gets to it: the next queries are planned on them.
        try link.query("ANALYZE \(table)")
    }
}
