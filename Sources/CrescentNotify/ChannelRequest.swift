import CrescentStore
import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The request a channel's vendor expects for a notification, and how it says it took it:
///
/// - WeCom group robot (企业微信群机器人): `{"msgtype": "markdown", "markdown": {"content"}}`, at
///   most 4,096 bytes; the answer is `{"errcode": 0, "errmsg": "ok"}`.
/// - DingTalk custom robot (钉钉自定义机器人): `{"msgtype": "markdown", "markdown": {"title", "text"}}`;
///   with a secret, `&timestamp=MS&sign=S` on the URL, S the Base64 of HMAC-SHA256 of
///   `MS\nsecret` keyed with the secret, URL-encoded; the answer is `{"errcode": 0}`.
/// - Feishu/Lark custom bot (飞书自定义机器人): `{"msg_type": "post", "content": {"post": {"zh_cn":
///   {"title", "content": [[{"tag": "text", "text"}], ...]}}}}`; with a secret, `"timestamp"`
///   (seconds) and `"sign"`, the Base64 of HMAC-SHA256 of nothing keyed with `seconds\nsecret`;
///   the answer is `{"code": 0}`.
/// - A plain JSON webhook: the notification's payload (an alert's object), else `{"title", "text", "source"}`; any 2xx.
public struct ChannelRequest {
    public let channel: NotifyConfig.Channel

    public init(_ channel: NotifyConfig.Channel) { self.channel = channel }

    /// The POST for `notification` at `now`, secrets from `environment`.
    public func request(_ notification: NotificationRecord, now: Date, environment: [String: String]) throws(StoreError) -> URLRequest {
        let key = "channels.\(channel.name)"
        var url = try NotifyConfig.Channel.resolved(channel.url, "\(key).url", environment: environment)
        let secret = try channel.secret.map { s throws(StoreError) in
            try NotifyConfig.Channel.resolved(s, "\(key).secret", environment: environment)
        }
        let body: [String: Any]
        switch channel.kind {
        case .wecom:
            body = ["msgtype": "markdown", "markdown": ["content": Self.clipped("**\(notification.title)**\n" + notification.text, bytes: 4096)]]
        case .dingtalk:
            body = ["msgtype": "markdown", "markdown": ["title": notification.title,
                                                        "text": Self.clipped("### \(notification.title)\n\n" + notification.text, bytes: 20_000)]]
            if let secret {
                let millis = String(Int64(now.timeIntervalSince1970 * 1000))
                let sign = Self.hmac(key: secret, message: "\(millis)\n\(secret)")
                url += (url.contains("?") ? "&" : "?") + "timestamp=\(millis)&sign=" + Self.formEncoded(sign)
            }
        case .feishu:
            let lines = notification.text.split(separator: "\n", omittingEmptySubsequences: false).map { [["tag": "text", "text": String($0)]] }
            var object: [String: Any] = ["msg_type": "post",
                                         "content": ["post": ["zh_cn": ["title": notification.title, "content": lines]]]]
            if let secret {
                let seconds = String(Int64(now.timeIntervalSince1970))
                object["timestamp"] = seconds
                object["sign"] = Self.hmac(key: "\(seconds)\n\(secret)", message: "")
            }
            body = object
        case .webhook, .email:  // mail is not HTTP: MailSend sends it
            body = [:]
        }
        guard let target = URL(string: url), ["http", "https"].contains(target.scheme ?? "") else {
            throw .usage(Message("notify.bad_url", ["key": "\(key).url"]))
        }
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        if channel.kind == .webhook {
            request.httpBody = Data((notification.payload ?? JSONText.encode(PlainMessage(notification))).utf8)
        } else {
            request.httpBody = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        }
        return request
    }

    /// Nil when the answer says the message was taken, else why not.
    public func refusal(status: Int, body: Data) -> Message? {
        guard (200..<300).contains(status) else { return Message("webhook.status", ["status": status]) }
        guard channel.kind != .webhook else { return nil }
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let code = channel.kind == .feishu ? (object?["code"] ?? object?["StatusCode"]) : object?["errcode"]
        guard let code = code as? Int else { return Message("notify.no_code", ["body": String(decoding: body.prefix(200), as: UTF8.self)]) }
        guard code == 0 else {
            let said = (object?["errmsg"] ?? object?["msg"] ?? object?["StatusMessage"]) as? String ?? ""
            return Message("notify.refused", ["code": code, "message": said])
        }
        return nil
    }

    static func hmac(key: String, message: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return Data(code).base64EncodedString()
    }

    /// A query value: everything but unreserved characters percent-encoded (`+`, `/` and `=` of Base64 too).
    static func formEncoded(_ text: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// At most `bytes` of UTF-8, cut at a character and marked with `…`.
    static func clipped(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var kept = "", used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > bytes - 3 { break }
            kept.append(character)
            used += size
        }
        return kept + "…"
    }
}

/// `{"title", "text", "source"}`: what a plain webhook gets of a notification without a payload of its own.
private struct PlainMessage: Encodable {
    let title: String, text: String, source: String
    init(_ n: NotificationRecord) { (title, text, source) = (n.title, n.text, n.source) }
}
