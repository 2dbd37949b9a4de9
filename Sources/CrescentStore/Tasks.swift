/// Which follow-up tasks to read: every condition given must hold.
public struct TaskFilter: Sendable, Equatable {
    /// The rep the task is for.
    public var owner: String?
    public var customer: String?
    /// Any of these statuses; empty for all.
    public var statuses: [TaskStatus]
    /// Due on or after this day.
    public var dueFrom: CalendarDate?
    /// Due on or before this day.
    public var dueTo: CalendarDate?
    /// Made by sources that start so (`segment value-tier/` for every tier of that segmentation).
    public var sourcePrefix: String?

    public init(owner: String? = nil, customer: String? = nil, statuses: [TaskStatus] = [], dueFrom: CalendarDate? = nil,
                dueTo: CalendarDate? = nil, sourcePrefix: String? = nil) {
        self.owner = owner
        self.customer = customer
        self.statuses = statuses
        self.dueFrom = dueFrom
        self.dueTo = dueTo
        self.sourcePrefix = sourcePrefix
    }
}

extension SQLStore {
    /// The tasks `filter` selects (a rep's: theirs and their teams'), by due day, owner and id.
    public func tasks(_ filter: TaskFilter) throws(StoreError) -> [Record] {
        var conditions: [String] = [], values: [SQLValue] = []
        func add(_ condition: String, _ value: String) {
            conditions.append(condition)
            values.append(.text(value))
        }
        if let owner = filter.owner { add("owner_id = ?", owner) }
        if let customer = filter.customer { add("customer_id = ?", customer) }
        if !filter.statuses.isEmpty {
            conditions.append("status IN (" + filter.statuses.map { _ in "?" }.joined(separator: ", ") + ")")
            values += filter.statuses.map { .text($0.rawValue) }
        }
        if let from = filter.dueFrom { add("due_on >= ?", from.description) }
        if let to = filter.dueTo { add("due_on <= ?", to.description) }
        if let prefix = filter.sourcePrefix {  // not LIKE: `_` is common in names
            conditions.append("substr(source, 1, \(prefix.unicodeScalars.count)) = ?")
            values.append(.text(prefix))
        }
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try database.read { (sql: any SQLSession) throws(StoreError) in
            try sql.rows("SELECT * FROM tasks\(clause) ORDER BY due_on, owner_id, id", values).map { row throws(StoreError) in
                try RecordSQL.record(.tasks, from: row)
            }
        }
    }
}
