/// Reverting one run of the audit trail, the same in both backends.
extension ChangeLog {
    /// Reverts the changes of `run` through `writer` (whose run names it as the one it undoes), last
    /// change first: a record created is deleted, one deleted is created again, changed fields get
    /// their old values. Refused, changing nothing, when the run was undone already or a later run
    /// changed any of the same fields of the same records, or any field of a record it created
    /// (the error names them). A later run that was itself undone, and the run undoing it, leave
    /// nothing in the way.
    static func undo(_ run: Int64, with writer: RecordWriter, _ sql: any SQLSession) throws(StoreError) {
        let changes = try entries(ChangeFilter(run: run), sql)
        guard !changes.isEmpty else { throw StoreError.usage(Message("undo.no_run", ["run": Int(run)])) }
        if let by = try sql.row("SELECT id FROM change_runs WHERE undoes = ?", [.integer(run)]) {
            throw StoreError.conflict(Message("undo.undone", ["run": Int(run), "by": Int(try by.int64("id"))]))
        }
        let later = try sql.rows("""
            SELECT DISTINCT c.entity, c.record_id, c.field, c.run_id FROM record_changes c
            WHERE c.run_id > ? AND (EXISTS (SELECT 1 FROM record_changes o WHERE o.run_id = ? AND o.entity = c.entity
                                           AND o.record_id = c.record_id AND (o.field = c.field OR o.action = 'create'))
                   OR EXISTS (SELECT 1 FROM record_creates k WHERE k.run_id = ? AND k.entity = c.entity AND k.record_id = c.record_id))
              AND c.run_id NOT IN (SELECT id FROM change_runs WHERE undoes > ? UNION SELECT undoes FROM change_runs WHERE undoes > ?)
            ORDER BY c.run_id, c.entity, c.record_id, c.field
            """, [.integer(run), .integer(run), .integer(run), .integer(run), .integer(run)])
        if !later.isEmpty {
            var named: [String] = []
            for row in later.prefix(10) {
                named.append("\(try row.text("entity")) \(try row.text("record_id")).\(try row.text("field")) (run \(try row.int64("run_id")))")
            }
            throw StoreError.conflict(Message("undo.conflicts", ["run": Int(run), "count": later.count,
                                                                 "conflicts": named.joined(separator: ", ")]))
        }
        for entry in changes.reversed() {
            let change = entry.change
            let place = "undo \(run)"
            switch change.action {
            case .create:
                try writer.delete(change.entity, id: change.id, place: place)
            case .delete:
                let fields = change.fields.reduce(into: [String: StoredValue]()) { $0[$1.field] = .text($1.old ?? "") }
                try writer.create(change.entity, fields, place: place)
            case .update:
                let fields = change.fields.reduce(into: [String: StoredValue]()) { $0[$1.field] = .text($1.old ?? "") }
                try writer.update(change.entity, id: change.id, fields, place: place)
            }
        }
    }
}
