import GRDB
import GRDBSQLite

/// A saved run of a segmentation script.
public struct SegmentRunRecord: Sendable, Equatable {
    public var id: Int64
    public var segment: String
    public var description: String
    /// The day the customer metrics were computed as of (`YYYY-MM-DD`).
    public var asOf: String
    /// When the run was saved (UTC timestamp).
    public var runAt: String
    public var customers: Int
    /// The run's summary as JSON: what `segment run --format json` printed.
    public var summary: String

    public init(id: Int64 = 0, segment: String, description: String, asOf: String, runAt: String, customers: Int, summary: String) {
        self.id = id
        self.segment = segment
        self.description = description
        self.asOf = asOf
        self.runAt = runAt
        self.customers = customers
        self.summary = summary
    }

    init(row: Row) {
        self.init(id: row["id"], segment: row["segment"], description: row["description"], asOf: row["as_of"],
                  runAt: row["run_at"], customers: row["customers"], summary: row["summary"])
    }
}

/// A customer's move from one tier to another at a saved run (`from` is nil for a customer new to the segmentation).
public struct TierMove: Sendable, Equatable {
    public var customerID: String
    public var from: String?
    public var to: String
    public var runID: Int64
    public var asOf: String

    public init(customerID: String, from: String?, to: String, runID: Int64, asOf: String) {
        self.customerID = customerID
        self.from = from
        self.to = to
        self.runID = runID
        self.asOf = asOf
    }
}

/// A customer's tier from a saved run on, until a later run moved it.
public struct TierSpell: Sendable, Equatable {
    public var tier: String
    public var runID: Int64
    public var asOf: String

    public init(tier: String, runID: Int64, asOf: String) {
        self.tier = tier
        self.runID = runID
        self.asOf = asOf
    }
}

/// What every backend derives alike from its saved runs.
extension RecordStore {
    /// Each saved segmentation's latest run and how many runs it has, by name.
    public func savedSegmentations() throws(StoreError) -> [(latest: SegmentRunRecord, runs: Int)] {
        var saved: [String: (latest: SegmentRunRecord, runs: Int)] = [:]
        for run in try segmentRuns() { saved[run.segment] = (run, (saved[run.segment]?.runs ?? 0) + 1) }
        return saved.keys.sorted().map { saved[$0]! }
    }

    /// Each customer's tier now in a segmentation and the run it entered that tier at, in customer id order.
    public func currentMembers(segment: String) throws(StoreError) -> [(customerID: String, tier: String, runID: Int64)] {
        var members: [(customerID: String, tier: String, runID: Int64)] = []
        var last: [UInt8] = []
        try forEachTierChange(segment: segment) { id, tier, run in
            if !members.isEmpty, id.elementsEqual(last) {
                members[members.count - 1].tier = tier
                members[members.count - 1].runID = run
            } else {
                last = Array(id)
                members.append((String(decoding: id, as: UTF8.self), tier, run))
            }
        }
        return members
    }
}

extension SQLiteStore {
    /// Saved runs, oldest first: of one segmentation, or of all.
    public func segmentRuns(segment: String? = nil) throws(StoreError) -> [SegmentRunRecord] {
        try read { db in
            let filter = segment == nil ? "" : " WHERE segment = ?"
            return try Row.fetchAll(db, sql: "SELECT * FROM segment_runs\(filter) ORDER BY id", arguments: StatementArguments(segment.map { [$0] } ?? []))
                .map(SegmentRunRecord.init(row:))
        }
    }

    /// Visits the membership changes of a segmentation in customer, then run, order:
    /// the last one visited for a customer is its tier now.
    public func forEachTierChange(
        segment: String, _ body: (_ customerID: UnsafeRawBufferPointer, _ tier: String, _ runID: Int64) throws -> Void
    ) throws(StoreError) {
        try read { db in
            let statement = try db.makeStatement(sql: "SELECT customer_id, tier, run_id FROM segment_members WHERE segment = ? ORDER BY customer_id, run_id")
            try statement.setArguments([segment])
            let row = ScanRow(statement)
            while try row.step(db) { try body(row.bytes(0), row.string(1) ?? "", row.int64(2) ?? 0) }
        }
    }

    /// Saves a run and the customers whose tier changed, in one transaction, the changes pulled
    /// from `changes` as they come (sorted by customer id: the membership table is keyed on it).
    /// Fails when another run of the same segmentation was saved after `previousRun` (the changes
    /// were computed against it). The tiers `changes` completes with (every customer's tier after
    /// the run) are kept when they were read at the versions the run is saved on.
    ///
    /// A page written to the WAL in a transaction and changed again before it commits makes SQLite
    /// read back every frame after it at the commit, to redo their checksums (the whole WAL of a
    /// first run). So the run's row is written last, when its summary is known, under the id
    /// SQLite would give it (no other writer can commit before this transaction's first write
    /// without failing it); while the triggers are dropped, their schema pages are read after each
    /// statement, which keeps them the most recently used of the cache: none is written out before
    /// the triggers are restored; and the cache holds 128 MiB while the rows go in, so that an
    /// interior page of the memberships' B-tree is still in memory when a split beside it changes
    /// it again (at 10M, such a page made the commit read 365 MB of the WAL back).
    public func saveSegmentRun(_ run: SegmentRunRecord, previousRun: Int64?,
                               streaming changes: any TierChangeStream) throws(StoreError) -> Int64 {
        try write { db in
            let latest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM segment_runs WHERE segment = ?", arguments: [run.segment])
            guard latest == previousRun else {
                throw StoreError.conflict(Message("segment.saved_meanwhile", ["segment": run.segment]))
            }
            let before = KeptColumns.versions(db, of: ["customers", "segment_members"])
            let runID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM segment_runs") ?? 1
            try db.execute(sql: "INSERT OR IGNORE INTO segmentations(name) VALUES (?)", arguments: [run.segment])
            let segmentation = try Int64.fetchOne(db, sql: "SELECT id FROM segmentations WHERE name = ?", arguments: [run.segment]) ?? 0
            var triggers: DroppedTriggers?, saved = 0
            let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -131072")  // in KiB
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
            while let block = try changes.next() {
                // A version bump per row costs more than its row: many rows bump it once.
                if triggers == nil, saved + block.count >= 20_000 { triggers = try DroppedTriggers(db, on: "segment_member_rows") }
                try insertMembers(db, segmentation: segmentation, runID: runID, firstRun: previousRun == nil, block,
                                  touchingSchema: triggers != nil)
                saved += block.count
            }
            try triggers?.restore(db)
            let (summary, tiers) = try changes.completion()
            try db.execute(sql: """
                INSERT INTO segment_runs(id, segment, description, as_of, run_at, customers, summary) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [runID, run.segment, run.description, run.asOf, run.runAt, run.customers, summary])
            try keepTiers(db, segment: run.segment, tiers, readAt: before)
            return runID
        }
    }

    /// Inserts a run's membership rows many to a statement (a statement per row costs more than its
    /// row), the segmentation's number and the run bound once per statement, ids and tiers bound in place. OR FAIL:
    /// a statement that stops at its failing row needs no statement journal (a copy of each page it
    /// changes: 0.9 GB written for ten million rows); the failure still rolls back the whole save.
    private func insertMembers(_ db: Database, segmentation: Int64, runID: Int64, firstRun: Bool,
                               _ changes: TierChanges, touchingSchema: Bool) throws {
        let limit = Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        let batch = max(1, min(4096, (limit - 2) / 2))
        var full: ScanRow?
        func statement(rows: Int) throws -> ScanRow {
            if rows == batch, let full { return full }
            // Numbered parameters cost a search each as the statement is prepared: the rows' are plain.
            let values = Array(repeating: "(?, ?)", count: rows).joined(separator: ", ")
            let insert = ScanRow(try db.makeStatement(sql: """
                WITH changed(customer_id, tier) AS (VALUES \(values))
                INSERT OR FAIL INTO segment_member_rows(segmentation_id, customer_id, run_id, tier, first_run)
                SELECT ?, customer_id, ?, tier, \(firstRun ? 1 : 0) FROM changed
                """))
            if rows == batch { full = insert }
            return insert
        }
        // The tiers' names in one buffer.
        let tierBytes = Array(changes.tiers.joined().utf8)
        var tierRanges: [Range<Int>] = [], end = 0
        for tier in changes.tiers {
            tierRanges.append(end..<(end + tier.utf8.count))
            end += tier.utf8.count
        }
        // The ids' and tiers' bytes bound where they are: copying ten million small texts costs.
        try changes.ids.withBytes { id in
            try tierBytes.withUnsafeBytes { allTiers in
                let tiers = tierRanges.map { UnsafeRawBufferPointer(rebasing: allTiers[$0]) }
                for start in stride(from: 0, to: changes.count, by: batch) {
                    let rows = min(batch, changes.count - start)
                    let insert = try statement(rows: rows)
                    for (offset, i) in (start..<(start + rows)).enumerated() {
                        bindText(insert.statement, inPlace: id(Int(changes.customers[i])), at: Int32(1 + 2 * offset))
                        bindText(insert.statement, inPlace: tiers[Int(changes.tierIndexes[i])], at: Int32(2 + 2 * offset))
                    }
                    sqlite3_bind_int64(insert.statement, Int32(1 + 2 * rows), segmentation)
                    sqlite3_bind_int64(insert.statement, Int32(2 + 2 * rows), runID)
                    try insert.run(db)
                    sqlite3_clear_bindings(insert.statement)  // no pointer into the buffers outlives them
                    if touchingSchema { _ = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM sqlite_master")) }
                }
            }
        }
    }

    /// The tiers a customer has been in, oldest first.
    public func tierHistory(segment: String, customerID: String) throws(StoreError) -> [TierSpell] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.tier, m.run_id, r.as_of FROM segment_members m JOIN segment_runs r ON r.id = m.run_id
                WHERE m.segment = ? AND m.customer_id = ? ORDER BY m.run_id
                """, arguments: [segment, customerID])
                .map { TierSpell(tier: $0["tier"], runID: $0["run_id"], asOf: $0["as_of"]) }
        }
    }

    /// Moves between tiers at the runs after a segmentation's first, whose as-of day is on or after `since`.
    public func tierMoves(segment: String, since: String? = nil) throws(StoreError) -> [TierMove] {
        try read { db in
            try Row.fetchAll(db, sql: Self.tierMovesSQL, arguments: [segment, since ?? ""])
                .map { TierMove(customerID: $0["customer_id"], from: $0["previous"], to: $0["tier"], runID: $0["run_id"], asOf: $0["as_of"]) }
        }
    }

    /// Parameters: the segmentation, the first as-of day. Reads the index by run, which leaves first runs out.
    static let tierMovesSQL = """
        SELECT m.customer_id, m.tier, m.run_id, r.as_of,
               (SELECT p.tier FROM segment_members p WHERE p.segment = m.segment AND p.customer_id = m.customer_id
                AND p.run_id < m.run_id ORDER BY p.run_id DESC LIMIT 1) AS previous
        FROM segment_members m JOIN segment_runs r ON r.id = m.run_id
        WHERE m.segment = ? AND r.as_of >= ? AND m.first_run = 0
          AND m.run_id > (SELECT min(id) FROM segment_runs WHERE segment = m.segment)
        ORDER BY m.run_id, m.customer_id
        """

    /// A customer's tier now in every saved segmentation, by segmentation name.
    public func currentTiers(customerID: String) throws(StoreError) -> [String: String] {
        try read { db in
            var tiers: [String: String] = [:]
            for segment in try String.fetchAll(db, sql: "SELECT DISTINCT segment FROM segment_runs") {
                tiers[segment] = try String.fetchOne(db, sql: """
                    SELECT tier FROM segment_members WHERE segment = ? AND customer_id = ? ORDER BY run_id DESC LIMIT 1
                    """, arguments: [segment, customerID])
            }
            return tiers
        }
    }
}
