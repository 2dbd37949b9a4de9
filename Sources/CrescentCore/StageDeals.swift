import CrescentStore

/// The open deals behind a stage of the funnel's pipeline (`/funnel/deals?stage=&scope=`): a page of
/// them, largest first, each in the base currency and weighted by the stage's win probability, and
/// the count, value and weighted value of them all, which are the pipeline row's.
public struct StageDeals: Sendable {
    public struct Deal: Sendable {
        public let deal: DealRow
        public var name = ""
        public var customerID = ""
        public var customerName = ""
        public var ownerName = ""
        public let baseAmount: Double
    }

    public let stage: String
    public let scope: TargetScope
    public let currency: String
    public let asOf: CalendarDate
    public let probability: Double
    public let count: Int
    public let value: Double
    public let weighted: Double
    public let offset: Int
    public let limit: Int
    public let rows: [Deal]

    /// The page at `offset` of at most `limit` of the deals open now in `stage` within `scope`.
    public init(stage: String, scope: TargetScope = .company, kpis: SalesKpis, offset: Int = 0, limit: Int = 50) throws {
        let store = kpis.store, teams = try store.repTeams()
        self.stage = stage
        self.scope = scope
        asOf = kpis.asOf
        self.offset = max(0, offset)
        self.limit = min(max(1, limit), 1000)
        currency = try store.baseCurrency()
        let probability = kpis.stages.probability(of: stage)
        self.probability = probability
        let open = try store.deals(.open, by: .rep).filter { $0.stage == stage && scope.includes(rep: $0.key, teams: teams) }
        let all = try open.map { Deal(deal: $0, baseAmount: try kpis.baseAmount($0, on: kpis.asOf)) }
            .sorted { ($0.baseAmount, $1.deal.id) > ($1.baseAmount, $0.deal.id) }
        count = all.count
        value = all.reduce(0) { $0 + $1.baseAmount }
        weighted = all.reduce(0) { $0 + $1.baseAmount * probability }
        rows = try Self.described(Array(all.dropFirst(self.offset).prefix(self.limit)), store)
    }

    /// The page's deals with their names, customers and owners' names.
    private static func described(_ page: [Deal], _ store: any RecordStore) throws(StoreError) -> [Deal] {
        var deals: [String: Record] = [:]
        for record in try store.records(.deals, ids: page.map(\.deal.id)) { if let id = record.text("id") { deals[id] = record } }
        let customers = try CustomerOwners(store, ids: Array(Set(deals.values.compactMap { $0.text("customer_id") })))
        return page.map { deal in
            var described = deal
            let record = deals[deal.deal.id]
            described.name = record?.text("name") ?? ""
            described.customerID = record?.text("customer_id") ?? ""
            described.customerName = customers.name(described.customerID)
            described.ownerName = customers.repName(deal.deal.key ?? "")
            return described
        }
    }
}

extension TargetScope {
    /// Whether a record of rep `rep` is the scope's, `teams` the team of each rep.
    public func includes(rep: String?, teams: [String: String]) -> Bool {
        switch self {
        case .company: return true
        case .team(let team): return rep.flatMap { teams[$0] } == team
        case .rep(let id): return rep == id
        }
    }
}
