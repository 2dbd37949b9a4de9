import CrescentStore
import CrescentTestSupport
import Testing

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
}
