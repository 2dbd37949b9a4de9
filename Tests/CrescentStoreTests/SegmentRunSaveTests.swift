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
}
