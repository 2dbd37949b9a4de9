import CrescentCore
import CrescentStore
import Foundation
import LuaKit

/// A segmentation's customers evaluated a block at a time by workers, each with its own Lua state
/// on its own thread (a Lua state is not thread-safe), the blocks claimed in order: whoever waits
/// for the tiers of the first customers gets them first, while the blocks after are evaluated.
/// Workers other than the first run the script with a silent `print`, so what the script prints
/// when it loads appears once.
final class SegmentBlocks: @unchecked Sendable {
    let segmentation: Segmentation
    let facts: CustomerFacts
    /// How many customers a block holds.
    let size: Int
    private let first: SegmentWorker
    private let makeWorker: () throws -> SegmentWorker
    private let workers: Int
    private let tiers: UnsafeMutableBufferPointer<UInt8>
    private let condition = NSCondition()
    private var claimed = 0, running = 0, started = false
    private var evaluated: [Bool]
    /// Failures by the block they happened in (-1: a worker that could not start).
    private var failures: [(block: Int, error: any Error)] = []
    private var stopping = false

    /// Below this many customers one state does the work: starting more costs more than it saves.
    static let parallelThreshold = 50_000

    /// Derives the facts and loads the script in a first state. `workers`: how many states to
    /// evaluate with (by default one per core, or one for a small store).
    init(scriptPath: String, environment: ScriptEnvironment, store: any RecordStore, workers: Int?, block: Int) throws {
        let source = try ScriptEnvironment.source(of: scriptPath, limit: environment.limits)
        let facts = try store.consistentRead { try CustomerFacts(store: store, asOf: environment.asOf) }
        first = try SegmentWorker(path: scriptPath, source: source, environment: environment, store: store, facts: facts, quiet: false)
        let expected = first.segmentation
        makeWorker = {
            let worker = try SegmentWorker(path: scriptPath, source: source, environment: environment, store: store,
                                           facts: facts, quiet: true)
            guard worker.segmentation == expected else {
                throw LuaError(kind: .runtime, message: "\(scriptPath): the script defined a different segmentation when run again; "
                               + "it must not depend on chance or time")
            }
            return worker
        }
        let n = facts.count
        let automatic = n < Self.parallelThreshold ? 1 : ProcessInfo.processInfo.activeProcessorCount
        self.workers = max(1, min(workers ?? automatic, 16, max(n, 1)))
        segmentation = first.segmentation
        self.facts = facts
        size = max(1, block)
        evaluated = Array(repeating: false, count: (n + size - 1) / size)
        tiers = .allocate(capacity: n)
        tiers.initialize(repeating: 0)
    }

    deinit {
        stop()
        tiers.deallocate()
    }

    /// Each customer's index in `segmentation.tierNames`, by ordinal, once `block(from:)` returned its block.
    var assignment: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(tiers) }

    /// Starts the workers, each on a thread of its own, unless they were started; with `here`, the
    /// first on this thread, returning when it has no block left. `sparing`: cores left to other
    /// work (a save), as long as one worker evaluates.
    func start(here: Bool = false, sparing: Int = 0) {
        condition.lock()
        guard !started else { return condition.unlock() }
        started = true
        let workers = max(1, self.workers - sparing)
        running = workers
        condition.unlock()
        for index in (here ? 1 : 0)..<workers {
            let thread = Thread { [self] in work(index == 0 ? .success(first) : Result { try makeWorker() }) }
            thread.stackSize = 16 << 20
            thread.start()
        }
        if here { work(.success(first)) }
    }

    /// Waits for the block of customers from ordinal `start` on and returns it. Throws the first
    /// failure (by customer) once any worker failed and the others stopped.
    func block(from start: Int) throws -> Range<Int> {
        let index = start / size
        condition.lock()
        defer { condition.unlock() }
        while !evaluated[index] && failures.isEmpty { condition.wait() }
        if let failure = firstFailureOnceStopped() { throw failure }
        return start..<min(start + size, facts.count)
    }

    /// Evaluates every customer, the first worker on this thread.
    func evaluateAll() throws {
        start(here: true)
        for start in stride(from: 0, to: facts.count, by: size) { _ = try block(from: start) }
    }

    /// Lets the workers claim no more blocks and waits for those evaluating one.
    func stop() {
        condition.lock()
        stopping = true
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    /// The first failure (by customer): the workers are stopped first, so that none comes after.
    var failure: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        return firstFailureOnceStopped()
    }

    /// With the lock held: once any worker failed, waits for the others to end, then gives the
    /// failure of the first customer; nil when none failed.
    private func firstFailureOnceStopped() -> (any Error)? {
        guard !failures.isEmpty else { return nil }
        while running > 0 { condition.wait() }
        return failures.min { $0.block < $1.block }?.error
    }

    private func work(_ made: Result<SegmentWorker, any Error>) {
        defer { ended() }
        let worker: SegmentWorker
        do { worker = try made.get() } catch { return failed(-1, error) }
        while let index = claim() {
            let start = index * size
            do {
                try worker.evaluate(start..<min(start + size, facts.count), block: size, into: tiers)
            } catch {
                return failed(index, error)
            }
            condition.lock()
            evaluated[index] = true
            condition.broadcast()
            condition.unlock()
        }
    }

    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping, failures.isEmpty, claimed < evaluated.count else { return nil }
        claimed += 1
        return claimed - 1
    }

    private func failed(_ block: Int, _ error: any Error) {
        condition.lock()
        failures.append((block, error))
        condition.broadcast()
        condition.unlock()
    }

    private func ended() {
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }
}
