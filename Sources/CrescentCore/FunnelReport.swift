import CrescentStore

/// The funnel of a period: each stage's conversion and dwell, the overall results of the deals
/// closed in the period, the open pipeline, the bottleneck stage and the stalled deals.
public struct FunnelReport: Sendable {
    /// The stage that holds the funnel back, and by which measure.
    public struct Bottleneck: Sendable, Equatable {
        public enum Measure: String, Sendable {
            /// Its conversion is below what the stages' win probabilities expect.
            case conversion
            /// Its median dwell is above its maximum dwell.
            case dwell = "median_dwell_days"
        }

        public let stage: String
        public let measure: Measure
        /// The stage's conversion or median dwell, and the expected conversion or maximum dwell.
        public let value: Double
        public let expected: Double

        public init(stage: String, measure: Measure, value: Double, expected: Double) {
            self.stage = stage
            self.measure = measure
            self.value = value
            self.expected = expected
        }

        /// Why (`conversion 35% against 50% expected`): the JSON's `reason` is its English.
        public var reason: Message {
            switch measure {
            case .conversion: return Message("funnel.reason.conversion", ["value": percent(value), "expected": percent(expected)])
            case .dwell: return Message("funnel.reason.dwell", ["value": oneDecimal(value), "expected": oneDecimal(expected)])
            }
        }
    }

    /// An open deal in a stage longer than the stage's maximum dwell.
    public struct StalledDeal: Sendable, Equatable {
        public let deal: String
        public let owner: String
        public var ownerName = ""
        public var customer = ""
        public var customerName = ""
        /// The deal's amount in its own currency.
        public var amount: Double?
        public var currency = ""
        public let stage: String
        public let days: Double
        public let maxDays: Double

        init(deal: String, owner: String, stage: String, days: Double, maxDays: Double) {
            self.deal = deal
            self.owner = owner
            self.stage = stage
            self.days = days
            self.maxDays = maxDays
        }
    }

    public struct OpenStage: Sendable, Equatable {
        public let stage: String
        public let deals: Int
        public let value: Double
        public let weighted: Double
    }

    public let period: Period
    public let asOf: CalendarDate
    /// Whose funnel: the company, a team or a rep.
    public let scope: TargetScope
    /// The store's base currency: money values are in it.
    public let currency: String
    public let stages: [StageStats]
    public let won: Int, lost: Int
    public let salesCycleDays: Double?
    public let avgWonDealSize: Double?
    /// Open deals now, by stage.
    public let pipeline: [OpenStage]
    public let bottleneck: Bottleneck?
    /// Open deals in a stage longer than its maximum dwell, longest first.
    public private(set) var stalled: [StalledDeal]
    /// Per stage with exit criteria: its open deals that meet them, ready to move on (set by the script layer).
    public var readyToExit: [String: Int] = [:]
    /// The scope's open deals, for checking exit criteria.
    public let openDeals: [DealRow]

    public var winRate: Double? { won + lost > 0 ? Double(won) / Double(won + lost) : nil }
    public var openDealCount: Int { pipeline.reduce(0) { $0 + $1.deals } }
    public var pipelineValue: Double { pipeline.reduce(0) { $0 + $1.value } }
    public var weightedPipeline: Double { pipeline.reduce(0) { $0 + $1.weighted } }

    /// Pipeline velocity: open deals x win rate x average won deal size / sales cycle days (value per day).
    public var velocityPerDay: Double? {
        guard let winRate, let avgWonDealSize, let salesCycleDays, salesCycleDays > 0 else { return nil }
        return Double(openDealCount) * winRate * avgWonDealSize / salesCycleDays
    }

    /// The funnel of `period` for the whole company, one team or one rep.
    public init(kpis: SalesKpis, period: Period, scope: TargetScope = .company) throws {
        let teams = try kpis.store.repTeams()
        func included(_ rep: String?) -> Bool { scope.includes(rep: rep, teams: teams) }
        let stages = kpis.stages
        let paths = try kpis.dealPaths(.rep).filter { included($0.key) }
        self.period = period
        asOf = kpis.asOf
        self.scope = scope
        currency = try kpis.store.baseCurrency()
        self.stages = StageStats.compute(paths: paths, stages: stages, period: period, asOf: kpis.asOf)

        var won = 0, lost = 0, cycle: [Double] = [], sizes: [Double] = []
        for deal in try kpis.store.deals(.closed(period.start, min(period.end, kpis.asOf)), by: .rep) where included(deal.key) {
            guard deal.status == "won", let closed = deal.closedOn else { lost += 1; continue }
            won += 1
            sizes.append(try kpis.baseAmount(deal, on: closed))
            if let created = deal.createdOn { cycle.append(Double(closed.dayNumber - created.dayNumber)) }
        }
        (self.won, self.lost) = (won, lost)
        salesCycleDays = cycle.isEmpty ? nil : cycle.reduce(0, +) / Double(cycle.count)
        avgWonDealSize = sizes.isEmpty ? nil : sizes.reduce(0, +) / Double(sizes.count)

        var open: [String: (deals: Int, value: Double, weighted: Double)] = [:]
        openDeals = try kpis.store.deals(.open, by: .rep).filter { included($0.key) }
        for deal in openDeals {
            let amount = try kpis.baseAmount(deal, on: kpis.asOf)
            let probability = stages.probability(of: deal.stage)
            open[deal.stage, default: (0, 0, 0)].deals += 1
            open[deal.stage]!.value += amount
            open[deal.stage]!.weighted += amount * probability
        }
        let order = stages.stages.map(\.name) + open.keys.filter { stages.order(of: $0) == nil }.sorted()
        pipeline = order.compactMap { name in open[name].map { OpenStage(stage: name, deals: $0.deals, value: $0.value, weighted: $0.weighted) } }
        bottleneck = Self.bottleneck(self.stages)

        let now = kpis.asOf.dayNumber * 1440 + 1439
        stalled = paths.compactMap { path -> StalledDeal? in
            guard let current = path.current, let limit = stages.stages[current.stage].maxDwellDays else { return nil }
            let days = Double(now - current.since) / 1440
            return days > limit ? StalledDeal(deal: path.deal, owner: path.key ?? "", stage: stages.stages[current.stage].name, days: days, maxDays: limit) : nil
        }.sorted { ($0.days, $1.deal) > ($1.days, $0.deal) }
        try describeStalled(kpis.store)
    }

    /// Fills in the stalled deals' customers, amounts and owners' names.
    private mutating func describeStalled(_ store: any RecordStore) throws {
        guard !stalled.isEmpty else { return }
        var deals: [String: Record] = [:]
        for record in try store.records(.deals, ids: stalled.map(\.deal)) { if let id = record["id"]?.text { deals[id] = record } }
        // Only the stalled deals' customers: a store's every customer name would cost more than the funnel.
        let customers = try CustomerOwners(store, ids: Array(Set(deals.values.compactMap { $0["customer_id"]?.text })))
        for i in stalled.indices {
            let record = deals[stalled[i].deal]
            stalled[i].ownerName = customers.repName(stalled[i].owner)
            stalled[i].customer = record?["customer_id"]?.text ?? ""
            stalled[i].customerName = customers.name(stalled[i].customer)
            if case .decimal(let amount)? = record?["amount"] { stalled[i].amount = amount.doubleValue }
            stalled[i].currency = record?["currency"]?.text ?? ""
        }
    }

    /// The stage furthest below its expected conversion, or furthest above its maximum dwell;
    /// nil when every stage with enough deals (5) does as configured.
    static func bottleneck(_ stages: [StageStats]) -> Bottleneck? {
        var worst: (severity: Double, Bottleneck)?
        for stats in stages where stats.entered >= 5 {
            var candidates: [(Double, Bottleneck)] = []
            if let conversion = stats.conversion, let expected = stats.expectedConversion {
                candidates.append((conversion > 0 ? expected / conversion : .infinity,
                                   Bottleneck(stage: stats.stage, measure: .conversion, value: conversion, expected: expected)))
            }
            if let median = stats.medianDwellDays, let limit = stats.maxDwellDays, limit > 0 {
                candidates.append((median / limit, Bottleneck(stage: stats.stage, measure: .dwell, value: median, expected: limit)))
            }
            for (severity, bottleneck) in candidates where severity > 1 && severity > (worst?.severity ?? 1) {
                worst = (severity, bottleneck)
            }
        }
        return worst?.1
    }
}

func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

func oneDecimal(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}
