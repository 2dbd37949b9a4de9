import CrescentStore

/// The orders behind an order KPI's value (`revenue` or `orders` of one group in one period): a
/// page of them, each in the base currency, and the count and total of them all, which are the
/// KPI's value. A number in a report links here to show what it is the sum of.
public struct OrderRecords: Sendable {
    /// The KPIs whose value is a sum over the orders listed.
    public static let kpis: Set<String> = ["revenue", "orders"]

    public let kpi: String
    public let period: Period
    /// The days counted: the period up to the as-of day.
    public let span: Period
    public let grouping: Grouping
    public let key: String
    /// The group's name for people (a rep's or team's name), when it has one.
    public let label: String?
    public let currency: String
    public let asOf: CalendarDate
    /// Every matching order: how many, and their amounts' sum in the base currency.
    public let count: Int
    public let total: Double
    public let offset: Int
    public let limit: Int
    public let rows: [(order: GroupOrder, baseAmount: Double)]

    /// The page at `offset` of at most `limit` orders of group `key` of `grouping` in `period`, up to `asOf`.
    public init(kpi: String, period: Period, grouping: Grouping, key: String, kpis: SalesKpis, offset: Int = 0, limit: Int = 50) throws {
        guard Self.kpis.contains(kpi) else { throw StoreError.usage(Message("records.no_kpi", ["kpi": kpi])) }
        let store = kpis.store
        self.kpi = kpi
        self.period = period
        self.grouping = grouping
        self.key = grouping == .company ? "company" : key
        self.asOf = kpis.asOf
        self.offset = max(0, offset)
        self.limit = min(max(1, limit), 1000)
        currency = try store.baseCurrency()
        let end = min(period.end, kpis.asOf)
        span = Period(kind: .range, start: period.start, end: max(end, period.start))
        let query = GroupOrderQuery(from: period.start, to: end, grouping: grouping, key: key)
        var total = 0.0, count = 0
        if end >= period.start {
            for amount in try store.groupOrderAmounts(query) {
                total += try kpis.baseAmount(units: amount.amount, currency: amount.currency, on: amount.day)
                count += 1
            }
        }
        self.count = count
        self.total = total
        rows = end < period.start ? [] : try store.groupOrders(query, limit: self.limit, offset: self.offset).map { order in
            (order, try kpis.baseAmount(units: order.amount, currency: order.currency, on: order.day))
        }
        label = try GroupLabel.of(key, grouping, store)
    }

    /// The KPI's value these orders make: their total for revenue, their count for orders.
    public var value: Double { kpi == "orders" ? Double(count) : total }
}
