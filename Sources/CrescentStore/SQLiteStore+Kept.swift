import Foundation
import GRDB

/// The columns the SQLite store keeps (KeptColumns): the customers' ids, their orders, each
/// segmentation's latest tiers, the deals and their stage entries. Each name carries its layout's
/// version, so that a later layout is never read as this one.
extension SQLiteStore {
    static let keptCustomerIDs = "customers.ids/3"
    static let keptCustomerOrders = "orders.by_customer/2"
    /// The tables the kept orders are derived from.
    static let customerOrdersTables = ["customers", "orders"]
    static func keptTiers(_ segment: String) -> String { "segment_members.latest/1:" + segment }
    static let keptStageEntries = "deal_stage_history.by_rep/1"
    static let keptDeals = "deals.by_rep/1"

    /// The orders of the customers of `ids` as columns, kept while the customers and orders are unchanged.
    public func customerOrders(of ids: IdIndex) throws(StoreError) -> CustomerOrders {
        try kept(Self.keptCustomerOrders, over: Self.customerOrdersTables, ids: ids,
                 load: { reader in try CustomerOrders(kept: &reader, customers: ids.count) },
                 derive: { () throws(StoreError) in try scannedCustomerOrders(of: ids) }, columns: \.kept).value
    }

    /// The kept orders of the customers of `ids` folded into `state` 65,536 at a time, else (not
    /// kept at the current versions, or malformed) those `customerOrders(of:)` derives and keeps, in one part.
    public func foldCustomerOrders<State>(of ids: IdIndex, into state: inout State, restart: (inout State) -> Void,
                                          _ add: (inout State, CustomerOrders) -> Void) throws(StoreError) {
        try foldCustomerOrders(of: ids, into: &state, restart: restart, partSize: 1 << 16, add)
    }

    /// The same, `partSize` kept orders at a time.
    func foldCustomerOrders<State>(of ids: IdIndex, into state: inout State, restart: (inout State) -> Void,
                                   partSize: Int, _ add: (inout State, CustomerOrders) -> Void) throws(StoreError) {
        if keepsColumns, ids.keptVersions != nil {
            var began = false
            let folded = try keptRead { () throws(StoreError) -> Bool in
                guard let versions = try currentVersions(of: Self.customerOrdersTables, readFor: ids) else { return false }
                return try read { db in
                    KeptColumns.load(db, name: Self.keptCustomerOrders, versions: versions) { reader in
                        try CustomerOrders.forEachPart(kept: &reader, customers: ids.count, size: partSize) { part in
                            began = true
                            add(&state, part)
                        }
                    }
                } != nil
            }
            if folded { return }
            if began { restart(&state) }
        }
        add(&state, try customerOrders(of: ids))
    }

    /// Each customer's latest tier in `segment`, kept while the customers and memberships are unchanged.
    public func latestTiers(segment: String, of ids: IdIndex) throws(StoreError) -> LatestTiers {
        let (tiers, versions) = try kept(Self.keptTiers(segment), over: ["customers", "segment_members"], ids: ids,
                                         load: { reader in try LatestTiers(kept: &reader, customers: ids.count) },
                                         derive: { () throws(StoreError) in try scannedLatestTiers(segment: segment, of: ids) },
                                         // A segmentation never run has none: nothing to keep (the run keeps its own).
                                         columns: { $0.names.isEmpty ? [] : $0.kept })
        var tagged = tiers
        tagged.keptVersions = versions
        return tagged
    }

    /// Keeps what is kept of `entity` in `db`, the transaction of an import of it, so that the
    /// first computation after the import reads it.
    func keepColumns(of entity: Entity, _ db: Database) throws {
        try holding(db) {
            switch entity {
            case .customers, .orders: _ = try customerOrders(of: try sortedIDs(.customers))
            case .deals:
                _ = try stageEntries(by: .rep)
                _ = try dealColumns()
            case .dealStageHistory: _ = try stageEntries(by: .rep)
            default: break
            }
        }
    }

    /// Every deal's stage entries by rep (or for the company), kept while the deals and their history are unchanged.
    public func stageEntries(by grouping: Grouping) throws(StoreError) -> StageEntries {
        guard grouping == .rep || grouping == .company else { return try scannedStageEntries(by: grouping) }
        let byRep = try kept(Self.keptStageEntries, over: ["deals", "deal_stage_history"], ids: nil, load: StageEntries.init(kept:),
                             derive: { () throws(StoreError) in try scannedStageEntries(by: .rep) }, columns: \.kept).value
        return grouping == .rep ? byRep : byRep.ungrouped
    }

    /// Every deal's columns, kept while the deals are unchanged.
    func dealColumns() throws(StoreError) -> DealColumns {
        func derive() throws(StoreError) -> DealColumns {
            try DealColumns { visit throws(StoreError) in try scanDeals(.all, by: .rep, visit) }
        }
        return try kept(Self.keptDeals, over: ["deals"], ids: nil, load: DealColumns.init(kept:), derive: derive, columns: \.kept).value
    }

    /// Entry `name`, derived from `tables` (by ordinals of `ids`, for customers' columns): read when
    /// kept at their current versions, else derived and kept; with those versions. Derived without
    /// keeping (and no versions) when `ids` were not read at the same customers' version (their
    /// ordinals may not be the entry's). A value whose `columns` are none is not kept.
    private func kept<T>(_ name: String, over tables: [String], ids: IdIndex?, load: (inout KeptReader) throws -> T,
                         derive: () throws(StoreError) -> T, columns: (T) -> [any KeptColumn])
        throws(StoreError) -> (value: T, versions: String?) {
        guard keepsColumns, ids == nil || ids?.keptVersions != nil else { return (try derive(), nil) }
        return try keptRead { () throws(StoreError) -> (value: T, versions: String?) in
            guard let versions = try currentVersions(of: tables, readFor: ids) else { return (try derive(), nil) }
            if let value = try read({ db in KeptColumns.load(db, name: name, versions: versions, load) }) { return (value, versions) }
            let value = try derive()
            let kept = columns(value)
            if !kept.isEmpty { keep(name, versions: versions, kept) }
            return (value, versions)
        }
    }

    /// The current versions of `tables`, when the store has them and `ids` (if any) were read at the
    /// same customers' version: else nil, and what is kept cannot be used (its ordinals may not be those of `ids`).
    private func currentVersions(of tables: [String], readFor ids: IdIndex?) throws(StoreError) -> String? {
        guard let versions = try read({ db in KeptColumns.versions(db, of: tables) }),
              ids?.keptVersions.map({ versions.hasPrefix($0 + " ") }) ?? true else { return nil }
        return versions
    }

    /// After a run's memberships are saved: keeps `tiers`, every customer's tier after the run, when
    /// they were read (before its changes) at `before`, the versions the run was saved on.
    func keepTiers(_ db: Database, segment: String, _ tiers: LatestTiers?, readAt before: String?) throws {
        guard keepsColumns, let tiers, let before, tiers.keptVersions == before,
              let after = KeptColumns.versions(db, of: ["customers", "segment_members"]) else { return }
        try KeptColumns.save(db, name: Self.keptTiers(segment), versions: after, columns: tiers.kept)
    }
}
