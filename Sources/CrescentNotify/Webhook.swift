import CrescentReport
import CrescentStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts alerts to a webhook, one JSON object per request, so that a team can route them to its
/// chat tool. A failure is reported and the alert stays pending, to be retried on the next run.
public struct Webhook {
    public let url: URL
    public var timeout: TimeInterval = 10

    public init(url: URL, timeout: TimeInterval = 10) {
        self.url = url
        self.timeout = timeout
    }

    /// `10`, `0.5`: seconds as messages give them.
    public static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// The JSON body of an alert.
    public static func body(_ alert: AlertRecord) -> String { JSONText.encode(AlertPayload(alert)) }

    /// Posts one alert; nil on success, else why it failed.
    public func post(_ alert: AlertRecord) -> Message? {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Self.body(alert).utf8)
        switch HTTPPost.send(request, timeout: timeout) {
        case .failure(let problem): return problem
        case .success(let answer): return (200..<300).contains(answer.status) ? nil : Message("webhook.status", ["status": answer.status])
        }
    }
}

/// Posting the alerts whose delivery is pending (new ones, and any whose post failed before) to a
/// webhook, each within `timeout` seconds and all within `deadline`: what was not delivered stays
/// pending for the next run.
public struct AlertDelivery {
    public let webhook: URL
    public let timeout: TimeInterval
    public let deadline: TimeInterval

    public init(webhook: URL, timeout: TimeInterval, deadline: TimeInterval) {
        self.webhook = webhook
        self.timeout = timeout
        self.deadline = deadline
    }

    /// Posts what is pending, telling `failed` of each post that failed as it fails; returns how
    /// many were not posted because the deadline had passed.
    public func deliver(store: any RecordStore, failed: (AlertRecord, Message) -> Void) throws(StoreError) -> Int {
        let end = Date().addingTimeInterval(deadline)
        var late = 0
        for alert in try store.pendingDeliveries() {
            let left = end.timeIntervalSinceNow
            guard left > 0 else { late += 1; continue }
            let problem = Webhook(url: webhook, timeout: min(timeout, left)).post(alert)
            try store.recordDelivery(id: alert.id, sent: problem == nil)
            if let problem { failed(alert, problem) }
        }
        return late
    }
}
