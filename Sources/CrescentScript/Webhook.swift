import CrescentReport
import CrescentStore
import Foundation
import Synchronization
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
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Self.body(alert).utf8)
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<Message?>(nil)
        let task = URLSession.shared.dataTask(with: request) { _, response, error in
            if let error {
                failure.withLock { $0 = Message("webhook.failed", ["reason": error.localizedDescription]) }
            } else if let status = (response as? HTTPURLResponse)?.statusCode, !(200..<300).contains(status) {
                failure.withLock { $0 = Message("webhook.status", ["status": status]) }
            }
            done.signal()
        }
        task.resume()
        // The session's own timeout is for silence between bytes; this one bounds the whole post.
        guard done.wait(timeout: .now() + timeout) == .success else {
            task.cancel()
            return Message("webhook.no_answer", ["seconds": Self.seconds(timeout)])
        }
        return failure.withLock { $0 }
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
