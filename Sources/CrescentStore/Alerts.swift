import Foundation

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

/// Alerts, the same in both backends.
extension SQLStore {
    /// Records one run of the alert rules in one transaction (see `AlertChanges`); returns the alerts raised now.
    public func recordAlertRun(asOf: String, ran: Set<String>, emitted: [RaisedAlert], deliver: Bool) throws(StoreError) -> [AlertRecord] {
        let now = ISO8601DateFormatter().string(from: Date())
        return try database.transaction { (sql: any SQLSession) throws(StoreError) -> [AlertRecord] in
            var open: [AlertChanges.Key: Int64] = [:]
            for row in try sql.rows("SELECT id, rule, key FROM alerts WHERE status <> 'closed'" + sql.dialect.forUpdate) {
                open[AlertChanges.Key(rule: try row.text("rule"), key: try row.text("key"))] = try row.int64("id")
            }
            let run = AlertChanges(open: open, ran: ran, emitted: emitted)
            for (id, alert) in run.seen {
                try sql.execute("UPDATE alerts SET seen_on = ?, subject = ?, message = ?, data = ? WHERE id = ?",
                                [.text(asOf), .text(alert.subject), .text(alert.message), .text(alert.data), .integer(id)])
            }
            var raised: [AlertRecord] = []
            for alert in run.raised {
                let row = try sql.row("""
                    INSERT INTO alerts(rule, key, severity, subject, message, owner, data, status, raised_on, raised_at, seen_on, delivery)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING *
                    """, [.text(alert.rule), .text(alert.key), .text(alert.severity), .text(alert.subject), .text(alert.message),
                          SQLValue(alert.owner), .text(alert.data), .text(asOf), .text(now), .text(asOf), .text(deliver ? "pending" : "none")])
                if let row { raised.append(try AlertRecord(row)) }
            }
            for id in run.closed {
                try sql.execute("UPDATE alerts SET status = 'closed', closed_on = ? WHERE id = ?", [.text(asOf), .integer(id)])
            }
            return raised.reversed()
        }
    }

    /// Alerts not closed (open and acknowledged), only open ones, or every alert ever raised; newest first.
    public func alerts(_ filter: AlertFilter) throws(StoreError) -> [AlertRecord] {
        try database.read { (sql: any SQLSession) throws(StoreError) in try Self.alerts(sql, where: filter.condition) }
    }

    /// Acknowledges the open alerts with `key` (of `rule` when given); returns them.
    public func acknowledgeAlerts(key: String, rule: String?) throws(StoreError) -> [AlertRecord] {
        let now = ISO8601DateFormatter().string(from: Date())
        let condition = "status = 'open' AND key = ?" + (rule == nil ? "" : " AND rule = ?")
        let values: [SQLValue] = [.text(key)] + (rule.map { [.text($0)] } ?? [])
        return try database.transaction { (sql: any SQLSession) throws(StoreError) -> [AlertRecord] in
            let found = try Self.alerts(sql, where: condition, values)
            try sql.execute("UPDATE alerts SET status = 'acked', acked_at = ? WHERE " + condition, [.text(now)] + values)
            // Those acknowledged: a rep's store may leave one it does not see as it was (SQLiteVisibility).
            let acked = Set(try Self.alerts(sql, where: "status = 'acked' AND acked_at = ? AND key = ?", [.text(now), .text(key)]).map(\.id))
            return found.filter { acked.contains($0.id) }
        }
    }

    /// Alerts whose webhook delivery is still to be made (raised with a webhook, not yet sent), oldest first.
    public func pendingDeliveries() throws(StoreError) -> [AlertRecord] {
        try database.read { (sql: any SQLSession) throws(StoreError) in try Self.alerts(sql, where: "delivery = 'pending'").reversed() }
    }

    /// Records a delivery attempt.
    public func recordDelivery(id: Int64, sent: Bool) throws(StoreError) {
        try database.transaction { (sql: any SQLSession) throws(StoreError) in
            try sql.execute("UPDATE alerts SET attempts = attempts + 1, delivery = ? WHERE id = ?", [.text(sent ? "sent" : "pending"), .integer(id)])
        }
    }

    private static func alerts(_ sql: any SQLSession, where condition: String, _ values: [SQLValue] = []) throws(StoreError) -> [AlertRecord] {
        var alerts: [AlertRecord] = []
        try sql.forEachRow("SELECT * FROM alerts WHERE \(condition) ORDER BY id DESC", values) { row throws(StoreError) in
            alerts.append(try AlertRecord(row))
        }
        return alerts
    }
}

extension AlertRecord {
    /// An alert as stored.
    init(_ row: SQLRow) throws(StoreError) {
        self.init(id: try row.int64("id"), rule: try row.text("rule"), key: try row.text("key"), severity: try row.text("severity"),
                  subject: try row.text("subject"), message: try row.text("message"), owner: try row.optionalText("owner"),
                  data: try row.text("data"), status: try row.text("status"), raisedOn: try row.text("raised_on"),
                  raisedAt: try row.text("raised_at"), seenOn: try row.text("seen_on"), ackedAt: try row.optionalText("acked_at"),
                  closedOn: try row.optionalText("closed_on"), delivery: try row.text("delivery"), attempts: Int(try row.int64("attempts")))
    }
}
