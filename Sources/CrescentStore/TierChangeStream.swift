/// A segment run's changes as the save pulls them, inside its transaction: they may still be in the
/// making, evaluated while the rows before them are written.
public protocol TierChangeStream: AnyObject {
    /// The next changes, after the ones before in id order; nil when there are no more.
    func next() throws -> TierChanges?
    /// Once `next` gave nil: the run's summary, and every customer's tier after the run (nil: none
    /// to keep), which a store that keeps columns keeps when they were read at its versions.
    func completion() throws -> (summary: String, tiers: LatestTiers?)
}

/// Changes all made before the save, in one piece.
public final class MadeTierChanges: TierChangeStream {
    private var changes: TierChanges?
    private let summary: String
    private let tiers: LatestTiers?

    public init(_ changes: TierChanges, summary: String, tiers: LatestTiers?) {
        self.changes = changes
        self.summary = summary
        self.tiers = tiers
    }

    public func next() -> TierChanges? {
        defer { changes = nil }
        return changes
    }

    public func completion() -> (summary: String, tiers: LatestTiers?) { (summary, tiers) }
}
