import CrescentStore

/// Every order of a customer up to a day, as three columns: the customer's ordinal (in `IdIndex`
/// order), the day number, and the amount in ten-thousandths of the base currency. The purchase
/// models read every order's; the customer facts fold them a part at a time (`OrderFacts`).
public struct OrderColumns: Sendable {
    public private(set) var customer: [Int32] = [], day: [Int32] = [], amount: [Int64] = []

    public var count: Int { customer.count }

    /// The orders of the customers of `ids` up to `end`, converted at each day's rate (a missing
    /// rate is an error naming the first one missing).
    public init(store: any RecordStore, ids: IdIndex, fx: FxRates, upTo end: CalendarDate) throws {
        try self.init(try store.customerOrders(of: ids), fx: fx, upTo: end)
    }

    /// `orders` up to `end`, converted at each day's rate.
    init(_ orders: CustomerOrders, fx: FxRates, upTo end: CalendarDate) throws {
        let last = Int32(end.dayNumber)
        // Per currency: none when it is the base one (no conversion), else its code's bytes.
        let codes: [[UInt8]?] = orders.currencies.map { code in
            let bytes = Array(code.utf8)
            return bytes.withUnsafeBytes { fx.isBase($0) } ? nil : bytes
        }
        if codes.allSatisfy({ $0 == nil }) && !orders.day.contains(where: { $0 > last }) {
            (customer, day, amount) = (orders.customer, orders.day, orders.amount)  // as they are: no copy
            return
        }
        customer.reserveCapacity(orders.count); day.reserveCapacity(orders.count); amount.reserveCapacity(orders.count)
        for i in 0..<orders.count where orders.day[i] <= last {
            var units = orders.amount[i]
            if let code = codes[Int(orders.currency[i])] {
                guard let converted = code.withUnsafeBytes({ fx.convert(units, currency: $0, day: Int(orders.day[i])) }) else {
                    throw MissingRate(currency: orders.currencies[Int(orders.currency[i])], day: Int(orders.day[i]),
                                      entity: "orders")
                }
                units = converted
            }
            customer.append(orders.customer[i])
            day.append(orders.day[i])
            amount.append(units)
        }
    }
}
