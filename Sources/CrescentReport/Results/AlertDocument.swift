import CrescentStore

/// One alert as machines read it: the body the webhook posts, one line of `--format jsonl`, one
/// item of `--format json`: `{"rule", "key", "severity", "subject", "message", "owner",
/// "raised_on", "status", "data"}`.
public struct AlertPayload: Encodable, Sendable {
    public let alert: AlertRecord

    public init(_ alert: AlertRecord) { self.alert = alert }

    private enum Keys: String, CodingKey { case rule, key, severity, subject, message, owner, raisedOn = "raised_on", status, data }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(alert.rule, forKey: .rule)
        try c.encode(alert.key, forKey: .key)
        try c.encode(alert.severity, forKey: .severity)
        try c.encode(alert.subject, forKey: .subject)
        try c.encode(alert.message, forKey: .message)
        try c.encode(alert.owner, forKey: .owner)
        try c.encode(alert.raisedOn, forKey: .raisedOn)
        try c.encode(alert.status, forKey: .status)
        try c.encode(JSONValue(text: alert.data) ?? .object([:]), forKey: .data)
    }
}

/// Alerts as `alerts run` and `alerts list` show them, most urgent first: JSON is an array of
/// `AlertPayload`s; for people a table of severity, rule, key, subject, owner, raised and status.
public struct AlertList: ReportResult {
    public static let resultName = "alerts"
    public let alerts: [AlertRecord]
    /// Reps' names by id, to show beside an owner's id.
    public let ownerNames: [String: String]

    public init(_ alerts: [AlertRecord], ownerNames: [String: String]) {
        self.alerts = AlertRecord.byUrgency(alerts)
        self.ownerNames = ownerNames
    }

    /// Each alert on one line of JSON.
    public var jsonLines: String { alerts.map { JSONText.encode(AlertPayload($0)) + "\n" }.joined() }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for alert in alerts { try list.encode(AlertPayload(alert)) }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let rows = alerts.map { alert -> [ReportValue] in
            let owner = alert.owner.map { id in ownerNames[id].map { "\(id) \($0)" } ?? id } ?? ""
            return [.code(alert.severity, label: words.t("alert.severity.\(alert.severity)")), .text(alert.rule), .text(alert.key),
                    .text(alert.subject), .text(owner), .text(alert.raisedOn),
                    .code(alert.status, label: words.t("alert.status.\(alert.status)"))]
        }
        let columns = ["severity", "rule", "key", "subject", "owner", "raised", "status"].map { (key: String) in
            ReportColumn(name: words.t("column.\(key)"), kind: .text, key: key)
        }
        var document = ReportDocument(name: "alerts", title: words.t("alert.title"), currency: "", asOf: "", language: language,
                                      blocks: [.table(ReportTable(columns: columns, rows: rows))])
        document.showsHeading = false
        return document
    }
}
