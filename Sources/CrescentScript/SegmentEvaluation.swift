import CrescentCore
import CrescentStore
import Foundation
import LuaKit

/// A segmentation script evaluated over every customer: the metrics are derived once, then the
/// customers are evaluated a block at a time by workers, one Lua state per core (`SegmentBlocks`).
public struct SegmentEvaluation {
    public let segmentation: Segmentation
    public let facts: CustomerFacts
    /// Each customer's index in `segmentation.tierNames`, by ordinal.
    public let assignment: [UInt8]

    /// Customers a worker evaluates at a time by default: a field's column for them is a Lua table this long.
    public static let block = 1 << 16

    /// `workers`: how many Lua states to evaluate with; by default one per core, or one for a small
    /// store. `block`: how many customers each evaluates at a time (tests of the blocks' seams).
    public init(scriptPath: String, environment: ScriptEnvironment, store: any RecordStore, workers: Int? = nil,
                block: Int = SegmentEvaluation.block) throws {
        let blocks = try SegmentBlocks(scriptPath: scriptPath, environment: environment, store: store, workers: workers, block: block)
        try blocks.evaluateAll()
        self.init(blocks)
    }

    init(_ blocks: SegmentBlocks) {
        segmentation = blocks.segmentation
        facts = blocks.facts
        assignment = Array(blocks.assignment)
    }
}

extension SegmentEvaluation {
    /// Evaluates the segmentation at `scriptPath`, saves the run with the customers whose tier
    /// changed (its summary, with the moves since the previous saved run) and brings its follow-up
    /// tasks in step, all in one transaction recorded in the audit trail as `segment run NAME`; a
    /// dry run saves and writes nothing and says what it would. When another run of the same
    /// segmentation is saved meanwhile, the tiers stand and the moves are counted again from that
    /// run (at most five times). Where the store lets reads run beside its write, the customers
    /// are evaluated as the changes of those before them are saved.
    public static func run(scriptPath: String, environment: ScriptEnvironment, store: any RecordStore, dryRun: Bool,
                           maxWrites: Int = ScriptWrites.defaultLimit, workers: Int? = nil,
                           block: Int = SegmentEvaluation.block) throws -> SegmentSummary {
        let blocks = try SegmentBlocks(scriptPath: scriptPath, environment: environment, store: store, workers: workers, block: block)
        defer { blocks.stop() }
        let overlapped = !dryRun && store.readsBesideWrites
        if !overlapped { try blocks.evaluateAll() }
        let segmentation = blocks.segmentation
        var summary: SegmentSummary!
        do {
            let changes = try store.writing(source: "segment run \(segmentation.name)", limit: maxWrites, dryRun: dryRun) { writer in
                summary = try saved(blocks, store: store, dryRun: dryRun, overlapped: overlapped)
                summary.followUps = try FollowUps.apply(segmentation, facts: blocks.facts, assignment: Array(blocks.assignment),
                                                        writer: writer)
            }
            summary.followUps?.run = changes.run
        } catch {
            throw blocks.failure ?? error  // a script's failure, not the save it stopped
        }
        return summary
    }

    private static func saved(_ blocks: SegmentBlocks, store: any RecordStore, dryRun: Bool, overlapped: Bool) throws -> SegmentSummary {
        let segmentation = blocks.segmentation, facts = blocks.facts
        for attempt in 1... {
            let previous = try PreviousMembership(store: store, segment: segmentation.name, ids: facts.ids)
            // Started once the write is open: a worker's keep (a column it derived) then gives up
            // rather than wait for it. A first run writes every customer: a core is left to the save.
            if overlapped { blocks.start(sparing: previous.run == nil ? 1 : 0) }
            let currency = try store.baseCurrency()
            if dryRun {
                let report = SegmentRunReport(segmentation: segmentation, facts: facts, assignment: Array(blocks.assignment),
                                              previous: previous)
                return report.summary(segmentation: segmentation, previous: previous.run, run: nil, currency: currency)
            }
            do {
                let (report, run) = try SegmentRunReport.save(to: store, segmentation: segmentation, facts: facts, previous: previous,
                                                              assignment: blocks.assignment, evaluated: blocks.block(from:))
                return report.summary(segmentation: segmentation, previous: previous.run, run: run, currency: currency)
            } catch {
                if case .conflict = error, attempt < 5 { continue }
                throw error
            }
        }
        preconditionFailure("unreachable")
    }
}
