import CrescentStatistics
import CrescentStore

/// The unit of time of the purchase models: days, or weeks of 7 days (as in the papers' data).
public enum ClvTimeUnit: String, Sendable, Codable, CaseIterable {
    case day, week

    public var days: Double { self == .day ? 1 : 7 }
    /// Units in a month, as `lifetimes` counts them (30 days, 4.345 weeks).
    public var perMonth: Double { self == .day ? 30 : 4.345 }
}

/// Every customer's purchases up to a day, as the buy-till-you-die models read them: the orders of
/// one day are one purchase of their total (in the base currency); the first purchase starts the
/// customer's clock and is left out of the mean spend.
public struct PurchaseHistory: Sendable {
    public let summary: PurchaseSummary
    /// The customer ordinal (in `IdIndex` order) of each summary entry; customers who never ordered have none.
    public let ordinals: [Int32]
    public let orders: Int

    public init(store: any RecordStore, ids: IdIndex, fx: FxRates, upTo end: CalendarDate, unit: ClvTimeUnit) throws {
        self.init(try OrderColumns(store: store, ids: ids, fx: fx, upTo: end), upTo: end, unit: unit)
    }

    /// The history of the orders of `columns` up to `end`.
    public init(_ columns: OrderColumns, upTo end: CalendarDate, unit: ClvTimeUnit) {
        var purchases: [(customer: Int32, day: Int32, amount: Int64)] = []
        purchases.reserveCapacity(columns.count)
        let last = Int32(end.dayNumber)
        for i in 0..<columns.count where columns.day[i] <= last { purchases.append((columns.customer[i], columns.day[i], columns.amount[i])) }
        purchases.sort { ($0.customer, $0.day) < ($1.customer, $1.day) }
        orders = purchases.count
        var summary = PurchaseSummary(), ordinals: [Int32] = []
        var i = 0
        while i < purchases.count {
            let customer = purchases[i].customer, first = purchases[i].day
            var days = 0, last = first, repeatSpend: Int64 = 0
            while i < purchases.count && purchases[i].customer == customer {
                if purchases[i].day != last || days == 0 {
                    days += 1
                    last = purchases[i].day
                }
                if purchases[i].day != first { repeatSpend += purchases[i].amount }
                i += 1
            }
            let x = days - 1
            ordinals.append(customer)
            summary.append(frequency: Int32(x), recency: Double(last - first) / unit.days, age: Double(Int32(end.dayNumber) - first) / unit.days,
                           monetary: x == 0 ? 0 : Double(repeatSpend) / 10_000 / Double(x))
        }
        self.summary = summary
        self.ordinals = ordinals
    }
}
