import Foundation
import GRDB

/// An alert a rule raised: open until its condition is gone (closed) or someone acknowledges it.
public struct AlertRecord: Sendable, Equatable {
    public let id: Int64
    public let rule: String
    public let key: String
    public let severity: String
    public let subject: String
    public let message: String
    public let owner: String?
    /// The rule's extra data, as a JSON object.
    public let data: String
    /// open, acked or closed.
    public let status: String
    /// The as-of day of the run that raised it, and of the latest run that still found it.
    public let raisedOn: String
    public let raisedAt: String
    public let seenOn: String
    public let ackedAt: String?
    public let closedOn: String?
    /// Webhook delivery: none (not asked), pending (to send or retry) or sent.
    public let delivery: String
    public let attempts: Int

    public init(id: Int64, rule: String, key: String, severity: String, subject: String, message: String, owner: String?, data: String,
                status: String, raisedOn: String, raisedAt: String, seenOn: String, ackedAt: String?, closedOn: String?,
                delivery: String, attempts: Int) {
        self.id = id
        self.rule = rule
        self.key = key
        self.severity = severity
        self.subject = subject
        self.message = message
        self.owner = owner
        self.data = data
        self.status = status
        self.raisedOn = raisedOn
        self.raisedAt = raisedAt
        self.seenOn = seenOn
        self.ackedAt = ackedAt
        self.closedOn = closedOn
        self.delivery = delivery
        self.attempts = attempts
    }
}

extension AlertRecord {
    /// `alerts` most urgent first: by severity (critical, warning, info), then by `data.size` (what
    /// is at stake, such as an amount; largest first); equals keep their order (the order the rule
    /// emitted them). Each alert's data is read once.
    public static func byUrgency(_ alerts: [AlertRecord]) -> [AlertRecord] {
        let rank = ["critical": 0, "warning": 1, "info": 2]
        let keyed = alerts.map { (alert: $0, rank: rank[$0.severity] ?? 3, size: $0.size ?? -.infinity) }
        return keyed.sorted { a, b in a.rank != b.rank ? a.rank < b.rank : a.size > b.size }.map(\.alert)
    }

    /// `data.size` when it is a number.
    public var size: Double? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
        return (object["size"] as? NSNumber).map(\.doubleValue)
    }
}

/// What a rule emitted in a run.
public struct RaisedAlert: Sendable, Equatable {
    public let rule: String, key: String, severity: String, subject: String, message: String
    public let owner: String?
    public let data: String

    public init(rule: String, key: String, severity: String, subject: String, message: String, owner: String?, data: String) {
        self.rule = rule
        self.key = key
        self.severity = severity
        self.subject = subject
        self.message = message
        self.owner = owner
        self.data = data
    }
}

/// What one run of the alert rules does to the stored alerts, the same in every backend: an emitted
/// alert with no open one of its rule and key is raised; one still open is marked seen (not raised
/// again); an open alert of a rule that ran and did not emit it is closed. Rules that failed (not
/// in `ran`) keep theirs.
public struct AlertChanges: Sendable {
    public struct Key: Hashable, Sendable {
        public let rule: String, key: String
        public init(rule: String, key: String) {
            self.rule = rule
            self.key = key
        }
    }

    public private(set) var raised: [RaisedAlert] = []
    /// The stored alert's id, with what was emitted again.
    public private(set) var seen: [(Int64, RaisedAlert)] = []
    public private(set) var closed: [Int64] = []

    /// `open`: the stored alerts not closed, by rule and key.
    public init(open: [Key: Int64], ran: Set<String>, emitted: [RaisedAlert]) {
        var found = Set<Key>()
        for alert in emitted where found.insert(Key(rule: alert.rule, key: alert.key)).inserted {
            if let id = open[Key(rule: alert.rule, key: alert.key)] { seen.append((id, alert)) } else { raised.append(alert) }
        }
        closed = open.filter { !found.contains($0.key) && ran.contains($0.key.rule) }.map(\.value).sorted()
    }
}

/// Which alerts to list: not closed (open and acknowledged), only open, or every one ever raised.
public enum AlertFilter: Sendable {
    case notClosed, open, all

    var condition: String {
        switch self {
        case .notClosed: return "status <> 'closed'"
        case .open: return "status = 'open'"
        case .all: return "TRUE"
        }
    }
}

extension SQLiteStore {
    /// Records one run of the alert rules in one transaction: an emitted alert with no open one of
    /// the same rule and key is raised; one still open is only marked seen (not raised again); an
    /// open alert of a rule that ran and did not emit it again is closed. Rules that failed (not in
    /// `ran`) keep their alerts as they were. Returns the alerts raised now.
    public func recordAlertRun(asOf: String, ran: Set<String>, emitted: [RaisedAlert], deliver: Bool) throws(StoreError) -> [AlertRecord] {
        let now = ISO8601DateFormatter().string(from: Date())
        return try writeTransaction { db in
            var open: [AlertChanges.Key: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, rule, key FROM alerts WHERE status <> 'closed'") {
                open[AlertChanges.Key(rule: row["rule"], key: row["key"])] = row["id"]
            }
            let run = AlertChanges(open: open, ran: ran, emitted: emitted)
            for (id, alert) in run.seen {
                try db.execute(sql: "UPDATE alerts SET seen_on = ?, subject = ?, message = ?, data = ? WHERE id = ?",
                               arguments: [asOf, alert.subject, alert.message, alert.data, id])
            }
            var raised: [Int64] = []
            for alert in run.raised {
                try db.execute(sql: """
                    INSERT INTO alerts(rule, key, severity, subject, message, owner, data, status, raised_on, raised_at, seen_on, delivery)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)
                    """, arguments: [alert.rule, alert.key, alert.severity, alert.subject, alert.message, alert.owner, alert.data,
                                     asOf, now, asOf, deliver ? "pending" : "none"])
                raised.append(db.lastInsertedRowID)
            }
            for id in run.closed {
                try db.execute(sql: "UPDATE alerts SET status = 'closed', closed_on = ? WHERE id = ?", arguments: [asOf, id])
            }
            return (try Self.alerts(db, where: "id IN (\(raised.map(String.init).joined(separator: ",")))"), commit: true)
        }
    }

    /// Alerts not closed (open and acknowledged), only open ones, or every alert ever raised; newest first.
    public func alerts(_ filter: AlertFilter) throws(StoreError) -> [AlertRecord] {
        try read { db in try Self.alerts(db, where: filter.condition) }
    }

    /// Acknowledges the open alerts with `key` (of `rule` when given); returns them.
    public func acknowledgeAlerts(key: String, rule: String?) throws(StoreError) -> [AlertRecord] {
        let now = ISO8601DateFormatter().string(from: Date())
        return try writeTransaction { db in
            let condition = "status = 'open' AND key = ?" + (rule == nil ? "" : " AND rule = ?")
            let arguments: StatementArguments = rule.map { [key, $0] } ?? [key]
            let found = try Self.alerts(db, where: condition, arguments: arguments)
            try db.execute(sql: "UPDATE alerts SET status = 'acked', acked_at = ? WHERE " + condition, arguments: [now] + arguments)
            return (found, commit: true)
        }
    }

    /// Alerts whose webhook delivery is still to be made (raised with a webhook, not yet sent).
    public func pendingDeliveries() throws(StoreError) -> [AlertRecord] {
        try read { db in try Self.alerts(db, where: "delivery = 'pending'").reversed() }
    }

    /// Records a delivery attempt.
    public func recordDelivery(id: Int64, sent: Bool) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE alerts SET attempts = attempts + 1, delivery = ? WHERE id = ?", arguments: [sent ? "sent" : "pending", id])
        }
    }

    private static func alerts(_ db: Database, where condition: String, arguments: StatementArguments = []) throws -> [AlertRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM alerts WHERE \(condition) ORDER BY id DESC", arguments: arguments).map { row in
            AlertRecord(id: row["id"], rule: row["rule"], key: row["key"], severity: row["severity"], subject: row["subject"],
                        message: row["message"], owner: row["owner"], data: row["data"], status: row["status"], raisedOn: row["raised_on"],
                        raisedAt: row["raised_at"], seenOn: row["seen_on"], ackedAt: row["acked_at"], closedOn: row["closed_on"],
                        delivery: row["delivery"], attempts: row["attempts"])
        }
    }
}
