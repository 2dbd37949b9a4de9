import GRDB

/// The columns the SQLite store keeps (KeptColumns): the customers' ids, their orders, and each
/// segmentation's latest tiers. Each name carries its layout's version, so that a later layout
/// is never read as this one.
extension SQLiteStore {
    static let keptCustomerIDs = "customers.ids/2"
    static let keptCustomerOrders = "orders.by_customer/2"
    static func keptTiers(_ segment: String) -> String { "segment_members.latest/1:" + segment }

    /// The orders of the customers of `ids` as columns, kept while the customers and orders are unchanged.
    public func customerOrders(of ids: IdIndex) throws(StoreError) -> CustomerOrders {
        try kept(Self.keptCustomerOrders, over: ["customers", "orders"], ids: ids,
                 load: { reader in try CustomerOrders(kept: &reader, customers: ids.count) },
                 derive: { () throws(StoreError) in try scannedCustomerOrders(of: ids) }, columns: \.kept)
    }

    /// Each customer's latest tier in `segment`, kept while the customers and memberships are unchanged.
    public func latestTiers(segment: String, of ids: IdIndex) throws(StoreError) -> [String?] {
        try kept(Self.keptTiers(segment), over: ["customers", "segment_members"], ids: ids,
                 load: { reader in try LatestTiers(kept: &reader, customers: ids.count).tiers },
                 derive: { () throws(StoreError) in try scannedLatestTiers(segment: segment, of: ids) },
                 columns: { LatestTiers($0).kept })
    }

    /// Keeps the customers' ids and orders in `db`, the transaction of an import of either, so
    /// that the first computation after it reads them.
    func keepCustomerOrders(_ db: Database) throws {
        try holding(db) { _ = try customerOrders(of: try sortedIDs(.customers)) }
    }

    /// Entry `name`, derived from `tables` by ordinals of `ids`: read when kept at their current
    /// versions, else derived and kept. Derived without keeping when `ids` were not read at the
    /// same customers' version (their ordinals may not be the entry's).
    private func kept<T>(_ name: String, over tables: [String], ids: IdIndex, load: (inout KeptReader) throws -> T,
                         derive: () throws(StoreError) -> T, columns: (T) -> [any KeptColumn]) throws(StoreError) -> T {
        guard keepsColumns, let idVersions = ids.keptVersions else { return try derive() }
        return try keptRead { () throws(StoreError) -> T in
            guard let versions = try read({ db in KeptColumns.versions(db, of: tables) }),
                  versions.hasPrefix(idVersions + " ") else { return try derive() }
            if let value = try read({ db in KeptColumns.load(db, name: name, versions: versions, load) }) { return value }
            let value = try derive()
            keep(name, versions: versions, columns(value))
            return value
        }
    }

    /// After a run's memberships are saved: its segmentation's kept tiers, moved by `changes`,
    /// when they were kept before the run (or it is the first) and the customers' ids are kept.
    func keepTiers(_ db: Database, segment: String, first: Bool, before: String?, changes: [(customerID: String, tier: String)]) throws {
        guard keepsColumns, let before, let after = KeptColumns.versions(db, of: ["customers", "segment_members"]),
              let customers = KeptColumns.versions(db, of: ["customers"]), before.hasPrefix(customers + " "),
              let ids = KeptColumns.load(db, name: Self.keptCustomerIDs, versions: customers, IdIndex.init(kept:)) else { return }
        var tiers: LatestTiers
        if first {
            tiers = LatestTiers([String?](repeating: nil, count: ids.count))
        } else if let kept = KeptColumns.load(db, name: Self.keptTiers(segment), versions: before, { try LatestTiers(kept: &$0, customers: ids.count) }) {
            tiers = kept
        } else {
            return
        }
        var last = -1
        for change in changes {
            var id = change.customerID
            guard let c = id.withUTF8({ ids.ordinal(of: UnsafeRawBufferPointer($0), near: last) }) else { continue }
            tiers.set(c, change.tier)
            last = c
        }
        try KeptColumns.save(db, name: Self.keptTiers(segment), versions: after, columns: tiers.kept)
    }
}

/// A segmentation's latest tier of every customer, as kept: the tier names, and each customer's
/// tier as 1 + its index in them (0: none).
struct LatestTiers {
    private(set) var names: [String]
    private(set) var index: [UInt16]

    init(_ tiers: [String?]) {
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

    var tiers: [String?] { index.map { $0 == 0 ? nil : names[Int($0) - 1] } }

    var kept: [any KeptColumn] { KeptStrings.columns(names) + [index] }

    mutating func set(_ customer: Int, _ tier: String) {
        if let i = names.firstIndex(of: tier) {
            index[customer] = UInt16(i + 1)
        } else {
            names.append(tier)
            index[customer] = UInt16(names.count)
        }
    }
}
