import Foundation
import GRDB

/// The columns the SQLite store keeps (KeptColumns): the customers' ids, their orders, and each
/// segmentation's latest tiers. Each name carries its layout's version, so that a later layout
/// is never read as this one.
extension SQLiteStore {
    static let keptCustomerIDs = "customers.ids/3"
    static let keptCustomerOrders = "orders.by_customer/2"
    static func keptTiers(_ segment: String) -> String { "segment_members.latest/1:" + segment }
    static let keptStageEntries = "deal_stage_history.by_rep/1"

    /// The orders of the customers of `ids` as columns, kept while the customers and orders are unchanged.
    public func customerOrders(of ids: IdIndex) throws(StoreError) -> CustomerOrders {
        try kept(Self.keptCustomerOrders, over: ["customers", "orders"], ids: ids,
                 load: { reader in try CustomerOrders(kept: &reader, customers: ids.count) },
                 derive: { () throws(StoreError) in try scannedCustomerOrders(of: ids) }, columns: \.kept)
    }

    /// Each customer's latest tier in `segment`, kept while the customers and memberships are unchanged.
    public func latestTiers(segment: String, of ids: IdIndex) throws(StoreError) -> LatestTiers {
        try kept(Self.keptTiers(segment), over: ["customers", "segment_members"], ids: ids,
                 load: { reader in try LatestTiers(kept: &reader, customers: ids.count) },
                 derive: { () throws(StoreError) in try scannedLatestTiers(segment: segment, of: ids) }, columns: \.kept)
    }

    /// Keeps the customers' ids and orders in `db`, the transaction of an import of either, so
    /// that the first computation after it reads them.
    func keepCustomerOrders(_ db: Database) throws {
        try holding(db) { _ = try customerOrders(of: try sortedIDs(.customers)) }
    }

    /// Every deal's stage entries by rep (or for the company), kept while the deals and their history are unchanged.
    public func stageEntries(by grouping: Grouping) throws(StoreError) -> StageEntries {
        guard grouping == .rep || grouping == .company else { return try scannedStageEntries(by: grouping) }
        let byRep = try kept(Self.keptStageEntries, over: ["deals", "deal_stage_history"], ids: nil, load: StageEntries.init(kept:),
                             derive: { () throws(StoreError) in try scannedStageEntries(by: .rep) }, columns: \.kept)
        return grouping == .rep ? byRep : byRep.ungrouped
    }

    /// Keeps the deals' stage entries in `db`, the transaction of an import of deals or their history.
    func keepStageEntries(_ db: Database) throws {
        try holding(db) { _ = try stageEntries(by: .rep) }
    }

    /// Entry `name`, derived from `tables` (by ordinals of `ids`, for customers' columns): read when
    /// kept at their current versions, else derived and kept. Derived without keeping when `ids`
    /// were not read at the same customers' version (their ordinals may not be the entry's).
    private func kept<T>(_ name: String, over tables: [String], ids: IdIndex?, load: (inout KeptReader) throws -> T,
                         derive: () throws(StoreError) -> T, columns: (T) -> [any KeptColumn]) throws(StoreError) -> T {
        guard keepsColumns else { return try derive() }
        let idVersions: String?
        if let ids {
            guard let versions = ids.keptVersions else { return try derive() }
            idVersions = versions
        } else {
            idVersions = nil
        }
        return try keptRead { () throws(StoreError) -> T in
            guard let versions = try read({ db in KeptColumns.versions(db, of: tables) }),
                  idVersions.map({ versions.hasPrefix($0 + " ") }) ?? true else { return try derive() }
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
              let ids = KeptColumns.load(db, name: Self.keptCustomerIDs, versions: customers, whole: false, SortedIDs.init(kept:))
        else { return }
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
            guard let c = ids.ordinal(of: change.customerID, after: last) else { continue }
            tiers.set(c, change.tier)
            last = c
        }
        try KeptColumns.save(db, name: Self.keptTiers(segment), versions: after, columns: tiers.kept)
    }
}

/// The kept customers' ids in id order without their hash table: enough to place a run's changes,
/// which come in id order, by a search forward from the last one placed.
private struct SortedIDs {
    let arena: [UInt8], starts: [Int]

    init(kept reader: inout KeptReader) throws {
        arena = try reader.next(UInt8.self)
        starts = try reader.next(Int.self)
        guard starts.first == 0, starts.last == arena.count else { throw KeptReader.Malformed() }
    }

    var count: Int { starts.count - 1 }

    /// The ordinal of `id`, looked for after `last` (from the start when it is not there).
    func ordinal(of id: String, after last: Int) -> Int? {
        var id = id
        return id.withUTF8 { bytes in
            if let found = search(UnsafeRawBufferPointer(bytes), in: (last + 1)..<count) { return found }
            return search(UnsafeRawBufferPointer(bytes), in: 0..<min(max(last + 1, 0), count))
        }
    }

    /// Binary search in `range`, trying its first id before halving (the next change is often the next id).
    private func search(_ id: UnsafeRawBufferPointer, in range: Range<Int>) -> Int? {
        var low = range.lowerBound, high = range.upperBound
        if low < high, compare(low, id) == 0 { return low }
        while low < high {
            let mid = (low + high) / 2
            switch compare(mid, id) {
            case 0: return mid
            case ..<0: low = mid + 1
            default: high = mid
            }
        }
        return nil
    }

    /// The order of id `ordinal` against `id`, bytewise as SQLite orders text.
    private func compare(_ ordinal: Int, _ id: UnsafeRawBufferPointer) -> Int {
        arena.withUnsafeBytes { all in
            let mine = UnsafeRawBufferPointer(rebasing: all[starts[ordinal]..<starts[ordinal + 1]])
            let common = min(mine.count, id.count)
            if common > 0, let a = mine.baseAddress, let b = id.baseAddress {
                let order = memcmp(a, b, common)
                if order != 0 { return Int(order) }
            }
            return mine.count - id.count
        }
    }
}
