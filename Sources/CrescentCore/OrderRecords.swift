import CrescentStore

/// The orders behind an order KPI's value (`revenue` or `orders` of one group in one period): a
/// page of them, each in the base currency, and the count and total of them all, which are the
/// KPI's value. A number in a report links here to show what it is the sum of.
public struct OrderRecords: Sendable {
    /// The KPIs whose value is a sum over the orders listed.
    public static let kpis: Set<String> = ["revenue", "orders"]

    public let header: RecordsHeader
    public let currency: String
    /// Every matching order: how many, and their amounts' sum in the base currency.
    public let count: Int
    public let total: Double
    public let rows: [(order: GroupOrder, baseAmount: Double)]

    /// The page at `offset` of at most `limit` orders of group `key` of `grouping` in `period`, up to `asOf`.
    public init(kpi: String, period: Period, grouping: Grouping, key: String, kpis: SalesKpis, offset: Int = 0, limit: Int = 50) throws {
        header = try RecordsHeader(kpi: kpi, listed: Self.kpis, period: period, grouping: grouping, key: key, kpis: kpis,
                                   offset: offset, limit: limit)
        let store = kpis.store
        currency = try store.baseCurrency()
        let query = GroupOrderQuery(from: period.start, to: header.end, grouping: grouping, key: key)
        var total = 0.0, count = 0
        if !header.isEmpty {
            for amount in try store.groupOrderAmounts(query) {
                total += try kpis.baseAmount(units: amount.amount, currency: amount.currency, on: amount.day)
                count += 1
            }
        }
        self.count = count
        self.total = total
        rows = header.isEmpty ? [] : try store.groupOrders(query, limit: header.limit, offset: header.offset).map { order in
            (order, try kpis.baseAmount(units: order.amount, currency: order.currency, on: order.day))
        }
    }

    /// The KPI's value these orders make: their total for revenue, their count for orders.
    public var value: Double { header.kpi == "orders" ? Double(count) : total }
}
