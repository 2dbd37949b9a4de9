import CrescentStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts alerts to a webhook, one JSON object per request, so that a team can route them to its
/// chat tool. A failure is reported and the alert stays pending, to be retried on the next run.
struct Webhook {
    let url: URL
    var timeout: TimeInterval = 10

    /// The JSON body of an alert.
    static func body(_ alert: AlertRecord) -> String {
        "{\"rule\": \(JSONText.string(alert.rule)), \"key\": \(JSONText.string(alert.key)), \"severity\": \(JSONText.string(alert.severity)), "
            + "\"subject\": \(JSONText.string(alert.subject)), \"message\": \(JSONText.string(alert.message)), "
            + "\"owner\": \(alert.owner.map(JSONText.string) ?? "null"), \"raised_on\": \(JSONText.string(alert.raisedOn)), "
            + "\"status\": \(JSONText.string(alert.status)), \"data\": \(alert.data)}"
    }

    /// Posts one alert; nil on success, else why it failed.
    func post(_ alert: AlertRecord) -> String? {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Self.body(alert).utf8)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: String?
        URLSession.shared.dataTask(with: request) { _, response, error in
            if let error {
                failure = error.localizedDescription
            } else if let status = (response as? HTTPURLResponse)?.statusCode, !(200..<300).contains(status) {
                failure = "HTTP \(status)"
            }
            done.signal()
        }.resume()
        done.wait()
        return failure
    }
}
