import CrescentStore

/// Where a period will land, per rep, team and the company: the period's deals by forecast
/// category against the revenue quota, a run-rate projection of order revenue, and the forecast
/// (closed + commit, or a manager's figure) rolled up rep → team → company (docs/forecasts.md).
public struct ForecastReport: Sendable {
    /// One scope's figures. Amounts are in the base currency.
    public struct Row: Sendable, Equatable {
        public let scope: TargetScope
        public var name = ""
        /// The revenue target of the period, nil when none is set (or rolls up).
        public var quota: Double?
        /// Deals of the period by category: won (closed) or lost (omitted) in it up to the as-of day,
        /// open ones expected to close in it.
        public var amounts: [ForecastCategory: Double] = [:]
        /// Open deals of the period, each times its stage's probability.
        public var weightedPipeline = 0.0
        /// Order revenue of the period so far, and projected to its end (`ForecastReport.projectionMethod`).
        public var revenue = 0.0, projection = 0.0
        /// Closed + commit for a rep; for a team or the company, the sum of its members' forecasts.
        public var computed = 0.0
        /// The manager's latest figure for the scope, when one was set.
        public var adjustment: ForecastAdjustment?

        public func amount(_ category: ForecastCategory) -> Double { amounts[category] ?? 0 }
        /// The figure that counts: the adjustment when there is one, else the computed forecast.
        public var forecast: Double { adjustment?.value.doubleValue ?? computed }
        /// How far the forecast falls short of the quota (negative: above it).
        public var gap: Double? { quota.map { $0 - forecast } }
    }

    public let period: Period
    public let asOf: CalendarDate
    public internal(set) var grouping: Grouping
    /// The rows asked for (reps or teams, by id), then the company.
    public internal(set) var rows: [Row]

    /// How the run-rate projection is made, for the report to state.
    public enum ProjectionMethod: String, Sendable { case lastYearShape = "last_year_shape", linear, actual }

    /// How each row's projection was made (the same for every row of a report but for rows with no last year).
    public let projectionMethods: [TargetScope: ProjectionMethod]

    /// The forecast of `period` as of the KPIs' day, with rows per `grouping` (rep, team or company).
    public init(kpis: SalesKpis, period: Period, by grouping: Grouping) throws {
        try self.init(kpis: kpis, period: period, levels: [grouping])
    }

    /// The forecast with the rows of each of `levels` (reps, then teams, say), then the company's.
    public init(kpis: SalesKpis, period: Period, levels: [Grouping]) throws {
        for grouping in levels where ![.rep, .team, .company].contains(grouping) {
            throw StoreError.usage(Message("forecast.grouping", ["by": grouping.rawValue]))
        }
        self.period = period
        asOf = kpis.asOf
        grouping = levels.first ?? .company
        let book = try kpis.targets(), store = kpis.store
        let adjustments = Dictionary(try store.forecastAdjustments(period: period).map { ($0.scope, $0) }, uniquingKeysWith: { _, last in last })
        let reps = try Self.repFigures(kpis, period: period)
        let revenue = try ForecastProjection(kpis: kpis, period: period)
        let known = book.scopes(within: .company)
        func figures(_ scope: TargetScope) -> Row {
            var row = Row(scope: scope)
            let covers = Self.reps(of: scope, book: book)
            for part in reps.values where covers(part.scope.id) {
                for (category, amount) in part.amounts { row.amounts[category, default: 0] += amount }
                row.weightedPipeline += part.weightedPipeline
            }
            row.quota = book.value(scope: scope, metric: "revenue", period: period)
            row.adjustment = adjustments[scope]
            return row
        }
        var finals: [TargetScope: Double] = [:]
        func computed(_ scope: TargetScope) -> Double {
            if case .rep(let id) = scope { return (reps[id]?.amount(.closed) ?? 0) + (reps[id]?.amount(.commit) ?? 0) }
            var total = book.members(of: scope).reduce(0) { $0 + final($1) }
            if scope == .company {  // reps outside every team and target, and deals of no rep
                total += reps.filter { !known.contains(.rep($0.key)) }.values.reduce(0) { $0 + $1.amount(.closed) + $1.amount(.commit) }
            }
            return total
        }
        func final(_ scope: TargetScope) -> Double {
            if let done = finals[scope] { return done }
            let value = adjustments[scope]?.value.doubleValue ?? computed(scope)
            finals[scope] = value
            return value
        }
        let repNames = try store.names(of: .reps), teamNames = try store.names(of: .teams)
        var scopes: [TargetScope] = []
        for level in levels {
            switch level {
            case .rep:  // reps with deals or orders in the period, and every rep of a team or with a target
                let active = Set(reps.keys).union(revenue.soFar.keys).filter { !$0.isEmpty }.map { TargetScope.rep($0) }
                scopes += Set(active).union(known.filter { $0.kind == "rep" }).sorted()
            case .team: scopes += known.filter { $0.kind == "team" }.sorted()
            default: break
            }
        }
        scopes.append(.company)
        var methods: [TargetScope: ProjectionMethod] = [:]
        rows = scopes.map { scope in
            var row = figures(scope)
            row.computed = computed(scope)
            (row.revenue, row.projection, methods[scope]) = revenue.projected(Self.reps(of: scope, book: book))
            switch scope {
            case .rep(let id): row.name = repNames[id] ?? ""
            case .team(let id): row.name = teamNames[id] ?? ""
            case .company: row.name = ""
            }
            return row
        }
        projectionMethods = methods
    }

    /// Each rep's deals of the period by category, and weighted ("" for deals of no rep).
    private static func repFigures(_ kpis: SalesKpis, period: Period) throws -> [String: Row] {
        var reps: [String: Row] = [:]
        let closedTo = min(period.end, kpis.asOf)
        let deals = try kpis.store.deals(.closed(period.start, closedTo), by: .rep) + (try kpis.store.deals(.open, by: .rep))
        for deal in deals {
            let open = deal.status == "open"
            if open { guard let close = deal.expectedCloseOn, period.contains(close) else { continue } }
            let category = kpis.stages.forecastCategory(stage: deal.stage, status: deal.status, own: deal.forecastCategory)
            let amount = try kpis.baseAmount(deal, on: open ? kpis.asOf : deal.closedOn ?? kpis.asOf)
            let rep = deal.key ?? ""
            reps[rep, default: Row(scope: .rep(rep))].amounts[category, default: 0] += amount
            if open && category != .omitted { reps[rep]!.weightedPipeline += amount * kpis.stages.probability(of: deal.stage) }
        }
        return reps
    }
}

extension ForecastReport {
    /// Whether a rep id ("" for deals of no rep) is one of `scope`'s: the rep itself, a team's reps at
    /// any depth, every one for the company.
    static func reps(of scope: TargetScope, book: TargetBook) -> (String) -> Bool {
        switch scope {
        case .rep(let id): return { $0 == id }
        case .team:
            let within = book.scopes(within: scope)
            return { within.contains(.rep($0)) }
        case .company: return { _ in true }
        }
    }
}

extension TargetScope: Comparable {
    /// Reps and teams by id.
    public static func < (a: TargetScope, b: TargetScope) -> Bool { (a.kind, a.id) < (b.kind, b.id) }
}
