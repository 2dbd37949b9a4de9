import CrescentStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends the outbox's due notifications to their channels after the run that queued them has
/// committed: each send waits at most `timeout` seconds and is tried three times, a second and two
/// apart; one still failing is tried again on a later delivery, an hour at most after the last,
/// until it has been tried `attempts` times. Every attempt is recorded. Delivery never fails a
/// run: what goes wrong is reported, and what the deadline leaves is sent next time.
public struct Notifier {
    public let config: NotifyConfig
    public var environment: [String: String]
    /// The language of the errors recorded.
    public var language: Language

    /// What one delivery did.
    public struct Outcome: Sendable {
        public var sent = 0
        /// Each failed send and why, in the notifier's language.
        public var failures: [(notification: NotificationRecord, problem: String)] = []
        /// Due but left for the next delivery: the deadline had passed.
        public var late = 0
    }

    public init(config: NotifyConfig, environment: [String: String] = ProcessInfo.processInfo.environment, language: Language = .en) {
        self.config = config
        self.environment = environment
        self.language = language
    }

    public func deliver(store: any RecordStore) throws(StoreError) -> Outcome {
        let end = Date().addingTimeInterval(config.deadline)
        var outcome = Outcome()
        for notification in try store.dueNotifications(at: Date()) {
            guard end.timeIntervalSinceNow > 0 else { outcome.late += 1; continue }
            let problem = send(notification, until: end)
            let attempts = notification.attempts + 1
            let wait = min(config.backoff * pow(2, Double(attempts - 1)), 3600)
            let retry = problem == nil || attempts >= config.attempts ? nil : Date().addingTimeInterval(wait)
            try store.recordAttempt(notification.id, error: problem, retryAt: retry)
            if let problem { outcome.failures.append((notification, problem)) } else { outcome.sent += 1 }
        }
        return outcome
    }

    /// Sends one notification, trying three times within `end`; nil when it was taken.
    private func send(_ notification: NotificationRecord, until end: Date) -> String? {
        guard let channel = config.channels[notification.channel] else {
            return Message("notify.no_channel", ["channel": notification.channel, "file": config.file]).text(language)
        }
        if channel.kind == .email {
            do { return try MailSend(channel, environment: environment).send(notification, timeout: min(config.timeout, end.timeIntervalSinceNow))?
                .text(language) } catch { return error.text(language) }
        }
        let request: URLRequest
        do { request = try ChannelRequest(channel).request(notification, now: Date(), environment: environment) } catch {
            return error.text(language)
        }
        var problem: Message?
        for pause in [0.0, 1, 2] {
            guard end.timeIntervalSinceNow > pause else { break }
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            switch HTTPPost.send(request, timeout: min(config.timeout, end.timeIntervalSinceNow)) {
            case .failure(let failed): problem = failed
            case .success(let answer):
                problem = ChannelRequest(channel).refusal(status: answer.status, body: answer.body)
                if problem == nil { return nil }
            }
        }
        return problem?.text(language)
    }
}
