import CrescentStore

/// A KPI's value per group. Keys are group ids: a rep, team, product, region or industry,
/// `company` for the whole company, and "" for records with no group (an order without a rep).
public typealias KpiValues = [String: Double]

/// Options some KPIs take.
public struct KpiOptions: Sendable, Equatable {
    /// `activities`: only this kind (call, visit...).
    public var kind: String?
    /// `stage_conversion`, `stage_dwell_days`: the stage.
    public var stage: String?

    public init(kind: String? = nil, stage: String? = nil) {
        self.kind = kind
        self.stage = stage
    }
}

/// The built-in KPIs over one store, as of one day, in the base currency.
public final class SalesKpis {
    public let store: any RecordStore
    public let asOf: CalendarDate
    public let stages: FunnelStages
    let fx: FxRates
    private var paths: [Grouping: [DealPath]] = [:]
    private var targetBook: TargetBook?

    public init(store: any RecordStore, asOf: CalendarDate, stages: FunnelStages = .standard) throws(StoreError) {
        self.store = store
        self.asOf = asOf
        self.stages = stages
        fx = try FxRates(store: store)
    }

    /// The targets of the store, read once.
    public func targets() throws(StoreError) -> TargetBook {
        if let targetBook { return targetBook }
        let book = TargetBook(try store.targets(), teams: try teamParents(), repTeams: try store.repTeams())
        targetBook = book
        return book
    }

    /// Each team's parent team (nil or "" for a top team).
    private func teamParents() throws(StoreError) -> [String: String?] {
        var teams: [String: String?] = [:]
        try store.scan(.teams, fields: ["id", "parent_id"]) { row in if let id = row.string(0) { teams[id] = row.string(1) } }
        return teams
    }

    /// The values of `kpi` for `period`, per group.
    public func values(_ kpi: BuiltinKpi, period: Period, by grouping: Grouping, options: KpiOptions = KpiOptions()) throws -> KpiValues {
        if grouping == .product && !kpi.groupsByProduct {
            throw StoreError.usage(Message("kpi.no_product", ["kpi": kpi.rawValue]))
        }
        // Nothing after the as-of day counts: a period not over yet is measured up to it.
        let (from, to) = (period.start, min(period.end, asOf))
        if to < from && kpi != .pipelineValue && kpi != .weightedPipeline && kpi != .pipelineCoverage { return [:] }
        switch kpi {
        case .revenue: return try orderSums(from, to, grouping, costs: false).mapValues { Double($0.amount) / 10_000 }
        case .orders: return try orderSums(from, to, grouping, costs: false).mapValues { Double($0.orders) }
        case .avgOrderValue:
            return try orderSums(from, to, grouping, costs: false).compactMapValues { $0.orders > 0 ? Double($0.amount) / 10_000 / Double($0.orders) : nil }
        case .grossProfit:
            return try orderSums(from, to, grouping, costs: true).compactMapValues { $0.costed ? Double($0.profit) / 10_000 : nil }
        case .newCustomers: return counts(try store.firstOrders(from: from, to: to, by: grouping).map { key($0.key, grouping) })
        case .activeCustomers: return counts(try store.orderingCustomers(from: from, to: to, by: grouping).map { key($0.key, grouping) })
        case .retentionRate, .churnedCustomers: return try retention(kpi, period: period, grouping)
        case .winRate, .avgDealSize, .salesCycleDays: return try closedDeals(kpi, from, to, grouping)
        case .pipelineValue, .weightedPipeline: return try pipeline(weighted: kpi == .weightedPipeline, period: period, grouping)
        case .stageConversion, .stageDwellDays: return try stageKpi(kpi, period: period, grouping, stage: options.stage)
        case .activities, .proposals:
            let kind = kpi == .proposals ? "proposal" : options.kind
            return Dictionary(try store.activityCounts(from: from, to: to, kind: kind, by: grouping).map { (key($0.key, grouping), Double($0.count)) },
                              uniquingKeysWith: +)
        case .satisfaction:
            return Dictionary(try store.surveyScores(from: from, to: to, by: grouping).map { (key($0.key, grouping), $0.total / Double($0.responses)) },
                              uniquingKeysWith: { a, _ in a })
        case .pipelineCoverage:
            let revenue = try values(.revenue, period: period, by: grouping)
            let pipeline = try values(.pipelineValue, period: period, by: grouping)
            var out = KpiValues()
            for (group, target) in try revenueTargets(period, grouping) where target > (revenue[group] ?? 0) {
                out[group] = (pipeline[group] ?? 0) / (target - (revenue[group] ?? 0))
            }
            return out
        case .quotaAttainment, .pace:
            let share = period.elapsedShare(asOf: asOf)
            let revenue = try values(.revenue, period: period, by: grouping)
            var out = KpiValues()
            for (group, target) in try revenueTargets(period, grouping) where target > 0 {
                let attainment = (revenue[group] ?? 0) / target
                if kpi == .quotaAttainment { out[group] = attainment } else if share > 0 { out[group] = attainment / share }
            }
            return out
        }
    }

    /// Each group of `grouping` with a revenue target for `period` (its own, or the sum of its parts), and that target.
    private func revenueTargets(_ period: Period, _ grouping: Grouping) throws(StoreError) -> [String: Double] {
        let book = try targets()
        var out: [String: Double] = [:]
        for scope in book.scopes(metric: "revenue") {
            guard let group = scope.group(in: grouping), let target = book.value(scope: scope, metric: "revenue", period: period) else { continue }
            out[group] = target
        }
        return out
    }

    /// The key of a group as the store gives it.
    func key(_ stored: String?, _ grouping: Grouping) -> String {
        grouping == .company ? "company" : stored ?? ""
    }

    private func counts(_ keys: [String]) -> KpiValues {
        keys.reduce(into: KpiValues()) { $0[$1, default: 0] += 1 }
    }

    private struct OrderSum { var orders = 0, amount: Int64 = 0, profit: Int64 = 0, costed = false }

    /// Orders and amounts per group, with the profit of those whose product has a cost when `costs`.
    private func orderSums(_ from: CalendarDate, _ to: CalendarDate, _ grouping: Grouping, costs: Bool) throws -> [String: OrderSum] {
        var sums: [String: OrderSum] = [:]
        for total in try store.orderTotals(from: from, to: to, by: grouping, costs: costs) {
            let day = total.day?.dayNumber ?? 0
            guard let amount = fx.convert(total.amount, currency: total.currency, day: day),
                  let costed = fx.convert(total.costedAmount, currency: total.currency, day: day) else {
                throw MissingRate(currency: total.currency, day: day, entity: "orders")
            }
            let k = key(total.key, grouping)
            sums[k, default: OrderSum()].orders += total.orders
            sums[k]!.amount += amount
            if total.costedAmount != 0 || total.cost != 0 {
                sums[k]!.profit += costed - total.cost
                sums[k]!.costed = true
            }
        }
        return sums
    }

    private func retention(_ kpi: BuiltinKpi, period: Period, _ grouping: Grouping) throws -> KpiValues {
        let before = period.previous
        let earlier = try store.orderingCustomers(from: before.start, to: before.end, by: grouping)
        let activeNow = Set(try store.orderingCustomers(from: period.start, to: min(period.end, asOf), by: .company).map(\.customer))
        var base: [String: (customers: Int, retained: Int)] = [:]
        for (group, customer) in earlier {
            let k = key(group, grouping)
            base[k, default: (0, 0)].customers += 1
            if activeNow.contains(customer) { base[k]!.retained += 1 }
        }
        return base.mapValues { kpi == .retentionRate ? Double($0.retained) / Double($0.customers) : Double($0.customers - $0.retained) }
    }

    /// An order's amount in the base currency.
    public func orderAmount(_ line: OrderLine) throws -> Double {
        guard let converted = fx.convert(line.amount, currency: line.currency, day: line.day.dayNumber) else {
            throw MissingRate(currency: line.currency, day: line.day.dayNumber, entity: "orders")
        }
        return Double(converted) / 10_000
    }

    /// An amount of `currency` (ten-thousandths; "" for the base currency) in the base currency, at the rate of `day`.
    public func baseAmount(units: Int64, currency: String, on day: CalendarDate) throws -> Double {
        guard let converted = fx.convert(units, currency: currency, day: day.dayNumber) else {
            throw MissingRate(currency: currency, day: day.dayNumber, entity: "orders")
        }
        return Double(converted) / 10_000
    }

    /// A deal's amount in the base currency on `day`.
    public func baseAmount(_ deal: DealRow, on day: CalendarDate) throws -> Double {
        guard let amount = deal.amount else { return 0 }
        guard let converted = fx.convert(amount, currency: deal.currency, day: day.dayNumber) else {
            throw MissingRate(currency: deal.currency, day: day.dayNumber, entity: "deals")
        }
        return Double(converted) / 10_000
    }

    private func closedDeals(_ kpi: BuiltinKpi, _ from: CalendarDate, _ to: CalendarDate, _ grouping: Grouping) throws -> KpiValues {
        var won: [String: [Double]] = [:], lost: [String: Int] = [:]
        for deal in try store.deals(.closed(from, to), by: grouping) {
            let k = key(deal.key, grouping)
            guard deal.status == "won", let closed = deal.closedOn else { lost[k, default: 0] += 1; continue }
            switch kpi {
            case .avgDealSize: won[k, default: []].append(try baseAmount(deal, on: closed))
            case .salesCycleDays:
                guard let created = deal.createdOn else { continue }
                won[k, default: []].append(Double(closed.dayNumber - created.dayNumber))
            default: won[k, default: []].append(1)
            }
        }
        if kpi == .winRate {
            return Set(won.keys).union(lost.keys).reduce(into: KpiValues()) { out, k in
                let w = Double(won[k]?.count ?? 0)
                out[k] = w / (w + Double(lost[k] ?? 0))
            }
        }
        return won.compactMapValues { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) }
    }

    private func pipeline(weighted: Bool, period: Period, _ grouping: Grouping) throws -> KpiValues {
        var out: KpiValues = [:]
        for deal in try store.deals(.open, by: grouping) {
            guard let close = deal.expectedCloseOn, period.contains(close) else { continue }
            let amount = try baseAmount(deal, on: asOf)
            out[key(deal.key, grouping), default: 0] += weighted ? amount * stages.probability(of: deal.stage) : amount
        }
        return out
    }

    /// The funnel paths of every deal, grouped as asked, loaded once per grouping.
    func dealPaths(_ grouping: Grouping) throws(StoreError) -> [DealPath] {
        if let cached = paths[grouping] { return cached }
        let loaded = try DealPaths.load(store: store, stages: stages, by: grouping, asOf: asOf)
        paths[grouping] = loaded
        return loaded
    }

    private func stageKpi(_ kpi: BuiltinKpi, period: Period, _ grouping: Grouping, stage: String?) throws -> KpiValues {
        let names = stages.stages.map(\.name)
        guard let stage else {
            throw StoreError.usage(Message("kpi.needs_stage", ["kpi": kpi.rawValue, "stages": names.joined(separator: ", ")]))
        }
        guard let index = stages.order(of: stage) else {
            throw StoreError.usage(Message("kpi.unknown_stage", ["stage": stage, "hint": didYouMean(stage, among: names),
                                                              "stages": names.joined(separator: ", ")]))
        }
        var groups: [String: [DealPath]] = [:]
        for path in try dealPaths(grouping) { groups[key(path.key, grouping), default: []].append(path) }
        return groups.compactMapValues { paths in
            let stats = StageStats.compute(paths: paths, stages: stages, period: period, asOf: asOf)[index]
            return kpi == .stageConversion ? stats.conversion : stats.meanDwellDays
        }
    }
}

extension TargetScope {
    /// The target scope of a KPI group: the company, a team or a rep; nil for other groupings.
    public init?(group: String, grouping: Grouping) {
        switch grouping {
        case .company: self = .company
        case .team where !group.isEmpty: self = .team(group)
        case .rep where !group.isEmpty: self = .rep(group)
        default: return nil
        }
    }

    /// The KPI group this scope is in `grouping`, nil when it is not one of its groups.
    public func group(in grouping: Grouping) -> String? {
        switch (self, grouping) {
        case (.company, .company): return "company"
        case (.team(let id), .team), (.rep(let id), .rep): return id
        default: return nil
        }
    }
}
