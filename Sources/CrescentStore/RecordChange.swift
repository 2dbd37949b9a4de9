/// One record created, updated or deleted: each changed field with its value before and after
/// (nil where there was none), as the audit trail keeps it and a dry run shows it.
public struct RecordChange: Sendable, Equatable {
    public enum Action: String, Sendable, Codable { case create, update, delete }

    public struct FieldChange: Sendable, Equatable {
        public let field: String
        public let old: String?
        public let new: String?

        public init(field: String, old: String?, new: String?) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    public let entity: Entity
    public let id: String
    public let action: Action
    public let fields: [FieldChange]
    /// The script line that made it (`scripts/assign.lua:12`), when a script did.
    public let place: String?

    public init(entity: Entity, id: String, action: Action, fields: [FieldChange], place: String?) {
        self.entity = entity
        self.id = id
        self.action = action
        self.fields = fields
        self.place = place
    }
}

/// The changes of one run (a script, an import, a task command, an undo), in the order made.
public struct ChangeSet: Sendable, Equatable {
    /// What made them: `run scripts/assign.lua`, `segment run value-tier`, `undo 12`.
    public var source: String
    /// Who: the store user (the login role on PostgreSQL, the OS user on SQLite).
    public var user: String
    /// The run's number in the audit trail, once stored; nil on a dry run.
    public var run: Int64?
    public var dryRun: Bool
    public var changes: [RecordChange]

    public init(source: String, user: String, run: Int64? = nil, dryRun: Bool, changes: [RecordChange] = []) {
        self.source = source
        self.user = user
        self.run = run
        self.dryRun = dryRun
        self.changes = changes
    }

    /// How many records of each entity were created, updated and deleted (a record changed twice
    /// counts once), entities in the order first changed.
    public var counts: [(entity: Entity, created: Int, updated: Int, deleted: Int)] {
        var order: [Entity] = [], records: [Entity: [RecordChange.Action: Set<String>]] = [:]
        for change in changes {
            if records[change.entity] == nil { order.append(change.entity) }
            records[change.entity, default: [:]][change.action, default: []].insert(change.id)
        }
        return order.map { entity in
            let by = records[entity] ?? [:]
            return (entity, by[.create]?.count ?? 0, by[.update]?.count ?? 0, by[.delete]?.count ?? 0)
        }
    }
}
