/// Writes, their audit trail and undo, the same in both backends.
extension SQLStore {
    /// A writer for one run's changes, recorded in the audit trail as made through `source`; use
    /// it inside `transaction`, and roll back for a dry run.
    public func recordWriter(source: String, limit: Int, dryRun: Bool, undoes: Int64?) throws(StoreError) -> RecordWriter {
        let zone = try database.read { (sql: any SQLSession) throws(StoreError) in
            try sql.row("SELECT value FROM meta WHERE key = ?", [.text(StoreTimeZone.metaKey)])?.text("value")
        }
        return RecordWriter(database: database, source: source, limit: limit, dryRun: dryRun,
                            zone: try StoreTimeZone.named(zone ?? "UTC"), undoes: undoes)
    }

    /// The changes of the audit trail `filter` selects, oldest first (a rep's: of the records they may see).
    public func changes(_ filter: ChangeFilter) throws(StoreError) -> [ChangeEntry] {
        try database.read { (sql: any SQLSession) throws(StoreError) in try ChangeLog.entries(filter, sql) }
    }

    /// Reverts run `run` through `writer` (see `ChangeLog.undo`).
    public func undo(run: Int64, with writer: RecordWriter) throws(StoreError) {
        try database.transaction { (sql: any SQLSession) throws(StoreError) in try ChangeLog.undo(run, with: writer, sql) }
    }
}

extension RecordStore {
    /// Runs `body` with a writer for one run in the store's `transaction`: its changes committed
    /// together when `body` returns, none when it throws or on a dry run. Returns the changes.
    public func writing(source: String, limit: Int, dryRun: Bool, undoes: Int64? = nil,
                        _ body: (RecordWriter) throws -> Void) throws -> ChangeSet {
        try transaction {
            let writer = try recordWriter(source: source, limit: limit, dryRun: dryRun, undoes: undoes)
            try body(writer)
            return (writer.changeSet, commit: !dryRun)
        }
    }
}
