import GRDB

/// An activity as the records behind a count list it: what, when, with whom, by whom.
public struct GroupActivity: Sendable, Equatable {
    public let id: String
    public let occurredAt: String
    public let kind: String
    public let customerID: String?
    public let customerName: String?
    public let repID: String?
    public let outcome: String?

    public init(id: String, occurredAt: String, kind: String, customerID: String?, customerName: String?, repID: String?, outcome: String?) {
        self.id = id
        self.occurredAt = occurredAt
        self.kind = kind
        self.customerID = customerID
        self.customerName = customerName
        self.repID = repID
        self.outcome = outcome
    }
}

/// The activities of one group (a rep, team, region... as the activity KPIs group them) on the days
/// of a span, of one kind or of all: the rows the `activities` and `proposals` KPIs count.
public struct GroupActivityQuery: Sendable, Equatable {
    public var from: CalendarDate
    public var to: CalendarDate
    public var grouping: Grouping
    /// The group's key as the KPIs give it ("" for activities with none); ignored for the company.
    public var key: String
    public var kind: String?

    public init(from: CalendarDate, to: CalendarDate, grouping: Grouping, key: String, kind: String?) {
        self.from = from
        self.to = to
        self.grouping = grouping
        self.key = key
        self.kind = kind
    }

    /// Parameters: $1 the first day, $2 the day after the last, then the key unless grouped by
    /// company, then the kind when there is one.
    public var parameters: [String] {
        [from.description, to.adding(days: 1).description] + (grouping == .company ? [] : [key]) + (kind.map { [$0] } ?? [])
    }

    /// As `SalesSQL.activityCounts` counts them.
    private func condition() throws(StoreError) -> String {
        var parts = ["a.occurred_at >= $1 AND a.occurred_at < $2"], next = 3
        if grouping != .company {
            parts.append("coalesce(\(try SalesSQL.ownedKey(grouping, table: "a", owner: "rep_id")), '') = $\(next)")
            next += 1
        }
        if kind != nil { parts.append("a.kind = $\(next)") }
        return parts.joined(separator: " AND ")
    }

    /// Columns: id, occurred at, kind, customer id, customer name, rep id, outcome; by time then id.
    public func pageSQL(limit: Int, offset: Int) throws(StoreError) -> String {
        """
        SELECT a.id, coalesce(a.occurred_at, ''), coalesce(a.kind, ''), a.customer_id, cu.name, a.rep_id, a.outcome
        FROM activities a \(SalesSQL.ownedJoins(grouping, table: "a", owner: "rep_id")) LEFT JOIN customers cu ON cu.id = a.customer_id
        WHERE \(try condition()) ORDER BY a.occurred_at, a.id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
        """
    }

    /// How many there are.
    public func countSQL() throws(StoreError) -> String {
        "SELECT count(*) FROM activities a \(SalesSQL.ownedJoins(grouping, table: "a", owner: "rep_id")) WHERE \(try condition())"
    }
}

extension SQLiteStore {
    public func groupActivities(_ query: GroupActivityQuery, limit: Int, offset: Int) throws(StoreError) -> [GroupActivity] {
        let sql = try query.pageSQL(limit: limit, offset: offset)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(query.parameters)).map { row in
                GroupActivity(id: row[0], occurredAt: row[1], kind: row[2], customerID: row[3], customerName: row[4], repID: row[5], outcome: row[6])
            }
        }
    }

    public func groupActivityCount(_ query: GroupActivityQuery) throws(StoreError) -> Int {
        let sql = try query.countSQL()
        return try read { db in try Int.fetchOne(db, sql: sql, arguments: StatementArguments(query.parameters)) ?? 0 }
    }
}
