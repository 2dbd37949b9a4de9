import CrescentStore

/// Every order of a customer up to a day, as three columns: the customer's ordinal (in `IdIndex`
/// order), the day number, and the amount in ten-thousandths of the base currency. One pass over
/// the orders fills them; the customer facts and the purchase models both read them, so that a
/// segmentation tiering by both scans the orders once.
public struct OrderColumns: Sendable {
    public private(set) var customer: [Int32] = [], day: [Int32] = [], amount: [Int64] = []

    public var count: Int { customer.count }

    /// The orders of the customers of `ids` up to `end`, converted at each day's rate (a missing
    /// rate is an error naming the first one missing).
    public init(store: any RecordStore, ids: IdIndex, fx: FxRates, upTo end: CalendarDate) throws {
        var missing: MissingRate?
        let last = end.dayNumber
        try store.scan(.orders, fields: ["customer_id", "ordered_on", "amount", "currency"]) { row in
            guard let (c, day, amount) = fx.order(row, ids: ids, upTo: last, missing: &missing) else { return }
            customer.append(Int32(c))
            self.day.append(Int32(day))
            self.amount.append(amount)
        }
        if let missing { throw missing }
    }
}
