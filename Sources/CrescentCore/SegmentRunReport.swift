import CrescentStore
import Foundation

/// What a segmentation run found: per tier counts and revenue, and moves against the previous run.
public struct SegmentRunReport: Sendable, Equatable {
    public struct TierLine: Sendable, Equatable {
        public var name: String
        public var count: Int
        /// Share of all customers, 0 to 1.
        public var share: Double
        /// In ten-thousandths of the base currency.
        public var revenue12m: Int64
        /// Share of all 12-month revenue, 0 to 1.
        public var revenueShare: Double
    }

    public struct Move: Sendable, Equatable {
        /// nil: customers new since the previous run.
        public var from: String?
        public var to: String
        public var count: Int
        public init(from: String?, to: String, count: Int) {
            self.from = from
            self.to = to
            self.count = count
        }
    }

    public var segment: String
    public var asOf: CalendarDate
    public var customers: Int
    public var tiers: [TierLine]
    public var moves: [Move]
    /// Customers whose tier differs from the previous run, in id order: what saving writes (none
    /// in the report of a run saved as it was counted, which wrote them block by block).
    public var changes: TierChanges
    /// Every customer's tier after the run: the previous tiers moved by the changes.
    public var membership: LatestTiers
    public var previousRun: Int64?

    public static func == (a: Self, b: Self) -> Bool {
        a.segment == b.segment && a.asOf == b.asOf && a.customers == b.customers && a.tiers == b.tiers && a.moves == b.moves
    }

    /// `assignment[c]` is customer c's index in `segmentation.tierNames`.
    public init(segmentation: Segmentation, facts: CustomerFacts, assignment: [UInt8], previous: PreviousMembership) {
        var tally = SegmentRunTally(segmentation: segmentation, facts: facts, previous: previous)
        _ = assignment.withUnsafeBufferPointer { tally.count(0..<assignment.count, of: $0) }
        self.init(segmentation: segmentation, tally: tally)
    }

    /// The report of the customers `tally` counted.
    public init(segmentation: Segmentation, tally: SegmentRunTally) {
        let names = tally.names
        segment = segmentation.name
        asOf = tally.facts.asOf
        customers = tally.counted
        previousRun = tally.previous.run?.id
        changes = tally.changes
        membership = tally.after
        let totalRevenue = tally.revenue.reduce(0, +), total = tally.counted
        tiers = names.indices.map { i in
            TierLine(name: names[i], count: tally.counts[i], share: total == 0 ? 0 : Double(tally.counts[i]) / Double(total),
                     revenue12m: tally.revenue[i],
                     revenueShare: totalRevenue == 0 ? 0 : Double(tally.revenue[i]) / Double(totalRevenue))
        }
        // Moves in tier order: from (new customers first), then to.
        let order = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        func rank(_ name: String?) -> Int { name.map { order[$0] ?? names.count } ?? -1 }
        moves = tally.moveCounts.flatMap { from, targets in targets.map { Move(from: from, to: $0.key, count: $0.value) } }
            .sorted { (rank($0.from), rank($0.to), $0.from ?? "", $0.to) < (rank($1.from), rank($1.to), $1.from ?? "", $1.to) }
    }

    /// The run's summary: its tiers with `segmentation`'s follow-up and strategy, its moves since
    /// `previous` (the saved run they are counted from), saved as `run` (nil: not saved).
    public func summary(segmentation: Segmentation, previous: SegmentRunRecord?, run: Int64?, currency: String) -> SegmentSummary {
        let tiers = self.tiers.map { line -> SegmentSummary.Tier in
            let tier = segmentation.tiers.first { $0.name == line.name }
            return SegmentSummary.Tier(name: line.name, label: segmentation.label(of: line.name), count: line.count, share: line.share,
                                       revenue12m: Double(line.revenue12m) / 10_000,
                                       revenueShare: line.revenueShare, followUpDays: tier?.followUpDays, strategy: tier?.strategy)
        }
        return SegmentSummary(segment: segment, description: segmentation.description, asOf: asOf.description, customers: customers,
                              currency: currency, run: run, previousRun: previous.map { .init(id: $0.id, asOf: $0.asOf) }, tiers: tiers,
                              moves: moves.map { .init(from: $0.from, to: $0.to, count: $0.count) })
    }
}
