import Foundation

/// A message for a channel (a chat group's robot, a webhook): queued with the run that makes it,
/// sent after, retried until it is sent or has failed too often.
public struct NotificationRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case pending, sent, failed }

    public var id: Int64
    /// The channel's name in the configuration (`crescent.toml`).
    public var channel: String
    public var title: String
    /// Markdown: chat robots show it as such.
    public var text: String
    /// What a plain JSON webhook posts (an alert's object); nil: `{"title", "text", "source"}`.
    public var payload: String?
    /// What made it: `alert overdue-top-tier-task/T-4Q7MZ2KD`, `run scripts/notify.lua:3`.
    public var source: String
    public var status: Status
    public var attempts: Int
    /// When to try next (ISO 8601, UTC).
    public var nextAt: String
    public var lastError: String?
    public var createdAt: String
    public var sentAt: String?

    public init(channel: String, title: String, text: String, payload: String? = nil, source: String) {
        self.init(id: 0, channel: channel, title: title, text: text, payload: payload, source: source, status: .pending, attempts: 0,
                  nextAt: "", lastError: nil, createdAt: "", sentAt: nil)
    }

    init(id: Int64, channel: String, title: String, text: String, payload: String?, source: String, status: Status, attempts: Int,
         nextAt: String, lastError: String?, createdAt: String, sentAt: String?) {
        (self.id, self.channel, self.title, self.text, self.payload, self.source) = (id, channel, title, text, payload, source)
        (self.status, self.attempts, self.nextAt, self.lastError, self.createdAt, self.sentAt) = (status, attempts, nextAt, lastError, createdAt, sentAt)
    }

    init(_ row: SQLRow) throws(StoreError) {
        let status = try row.text("status")
        guard let known = Status(rawValue: status) else { throw SQLRow.mismatch("status", "pending, sent or failed", found: status) }
        self.init(id: try row.int64("id"), channel: try row.text("channel"), title: try row.text("title"), text: try row.text("text"),
                  payload: try row.optionalText("payload"), source: try row.text("source"), status: known,
                  attempts: Int(try row.int64("attempts")), nextAt: try row.text("next_at"), lastError: try row.optionalText("last_error"),
                  createdAt: try row.text("created_at"), sentAt: try row.optionalText("sent_at"))
    }
}

/// The outbox, the same in both backends.
extension SQLStore {
    /// Queues notifications to send now; inside a run's `transaction`, they are queued only if it commits.
    public func queueNotifications(_ notifications: [NotificationRecord]) throws(StoreError) {
        guard !notifications.isEmpty else { return }
        let now = ISO8601DateFormatter().string(from: Date())
        try database.transaction { (sql: any SQLSession) throws(StoreError) in
            let by = sql.dialect.sessionUser ?? "?"
            for n in notifications {
                try sql.execute("""
                    INSERT INTO notifications(channel, title, text, payload, source, status, next_at, created_at, made_by)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, \(by))
                    """, [.text(n.channel), .text(n.title), .text(n.text), SQLValue(n.payload), .text(n.source), .text(now), .text(now)]
                        + (sql.dialect.sessionUser == nil ? [.text(database.user)] : []))
            }
        }
    }

    /// Pending notifications due by `now`, oldest first (a member's: their own).
    public func dueNotifications(at now: Date = Date()) throws(StoreError) -> [NotificationRecord] {
        try database.read { (sql: any SQLSession) throws(StoreError) in
            try sql.rows("SELECT * FROM notifications WHERE status = 'pending' AND next_at <= ? ORDER BY id",
                         [.text(ISO8601DateFormatter().string(from: now))]).map { row throws(StoreError) in try NotificationRecord(row) }
        }
    }

    /// Records one attempt at sending: sent, or failed with `error` and tried again at `retryAt` (nil: given up).
    public func recordAttempt(_ id: Int64, error: String?, retryAt: Date?) throws(StoreError) {
        let now = ISO8601DateFormatter().string(from: Date())
        let status: NotificationRecord.Status = error == nil ? .sent : retryAt == nil ? .failed : .pending
        let next = retryAt.map { ISO8601DateFormatter().string(from: $0) } ?? now
        try database.transaction { (sql: any SQLSession) throws(StoreError) in
            try sql.execute("""
                UPDATE notifications SET attempts = attempts + 1, status = ?, last_error = ?, next_at = ?, sent_at = ? WHERE id = ?
                """, [.text(status.rawValue), SQLValue(error), .text(next), error == nil ? .text(now) : .null, .integer(id)])
        }
    }

    /// The notifications with one of `statuses` (all when empty), newest first.
    public func notifications(_ statuses: [NotificationRecord.Status]) throws(StoreError) -> [NotificationRecord] {
        let condition = statuses.isEmpty ? "" : " WHERE status IN (" + statuses.map { _ in "?" }.joined(separator: ", ") + ")"
        return try database.read { (sql: any SQLSession) throws(StoreError) in
            try sql.rows("SELECT * FROM notifications\(condition) ORDER BY id DESC", statuses.map { .text($0.rawValue) })
                .map { row throws(StoreError) in try NotificationRecord(row) }
        }
    }
}
