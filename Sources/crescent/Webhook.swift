import CrescentReport
import CrescentStore
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts alerts to a webhook, one JSON object per request, so that a team can route them to its
/// chat tool. A failure is reported and the alert stays pending, to be retried on the next run.
struct Webhook {
    let url: URL
    var timeout: TimeInterval = 10

    /// `10`, `0.5`: seconds as messages give them.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// The JSON body of an alert.
    static func body(_ alert: AlertRecord) -> String { JSONText.encode(AlertPayload(alert)) }

    /// Posts one alert; nil on success, else why it failed.
    func post(_ alert: AlertRecord) -> String? {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Self.body(alert).utf8)
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        let task = URLSession.shared.dataTask(with: request) { _, response, error in
            if let error {
                failure.withLock { $0 = error.localizedDescription }
            } else if let status = (response as? HTTPURLResponse)?.statusCode, !(200..<300).contains(status) {
                failure.withLock { $0 = "HTTP \(status)" }
            }
            done.signal()
        }
        task.resume()
        // The session's own timeout is for silence between bytes; this one bounds the whole post.
        guard done.wait(timeout: .now() + timeout) == .success else {
            task.cancel()
            return "no answer within \(Self.seconds(timeout)) s"
        }
        return failure.withLock { $0 }
    }
}
