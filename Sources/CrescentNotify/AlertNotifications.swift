import CrescentReport
import CrescentStore

extension NotifyConfig {
    /// The notifications of alerts just raised: one per channel its rule (or else its severity)
    /// goes to, in `language`. A plain webhook gets the alert's object (`AlertPayload`).
    public func notifications(for alerts: [AlertRecord], ownerNames: [String: String], language: Language) -> [NotificationRecord] {
        let words = Words(language)
        return alerts.flatMap { alert in
            channels(rule: alert.rule, severity: alert.severity).map { channel in
                let owner = alert.owner.map { id in ownerNames[id].map { "\($0) (\(id))" } ?? id }
                let details = [alert.rule, owner, alert.raisedOn].compactMap { $0 }.joined(separator: " · ")
                return NotificationRecord(channel: channel, title: "[\(words.t("alert.severity.\(alert.severity)"))] \(alert.subject)",
                                          text: (alert.message.isEmpty ? "" : alert.message + "\n\n") + "> " + details,
                                          payload: Webhook.body(alert), source: "alert \(alert.rule)/\(alert.key)")
            }
        }
    }
}
