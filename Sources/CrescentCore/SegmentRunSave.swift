import CrescentStore
import Foundation

extension SegmentRunReport {
    /// Saves the run whose changes are `changes` (see `saveSegmentRun`); returns the run's id.
    public func save(to store: any RecordStore, segmentation: Segmentation, previous: SegmentRunRecord?) throws(StoreError) -> Int64 {
        let summary = savedSummary(segmentation: segmentation, previous: previous, currency: try store.baseCurrency())
        let record = SegmentRunRecord(segment: segment, description: segmentation.description, asOf: asOf.description,
                                      runAt: Self.now(), customers: customers, summary: summary)
        return try store.saveSegmentRun(record, previousRun: previousRun, changes: changes, tiers: membership)
    }

    /// Saves a run as its customers are evaluated, a block at a time: `evaluated(c)` waits for the
    /// block of customers from ordinal `c` on and returns it, their tiers then in `assignment`.
    /// Each block's changes are written while the blocks after it are evaluated. Returns the report
    /// and the run's id (the report holds no changes: they were written as they came); what
    /// `evaluated` throws fails the save.
    public static func save(to store: any RecordStore, segmentation: Segmentation, facts: CustomerFacts,
                            previous: PreviousMembership, assignment: UnsafeBufferPointer<UInt8>,
                            evaluated: @escaping (Int) throws -> Range<Int>) throws(StoreError) -> (SegmentRunReport, Int64) {
        let tally = SegmentRunTally(segmentation: segmentation, facts: facts, previous: previous, keepingChanges: false)
        let changes = CountedChanges(tally, segmentation: segmentation, assignment: assignment, evaluated: evaluated,
                                     currency: try store.baseCurrency())
        // The summary is known once every customer is counted: the stream completes with it.
        let record = SegmentRunRecord(segment: segmentation.name, description: segmentation.description, asOf: facts.asOf.description,
                                      runAt: now(), customers: facts.count, summary: "")
        let run = try store.saveSegmentRun(record, previousRun: previous.run?.id, streaming: changes)
        return (changes.report!, run)
    }

    /// The summary saved with the run (its id is not known yet).
    func savedSummary(segmentation: Segmentation, previous: SegmentRunRecord?, currency: String) -> String {
        JSONText.encode(summary(segmentation: segmentation, previous: previous, run: nil, currency: currency))
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}

/// The changes of the customers counted as they are evaluated.
private final class CountedChanges: TierChangeStream {
    private var tally: SegmentRunTally
    private let segmentation: Segmentation
    private let assignment: UnsafeBufferPointer<UInt8>
    private let evaluated: (Int) throws -> Range<Int>
    private let currency: String
    private(set) var report: SegmentRunReport?

    init(_ tally: SegmentRunTally, segmentation: Segmentation, assignment: UnsafeBufferPointer<UInt8>,
         evaluated: @escaping (Int) throws -> Range<Int>, currency: String) {
        self.tally = tally
        self.segmentation = segmentation
        self.assignment = assignment
        self.evaluated = evaluated
        self.currency = currency
    }

    func next() throws -> TierChanges? {
        guard tally.counted < assignment.count else { return nil }
        return tally.count(try evaluated(tally.counted), of: assignment)
    }

    func completion() -> (summary: String, tiers: LatestTiers?) {
        let report = SegmentRunReport(segmentation: segmentation, tally: tally)
        self.report = report
        return (report.savedSummary(segmentation: segmentation, previous: tally.previous.run, currency: currency), report.membership)
    }
}
