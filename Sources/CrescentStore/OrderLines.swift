import GRDB

/// An order credited to a rep, as commissions read it.
public struct OrderLine: Sendable, Equatable {
    public let id: String
    public let rep: String
    public let product: String?
    public let category: String?
    public let day: CalendarDate
    /// Ten-thousandths of `currency`; negative for a refund or credit note.
    public let amount: Int64
    /// Empty for the base currency (or none given).
    public let currency: String

    public init(id: String, rep: String, product: String?, category: String?, day: CalendarDate, amount: Int64, currency: String) {
        self.id = id
        self.rep = rep
        self.product = product
        self.category = category
        self.day = day
        self.amount = amount
        self.currency = currency
    }
}

extension SQLiteStore {
    /// The orders with a rep and `ordered_on` in `from...to`, by rep, then day, then stored order.
    public func orderLines(from: CalendarDate, to: CalendarDate) throws(StoreError) -> [OrderLine] {
        let sql = SalesSQL.orderLines(.sqlite)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: [from.description, to.description]).compactMap { row in
                guard let day = CalendarDate(parsing: row[4] as String) else { return nil }
                return OrderLine(id: row[0], rep: row[1], product: row[2], category: row[3], day: day, amount: row[5], currency: row[6])
            }
        }
    }
}
