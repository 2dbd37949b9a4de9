import Foundation

/// Items handed from one thread to another through a small bounded queue: the producer waits
/// while it is full, the consumer while it is empty, so neither runs far ahead; the consumer may
/// stop early, and the producer then gives up.
public final class BoundedHandoff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false, stopped = false
    private let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    /// The producer's: hands an item over; false when the consumer stopped.
    public func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !stopped { condition.wait() }
        guard !stopped else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The producer's: there will be no more items.
    public func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer's: the next item, or nil once the producer finished and all were taken.
    public func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        guard !items.isEmpty else { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    /// The consumer's: it wants no more items.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
