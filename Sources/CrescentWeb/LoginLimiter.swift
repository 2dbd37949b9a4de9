import Foundation

/// Limits failed sign-ins: after a key's number of failures within `window` seconds (5 for one
/// login, 20 from one client address, which many people may share), further attempts are
/// refused until the oldest of those failures is that old.
final class LoginLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]
    let window: TimeInterval

    init(window: TimeInterval = 300) { self.window = window }

    /// A key and the failures it may have within the window.
    struct Key {
        let name: String
        let attempts: Int

        static func login(_ login: String) -> Key { Key(name: "login:" + login.lowercased(), attempts: 5) }
        static func client(_ address: String) -> Key { Key(name: "client:" + address, attempts: 20) }
    }

    /// The seconds to wait before `keys` may try again, or nil when they may now.
    func wait(_ keys: [Key], now: Date = Date()) -> Int? {
        lock.withLock {
            let waits = keys.compactMap { limit -> TimeInterval? in
                let (key, attempts) = (limit.name, limit.attempts)
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
                failures[key] = recent.isEmpty ? nil : recent
                return recent.count >= attempts ? window - now.timeIntervalSince(recent[recent.count - attempts]) : nil
            }
            return waits.max().map { max(1, Int($0.rounded(.up))) }
        }
    }

    func failed(_ keys: [Key], now: Date = Date()) {
        lock.withLock { for key in keys { failures[key.name, default: []].append(now) } }
    }
}
