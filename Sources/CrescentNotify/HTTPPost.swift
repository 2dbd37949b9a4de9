import CrescentStore
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One POST, waited for at most `timeout` seconds in all: its status and body, or why there is none.
enum HTTPPost {
    static func send(_ request: URLRequest, timeout: TimeInterval) -> Result<(status: Int, body: Data), Message> {
        var request = request
        // The session counts whole seconds (0.5 would be none at all); the wait below is the real bound.
        request.timeoutInterval = timeout.rounded(.up) + 1
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<(status: Int, body: Data), Message>?>(nil)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            let result: Result<(status: Int, body: Data), Message>
            if let lapsed = error as? URLError, lapsed.code == .timedOut {
                result = .failure(Message("webhook.no_answer", ["seconds": Webhook.seconds(timeout)]))
            } else if let error {
                result = .failure(Message("webhook.failed", ["reason": error.localizedDescription]))
            } else {
                result = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        task.resume()
        // The session's own timeout is for silence between bytes; this one bounds the whole post.
        guard done.wait(timeout: .now() + timeout) == .success else {
            task.cancel()
            return .failure(Message("webhook.no_answer", ["seconds": Webhook.seconds(timeout)]))
        }
        return outcome.withLock { $0 } ?? .failure(Message("webhook.no_answer", ["seconds": Webhook.seconds(timeout)]))
    }
}
