import CrescentStore
import Foundation

/// Every customer's stored fields and derived metrics as of a day, read by ordinal (customers in
/// id order). A field costs one pass over its table the first time it is asked for; the columns
/// handed out are immutable, so workers on several threads read them without locks.
public final class CustomerFacts: @unchecked Sendable {
    public let store: any RecordStore
    public let asOf: CalendarDate
    public let ids: IdIndex
    public let fx: FxRates
    public let customFields: [String]
    /// The facts of the last 12 months' orders: every segment run counts revenue by them.
    let orders: OrderFacts
    /// The facts of every order, made when a field first needs them.
    private var lifetimeOrders: OrderFacts?
    private let lock = NSLock()
    private var columns: [String: FactColumn] = [:]
    private var savedTierColumns: [(segment: String, tiers: LatestTiers)]?

    public init(store: any RecordStore, asOf: CalendarDate) throws {
        self.store = store
        self.asOf = asOf
        ids = try store.sortedIDs(.customers)
        fx = try FxRates(store: store)
        customFields = try store.customFields(of: .customers)
        orders = try OrderFacts(.recent, store: store, ids: ids, asOf: asOf, fx: fx)
    }

    public var count: Int { ids.count }

    /// Revenue of the last 12 months in ten-thousandths of the base currency.
    public func revenue12mUnits(_ ordinal: Int) -> Int64 { orders.revenue12m[ordinal] }

    /// Each saved segmentation's latest tier of every customer (nil: not in its last run), for
    /// `c.tiers`: read once, however many workers ask.
    public func savedTiers() throws(StoreError) -> [(segment: String, tiers: LatestTiers)] {
        lock.lock()
        defer { lock.unlock() }
        if let savedTierColumns { return savedTierColumns }
        var read: [(segment: String, tiers: LatestTiers)] = []
        for segment in try store.savedSegmentations().map(\.latest.segment) {
            read.append((segment, try PreviousMembership(store: store, segment: segment, ids: ids).tiers))
        }
        savedTierColumns = read
        return read
    }

    /// The values of a field for every customer, or nil when customers have no such field.
    public func column(_ name: String) throws -> FactColumn? {
        lock.lock()
        defer { lock.unlock() }
        if let column = columns[name] { return column }
        let column: FactColumn
        if let metric = DerivedMetric(rawValue: name) {
            try load(metric.source)
            return columns[name]
        } else if let field = Entity.customers.field(named: name) {
            column = try storedColumn(name, kind: field.kind)
        } else if customFields.contains(name) {
            column = try storedColumn(name, kind: .text)
        } else {
            return nil
        }
        columns[name] = column
        return column
    }

    private func storedColumn(_ name: String, kind: Field.Kind) throws -> FactColumn {
        var values = Array(repeating: StoredValue.null, count: ids.count), last = -1
        try store.scan(.customers, fields: ["id", name]) { row in
            guard let c = ids.ordinal(of: row.bytes(0), near: last) else { return }  // usually in id order
            values[c] = row.value(1, kind: kind)
            last = c
        }
        return { [values] in values[$0] }
    }

    /// The facts of every order, made the first time (under `lock`, by `load`).
    private func lifetime() throws -> OrderFacts {
        if let lifetimeOrders { return lifetimeOrders }
        let made = try OrderFacts(.lifetime, store: store, ids: ids, asOf: asOf, fx: fx)
        lifetimeOrders = made
        return made
    }

    /// Makes the columns of every metric a pass derives.
    private func load(_ source: DerivedMetric.Source) throws {
        let end = asOf.dayNumber
        func days(_ days: [Int32], since: Bool) -> FactColumn {
            { [days] c in days[c] == .min ? .null : since ? .integer(Int64(end) - Int64(days[c])) : .text(CalendarDate(dayNumber: Int(days[c])).description) }
        }
        switch source {
        case .recentOrders:
            let o = orders
            columns["revenue_12m"] = { money(o.revenue12m[$0]) }
            columns["orders_12m"] = { .integer(Int64(o.orders12m[$0])) }
            columns["last_order_on"] = days(o.lastDay, since: false)
            columns["days_since_last_order"] = days(o.lastDay, since: true)
        case .lifetimeOrders:
            let o = try lifetime()
            columns["revenue_total"] = { money(o.revenueTotal[$0]) }
            columns["orders_total"] = { .integer(Int64(o.ordersTotal[$0])) }
            columns["first_order_on"] = days(o.firstDay, since: false)
            columns["avg_order_value"] = { o.ordersTotal[$0] == 0 ? .null : .number(Double(o.revenueTotal[$0]) / 10_000 / Double(o.ordersTotal[$0])) }
        case .rfm:
            let rfm = RFMScores(orders)
            for (name, scores) in [("r_score", rfm.r), ("f_score", rfm.f), ("m_score", rfm.m)] {
                columns[name] = { scores[$0] == 0 ? .null : .integer(Int64(scores[$0])) }
            }
        case .tenure:
            let created = try ActivityFacts.createdDays(store: store, ids: ids), first = try lifetime().firstDay
            columns["tenure_days"] = { c in
                let start = created[c] != .min ? created[c] : first[c]
                return start == .min ? .null : .integer(Int64(end) - Int64(start))
            }
        case .deals:
            let (open, won) = try ActivityFacts.deals(store: store, ids: ids, asOf: asOf, fx: fx)
            columns["open_pipeline"] = { money(open[$0]) }
            columns["won_deals_12m"] = { .integer(Int64(won[$0])) }
        case .activities:
            let (recent, last) = try ActivityFacts.activities(store: store, ids: ids, asOf: asOf)
            columns["activities_90d"] = { .integer(Int64(recent[$0])) }
            columns["days_since_last_activity"] = days(last, since: true)
        case .surveys:
            let (sum, count) = try ActivityFacts.surveys(store: store, ids: ids, asOf: asOf)
            columns["satisfaction"] = { count[$0] == 0 ? .null : .number(sum[$0] / Double(count[$0])) }
        case .clv:
            let scores = try CustomerScores(store: store, ids: ids, fx: fx, asOf: asOf)
            for (name, values) in scores.columns { columns[name] = { values[$0].isNaN ? .null : .number(values[$0]) } }
        }
    }
}
