import GRDB

/// For a large import, an entity's secondary indexes are dropped inside the import's
/// transaction and built again at its end: one sorted build costs far less than
/// millions of random index inserts. Their SQL is read from the schema, so the
/// rebuilt indexes are exactly those the migrations made. Its triggers, which move the
/// table's version a row at a time, are dropped alike; the version moves once at the end.
struct BulkIndexes {
    private let entity: Entity
    private let definitions: [String]
    private let hadTriggers: Bool

    /// Drops the indexes of `entity` when `incomingRows` is large beside what the table holds.
    init(db: Database, entity: Entity, incomingRows: Int) throws {
        self.entity = entity
        let stored = try storedRowEstimate(db, entity)
        guard incomingRows >= 20_000, incomingRows * 2 >= stored else {
            definitions = []
            hadTriggers = false
            return
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL
            """, arguments: [entity.rawValue])
        definitions = rows.map { $0["sql"] }
        hadTriggers = rows.contains { $0["type"] == "trigger" }
        for row in rows {
            let type: String = row["type"], name: String = row["name"]
            try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name.quotedDatabaseIdentifier)")
        }
    }

    func rebuild(_ db: Database) throws {
        for sql in definitions { try db.execute(sql: sql) }
        if hadTriggers { try KeptColumns.moveVersion(db, of: entity.rawValue) }
    }
}

/// About how many rows `entity` holds (exact unless rows were deleted), without counting them.
func storedRowEstimate(_ db: Database, _ entity: Entity) throws -> Int {
    try Int.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM \(entity.rawValue)") ?? 0
}

/// Lines in a file: an upper bound on its CSV records, cheap to count.
func lineCount(_ bytes: [UInt8]) -> Int {
    bytes.withUnsafeBufferPointer { buffer in
        var count = 0
        for byte in buffer where byte == 0x0A { count += 1 }
        return count
    }
}
