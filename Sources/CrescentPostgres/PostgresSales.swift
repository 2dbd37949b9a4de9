import CrescentStore
import PostgresNIO

extension PostgresRow {
    /// The row's columns as `types`; a row of another shape is an error naming `entity`, never a row
    /// left out of a total.
    func columns<each Column: PostgresDecodable>(_ types: (repeat each Column).Type, of entity: String) throws(StoreError)
        -> (repeat each Column) {
        do { return try decode(types, context: .default) } catch { throw .failure(Message("store.bad_row", ["entity": entity])) }
    }
}

/// A day the store wrote, read back; another text is an error naming `entity`.
func storedDay(_ text: String, of entity: String) throws(StoreError) -> CalendarDate {
    guard let day = CalendarDate(parsing: text) else { throw .failure(Message("store.bad_row", ["entity": entity])) }
    return day
}

/// The sales aggregates behind KPIs, the funnel and commissions, computed by the server with the
/// same SQL as the SQLite store's (SalesSQL).
extension PostgresStore {
    public func orderTotals(from: CalendarDate, to: CalendarDate, by grouping: Grouping, costs: Bool) throws(StoreError) -> [OrderTotal] {
        let rows = try link.query(SalesSQL.orderTotals(grouping, costs: costs), [try baseCurrency(), from.description, to.description])
        return try rows.map { row throws(StoreError) in
            let (key, currency, day, orders, amount, costed, cost) = try row.columns((String?, String, String?, Int64, Int64, Int64, Double).self,
                                                                                     of: "orders")
            return OrderTotal(key: key, currency: currency, day: try day.map { text throws(StoreError) in try storedDay(text, of: "orders") },
                              orders: Int(orders), amount: amount, costedAmount: costed, cost: Int64(cost.rounded()))
        }
    }

    public func orderingCustomers(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, customer: String)] {
        try link.query(SalesSQL.orderingCustomers(grouping), [from.description, to.description]).map { row throws(StoreError) in
            try row.columns((String?, String).self, of: "orders")
        }
    }

    public func firstOrders(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, customer: String)] {
        firstOfEachCustomer(try link.query(SalesSQL.firstOrders(grouping, .postgres), [from.description, to.description])
            .map { row throws(StoreError) in try row.columns((String?, String).self, of: "orders") })
    }

    public func deals(_ selection: DealSelection, by grouping: Grouping) throws(StoreError) -> [DealRow] {
        let (sql, parameters) = try SalesSQL.deals(selection, grouping, .postgres)
        return try link.query(sql, parameters).map { row throws(StoreError) in
            let (id, key, amount, currency, stage, status, created, expected, closed, category) =
                try row.columns((String, String?, Int64?, String, String, String, String?, String?, String?, String?).self, of: "deals")
            func day(_ text: String?) throws(StoreError) -> CalendarDate? {
                try text.map { text throws(StoreError) in try storedDay(text, of: "deals") }
            }
            return DealRow(id: id, key: key, amount: amount, currency: currency, stage: stage, status: status,
                           createdOn: try day(created), expectedCloseOn: try day(expected), closedOn: try day(closed), forecastCategory: category)
        }
    }

    public func activityCounts(from: CalendarDate, to: CalendarDate, kind: String?, by grouping: Grouping) throws(StoreError) -> [(key: String?, count: Int)] {
        let parameters = [from.description, to.adding(days: 1).description] + (kind.map { [$0] } ?? [])
        return try link.query(try SalesSQL.activityCounts(grouping, kind: kind != nil), parameters).map { row throws(StoreError) in
            let (key, count) = try row.columns((String?, Int64).self, of: "activities")
            return (key, Int(count))
        }
    }

    public func surveyScores(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, responses: Int, total: Double)] {
        try link.query(try SalesSQL.surveyScores(grouping), [from.description, to.description]).map { row throws(StoreError) in
            let (key, responses, total) = try row.columns((String?, Int64, Double).self, of: "surveys")
            return (key, Int(responses), total)
        }
    }

    public func orderLines(from: CalendarDate, to: CalendarDate) throws(StoreError) -> [OrderLine] {
        try link.query(SalesSQL.orderLines(.postgres), [from.description, to.description]).map { row throws(StoreError) in
            let (id, rep, product, category, day, amount, currency) = try row.columns((String, String, String?, String?, String, Int64, String).self,
                                                                                      of: "orders")
            return OrderLine(id: id, rep: rep, product: product, category: category, day: try storedDay(day, of: "orders"), amount: amount,
                             currency: currency)
        }
    }
}

/// The orders behind an order KPI's value, with the same SQL as the SQLite store's (GroupOrderQuery).
extension PostgresStore {
    public func groupOrders(_ query: GroupOrderQuery, limit: Int, offset: Int) throws(StoreError) -> [GroupOrder] {
        try link.query(query.pageSQL(limit: limit, offset: offset), query.parameters).map { row throws(StoreError) in
            let (id, customer, name, rep, day, amount, currency) =
                try row.columns((String, String?, String?, String?, String, Int64, String).self, of: "orders")
            return GroupOrder(id: id, customerID: customer, customerName: name, repID: rep, day: try storedDay(day, of: "orders"), amount: amount,
                              currency: currency)
        }
    }

    public func groupOrderAmounts(_ query: GroupOrderQuery) throws(StoreError) -> [(day: CalendarDate, amount: Int64, currency: String)] {
        try link.query(query.amountsSQL, query.parameters).map { row throws(StoreError) in
            let (day, amount, currency) = try row.columns((String, Int64, String).self, of: "orders")
            return (try storedDay(day, of: "orders"), amount, currency)
        }
    }

    public func groupActivities(_ query: GroupActivityQuery, limit: Int, offset: Int) throws(StoreError) -> [GroupActivity] {
        try link.query(try query.pageSQL(limit: limit, offset: offset), query.parameters).map { row throws(StoreError) in
            let (id, at, kind, customer, name, rep, outcome) =
                try row.columns((String, String, String, String?, String?, String?, String?).self, of: "activities")
            return GroupActivity(id: id, occurredAt: at, kind: kind, customerID: customer, customerName: name, repID: rep, outcome: outcome)
        }
    }

    public func groupActivityCount(_ query: GroupActivityQuery) throws(StoreError) -> Int {
        let rows = try link.query(try query.countSQL(), query.parameters)
        guard let row = rows.first else { return 0 }
        do { return Int(try row.decode(Int64.self)) } catch { throw .failure(Message("store.bad_row", ["entity": "activities"])) }
    }
}
