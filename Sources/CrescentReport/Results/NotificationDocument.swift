import CrescentStore

/// The outbox as `notify list` shows it, newest first. JSON is an array of `{"id", "channel",
/// "title", "source", "status", "attempts", "created_at", "next_at", "sent_at", "last_error"}`.
public struct NotificationList: ReportResult {
    public static let resultName = "notifications"
    public let notifications: [NotificationRecord]

    public init(_ notifications: [NotificationRecord]) { self.notifications = notifications }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for n in notifications { try list.encode(Item(n)) }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let keys = ["id", "channel", "title", "status", "attempts", "created_at", "sent_at", "last_error"]
        let columns = keys.map { key in
            ReportColumn(name: words.t("notify.column.\(key)"), kind: ["id", "attempts"].contains(key) ? .integer : .text, key: key)
        }
        let rows = notifications.map { n -> [ReportValue] in
            [.number(Double(n.id)), .text(n.channel), .text(n.title), .code(n.status.rawValue, label: words.t("notify.status.\(n.status.rawValue)")),
             .number(Double(n.attempts)), .text(n.createdAt), .text(n.sentAt ?? (n.status == .pending ? n.nextAt : "")), .text(n.lastError ?? "")]
        }
        var document = ReportDocument(name: "notifications", title: words.t("notify.title"), currency: "", asOf: "", language: language,
                                      blocks: [.table(ReportTable(columns: columns, rows: rows))])
        document.showsHeading = false
        return document
    }

    private struct Item: Encodable {
        let n: NotificationRecord
        init(_ n: NotificationRecord) { self.n = n }
        enum Keys: String, CodingKey {
            case id, channel, title, source, status, attempts, createdAt = "created_at", nextAt = "next_at", sentAt = "sent_at"
            case lastError = "last_error"
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(n.id, forKey: .id)
            try c.encode(n.channel, forKey: .channel)
            try c.encode(n.title, forKey: .title)
            try c.encode(n.source, forKey: .source)
            try c.encode(n.status.rawValue, forKey: .status)
            try c.encode(n.attempts, forKey: .attempts)
            try c.encode(n.createdAt, forKey: .createdAt)
            try c.encode(n.nextAt, forKey: .nextAt)
            try c.encode(n.sentAt, forKey: .sentAt)
            try c.encode(n.lastError, forKey: .lastError)
        }
    }
}
