import CrescentStore

/// A segmentation run counted a block of customers at a time, in ordinal order: each block's
/// changes come as soon as it is counted, so that a save can write them while the blocks after it
/// are still evaluated. `SegmentRunReport` is what it comes to.
public struct SegmentRunTally {
    let names: [String]
    let facts: CustomerFacts
    let previous: PreviousMembership
    /// Each previous tier (1 + its index in the previous names; 0: none) as an index into `names` (-1: none there).
    private let same: [Int]
    /// What `after` holds for each of `names`.
    private let places: [UInt16]
    private(set) var counts: [Int]
    private(set) var revenue: [Int64]
    private(set) var moveCounts: [String?: [String: Int]] = [:]
    /// Every customer's tier after the run: the previous tiers moved by the changes.
    private(set) var after: LatestTiers
    /// Every change counted so far, in id order, when kept.
    private(set) var changes: TierChanges
    private let keepsChanges: Bool
    /// How many customers were counted: the next block starts there.
    public private(set) var counted = 0

    /// `keepingChanges`: whether the changes of every block are kept for the report, as well as
    /// returned (a save that writes each block as it comes needs them once: ten million at 10M).
    public init(segmentation: Segmentation, facts: CustomerFacts, previous: PreviousMembership, keepingChanges: Bool = true) {
        keepsChanges = keepingChanges
        names = segmentation.tierNames
        self.facts = facts
        self.previous = previous
        same = [-1] + previous.tiers.names.map { [names] in names.firstIndex(of: $0) ?? -1 }
        counts = Array(repeating: 0, count: names.count)
        revenue = Array(repeating: 0, count: names.count)
        var after = previous.tiers
        places = names.map { after.place(of: $0) }
        self.after = after
        changes = TierChanges(ids: facts.ids, tiers: names)
    }

    /// Counts the customers of `block`, the next after those counted, whose tiers (indexes in
    /// `segmentation.tierNames`) are `assignment[block]`; returns those whose tier changed.
    public mutating func count(_ block: Range<Int>, of assignment: UnsafeBufferPointer<UInt8>) -> TierChanges {
        precondition(block.lowerBound == counted, "blocks counted in order")
        var changed = TierChanges(ids: facts.ids, tiers: names)
        // Sized once: a first run changes every customer, and growing would copy them all again and again.
        changed.reserveCapacity(block.count { c in same[Int(previous.tiers.index[c])] != Int(assignment[c]) })
        let previousNames = previous.tiers.names
        for c in block {
            let tier = Int(assignment[c]), before = Int(previous.tiers.index[c])
            counts[tier] += 1
            revenue[tier] += facts.revenue12mUnits(c)
            guard same[before] != tier else { continue }
            changed.append(customer: c, tier: tier)
            after.set(c, place: places[tier])
            guard previous.run != nil else { continue }
            moveCounts[before == 0 ? nil : previousNames[before - 1], default: [:]][names[tier], default: 0] += 1
        }
        counted = block.upperBound
        if !keepsChanges { return changed }
        if changes.isEmpty { changes = changed } else { changes.append(contentsOf: changed) }
        return changed
    }
}
