import CrescentTestSupport
import Foundation
import GRDB
import Testing
@testable import CrescentStore

/// A run's changes are computed against the run before it: saving one after another run of the
/// same segmentation was saved is a conflict (exit 75, try again), and saves nothing.
@Suite struct SegmentRunSaveTests {
    @Test(arguments: Backend.available) func aRunComputedAgainstAnOlderRunIsAConflict(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        func run(_ asOf: String) -> SegmentRunRecord {
            SegmentRunRecord(segment: "tiers", description: "", asOf: asOf, runAt: "2026-11-24T00:00:00Z", customers: 1, summary: "{}")
        }
        let first = try f.store.saveSegmentRun(run("2026-10-31"), previousRun: nil, changes: [("C1", "A")])
        #expect(throws: StoreError.conflict(Message("segment.saved_meanwhile", ["segment": "tiers"]))) {
            try f.store.saveSegmentRun(run("2026-11-30"), previousRun: nil, changes: [("C1", "B")])
        }
        #expect(StoreError.conflict(Message("segment.saved_meanwhile", ["segment": "tiers"])).exitCode == 75)
        #expect(try f.store.segmentRuns(segment: "tiers").map(\.id) == [first])
        let second = try f.store.saveSegmentRun(run("2026-11-30"), previousRun: first, changes: [("C1", "B")])
        #expect(try f.store.segmentRuns(segment: "tiers").map(\.id) == [first, second])
    }

    /// Many changes are saved many to a statement: every one lands, whatever its place in a batch.
    @Test(arguments: Backend.available) func everyChangeOfALargeRunIsSaved(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        let tiers = ["A", "B", "C级"]
        let changes = (0..<10_001).map { (customerID: String(format: "C%06d", $0), tier: tiers[$0 * 7 % 3]) }
        let record = SegmentRunRecord(segment: "大客户", description: "", asOf: "2026-10-31", runAt: "2026-11-24T00:00:00Z",
                                      customers: changes.count, summary: "{}")
        let first = try f.store.saveSegmentRun(record, previousRun: nil, changes: changes)
        let members = try f.store.currentMembers(segment: "大客户")
        #expect(members.map(\.customerID) == changes.map(\.customerID))
        #expect(members.map(\.tier) == changes.map(\.tier))
        #expect(members.allSatisfy { $0.runID == first })
    }

    /// A save that fails after thousands of its rows were written (a customer twice, at its end)
    /// leaves nothing of the run: no run, no membership.
    @Test(arguments: Backend.available) func aSaveThatFailsMidwayLeavesNothing(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        let changes = (0..<10_000).map { (customerID: String(format: "C%06d", $0), tier: "A") } + [("C000001", "B")]
        let record = SegmentRunRecord(segment: "tiers", description: "", asOf: "2026-10-31", runAt: "2026-11-24T00:00:00Z",
                                      customers: changes.count, summary: "{}")
        #expect(throws: StoreError.self) { try f.store.saveSegmentRun(record, previousRun: nil, changes: changes) }
        #expect(try f.store.segmentRuns(segment: "tiers").isEmpty)
        #expect(try f.store.currentMembers(segment: "tiers").isEmpty)
        _ = try f.store.saveSegmentRun(record, previousRun: nil, changes: Array(changes.dropLast()))
        #expect(try f.store.currentMembers(segment: "tiers").count == 10_000)
    }

    /// A segmentation's first run is left out of the index by run (it holds every customer, and moves
    /// start after it); v19 flags the first runs saved before it, v20 keeps the flags and the index
    /// on the rows by segmentation number, and moves read that index.
    @Test func movesReadTheIndexThatLeavesFirstRunsOut() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v18-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let old = try SQLiteStore.migrated(at: path, upTo: "v18: kept deals")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO segment_runs(id, segment, as_of, run_at, customers, summary) VALUES
                  (1, 'tiers', '2026-10-01', '', 3, '{}'), (2, '等级', '2026-10-01', '', 1, '{}'), (3, 'tiers', '2026-11-01', '', 3, '{}');
                INSERT INTO segment_members(segment, customer_id, run_id, tier) VALUES
                  ('tiers', 'C1', 1, 'A'), ('tiers', 'C2', 1, 'B'), ('等级', 'C1', 2, '金'), ('tiers', 'C1', 3, 'B'), ('tiers', 'C3', 3, 'A');
                """)
        }
        let store = try SQLiteStore.open(at: path)
        let flags = try store.read { db in try Row.fetchAll(db, sql: "SELECT run_id, first_run FROM segment_members ORDER BY run_id, customer_id") }
        #expect(flags.map { [$0[0], $0[1]] as [Int64] } == [[1, 1], [1, 1], [2, 1], [3, 0], [3, 0]])
        let moves = [TierMove(customerID: "C1", from: "A", to: "B", runID: 3, asOf: "2026-11-01"),
                     TierMove(customerID: "C3", from: nil, to: "A", runID: 3, asOf: "2026-11-01")]
        #expect(try store.tierMoves(segment: "tiers") == moves)
        let fourth = try store.saveSegmentRun(SegmentRunRecord(segment: "tiers", description: "", asOf: "2026-12-01", runAt: "",
                                                               customers: 3, summary: "{}"), previousRun: 3, changes: [("C2", "A")])
        #expect(try store.tierMoves(segment: "tiers", since: "2026-12-01")
                == [TierMove(customerID: "C2", from: "B", to: "A", runID: fourth, asOf: "2026-12-01")])
        _ = try store.saveSegmentRun(SegmentRunRecord(segment: "new", description: "", asOf: "2026-12-01", runAt: "", customers: 1,
                                                      summary: "{}"), previousRun: nil, changes: [("C1", "X")])
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT first_run FROM segment_members WHERE segment = 'new'") } == 1)
        let plan = try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteStore.tierMovesSQL, arguments: ["tiers", ""]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.hasPrefix("SEARCH m USING INDEX segment_member_rows_moves (segmentation_id=?") }, "\(plan)")
    }

    /// Another program writing `segment_members` (a view since v20) writes the rows behind it, and
    /// moves the memberships' version as a write to the table did.
    @Test func writesToTheMembershipsViewReachItsRows() throws {
        let f = try StoreFixture()
        let store = try #require(f.store as? SQLiteStore)
        func version() throws -> Int64 {
            try store.read { db in try Int64.fetchOne(db, sql: "SELECT version FROM table_versions WHERE name = 'segment_members'") ?? -1 }
        }
        func rows() throws -> [String] {
            try store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.name, m.customer_id, m.run_id, m.tier, m.first_run
                    FROM segment_member_rows m JOIN segmentations s ON s.id = m.segmentation_id ORDER BY 1, 2, 3
                    """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int64) \($0[3] as String) \($0[4] as Int64)" }
            }
        }
        var last = try version()
        func expectMoved(_ step: String) throws {
            let now = try version()
            #expect(now > last, "\(step)")
            last = now
        }
        try store.write { db in
            try db.execute(sql: "INSERT INTO segment_members(segment, customer_id, run_id, tier) VALUES ('等级', 'C1', 1, '金'), ('tiers', 'C1', 2, 'A')")
        }
        #expect(try rows() == ["tiers C1 2 A 0", "等级 C1 1 金 0"])
        try expectMoved("insert")
        try store.write { db in try db.execute(sql: "UPDATE segment_members SET tier = 'B', first_run = 1 WHERE segment = 'tiers'") }
        #expect(try rows() == ["tiers C1 2 B 1", "等级 C1 1 金 0"])
        try expectMoved("update")
        try store.write { db in try db.execute(sql: "DELETE FROM segment_members WHERE segment = '等级'") }
        #expect(try rows() == ["tiers C1 2 B 1"])
        try expectMoved("delete")
        #expect(try store.currentMembers(segment: "tiers").map { "\($0.customerID) \($0.tier)" } == ["C1 B"])
    }
}
