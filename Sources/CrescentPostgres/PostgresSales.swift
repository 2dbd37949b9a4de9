import CrescentStore
import PostgresNIO

/// The sales aggregates behind KPIs, the funnel and commissions, computed by the server with the
/// same SQL as the SQLite store's (SalesSQL).
extension PostgresStore {
    public func orderTotals(from: CalendarDate, to: CalendarDate, by grouping: Grouping, costs: Bool) throws(StoreError) -> [OrderTotal] {
        let rows = try link.query(SalesSQL.orderTotals(grouping, costs: costs), [try baseCurrency(), from.description, to.description])
        return rows.compactMap { row in
            guard let (key, currency, day, orders, amount, costed, cost) = try? row.decode((String?, String, String?, Int64, Int64, Int64, Double).self)
            else { return nil }
            return OrderTotal(key: key, currency: currency, day: day.flatMap { CalendarDate(parsing: $0) }, orders: Int(orders), amount: amount,
                              costedAmount: costed, cost: Int64(cost.rounded()))
        }
    }

    public func orderingCustomers(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, customer: String)] {
        try link.query(SalesSQL.orderingCustomers(grouping), [from.description, to.description]).compactMap { try? $0.decode((String?, String).self) }
    }

    public func firstOrders(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, customer: String)] {
        firstOfEachCustomer(try link.query(SalesSQL.firstOrders(grouping, .postgres), [from.description, to.description])
            .compactMap { try? $0.decode((String?, String).self) })
    }

    public func deals(_ selection: DealSelection, by grouping: Grouping) throws(StoreError) -> [DealRow] {
        let (sql, parameters) = try SalesSQL.deals(selection, grouping, .postgres)
        return try link.query(sql, parameters).compactMap { row in
            guard let (id, key, amount, currency, stage, status, created, expected, closed, category) =
                    try? row.decode((String, String?, Int64?, String, String, String, String?, String?, String?, String?).self) else { return nil }
            func day(_ text: String?) -> CalendarDate? { text.flatMap { CalendarDate(parsing: $0) } }
            return DealRow(id: id, key: key, amount: amount, currency: currency, stage: stage, status: status,
                           createdOn: day(created), expectedCloseOn: day(expected), closedOn: day(closed), forecastCategory: category)
        }
    }

    public func activityCounts(from: CalendarDate, to: CalendarDate, kind: String?, by grouping: Grouping) throws(StoreError) -> [(key: String?, count: Int)] {
        let parameters = [from.description, to.adding(days: 1).description] + (kind.map { [$0] } ?? [])
        return try link.query(try SalesSQL.activityCounts(grouping, kind: kind != nil), parameters).compactMap { row in
            (try? row.decode((String?, Int64).self)).map { ($0.0, Int($0.1)) }
        }
    }

    public func surveyScores(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, responses: Int, total: Double)] {
        try link.query(try SalesSQL.surveyScores(grouping), [from.description, to.description]).compactMap { row in
            (try? row.decode((String?, Int64, Double).self)).map { ($0.0, Int($0.1), $0.2) }
        }
    }

    public func orderLines(from: CalendarDate, to: CalendarDate) throws(StoreError) -> [OrderLine] {
        try link.query(SalesSQL.orderLines(.postgres), [from.description, to.description]).compactMap { row in
            guard let (id, rep, product, category, day, amount, currency) = try? row.decode((String, String, String?, String?, String, Int64, String).self),
                  let date = CalendarDate(parsing: day) else { return nil }
            return OrderLine(id: id, rep: rep, product: product, category: category, day: date, amount: amount, currency: currency)
        }
    }
}

/// The orders behind an order KPI's value, with the same SQL as the SQLite store's (GroupOrderQuery).
extension PostgresStore {
    public func groupOrders(_ query: GroupOrderQuery, limit: Int, offset: Int) throws(StoreError) -> [GroupOrder] {
        try link.query(query.pageSQL(limit: limit, offset: offset), query.parameters).compactMap { row in
            guard let (id, customer, name, rep, day, amount, currency) =
                    try? row.decode((String, String?, String?, String?, String, Int64, String).self),
                  let date = CalendarDate(parsing: day) else { return nil }
            return GroupOrder(id: id, customerID: customer, customerName: name, repID: rep, day: date, amount: amount, currency: currency)
        }
    }

    public func groupOrderAmounts(_ query: GroupOrderQuery) throws(StoreError) -> [(day: CalendarDate, amount: Int64, currency: String)] {
        try link.query(query.amountsSQL, query.parameters).compactMap { row in
            guard let (day, amount, currency) = try? row.decode((String, Int64, String).self), let date = CalendarDate(parsing: day) else { return nil }
            return (date, amount, currency)
        }
    }

    public func groupActivities(_ query: GroupActivityQuery, limit: Int, offset: Int) throws(StoreError) -> [GroupActivity] {
        try link.query(try query.pageSQL(limit: limit, offset: offset), query.parameters).map { row throws(StoreError) in
            guard let (id, at, kind, customer, name, rep, outcome) =
                    try? row.decode((String, String, String, String?, String?, String?, String?).self) else {
                throw .failure(Message("store.bad_row", ["entity": "activities"]))
            }
            return GroupActivity(id: id, occurredAt: at, kind: kind, customerID: customer, customerName: name, repID: rep, outcome: outcome)
        }
    }

    public func groupActivityCount(_ query: GroupActivityQuery) throws(StoreError) -> Int {
        let rows = try link.query(try query.countSQL(), query.parameters)
        return rows.first.flatMap { try? $0.decode(Int64.self) }.map(Int.init) ?? 0
    }
}
