import Foundation

/// One change of the audit trail: a record created, updated or deleted by a run, with its fields.
public struct ChangeEntry: Sendable, Equatable {
    public let run: Int64
    /// When the run made it (UTC, ISO 8601), by whom and through what.
    public let at: String
    public let user: String
    public let source: String
    public let change: RecordChange
}

/// Which changes `changes(_:)` lists.
public struct ChangeFilter: Sendable {
    /// Made on or after this day (UTC).
    public var since: CalendarDate?
    public var user: String?
    /// Runs whose source contains this text (`assign.lua`, `import customers`).
    public var source: String?
    public var run: Int64?
    public var entity: Entity?
    public var id: String?

    public init(since: CalendarDate? = nil, user: String? = nil, source: String? = nil, run: Int64? = nil,
                entity: Entity? = nil, id: String? = nil) {
        self.since = since
        self.user = user
        self.source = source
        self.run = run
        self.entity = entity
        self.id = id
    }
}

/// The audit trail, the same in both backends: a `change_runs` row per run that changed anything
/// (a script, an import, a task or admin command, an undo), a `record_changes` row per field changed.
/// Append-only: an undo is a run of its own that names the run it reverts.
enum ChangeLog {
    /// Stores `change` under the run, making the run's entry first when `run` is nil.
    static func record(_ change: RecordChange, run: inout Int64?, source: String, user: String, undoes: Int64? = nil,
                       _ sql: any SQLSession) throws(StoreError) {
        if run == nil { run = try startRun(source: source, user: user, undoes: undoes, sql) }
        guard let run else { return }
        let number = try sql.row("SELECT coalesce(max(change_no), 0) + 1 AS n FROM record_changes WHERE run_id = ?", [.integer(run)])?.int64("n") ?? 1
        for field in change.fields {
            try sql.execute("""
                INSERT INTO record_changes(run_id, change_no, entity, record_id, action, field, old_value, new_value, place)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(run), .integer(number), .text(change.entity.rawValue), .text(change.id), .text(change.action.rawValue),
                      .text(field.field), SQLValue(field.old), SQLValue(field.new), SQLValue(change.place)])
        }
    }

    /// Makes the entry of a run (now, by the store's user, through `source`) and returns its id.
    static func startRun(source: String, user: String, undoes: Int64?, _ sql: any SQLSession) throws(StoreError) -> Int64 {
        let by = sql.dialect.sessionUser ?? "?"
        let values: [SQLValue] = [.text(ISO8601DateFormatter().string(from: Date())), .text(source), undoes.map { .integer($0) } ?? .null]
            + (sql.dialect.sessionUser == nil ? [.text(user)] : [])
        let row = try sql.row("INSERT INTO change_runs(made_at, source, undoes, made_by) VALUES (?, ?, ?, \(by)) RETURNING id", values)
        guard let id = try row?.int64("id") else { throw SQLRow.mismatch("id", "the new run's id", found: "no row") }
        return id
    }

    /// The changes `filter` selects, oldest first.
    static func entries(_ filter: ChangeFilter, _ sql: any SQLSession) throws(StoreError) -> [ChangeEntry] {
        var conditions: [String] = [], values: [SQLValue] = []
        func add(_ condition: String, _ value: SQLValue) {
            conditions.append(condition)
            values.append(value)
        }
        if let since = filter.since { add("r.made_at >= ?", .text(since.description)) }
        if let user = filter.user { add("r.made_by = ?", .text(user)) }
        if let source = filter.source { add("r.source LIKE ?", .text("%" + source.replacingOccurrences(of: "%", with: "") + "%")) }
        if let run = filter.run { add("r.id = ?", .integer(run)) }
        if let entity = filter.entity { add("c.entity = ?", .text(entity.rawValue)) }
        if let id = filter.id { add("c.record_id = ?", .text(id)) }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try sql.rows("""
            SELECT r.id AS run, r.made_at, r.made_by, r.source, c.change_no, c.entity, c.record_id, c.action, c.field, c.old_value,
                   c.new_value, c.place
            FROM record_changes c JOIN change_runs r ON r.id = c.run_id
            \(clause)
            ORDER BY r.id, c.change_no, c.id
            """, values)
        // An import's creates, after its changes in each run.
        var created: [Int64: [ChangeEntry]] = [:]
        for row in try sql.rows("""
            SELECT r.id AS run, r.made_at, r.made_by, r.source, c.entity, c.record_id FROM record_creates c JOIN change_runs r ON r.id = c.run_id
            \(clause) ORDER BY r.id, c.record_id
            """, values) {
            let entityName = try row.text("entity"), id = try row.text("record_id")
            guard let entity = Entity(rawValue: entityName) else { throw SQLRow.mismatch("entity", "an entity", found: entityName) }
            let fields = entity.key.count == 1 ? [RecordChange.FieldChange(field: entity.key[0], old: nil, new: id)] : []
            created[try row.int64("run"), default: []].append(ChangeEntry(
                run: try row.int64("run"), at: try row.text("made_at"), user: try row.text("made_by"), source: try row.text("source"),
                change: RecordChange(entity: entity, id: id, action: .create, fields: fields, place: nil)))
        }
        var entries: [ChangeEntry] = [], fields: [RecordChange.FieldChange] = []
        var current: (key: [Int64], row: SQLRow)?
        func close() throws(StoreError) {
            guard let (_, row) = current else { return }
            let entityName = try row.text("entity")
            guard let entity = Entity(rawValue: entityName), let action = RecordChange.Action(rawValue: try row.text("action")) else {
                throw SQLRow.mismatch("entity", "an entity and action", found: entityName)
            }
            let change = RecordChange(entity: entity, id: try row.text("record_id"), action: action, fields: fields,
                                      place: try row.optionalText("place"))
            entries.append(ChangeEntry(run: try row.int64("run"), at: try row.text("made_at"), user: try row.text("made_by"),
                                       source: try row.text("source"), change: change))
            fields = []
        }
        for row in rows {
            let key = [try row.int64("run"), try row.int64("change_no")]
            if current?.key != key {
                try close()
                current = (key, row)
            }
            fields.append(RecordChange.FieldChange(field: try row.text("field"), old: try row.optionalText("old_value"),
                                                   new: try row.optionalText("new_value")))
        }
        try close()
        guard !created.isEmpty else { return entries }
        let changed = Dictionary(grouping: entries, by: \.run)
        return Set(changed.keys).union(created.keys).sorted().flatMap { run in (changed[run] ?? []) + (created[run] ?? []) }
    }
}
