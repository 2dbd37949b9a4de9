import CrescentStore

/// What one run of a segmentation found, as `segment run` prints it and a saved run keeps it
/// (its encoding is the run's stored summary, read back typed): per tier its customers, their
/// share, their 12-month revenue and its share, with the tier's follow-up rhythm and strategy,
/// and how many customers moved between tiers since the previous saved run.
public struct SegmentSummary: Codable, Sendable, Equatable {
    public struct Tier: Codable, Sendable, Equatable {
        public var name: String
        /// What people read for the tier (nil: its name; runs saved before labels have none).
        public var label: String?
        public var count: Int
        /// Share of all customers, 0 to 1.
        public var share: Double
        /// In the base currency.
        public var revenue12m: Double
        /// Share of all 12-month revenue, 0 to 1 (nil in runs saved before it was kept).
        public var revenueShare: Double?
        public var followUpDays: Int?
        public var strategy: String?

        enum CodingKeys: String, CodingKey {
            case name, label, count, share, revenue12m = "revenue_12m", revenueShare = "revenue_share", followUpDays = "follow_up_days"
            case strategy
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(label, forKey: .label)
            try c.encode(count, forKey: .count)
            try c.encode(Rounded(share, places: 4), forKey: .share)
            try c.encode(Rounded(revenue12m, places: 4), forKey: .revenue12m)
            try c.encode(Rounded(revenueShare, places: 4), forKey: .revenueShare)
            try c.encode(followUpDays, forKey: .followUpDays)
            try c.encode(strategy, forKey: .strategy)
        }
    }

    public struct Move: Codable, Sendable, Equatable {
        /// nil: customers new since the previous run.
        public var from: String?
        public var to: String
        public var count: Int

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(count, forKey: .count)
        }
    }

    /// A saved run this one is compared with.
    public struct Run: Codable, Sendable, Equatable {
        public var id: Int64
        public var asOf: String
        enum CodingKeys: String, CodingKey { case id, asOf = "as_of" }
    }

    public var segment: String
    public var description: String
    public var asOf: String
    public var customers: Int
    public var currency: String
    /// The saved run's id; nil for a dry run (and inside the stored summary, whose run is its record).
    public var run: Int64?
    /// The previous saved run, which the moves are counted from; nil for the first.
    public var previousRun: Run?
    public var tiers: [Tier]
    public var moves: [Move]
    /// What the run did to the segmentation's follow-up tasks; nil when it has none (and in a saved summary).
    public var followUps: FollowUpSummary?

    enum CodingKeys: String, CodingKey {
        case segment, description, asOf = "as_of", customers, currency, run, previousRun = "previous_run", tiers, moves
        case followUps = "follow_ups"
    }

    public init(segment: String, description: String, asOf: String, customers: Int, currency: String, run: Int64?,
                previousRun: Run?, tiers: [Tier], moves: [Move]) {
        self.segment = segment
        self.description = description
        self.asOf = asOf
        self.customers = customers
        self.currency = currency
        self.run = run
        self.previousRun = previousRun
        self.tiers = tiers
        self.moves = moves
    }

    /// A summary as saved, by this version or an earlier one (whose summaries lack the later fields).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        segment = try c.decode(String.self, forKey: .segment)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        asOf = try c.decode(String.self, forKey: .asOf)
        customers = try c.decode(Int.self, forKey: .customers)
        currency = try c.decodeIfPresent(String.self, forKey: .currency) ?? ""
        run = try c.decodeIfPresent(Int64.self, forKey: .run)
        previousRun = try c.decodeIfPresent(Run.self, forKey: .previousRun)
        tiers = try c.decode([Tier].self, forKey: .tiers)
        moves = try c.decode([Move].self, forKey: .moves)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(segment, forKey: .segment)
        try c.encode(description, forKey: .description)
        try c.encode(asOf, forKey: .asOf)
        try c.encode(customers, forKey: .customers)
        try c.encode(currency, forKey: .currency)
        try c.encode(run, forKey: .run)
        try c.encode(previousRun, forKey: .previousRun)
        try c.encode(tiers, forKey: .tiers)
        try c.encode(moves, forKey: .moves)
        try c.encodeIfPresent(followUps, forKey: .followUps)
    }

    /// The summary a saved run's record keeps, typed; `currency` for one saved before summaries named theirs.
    public init(saved record: SegmentRunRecord, currency: String) throws(StoreError) {
        do {
            self = try JSONText.decode(SegmentSummary.self, from: record.summary)
        } catch {
            throw .failure(Message("segment.summary_unreadable", ["run": Int(record.id), "segment": record.segment, "reason": "\(error)"]))
        }
        run = record.id
        if description.isEmpty { description = record.description }
        if self.currency.isEmpty { self.currency = currency }
    }
}

/// A saved segmentation as `crm.segment(name)` returns it: its latest run's summary and how many
/// runs are saved. Lua and JSON read `name`, `description`, `as_of`, `runs`, `customers`, `tiers`
/// and `last_moves` (docs/segments.md).
public struct SavedSegment: Encodable, Sendable {
    public let runs: Int
    public let latest: SegmentSummary

    public init(latest record: SegmentRunRecord, runs: Int, currency: String) throws(StoreError) {
        self.runs = runs
        latest = try SegmentSummary(saved: record, currency: currency)
    }

    enum CodingKeys: String, CodingKey { case name, description, asOf = "as_of", runs, customers, tiers, lastMoves = "last_moves" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(latest.segment, forKey: .name)
        try c.encode(latest.description, forKey: .description)
        try c.encode(latest.asOf, forKey: .asOf)
        try c.encode(runs, forKey: .runs)
        try c.encode(latest.customers, forKey: .customers)
        try c.encode(latest.tiers, forKey: .tiers)
        try c.encode(latest.moves, forKey: .lastMoves)
    }
}
