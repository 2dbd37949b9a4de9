import CrescentStore
import Foundation

/// One signed-in person: their store (opened as them), the token of their cookie, and the token
/// every form that changes something must carry (CSRF). Their store is used by one request at a time.
final class WebSession: @unchecked Sendable {
    let token: String
    let csrf: String
    let login: String
    let store: any RecordStore
    let queue: DispatchQueue
    fileprivate var lastSeen: Date

    init(login: String, store: any RecordStore) {
        token = randomToken()
        csrf = randomToken()
        self.login = login
        self.store = store
        queue = DispatchQueue(label: "crescent.web.session")
        lastSeen = Date()
    }
}

/// The sessions of signed-in people, by cookie token; a session unused for `idle` seconds ends
/// (closing its store).
final class SessionBook: @unchecked Sendable {
    private let lock = NSLock()
    private var sessions: [String: WebSession] = [:]
    let idle: TimeInterval

    init(idle: TimeInterval = 8 * 3600) { self.idle = idle }

    func open(login: String, store: any RecordStore) -> WebSession {
        let session = WebSession(login: login, store: store)
        lock.withLock {
            let now = Date()
            sessions = sessions.filter { now.timeIntervalSince($0.value.lastSeen) < idle }
            sessions[session.token] = session
        }
        return session
    }

    /// The live session of `token`, marked as used now.
    func session(_ token: String?) -> WebSession? {
        guard let token else { return nil }
        return lock.withLock {
            guard let session = sessions[token] else { return nil }
            let now = Date()
            guard now.timeIntervalSince(session.lastSeen) < idle else {
                sessions[token] = nil
                return nil
            }
            session.lastSeen = now
            return session
        }
    }

    func close(_ token: String) { _ = lock.withLock { sessions.removeValue(forKey: token) } }
}

/// 32 random bytes as hex, from the system's secure generator.
func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
}
