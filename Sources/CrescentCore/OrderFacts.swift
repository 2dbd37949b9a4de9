import CrescentStore

/// What one pass over the orders gives per customer, up to the as-of day: of the last 12 months
/// (with the last day), or of all time (with the first day). Two passes, not one: a segmentation
/// by recent orders (the usual one) then never holds the lifetime columns, 16 bytes a customer.
struct OrderFacts: Sendable {
    enum Span { case recent, lifetime }
    let span: Span
    /// Of the last 12 months; empty for the lifetime facts.
    var revenue12m: [Int64] = [], orders12m: [Int32] = []
    /// Of all time; empty for the recent facts.
    var revenueTotal: [Int64] = [], ordersTotal: [Int32] = []
    /// Day numbers; Int32.min when the customer never ordered. The last is of the recent facts,
    /// the first of the lifetime ones.
    var firstDay: [Int32] = [], lastDay: [Int32] = []

    /// Every customer with no orders.
    private init(_ span: Span, customers n: Int) {
        self.span = span
        switch span {
        case .recent:
            revenue12m = Array(repeating: 0, count: n); orders12m = Array(repeating: 0, count: n)
            lastDay = Array(repeating: .min, count: n)
        case .lifetime:
            revenueTotal = Array(repeating: 0, count: n); ordersTotal = Array(repeating: 0, count: n)
            firstDay = Array(repeating: .min, count: n)
        }
    }

    /// The facts of the orders up to `asOf`: summed by the store where it can, else folded from the
    /// customers' orders a part at a time (so that every order is never held at once).
    init(_ span: Span, store: any RecordStore, ids: IdIndex, asOf: CalendarDate, fx: FxRates) throws {
        let n = ids.count
        self.init(span, customers: n)
        let end = asOf.dayNumber, start = asOf.yearBefore.dayNumber
        var missing: MissingRate?
        // One order (customer_id, ordered_on, amount, currency), converted at its day's rate. A
        // nested function, not a closure value: called only here, its accesses are checked statically.
        func addOrder(_ row: ScanRow) {
            guard let (c, day, amount) = fx.order(row, ids: ids, upTo: end, missing: &missing) else { return }
            add(c, orders: 1, amount: amount, recentOrders: day >= start ? 1 : 0, recentAmount: day >= start ? amount : 0, first: day, last: day)
        }
        let summed = try store.customerOrderTotals(since: asOf.yearBefore, asOf: asOf, totals: { row in
            guard let c = ids.ordinal(of: row.bytes(0)), let first = row.day(5), let last = row.day(6) else { return }
            add(c, orders: Int32(row.int64(1) ?? 0), amount: row.int64(2) ?? 0, recentOrders: Int32(row.int64(3) ?? 0),
                recentAmount: row.int64(4) ?? 0, first: first, last: last)
        }, foreign: addOrder)
        if !summed {
            var failure: (any Error)?
            try store.foldCustomerOrders(of: ids, into: &self, restart: { facts in
                facts = OrderFacts(span, customers: n)
                failure = nil
            }) { facts, part in
                guard failure == nil else { return }
                do {
                    facts.add(try OrderColumns(part, fx: fx, upTo: asOf), since: start)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
        }
        if let missing { throw missing }
    }

    /// Adds `orders` to their customers' totals: those from day `start` on are of the last 12 months.
    private mutating func add(_ orders: OrderColumns, since start: Int) {
        for i in 0..<orders.count {
            let c = Int(orders.customer[i]), day = Int(orders.day[i]), amount = orders.amount[i], recent = day >= start
            add(c, orders: 1, amount: amount, recentOrders: recent ? 1 : 0, recentAmount: recent ? amount : 0, first: day, last: day)
        }
    }

    /// Adds orders to customer `c`'s totals: `recent` ones are of the last 12 months.
    private mutating func add(_ c: Int, orders: Int32, amount: Int64, recentOrders: Int32, recentAmount: Int64, first: Int, last: Int) {
        switch span {
        case .recent:
            revenue12m[c] += recentAmount
            orders12m[c] += recentOrders
            if Int32(last) > lastDay[c] { lastDay[c] = Int32(last) }
        case .lifetime:
            revenueTotal[c] += amount
            ordersTotal[c] += orders
            if firstDay[c] == .min || Int32(first) < firstDay[c] { firstDay[c] = Int32(first) }
        }
    }
}

/// Quintile scores among the customers who ordered in the last 12 months: a customer's score is
/// 1 + floor(5 × (customers with a strictly worse value) / (customers scored)), so ties share a
/// score and the best fifth gets 5; 0 for a customer not scored. Recency is better when more recent.
/// Made when a script first reads one: ranking a million customers three times is not free.
struct RFMScores {
    let r: [UInt8], f: [UInt8], m: [UInt8]

    init(_ orders: OrderFacts) {
        let scored = orders.orders12m.indices.filter { orders.orders12m[$0] > 0 }
        let n = scored.count, count = orders.orders12m.count
        func scores(_ value: (Int) -> Int64) -> [UInt8] {
            var out = Array(repeating: UInt8(0), count: count)
            guard n > 0 else { return out }
            let worse = StrictlyLess(scored.map(value))
            for c in scored { out[c] = UInt8(1 + (5 * worse.count(below: value(c))) / n) }
            return out
        }
        r = scores { Int64(orders.lastDay[$0]) }
        f = scores { Int64(orders.orders12m[$0]) }
        m = scores { orders.revenue12m[$0] }
    }
}

/// How many of some values are strictly less than a value: counted once per distinct value when
/// they span a narrow range (days, order counts), else found by binary search in them sorted.
struct StrictlyLess {
    private var low: Int64 = 0
    /// `below[v - low]`: how many values are less than v, for a narrow range.
    private var below: [Int32] = []
    private var sorted: [Int64] = []

    init(_ values: [Int64]) {
        guard let min = values.min(), let max = values.max() else { return }
        let (span, overflow) = max.subtractingReportingOverflow(min)
        guard !overflow, span < Int64(values.count) * 4 + 1024 else {
            sorted = values.sorted()
            return
        }
        low = min
        var counts = [Int32](repeating: 0, count: Int(span) + 2)
        for v in values { counts[Int(v - min) + 1] += 1 }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        below = counts
    }

    func count(below value: Int64) -> Int {
        if !below.isEmpty {
            let (offset, overflow) = value.subtractingReportingOverflow(low)
            if value < low { return 0 }
            return Int(overflow || offset >= Int64(below.count) ? below[below.count - 1] : below[Int(offset)])
        }
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension FxRates {
    /// An order row (customer_id, ordered_on, amount, currency) of a customer of `ids` on or before
    /// day `end`, its amount in the base currency; nil for other rows, and for a missing rate, which
    /// the first of is kept in `missing`.
    func order(_ row: ScanRow, ids: IdIndex, upTo end: Int, missing: inout MissingRate?) -> (customer: Int, day: Int, amount: Int64)? {
        guard let c = ids.ordinal(of: row.bytes(0)), let day = row.day(1), day <= end else { return nil }
        guard let amount = convert(row.int64(2) ?? 0, currency: row.bytes(3), day: day) else {
            missing = missing ?? MissingRate(currency: row.string(3) ?? "", day: day, entity: "orders")
            return nil
        }
        return (c, day, amount)
    }
}
