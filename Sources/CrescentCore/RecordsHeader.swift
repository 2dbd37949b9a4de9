import CrescentStore

/// What a list of the records behind a KPI's value says of itself, whatever the records: the KPI,
/// the period and the days of it counted (up to the as-of day), the group, and the page.
public struct RecordsHeader: Sendable {
    public let kpi: String
    public let period: Period
    /// The days counted: the period up to the as-of day.
    public let span: Period
    public let grouping: Grouping
    /// The group's key ("company" for the company).
    public let key: String
    /// The group's name for people (a rep's, team's or product's), when it has one.
    public let label: String?
    public let asOf: CalendarDate
    public let offset: Int
    public let limit: Int

    /// The header of group `key` of `grouping` in `period` as of `kpis.asOf`, for the page at `offset`
    /// of at most `limit` (1 to 1,000) records; `kpi` must be one of `listed`.
    init(kpi: String, listed: Set<String>, period: Period, grouping: Grouping, key: String, kpis: SalesKpis,
         offset: Int, limit: Int) throws {
        guard listed.contains(kpi) else { throw StoreError.usage(Message("records.no_kpi", ["kpi": kpi])) }
        self.kpi = kpi
        self.period = period
        self.grouping = grouping
        self.key = grouping == .company ? "company" : key
        asOf = kpis.asOf
        self.offset = max(0, offset)
        self.limit = min(max(1, limit), 1000)
        span = Period(kind: .range, start: period.start, end: max(min(period.end, kpis.asOf), period.start))
        let entity: Entity? = grouping == .rep ? .reps : grouping == .team ? .teams : grouping == .product ? .products : nil
        label = try entity.flatMap { entity throws(StoreError) in key.isEmpty ? nil : try kpis.store.record(entity, id: key)?.text("name") }
    }

    /// The last day counted; before `period.start` when the period has not begun by the as-of day.
    public var end: CalendarDate { min(period.end, asOf) }
    /// Whether no day of the period is counted yet.
    public var isEmpty: Bool { end < period.start }
}
