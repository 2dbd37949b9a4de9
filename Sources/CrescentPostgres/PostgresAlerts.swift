import CrescentStore
import Foundation
import PostgresNIO

/// Alerts in the PostgreSQL store: the same changes per run as the SQLite store's (AlertChanges).
extension PostgresStore {
    public func recordAlertRun(asOf: String, ran: Set<String>, emitted: [RaisedAlert], deliver: Bool) throws(StoreError) -> [AlertRecord] {
        let now = ISO8601DateFormatter().string(from: Date())
        return try link.transaction { () throws(StoreError) -> [AlertRecord] in
            var open: [AlertChanges.Key: Int64] = [:]
            for row in try link.query("SELECT id, rule, key FROM alerts WHERE status <> 'closed' FOR UPDATE") {
                if let (id, rule, key) = try? row.decode((Int64, String, String).self) { open[AlertChanges.Key(rule: rule, key: key)] = id }
            }
            let changes = AlertChanges(open: open, ran: ran, emitted: emitted)
            for (id, alert) in changes.seen {
                try link.query("UPDATE alerts SET seen_on = $1, subject = $2, message = $3, data = $4 WHERE id = CAST($5 AS BIGINT)",
                               [asOf, alert.subject, alert.message, alert.data, String(id)])
            }
            var raised: [String] = []
            for alert in changes.raised {
                let rows = try link.query("""
                    INSERT INTO alerts(rule, key, severity, subject, message, owner, data, status, raised_on, raised_at, seen_on, delivery)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $8, $10) RETURNING id
                    """, [alert.rule, alert.key, alert.severity, alert.subject, alert.message, alert.owner, alert.data, asOf, now,
                          deliver ? "pending" : "none"])
                if let id = try? rows.first?.decode(Int64.self) { raised.append(String(id)) }
            }
            for id in changes.closed {
                try link.query("UPDATE alerts SET status = 'closed', closed_on = $1 WHERE id = CAST($2 AS BIGINT)", [asOf, String(id)])
            }
            return raised.isEmpty ? [] : try alerts(where: "id IN (\(raised.joined(separator: ",")))")
        }
    }

    public func alerts(_ filter: AlertFilter) throws(StoreError) -> [AlertRecord] {
        switch filter {
        case .notClosed: return try alerts(where: "status <> 'closed'")
        case .open: return try alerts(where: "status = 'open'")
        case .all: return try alerts(where: "TRUE")
        }
    }

    public func acknowledgeAlerts(key: String, rule: String?) throws(StoreError) -> [AlertRecord] {
        let now = ISO8601DateFormatter().string(from: Date())
        let condition = "status = 'open' AND key = $1" + (rule == nil ? "" : " AND rule = $2")
        let parameters: [String?] = rule.map { [key, $0] } ?? [key]
        return try link.transaction { () throws(StoreError) -> [AlertRecord] in
            let found = try alerts(where: condition, parameters)
            try link.query("UPDATE alerts SET status = 'acked', acked_at = $\(parameters.count + 1) WHERE " + condition, parameters + [now])
            return found
        }
    }

    public func pendingDeliveries() throws(StoreError) -> [AlertRecord] { try alerts(where: "delivery = 'pending'").reversed() }

    public func recordDelivery(id: Int64, sent: Bool) throws(StoreError) {
        try link.query("UPDATE alerts SET attempts = attempts + 1, delivery = $1 WHERE id = CAST($2 AS BIGINT)", [sent ? "sent" : "pending", String(id)])
    }

    private func alerts(where condition: String, _ parameters: [String?] = []) throws(StoreError) -> [AlertRecord] {
        try link.query("SELECT * FROM alerts WHERE \(condition) ORDER BY id DESC", parameters).compactMap { row in
            let c = PostgresRandomAccessRow(row)
            func text(_ name: String) -> String? { (try? c[name].decode(String?.self)).flatMap { $0 } }
            guard let id = try? c["id"].decode(Int64.self) else { return nil }
            return AlertRecord(id: id, rule: text("rule") ?? "", key: text("key") ?? "", severity: text("severity") ?? "",
                               subject: text("subject") ?? "", message: text("message") ?? "", owner: text("owner"), data: text("data") ?? "{}",
                               status: text("status") ?? "", raisedOn: text("raised_on") ?? "", raisedAt: text("raised_at") ?? "",
                               seenOn: text("seen_on") ?? "", ackedAt: text("acked_at"), closedOn: text("closed_on"),
                               delivery: text("delivery") ?? "", attempts: Int((try? c["attempts"].decode(Int64.self)) ?? 0))
        }
    }
}
