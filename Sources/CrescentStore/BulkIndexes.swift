import GRDB

/// For a large import, an entity's secondary indexes are dropped inside the import's
/// transaction and built again at its end: one sorted build costs far less than
/// millions of random index inserts. Their SQL is read from the schema, so the
/// rebuilt indexes are exactly those the migrations made. Its version triggers are dropped
/// alike (`DroppedTriggers`).
struct BulkIndexes {
    private let definitions: [String]
    private let triggers: DroppedTriggers?

    /// Drops the indexes of `entity` when `incomingRows` is large beside what the table holds.
    init(db: Database, entity: Entity, incomingRows: Int) throws {
        let stored = try storedRowEstimate(db, entity)
        guard incomingRows >= 20_000, incomingRows * 2 >= stored else {
            definitions = []
            triggers = nil
            return
        }
        let rows = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                                    arguments: [entity.rawValue])
        definitions = rows.map { $0["sql"] }
        for row in rows {
            let name: String = row["name"]
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
        }
        triggers = try DroppedTriggers(db, on: entity.rawValue)
    }

    func rebuild(_ db: Database) throws {
        for sql in definitions { try db.execute(sql: sql) }
        try triggers?.restore(db)
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
