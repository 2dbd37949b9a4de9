import CrescentStore
import PostgresNIO

/// Saved segmentation runs on the PostgreSQL store: the same tables as the SQLite store's, a run
/// saved in one transaction under a lock on its segmentation, its members written with COPY.
extension PostgresStore {
    /// Saved runs, oldest first. A rep's role may not read the totals saved with a run (they count
    /// every customer): it gets the customers it sees that the run had, and an empty summary.
    public func segmentRuns(segment: String? = nil) throws(StoreError) -> [SegmentRunRecord] {
        let filter = segment == nil ? "" : " WHERE segment = $1"
        let totals = try link.isTrue("SELECT has_column_privilege('segment_runs', 'summary', 'SELECT')")
        let columns = totals ? "customers, summary" : """
            (SELECT count(DISTINCT m.customer_id) FROM segment_members m WHERE m.segment = r.segment AND m.run_id <= r.id), '{}'
            """
        return try link.query("SELECT id, segment, description, as_of, run_at, \(columns) FROM segment_runs r\(filter) ORDER BY id",
                              segment.map { [$0] } ?? []).compactMap { row in
            guard let (id, name, description, asOf, runAt, customers, summary) =
                    try? row.decode((Int64, String, String, String, String, Int64, String).self) else { return nil }
            return SegmentRunRecord(id: id, segment: name, description: description, asOf: asOf, runAt: runAt,
                                    customers: Int(customers), summary: summary)
        }
    }

    public func forEachTierChange(
        segment: String, _ body: (_ customerID: UnsafeRawBufferPointer, _ tier: String, _ runID: Int64) throws -> Void
    ) throws(StoreError) {
        try link.forEachRow("SELECT customer_id, tier, run_id FROM segment_members WHERE segment = $1 ORDER BY customer_id COLLATE \"C\", run_id",
                            [segment]) { cells in
            let row = ScanRow(cells)
            try body(row.bytes(0), row.string(1) ?? "", row.int64(2) ?? 0)
        }
    }

    /// Saves a run and the customers whose tier changed, in one transaction, the changes pulled
    /// from `changes` as they come. Two runs of one segmentation saved at once queue on a lock: the
    /// second finds it is no longer the latest and fails with `.conflict` (its changes were computed
    /// against the run before). No tiers are kept: a server store keeps no columns.
    public func saveSegmentRun(_ run: SegmentRunRecord, previousRun: Int64?,
                               streaming changes: any TierChangeStream) throws(StoreError) -> Int64 {
        try link.transaction { () throws(StoreError) in
            try link.query("SELECT pg_advisory_xact_lock(hashtext('crescent segment ' || $1))", [run.segment])
            let latest = try link.query("SELECT max(id) FROM segment_runs WHERE segment = $1", [run.segment]).first
                .flatMap { try? $0.decode(Int64?.self) }
            guard latest == previousRun else {
                throw StoreError.conflict(Message("segment.saved_meanwhile", ["segment": run.segment]))
            }
            let inserted = try link.query("""
                INSERT INTO segment_runs(segment, description, as_of, run_at, customers, summary)
                VALUES ($1, $2, $3, $4, $5::bigint, $6) RETURNING id
                """, [run.segment, run.description, run.asOf, run.runAt, String(run.customers), run.summary])
            guard let runID = inserted.first.flatMap({ try? $0.decode(Int64.self) }) else { throw StoreError.failure(Message("segment.not_saved", ["store": location])) }
            while let block = try pulled(changes.next) {
                try copyMembers(block, segment: run.segment, runID: runID, firstRun: previousRun == nil)
            }
            let summary = try pulled(changes.completion).summary
            if summary != run.summary {
                try link.query("UPDATE segment_runs SET summary = $1 WHERE id = $2::bigint", [summary, String(runID)])
            }
            return runID
        }
    }

    /// What the stream gives; its own errors as a store failure (the caller knows what they were).
    private func pulled<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch let error as StoreError { throw error } catch {
            throw .failure(Message("store.failed", ["store": location, "reason": "\(error)"]))
        }
    }

    /// Writes a run's membership rows with COPY.
    private func copyMembers(_ changes: TierChanges, segment: String, runID: Int64, firstRun: Bool) throws(StoreError) {
        let batches = Batches(count: changes.count) { text, change in
            text.append(segment)
            text.tab()
            text.append(changes.customerID(change))
            text.tab()
            text.append(Int(runID))
            text.tab()
            text.append(changes.tier(change))
            text.tab()
            text.append(firstRun ? 1 : 0)
            text.endRow()
        }
        let columns = ["segment", "customer_id", "run_id", "tier", "first_run"]
        try link.copy(into: "segment_members", columns: columns) { batches.next() }
    }

    public func tierHistory(segment: String, customerID: String) throws(StoreError) -> [TierSpell] {
        try link.query("""
            SELECT m.tier, m.run_id, r.as_of FROM segment_members m JOIN segment_runs r ON r.id = m.run_id
            WHERE m.segment = $1 AND m.customer_id = $2 ORDER BY m.run_id
            """, [segment, customerID]).compactMap { row in
            (try? row.decode((String, Int64, String).self)).map { TierSpell(tier: $0.0, runID: $0.1, asOf: $0.2) }
        }
    }

    public func tierMoves(segment: String, since: String? = nil) throws(StoreError) -> [TierMove] {
        try link.query("""
            SELECT m.customer_id, m.tier, m.run_id, r.as_of,
                   (SELECT p.tier FROM segment_members p WHERE p.segment = m.segment AND p.customer_id = m.customer_id
                    AND p.run_id < m.run_id ORDER BY p.run_id DESC LIMIT 1) AS previous
            FROM segment_members m JOIN segment_runs r ON r.id = m.run_id
            WHERE m.segment = $1 AND r.as_of >= $2 AND m.first_run = 0
              AND m.run_id > (SELECT min(id) FROM segment_runs WHERE segment = m.segment)
            ORDER BY m.run_id, m.customer_id COLLATE "C"
            """, [segment, since ?? ""]).compactMap { row in
            guard let (customer, tier, runID, asOf, previous) = try? row.decode((String, String, Int64, String, String?).self) else { return nil }
            return TierMove(customerID: customer, from: previous, to: tier, runID: runID, asOf: asOf)
        }
    }

    public func currentTiers(customerID: String) throws(StoreError) -> [String: String] {
        var tiers: [String: String] = [:]
        for row in try link.query("""
            SELECT DISTINCT ON (segment) segment, tier FROM segment_members WHERE customer_id = $1 ORDER BY segment, run_id DESC
            """, [customerID]) {
            if let (segment, tier) = try? row.decode((String, String).self) { tiers[segment] = tier }
        }
        return tiers
    }
}

/// Rows `0..<count` handed to COPY a few thousand at a time, written from the COPY task.
final class Batches: @unchecked Sendable {
    private let count: Int
    private let write: (inout CopyText, Int) -> Void
    private var next = 0

    init(count: Int, write: @escaping (inout CopyText, Int) -> Void) {
        self.count = count
        self.write = write
    }

    func next(size: Int = 5000) -> [UInt8]? {
        guard next < count else { return nil }
        let end = min(next + size, count)
        var text = CopyText()
        for row in next..<end { write(&text, row) }
        next = end
        return text.bytes
    }
}
