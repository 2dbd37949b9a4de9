/// A segmentation's latest tier of every customer by ordinal: the tier names, and each customer's
/// tier as 1 + its index in them (0: none). Compact (two bytes a customer), and as kept (KeptColumns).
public struct LatestTiers: Sendable, Equatable {
    public private(set) var names: [String]
    public private(set) var index: [UInt16]
    /// The versions of the customers and memberships these tiers were read at, when the store keeps
    /// columns: a run saved at the same versions keeps these tiers, moved by its changes, as they are.
    public internal(set) var keptVersions: String?

    /// No customer in any tier.
    public init(none customers: Int) {
        names = []
        index = Array(repeating: 0, count: customers)
    }

    public init(_ tiers: [String?]) {
        var names: [String] = [], known: [String: UInt16] = [:]
        index = tiers.map { tier in
            guard let tier else { return 0 }
            if let i = known[tier] { return i }
            names.append(tier)
            known[tier] = UInt16(names.count)
            return UInt16(names.count)
        }
        self.names = names
    }

    init(kept reader: inout KeptReader, customers: Int) throws {
        names = try reader.nextStrings()
        index = try reader.next(UInt16.self)
        guard index.count == customers, !index.contains(where: { Int($0) > names.count }) else { throw KeptReader.Malformed() }
    }

    /// The same tier for every customer, whatever order the names were met in.
    public static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { a.tier($0) == b.tier($0) }
    }

    /// Customer `c`'s tier, nil when none.
    public func tier(_ c: Int) -> String? { index[c] == 0 ? nil : names[Int(index[c]) - 1] }

    public var count: Int { index.count }

    var kept: [any KeptColumn] { KeptStrings.columns(names) + [index] }

    /// Puts customer `customer` in `tier`.
    public mutating func set(_ customer: Int, _ tier: String) {
        index[customer] = place(of: tier)
    }

    /// What `index` holds for `tier` (1 + its index in `names`), which is added to them when new.
    public mutating func place(of tier: String) -> UInt16 {
        if let i = names.firstIndex(of: tier) { return UInt16(i + 1) }
        names.append(tier)
        return UInt16(names.count)
    }

    /// Puts customer `customer` in the tier `place(of:)` gave.
    public mutating func set(_ customer: Int, place: UInt16) {
        precondition(place > 0 && Int(place) <= names.count, "not a tier's place")
        index[customer] = place
    }
}
