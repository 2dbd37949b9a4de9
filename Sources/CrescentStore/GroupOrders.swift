import GRDB

/// An order as the records behind a sum list it: who bought, who sold, when, how much.
public struct GroupOrder: Sendable, Equatable {
    public let id: String
    public let customerID: String?
    public let customerName: String?
    public let repID: String?
    public let day: CalendarDate
    /// Ten-thousandths of `currency`.
    public let amount: Int64
    /// Empty for the base currency (or none given).
    public let currency: String

    public init(id: String, customerID: String?, customerName: String?, repID: String?, day: CalendarDate, amount: Int64, currency: String) {
        self.id = id
        self.customerID = customerID
        self.customerName = customerName
        self.repID = repID
        self.day = day
        self.amount = amount
        self.currency = currency
    }
}

/// The orders of one group (a rep, team, region... as the order KPIs group them) in a span of days.
public struct GroupOrderQuery: Sendable, Equatable {
    public var from: CalendarDate
    public var to: CalendarDate
    public var grouping: Grouping
    /// The group's key as the KPIs give it ("" for orders with none); ignored for the company.
    public var key: String

    public init(from: CalendarDate, to: CalendarDate, grouping: Grouping, key: String) {
        self.from = from
        self.to = to
        self.grouping = grouping
        self.key = key
    }

    /// Parameters: $1 from, $2 to, and $3 the key unless grouped by company.
    public var parameters: [String] { [from.description, to.description] + (grouping == .company ? [] : [key]) }

    private var condition: String {
        let within = "o.ordered_on BETWEEN $1 AND $2"
        return grouping == .company ? within : "\(within) AND coalesce(\(SalesSQL.orderKey(grouping)), '') = $3"
    }

    /// Columns: id, customer id, customer name, rep id, day, amount, currency; by day then id.
    public func pageSQL(limit: Int, offset: Int) -> String {
        """
        SELECT o.id, o.customer_id, cu.name, o.rep_id, o.ordered_on, o.amount_e4, coalesce(o.currency, '')
        FROM orders o \(SalesSQL.orderJoins(grouping)) LEFT JOIN customers cu ON cu.id = o.customer_id
        WHERE \(condition) ORDER BY o.ordered_on, o.id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
        """
    }

    /// Every matching order, each with its day and currency: the rows to total in the base currency.
    public var amountsSQL: String {
        "SELECT o.ordered_on, o.amount_e4, coalesce(o.currency, '') FROM orders o \(SalesSQL.orderJoins(grouping)) WHERE \(condition)"
    }
}

extension SQLiteStore {
    public func groupOrders(_ query: GroupOrderQuery, limit: Int, offset: Int) throws(StoreError) -> [GroupOrder] {
        try read { db in
            try Row.fetchAll(db, sql: query.pageSQL(limit: limit, offset: offset), arguments: StatementArguments(query.parameters)).compactMap { row in
                guard let day = CalendarDate(parsing: row[4] as String) else { return nil }
                return GroupOrder(id: row[0], customerID: row[1], customerName: row[2], repID: row[3], day: day, amount: row[5], currency: row[6])
            }
        }
    }

    public func groupOrderAmounts(_ query: GroupOrderQuery) throws(StoreError) -> [(day: CalendarDate, amount: Int64, currency: String)] {
        try read { db in
            try Row.fetchAll(db, sql: query.amountsSQL, arguments: StatementArguments(query.parameters)).compactMap { row in
                CalendarDate(parsing: row[0] as String).map { ($0, row[1], row[2]) }
            }
        }
    }
}
