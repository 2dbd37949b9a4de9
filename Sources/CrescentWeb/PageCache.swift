import Foundation

/// Pages already computed, by who sees them, their address and language, and the state of the
/// store they were computed from: a page is computed once for as long as the store does not change,
/// and requests for a page being computed wait for it rather than compute it again. At most
/// `capacity` pages are kept, the least recently used dropped first; failures are not kept.
final class PageCache: @unchecked Sendable {
    private let condition = NSCondition()
    private var entries: [String: (version: String, reply: WebReply, used: Date)] = [:]
    private var computing: Set<String> = []
    /// How many changes the workbench itself made: a page computed before one is not kept after it
    /// (a store on a server says nothing of its commits to the workbench).
    private var changes = 0
    let capacity: Int

    init(capacity: Int = 256) { self.capacity = capacity }

    /// A change made through the workbench (an alert acknowledged): every page is computed again.
    func changed() {
        condition.lock()
        changes += 1
        condition.unlock()
    }

    /// The reply of `key` computed from the store at `version`, and whether it was kept from before.
    func reply(_ key: String, version store: String, _ compute: () throws -> WebReply) throws -> (WebReply, hit: Bool) {
        condition.lock()
        let version = "\(store)/\(changes)"
        while true {
            if let entry = entries[key], entry.version == version {
                entries[key]!.used = Date()
                condition.unlock()
                return (entry.reply, true)
            }
            guard computing.contains(key) else { break }
            condition.wait()
        }
        computing.insert(key)
        condition.unlock()
        defer {
            condition.lock()
            computing.remove(key)
            condition.broadcast()
            condition.unlock()
        }
        let reply = try compute()
        condition.lock()
        entries[key] = (version, reply, Date())
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key { entries[oldest] = nil }
        condition.unlock()
        return (reply, false)
    }
}
