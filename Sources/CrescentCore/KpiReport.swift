import CrescentStore

/// What a KPI is compared with.
public enum KpiComparison: String, CaseIterable, Sendable {
    /// The target of the group for the period: `target` and `attainment`.
    case target
    /// The period just before, of the same length: `previous` and `change`.
    case previous
    /// The same period a year earlier: `previous` and `change`.
    case yoy
}

/// One group's line of a KPI report.
public struct KpiRow: Sendable, Equatable {
    public let key: String
    public let label: String
    public let value: Double?
    public var target: Double?
    public var attainment: Double?
    public var previous: Double?
    /// (value - previous) / |previous|; nil when previous is 0 or missing.
    public var change: Double?
    /// 1 for the best among its peers (the rep's team, or all groups); ties share a rank.
    public var rank: Int?
    /// Share of its peers with a lower value, 0 to 100 (100 when it has no peers).
    public var percentile: Double?
    /// The peer group it is ranked in: a rep's team ("" for none); nil when not ranked by team.
    public var peers: String?
}

/// A KPI over a period per group, with the comparisons asked for.
public struct KpiReport: Sendable {
    public let kpi: String
    public let unit: KpiUnit
    public let period: Period
    public let grouping: Grouping
    public let comparisons: [KpiComparison]
    public let ranked: Bool
    public let rows: [KpiRow]

    /// Where the report's names and targets come from.
    public struct Context {
        public var targets: TargetBook
        /// Display names of reps, teams and products.
        public var labels: [String: String]
        /// Groups listed even without a value (every rep, or every team with reps).
        public var groups: [String]
        /// Each rep's team: a rep's peers for ranking.
        public var repTeams: [String: String]

        public init(kpis: SalesKpis, grouping: Grouping) throws(StoreError) {
            targets = try kpis.targets()
            repTeams = try kpis.store.repTeams()
            switch grouping {
            case .rep: labels = try kpis.store.names(of: .reps)
            case .team: labels = try kpis.store.names(of: .teams)
            case .product: labels = try kpis.store.names(of: .products)
            default: labels = [:]
            }
            switch grouping {
            case .company: groups = ["company"]
            case .rep: groups = Array(labels.keys)
            case .team: groups = Array(Set(repTeams.values))  // teams with reps; a parent team shows only with data of its own
            default: groups = []
            }
        }
    }

    /// Builds the report from `values`, which gives the KPI's values per group for any period.
    public init(kpi: String, unit: KpiUnit, period: Period, grouping: Grouping, comparisons: [KpiComparison], ranked: Bool,
                context: Context, targetMetric: String?, values: (Period) throws -> KpiValues) throws {
        self.kpi = kpi
        self.unit = unit
        self.period = period
        self.grouping = grouping
        self.comparisons = comparisons
        self.ranked = ranked
        let current = try values(period)
        let earlier: KpiValues? = try comparisons.contains(.yoy) ? values(period.yearBefore)
            : comparisons.contains(.previous) ? values(period.previous) : nil
        let zero: Double? = unit.isAdditive ? 0 : nil
        var keys = Set(current.keys).union(context.groups)
        if let earlier { keys.formUnion(earlier.keys) }
        var rows = keys.map { key -> KpiRow in
            var row = KpiRow(key: key, label: Self.label(key, context.labels), value: current[key] ?? zero)
            if comparisons.contains(.target), let metric = targetMetric, let scope = TargetScope(group: key, grouping: grouping) {
                row.target = context.targets.value(scope: scope, metric: metric, period: period)
                if let target = row.target, target != 0, let value = row.value { row.attainment = value / target }
            }
            if let earlier {
                row.previous = earlier[key] ?? zero
                if let previous = row.previous, previous != 0, let value = row.value { row.change = (value - previous) / abs(previous) }
            }
            return row
        }
        if ranked && grouping == .rep {
            for i in rows.indices { rows[i].peers = context.repTeams[rows[i].key] ?? "" }
        }
        if ranked { Self.rank(&rows, peers: { $0.peers ?? "" }) }
        self.rows = rows.sorted { a, b in
            switch (a.value, b.value) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.key < b.key
            }
        }
    }

    static func label(_ key: String, _ labels: [String: String]) -> String {
        key == "" ? "(none)" : key == "company" ? "Company" : labels[key] ?? key
    }

    /// Ranks every row with a value among the rows of the same peer group.
    static func rank(_ rows: inout [KpiRow], peers: (KpiRow) -> String) {
        var groups: [String: [Double]] = [:]
        for row in rows { if let value = row.value { groups[peers(row), default: []].append(value) } }
        for i in rows.indices {
            guard let value = rows[i].value, let values = groups[peers(rows[i])] else { continue }
            let better = values.filter { $0 > value }.count, worse = values.filter { $0 < value }.count
            rows[i].rank = better + 1
            rows[i].percentile = values.count > 1 ? 100 * Double(worse) / Double(values.count - 1) : 100
        }
    }
}
