import CrescentCore
import CrescentStore
import Foundation
import LuaKit

/// A segmentation script evaluated over every customer: the metrics are derived once, then
/// the customers are split among workers, each with its own Lua state on its own thread
/// (a Lua state is not thread-safe). Workers other than the first run the script with a
/// silent `print`, so what the script prints when it loads appears once.
public struct SegmentEvaluation {
    public let segmentation: Segmentation
    public let facts: CustomerFacts
    /// Each customer's index in `segmentation.tierNames`, by ordinal.
    public let assignment: [UInt8]

    /// Below this many customers one state does the work: starting more costs more than it saves.
    static let parallelThreshold = 50_000
    /// Customers a worker evaluates at a time by default: a field's column for them is a Lua table this long.
    public static let block = 1 << 16

    /// `workers`: how many Lua states to evaluate with; by default one per core, or one for a small
    /// store. `block`: how many customers each evaluates at a time (tests of the blocks' seams).
    public init(scriptPath: String, environment: ScriptEnvironment, store: any RecordStore, workers: Int? = nil,
                block: Int = SegmentEvaluation.block) throws {
        let source = try ScriptEnvironment.source(of: scriptPath, limit: environment.limits)
        let facts = try store.consistentRead { try CustomerFacts(store: store, asOf: environment.asOf) }
        let first = try SegmentWorker(path: scriptPath, source: source, environment: environment, store: store, facts: facts, quiet: false)
        let n = facts.count
        let automatic = n < Self.parallelThreshold ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let count = max(1, min(workers ?? automatic, 16, max(n, 1)))
        let ranges = (0..<count).map { i in (n * i / count)..<(n * (i + 1) / count) }
        var assignment = [UInt8](repeating: 0, count: n)
        let errors = FirstErrors(count)
        let expected = first.segmentation
        try assignment.withUnsafeMutableBufferPointer { out in
            let output = UnsafeSendable(out)
            let group = DispatchGroup()
            for index in 1..<count {
                group.enter()
                let thread = Thread {
                    defer { group.leave() }
                    do {
                        let worker = try SegmentWorker(path: scriptPath, source: source, environment: environment, store: store, facts: facts, quiet: true)
                        guard worker.segmentation == expected else {
                            throw LuaError(kind: .runtime, message: "\(scriptPath): the script defined a different segmentation when run again; it must not depend on chance or time")
                        }
                        try worker.evaluate(ranges[index], block: block, into: output.value)
                    } catch {
                        errors.set(index, error)
                    }
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
            do { try first.evaluate(ranges[0], block: block, into: out) } catch { errors.set(0, error) }
            group.wait()
            if let error = errors.first { throw error }
        }
        self.segmentation = first.segmentation
        self.facts = facts
        self.assignment = assignment
    }
}

/// Hands a buffer to worker threads that each write their own disjoint part of it.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The error of each worker; the first worker's (by customer range) is the one reported.
final class FirstErrors: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error?]
    init(_ count: Int) { errors = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ error: Error) { lock.lock(); errors[index] = error; lock.unlock() }
    var first: Error? { lock.lock(); defer { lock.unlock() }; return errors.compactMap { $0 }.first }
}

extension SegmentEvaluation {
    /// Evaluates the segmentation at `scriptPath`, saves the run with the customers whose tier
    /// changed (its summary, with the moves since the previous saved run) and brings its follow-up
    /// tasks in step, all in one transaction recorded in the audit trail as `segment run NAME`; a
    /// dry run saves and writes nothing and says what it would. When another run of the same
    /// segmentation is saved meanwhile, the tiers stand and the moves are counted again from that
    /// run (at most five times).
    public static func run(scriptPath: String, environment: ScriptEnvironment, store: any RecordStore, dryRun: Bool,
                           maxWrites: Int = ScriptWrites.defaultLimit) throws -> SegmentSummary {
        let evaluation = try SegmentEvaluation(scriptPath: scriptPath, environment: environment, store: store)
        let segmentation = evaluation.segmentation
        var summary: SegmentSummary!
        let changes = try store.writing(source: "segment run \(segmentation.name)", limit: maxWrites, dryRun: dryRun) { writer in
            summary = try saved(evaluation, store: store, dryRun: dryRun)
            summary.followUps = try FollowUps.apply(segmentation, facts: evaluation.facts, assignment: evaluation.assignment,
                                                    writer: writer)
        }
        summary.followUps?.run = changes.run
        return summary
    }

    private static func saved(_ evaluation: SegmentEvaluation, store: any RecordStore, dryRun: Bool) throws -> SegmentSummary {
        let segmentation = evaluation.segmentation
        for attempt in 1... {
            let previous = try PreviousMembership(store: store, segment: segmentation.name, ids: evaluation.facts.ids)
            let report = SegmentRunReport(segmentation: segmentation, facts: evaluation.facts, assignment: evaluation.assignment, previous: previous)
            let run: Int64?
            do {
                run = dryRun ? nil : try report.save(to: store, segmentation: segmentation, previous: previous.run)
            } catch {
                if case .conflict = error, attempt < 5 { continue }
                throw error
            }
            return report.summary(segmentation: segmentation, previous: previous.run, run: run, currency: try store.baseCurrency())
        }
        preconditionFailure("unreachable")
    }
}
