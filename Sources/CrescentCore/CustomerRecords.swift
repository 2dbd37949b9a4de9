import CrescentStore

/// The customers behind a customer-count KPI's value (`new_customers`: whose first order is in the
/// period; `active_customers`: who ordered in it) of one group: a page of them, by id, and how many
/// there are, which is the KPI's value.
public struct CustomerRecords: Sendable {
    /// The KPIs whose value counts the customers listed.
    public static let kpis: Set<String> = ["new_customers", "active_customers"]

    public struct Customer: Sendable {
        public let id: String
        public var name = ""
        public var ownerID = ""
        public var ownerName = ""
    }

    public let header: RecordsHeader
    public let count: Int
    public let rows: [Customer]

    /// The page at `offset` of at most `limit` customers of group `key` of `grouping` in `period`, up to `asOf`.
    public init(kpi: String, period: Period, grouping: Grouping, key: String, kpis: SalesKpis, offset: Int = 0, limit: Int = 50) throws {
        let header = try RecordsHeader(kpi: kpi, listed: Self.kpis, period: period, grouping: grouping, key: key, kpis: kpis,
                                       offset: offset, limit: limit)
        self.header = header
        let store = kpis.store
        // The same reads as the KPI's value (SalesKpis.values), kept to the group.
        let found = header.isEmpty ? [] : kpi == "new_customers"
            ? try store.firstOrders(from: period.start, to: header.end, by: grouping)
            : try store.orderingCustomers(from: period.start, to: header.end, by: grouping)
        let ids = found.filter { kpis.key($0.key, grouping) == header.key }.map(\.customer).sorted()
        count = ids.count
        rows = try Self.described(Array(ids.dropFirst(header.offset).prefix(header.limit)), store)
    }

    private static func described(_ ids: [String], _ store: any RecordStore) throws(StoreError) -> [Customer] {
        let customers = try CustomerOwners(store, ids: ids)
        return ids.map { id in
            let owner = customers.owner(id)
            return Customer(id: id, name: customers.name(id), ownerID: owner[0], ownerName: owner[1])
        }
    }
}
