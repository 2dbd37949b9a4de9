import CrescentStore

/// The activities behind an activity KPI's value (`activities`, of one kind or all, or `proposals`)
/// of one group in one period: a page of them and how many there are, which is the KPI's value.
public struct ActivityRecords: Sendable {
    /// The KPIs whose value counts the activities listed.
    public static let kpis: Set<String> = ["activities", "proposals"]

    public let header: RecordsHeader
    /// Only this kind (`proposals`: proposal).
    public let kind: String?
    public let count: Int
    public let rows: [GroupActivity]

    /// The page at `offset` of at most `limit` activities of group `key` of `grouping` in `period`, up to `asOf`.
    public init(kpi: String, period: Period, grouping: Grouping, key: String, kind: String? = nil, kpis: SalesKpis,
                offset: Int = 0, limit: Int = 50) throws {
        header = try RecordsHeader(kpi: kpi, listed: Self.kpis, period: period, grouping: grouping, key: key, kpis: kpis,
                                   offset: offset, limit: limit)
        self.kind = kpi == "proposals" ? "proposal" : kind
        let query = GroupActivityQuery(from: period.start, to: header.end, grouping: grouping, key: key, kind: self.kind)
        count = header.isEmpty ? 0 : try kpis.store.groupActivityCount(query)
        rows = header.isEmpty ? [] : try kpis.store.groupActivities(query, limit: header.limit, offset: header.offset)
    }
}
