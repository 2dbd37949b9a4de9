/// The customers whose tier a segment run changed, each with its new tier, in the order they are
/// saved: ordinals of `ids`, not strings, for a first run changes every customer (ten million at
/// 10M), and its rows are bound straight from the ids' bytes. Appended by ordinal, they come in the
/// ids' byte order, which the memberships are keyed on.
public struct TierChanges: Sendable {
    public let ids: IdIndex
    /// The tiers' names; a change holds its tier's index in them.
    public let tiers: [String]
    public private(set) var customers: [Int32] = []
    public private(set) var tierIndexes: [UInt8] = []

    public init(ids: IdIndex, tiers: [String]) {
        precondition(tiers.count <= 256, "at most 256 tiers")
        self.ids = ids
        self.tiers = tiers
    }

    /// Changes given as ids and tier names, in that order.
    public init(_ changes: [(customerID: String, tier: String)]) {
        var ids = IdIndex(), tiers: [String] = []
        let rows = changes.map { change in
            if !tiers.contains(change.tier) { tiers.append(change.tier) }
            return (ids.insert(change.customerID), tiers.firstIndex(of: change.tier)!)
        }
        self.init(ids: ids, tiers: tiers)
        for (customer, tier) in rows { append(customer: customer, tier: tier) }
    }

    public var count: Int { customers.count }
    public var isEmpty: Bool { customers.isEmpty }

    public mutating func reserveCapacity(_ count: Int) {
        customers.reserveCapacity(count)
        tierIndexes.reserveCapacity(count)
    }

    /// Customer `customer` (an ordinal of `ids`) is now in `tiers[tier]`.
    public mutating func append(customer: Int, tier: Int) {
        customers.append(Int32(customer))
        tierIndexes.append(UInt8(tier))
    }

    /// The changes of `other`, which come after these in id order.
    public mutating func append(contentsOf other: TierChanges) {
        precondition(other.tiers == tiers, "changes to the same tiers")
        customers.append(contentsOf: other.customers)
        tierIndexes.append(contentsOf: other.tierIndexes)
    }

    /// The id of change `i`'s customer.
    public func customerID(_ i: Int) -> String { ids.id(Int(customers[i])) }

    /// Change `i`'s tier.
    public func tier(_ i: Int) -> String { tiers[Int(tierIndexes[i])] }

    /// Every change as an id and a tier name.
    public var pairs: [(customerID: String, tier: String)] { (0..<count).map { (customerID($0), tier($0)) } }
}
