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

    public let kpi: String
    public let period: Period
    /// The days counted: the period up to the as-of day.
    public let span: Period
    public let grouping: Grouping
    public let key: String
    public let label: String?
    public let asOf: CalendarDate
    public let count: Int
    public let offset: Int
    public let limit: Int
    public let rows: [Customer]

    /// The page at `offset` of at most `limit` customers of group `key` of `grouping` in `period`, up to `asOf`.
    public init(kpi: String, period: Period, grouping: Grouping, key: String, kpis: SalesKpis, offset: Int = 0, limit: Int = 50) throws {
        guard Self.kpis.contains(kpi) else { throw StoreError.usage(Message("records.no_kpi", ["kpi": kpi])) }
        let store = kpis.store
        self.kpi = kpi
        self.period = period
        self.grouping = grouping
        self.key = grouping == .company ? "company" : key
        asOf = kpis.asOf
        self.offset = max(0, offset)
        self.limit = min(max(1, limit), 1000)
        let end = min(period.end, kpis.asOf)
        span = Period(kind: .range, start: period.start, end: max(end, period.start))
        // The same reads as the KPI's value (SalesKpis.values), kept to the group.
        let found = end < period.start ? [] : kpi == "new_customers"
            ? try store.firstOrders(from: period.start, to: end, by: grouping)
            : try store.orderingCustomers(from: period.start, to: end, by: grouping)
        let wanted = self.key
        let ids = found.filter { kpis.key($0.key, grouping) == wanted }.map(\.customer).sorted()
        count = ids.count
        rows = try Self.described(Array(ids.dropFirst(self.offset).prefix(self.limit)), store)
        label = try GroupLabel.of(key, grouping, store)
    }

    private static func described(_ ids: [String], _ store: any RecordStore) throws(StoreError) -> [Customer] {
        let records = Dictionary(try store.records(.customers, ids: ids).compactMap { record in record.text("id").map { ($0, record) } },
                                 uniquingKeysWith: { first, _ in first })
        let owners = try store.names(of: .reps)
        return ids.map { id in
            let record = records[id], owner = record?.text("owner_id") ?? ""
            return Customer(id: id, name: record?.text("name") ?? "", ownerID: owner, ownerName: owners[owner] ?? "")
        }
    }
}
