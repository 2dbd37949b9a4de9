import Foundation

/// Limits failed sign-ins: after `attempts` failures within `window` seconds from one client
/// address, or for one login, further attempts are refused until the oldest of them is that old.
final class LoginLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]
    let attempts: Int
    let window: TimeInterval

    init(attempts: Int = 5, window: TimeInterval = 300) {
        self.attempts = attempts
        self.window = window
    }

    /// The seconds to wait before `keys` may try again, or nil when they may now.
    func wait(_ keys: [String], now: Date = Date()) -> Int? {
        lock.withLock {
            let waits = keys.compactMap { key -> TimeInterval? in
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
                failures[key] = recent.isEmpty ? nil : recent
                return recent.count >= attempts ? window - now.timeIntervalSince(recent[recent.count - attempts]) : nil
            }
            return waits.max().map { max(1, Int($0.rounded(.up))) }
        }
    }

    func failed(_ keys: [String], now: Date = Date()) {
        lock.withLock { for key in keys { failures[key, default: []].append(now) } }
    }
}
