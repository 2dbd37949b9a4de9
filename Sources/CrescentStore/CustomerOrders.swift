/// Every order of a known customer as columns: the customer's ordinal in the `IdIndex` it was read
/// for, the day number, the amount in ten-thousandths of its currency, and that currency as an index
/// into `currencies`. Orders of no known customer or with no valid day are not in it. They come by
/// customer (each one's in stored order), so that what sums them per customer reads its totals in
/// order, not one cache miss per order. What a whole-table computation of orders starts from (OrderColumns).
public struct CustomerOrders: Sendable, Equatable {
    public var customer: [Int32] = [], day: [Int32] = [], amount: [Int64] = []
    public var currency: [UInt16] = []
    /// Each currency code as stored ("" for none), in order of first appearance.
    public var currencies: [String] = []

    public var count: Int { customer.count }

    /// The columns of the orders `scan` visits (customer_id, ordered_on, amount, currency) of the customers of `ids`.
    init(ids: IdIndex, scan: ((ScanRow) throws -> Void) throws(StoreError) -> Void) throws(StoreError) {
        var codes: [[UInt8]: UInt16] = [:]
        var last: (bytes: [UInt8], index: UInt16)?
        try scan { row in
            guard let c = ids.ordinal(of: row.bytes(0)), let day = row.day(1) else { return }
            let code = row.bytes(3)
            let index: UInt16
            if let last, code.elementsEqual(last.bytes) {
                index = last.index  // orders mostly come in one currency: no lookup
            } else {
                let bytes = Array(code)
                if let known = codes[bytes] {
                    index = known
                } else {
                    guard currencies.count < Int(UInt16.max) else { throw StoreError.failure(Message("store.too_many_currencies")) }
                    index = UInt16(currencies.count)
                    codes[bytes] = index
                    currencies.append(String(decoding: bytes, as: UTF8.self))
                }
                last = (bytes, index)
            }
            customer.append(Int32(c))
            self.day.append(Int32(day))
            amount.append(row.int64(2) ?? 0)
            currency.append(index)
        }
        groupByCustomer(customers: ids.count)
    }

    /// Puts the orders in customer order, keeping each customer's in the order they came (a counting sort).
    private mutating func groupByCustomer(customers: Int) {
        var next = [Int](repeating: 0, count: customers + 1)
        for c in customer { next[Int(c) + 1] += 1 }
        for c in 0..<customers { next[c + 1] += next[c] }
        var sorted = CustomerOrders(customer: customer, day: day, amount: amount, currency: currency, currencies: currencies)
        for i in 0..<count {
            let c = Int(customer[i]), to = next[c]
            next[c] += 1
            sorted.customer[to] = customer[i]
            sorted.day[to] = day[i]
            sorted.amount[to] = amount[i]
            sorted.currency[to] = currency[i]
        }
        self = sorted
    }

    init(customer: [Int32], day: [Int32], amount: [Int64], currency: [UInt16], currencies: [String]) {
        (self.customer, self.day, self.amount, self.currency, self.currencies) = (customer, day, amount, currency, currencies)
    }

    /// The columns as an entry of `KeptColumns` keeps them.
    var kept: [any KeptColumn] { [customer, day, amount, currency] + KeptStrings.columns(currencies) }

    /// The orders an entry of `KeptColumns` keeps, handed to `body` `size` at a time in the order kept
    /// (by customer), each part with every currency and read into the buffers of the part before:
    /// a fold of them never holds every order at once. Malformed when the entry is not what `kept`
    /// wrote: its shape is checked before the first part, each part's values before it is handed on.
    static func forEachPart(kept reader: inout KeptReader, customers: Int, size: Int,
                            _ body: (CustomerOrders) -> Void) throws {
        let customer = try reader.skip(Int32.self), day = try reader.skip(Int32.self)
        let amount = try reader.skip(Int64.self), currency = try reader.skip(UInt16.self)
        let currencies = try reader.nextStrings(), n = customer.count
        guard day.count == n, amount.count == n, currency.count == n, reader.offset == reader.size else {
            throw KeptReader.Malformed()
        }
        var part = CustomerOrders(customer: [], day: [], amount: [], currency: [], currencies: currencies)
        for start in stride(from: 0, to: n, by: size) {
            let range = start..<min(n, start + size)
            try reader.read(customer, range, into: &part.customer)
            try reader.read(day, range, into: &part.day)
            try reader.read(amount, range, into: &part.amount)
            try reader.read(currency, range, into: &part.currency)
            guard !part.customer.contains(where: { $0 < 0 || Int($0) >= customers }),
                  !part.currency.contains(where: { Int($0) >= currencies.count }) else { throw KeptReader.Malformed() }
            body(part)
        }
    }

    init(kept reader: inout KeptReader, customers: Int) throws {
        self.init(customer: try reader.next(Int32.self), day: try reader.next(Int32.self), amount: try reader.next(Int64.self),
                  currency: try reader.next(UInt16.self), currencies: try reader.nextStrings())
        let n = customer.count
        guard day.count == n, amount.count == n, currency.count == n,
              !customer.contains(where: { $0 < 0 || Int($0) >= customers }),
              !currency.contains(where: { Int($0) >= currencies.count }) else { throw KeptReader.Malformed() }
    }
}

extension RecordStore {
    /// The orders of the customers of `ids`, read from the records (what a store that keeps no columns does).
    public func scannedCustomerOrders(of ids: IdIndex) throws(StoreError) -> CustomerOrders {
        try CustomerOrders(ids: ids) { (visit: (ScanRow) throws -> Void) throws(StoreError) in
            try scan(.orders, fields: ["customer_id", "ordered_on", "amount", "currency"], visit)
        }
    }

    /// Folds the orders `customerOrders(of:)` gives into `state`, in one part (a store that keeps
    /// them folds them a part at a time, `restart` putting `state` back as it began when what is
    /// kept turns out malformed midway).
    public func foldCustomerOrders<State>(of ids: IdIndex, into state: inout State, restart: (inout State) -> Void,
                                          _ add: (inout State, CustomerOrders) -> Void) throws(StoreError) {
        add(&state, try customerOrders(of: ids))
    }

    /// Each customer's tier in the latest run of `segment` that moved it, by ordinal of `ids`
    /// (nil: not in the segmentation), read from the memberships.
    public func scannedLatestTiers(segment: String, of ids: IdIndex) throws(StoreError) -> LatestTiers {
        var tiers = LatestTiers(none: ids.count)
        var last = -1  // the changes come by customer id, as the ordinals were given
        try forEachTierChange(segment: segment) { id, tier, _ in
            guard let c = ids.ordinal(of: id, near: last) else { return }
            tiers.set(c, tier)
            last = c
        }
        return tiers
    }
}
