import CrescentStore

/// What a KPI is compared with. A period in progress at the as-of day is compared over the same
/// elapsed span (`previous`, `yoy`) unless the whole earlier period is asked for (`-full`).
public enum KpiComparison: String, CaseIterable, Sendable {
    /// The target of the group for the period: `target` and `attainment`.
    case target
    /// The period just before, to date: `previous` and `change`.
    case previous
    /// The whole period just before, even when this one is not over: `previous` and `change`.
    case previousFull = "previous-full"
    /// The same period a year earlier, to date: `year_before` and `change_yoy`.
    case yoy
    /// The whole same period a year earlier: `year_before` and `change_yoy`.
    case yoyFull = "yoy-full"
}

/// One group's line of a KPI report.
public struct KpiRow: Sendable, Equatable, Decodable {
    public let key: String
    public let label: String
    public let value: Double?
    public var target: Double?
    /// The target is the sum of the group's members' targets (it has none of its own).
    public var targetRolledUp = false
    public var attainment: Double?
    /// The value over the previous span, and (value - previous) / |previous| (nil when previous is 0 or missing).
    public var previous: Double?
    public var change: Double?
    /// The value over the span a year before, and the change against it.
    public var yearBefore: Double?
    public var changeYoy: Double?
    /// 1 for the best among its peers (the rep's team, or all groups); ties share a rank.
    public var rank: Int?
    /// Share of its peers with a lower value, 0 to 100 (100 when it has no peers).
    public var percentile: Double?
    /// The peer group it is ranked in: a rep's team ("" for none); nil when not ranked by team.
    public var peers: String?

    public init(key: String, label: String, value: Double?) {
        self.key = key
        self.label = label
        self.value = value
    }
}

/// A KPI over a period per group, with the comparisons asked for.
public struct KpiReport: Sendable, Equatable {
    public let kpi: String
    public let unit: KpiUnit
    public let period: Period
    public let asOf: CalendarDate
    /// The days measured: the period, or its days up to the as-of day when it is in progress.
    public let span: Period
    /// The share of the period's days elapsed at the as-of day (1 when it is over).
    public let elapsedShare: Double
    public let grouping: Grouping
    public let comparisons: [KpiComparison]
    /// The span compared by `previous` or `previous-full`, and by `yoy` or `yoy-full`.
    public let previousSpan: Period?
    public let yearBeforeSpan: Period?
    public let ranked: Bool
    /// The store's base currency: money values are in it.
    public let currency: String
    /// A custom KPI's name for people, in the language asked for (a built-in KPI's is in the catalog).
    public var label: String?
    /// The activity kind `activities` counted, when only one (its `kind` option).
    public var kind: String?
    public private(set) var rows: [KpiRow]

    /// The same report with other rows (a selection of its own, in another order).
    public func with(rows: [KpiRow]) -> KpiReport {
        var copy = self
        // Ranked reps always have a peer group, "" for none (JSON and Lua write it as null).
        copy.rows = ranked && grouping == .rep ? rows.map { row in var row = row; row.peers = row.peers ?? ""; return row } : rows
        return copy
    }

    /// Where the report's names and targets come from.
    public struct Context {
        public var targets: TargetBook
        /// Display names of reps, teams and products.
        public var labels: [String: String]
        /// Groups listed even without a value (every rep, or every team with reps).
        public var groups: [String]
        /// Each rep's team: a rep's peers for ranking.
        public var repTeams: [String: String]
        public var currency: String
        /// Only the groups within a scope are listed (a team's reps or teams, with its sub-teams'): those scopes.
        private var within: Set<TargetScope>?

        public init(kpis: SalesKpis, grouping: Grouping, scope: TargetScope? = nil) throws(StoreError) {
            targets = try kpis.targets()
            repTeams = try kpis.store.repTeams()
            currency = try kpis.store.baseCurrency()
            if let scope, scope != .company {
                guard grouping == .rep || grouping == .team else {
                    throw .usage(Message("kpi.scope_grouping", ["scope": "\(scope)"]))
                }
                if grouping == .team, case .rep = scope { throw .usage(Message("kpi.rep_scope_by_team", ["scope": "\(scope)"])) }
                within = targets.scopes(within: scope)
            }
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

        /// Whether the group `key` of `grouping` is within the scope.
        func includes(_ key: String, _ grouping: Grouping) -> Bool {
            guard let within else { return true }
            return TargetScope(group: key, grouping: grouping).map(within.contains) ?? false
        }
    }

    /// Builds the report from `values`, which gives the KPI's values per group for any period.
    public init(kpi: String, unit: KpiUnit, period: Period, asOf: CalendarDate, grouping: Grouping, comparisons: [KpiComparison],
                ranked: Bool, context: Context, targetMetric: String?, values: (Period) throws -> KpiValues) throws {
        for (a, b) in [(KpiComparison.previous, KpiComparison.previousFull), (.yoy, .yoyFull)]
        where comparisons.contains(a) && comparisons.contains(b) {
            throw StoreError.usage(Message("kpi.same_comparison", ["a": a.rawValue, "b": b.rawValue]))
        }
        self.kpi = kpi
        self.unit = unit
        self.period = period
        self.asOf = asOf
        span = period.toDate(asOf: asOf)
        elapsedShare = period.elapsedShare(asOf: asOf)
        self.grouping = grouping
        self.comparisons = comparisons
        self.ranked = ranked
        currency = context.currency
        previousSpan = comparisons.contains(.previous) ? period.previousToDate(asOf: asOf)
            : comparisons.contains(.previousFull) ? period.previous : nil
        yearBeforeSpan = comparisons.contains(.yoy) ? period.yearBeforeToDate(asOf: asOf)
            : comparisons.contains(.yoyFull) ? period.yearBefore : nil
        let current = try values(period)
        let previous = try previousSpan.map(values), yearBefore = try yearBeforeSpan.map(values)
        let zero: Double? = unit.isAdditive ? 0 : nil
        var keys = Set(current.keys).union(context.groups)
        for earlier in [previous, yearBefore] { if let earlier { keys.formUnion(earlier.keys) } }
        keys = keys.filter { context.includes($0, grouping) }
        func change(_ value: Double?, _ before: Double?) -> Double? {
            guard let value, let before, before != 0 else { return nil }
            return (value - before) / abs(before)
        }
        var rows = keys.map { key -> KpiRow in
            var row = KpiRow(key: key, label: Self.label(key, context.labels), value: current[key] ?? zero)
            if comparisons.contains(.target), let metric = targetMetric, let scope = TargetScope(group: key, grouping: grouping),
               let found = context.targets.find(scope: scope, metric: metric, period: period) {
                row.target = found.value
                row.targetRolledUp = found.rolledUp
                if found.value != 0, let value = row.value { row.attainment = value / found.value }
            }
            if let previous {
                row.previous = previous[key] ?? zero
                row.change = change(row.value, row.previous)
            }
            if let yearBefore {
                row.yearBefore = yearBefore[key] ?? zero
                row.changeYoy = change(row.value, row.yearBefore)
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

    /// What the report measures, for its heading: `revenue, 2026-12 to date (1 day) vs 2026-11-01..2026-11-01`.
    public var spanHeading: String {
        let compared = [previousSpan, yearBeforeSpan].compactMap { $0?.description }
        return period.spanName(asOf: asOf) + (compared.isEmpty ? "" : " vs " + compared.joined(separator: " and "))
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
