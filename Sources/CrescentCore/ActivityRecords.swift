import CrescentStore

/// The activities behind an activity KPI's value (`activities`, of one kind or all, or `proposals`)
/// of one group in one period: a page of them and how many there are, which is the KPI's value.
public struct ActivityRecords: Sendable {
    /// The KPIs whose value counts the activities listed.
    public static let kpis: Set<String> = ["activities", "proposals"]

    public let kpi: String
    public let period: Period
    /// The days counted: the period up to the as-of day.
    public let span: Period
    public let grouping: Grouping
    public let key: String
    /// The group's name for people, when it has one.
    public let label: String?
    /// Only this kind (`proposals`: proposal).
    public let kind: String?
    public let asOf: CalendarDate
    public let count: Int
    public let offset: Int
    public let limit: Int
    public let rows: [GroupActivity]

    /// The page at `offset` of at most `limit` activities of group `key` of `grouping` in `period`, up to `asOf`.
    public init(kpi: String, period: Period, grouping: Grouping, key: String, kind: String? = nil, kpis: SalesKpis,
                offset: Int = 0, limit: Int = 50) throws {
        guard Self.kpis.contains(kpi) else { throw StoreError.usage(Message("records.no_kpi", ["kpi": kpi])) }
        let store = kpis.store
        self.kpi = kpi
        self.period = period
        self.grouping = grouping
        self.key = grouping == .company ? "company" : key
        self.kind = kpi == "proposals" ? "proposal" : kind
        asOf = kpis.asOf
        self.offset = max(0, offset)
        self.limit = min(max(1, limit), 1000)
        let end = min(period.end, kpis.asOf)
        span = Period(kind: .range, start: period.start, end: max(end, period.start))
        let query = GroupActivityQuery(from: period.start, to: end, grouping: grouping, key: key, kind: self.kind)
        count = end < period.start ? 0 : try store.groupActivityCount(query)
        rows = end < period.start ? [] : try store.groupActivities(query, limit: self.limit, offset: self.offset)
        label = try GroupLabel.of(key, grouping, store)
    }
}

/// A group's name for people: a rep's, team's or product's.
enum GroupLabel {
    static func of(_ key: String, _ grouping: Grouping, _ store: any RecordStore) throws(StoreError) -> String? {
        let entity: Entity? = grouping == .rep ? .reps : grouping == .team ? .teams : grouping == .product ? .products : nil
        guard let entity, !key.isEmpty else { return nil }
        return try store.record(entity, id: key)?.text("name")
    }
}
