import CrescentStore
import Foundation
import TOMLKit

/// The channels notifications go to and which alerts go where, as `crescent.toml` declares them:
///
///     [channels.sales-east]
///     type = "wecom"                       # wecom, dingtalk, feishu, webhook or email
///     url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}"
///
///     [alerts]                             # by severity, and per rule before that
///     critical = ["sales-east"]
///     rules = { overdue-top-tier-task = ["sales-east"] }
///
/// `${NAME}` in a value is the environment variable NAME, read when the channel sends (so that
/// secrets stay out of the file); one that is not set is an error of that send, not of the file.
public struct NotifyConfig: Sendable, Equatable {
    public struct Channel: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case wecom, dingtalk, feishu, webhook, email }
        public var name: String
        public var kind: Kind
        /// As written, `${NAME}` unresolved; for email the server, `smtps://host:465` or `smtp://host:587`.
        public var url: String
        /// DingTalk's and Feishu's signing secret, as written.
        public var secret: String?
        /// Email: the sender, the recipients, and the server's login, as written.
        public var from: String?
        public var to: [String] = []
        public var user: String?
        public var password: String?
    }

    public var file: String
    public var channels: [String: Channel]
    /// Channels by alert severity, and by rule (which wins).
    public var bySeverity: [String: [String]]
    public var byRule: [String: [String]]
    /// Seconds one send may wait for its answer, and a delivery pass may take.
    public var timeout: Double = 10
    public var deadline: Double = 30
    /// Tries before a notification is given up.
    public var attempts = 8
    /// Seconds before the first retry on a later delivery; each next one waits twice as long, an hour at most.
    public var backoff: Double = 60

    /// The configuration at `path`; nil when `path` is nil and there is no `crescent.toml` here.
    public static func load(_ path: String?) throws(StoreError) -> NotifyConfig? {
        let file = path ?? "crescent.toml"
        guard path != nil || FileManager.default.fileExists(atPath: file) else { return nil }
        return try NotifyConfig(file: file, try table(at: file))
    }

    /// The file at `path` parsed, or an error at its line and column.
    public static func table(at file: String) throws(StoreError) -> TOMLTable {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw .usage(Message("notify.unreadable", ["file": file]))
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .usage(Message("notify.bad_toml", ["place": "\(file):\(error.source.begin.line):\(error.source.begin.column)",
                                                     "reason": error.description]))
        } catch {
            throw .usage(Message("notify.bad_toml", ["place": file, "reason": "\(error)"]))
        }
        return table
    }

    /// The configuration `table` (the parsed `file`) declares.
    public init(file: String, _ table: TOMLTable) throws(StoreError) {
        self.file = file
        func refused(_ key: String, _ reason: Message) -> StoreError {
            .usage(Message("notify.bad_key", ["file": file, "key": key, "reason": reason]))
        }
        for key in table.keys where !["channels", "alerts", "delivery", "schedule"].contains(key) {
            throw refused(key, Message("notify.unknown_key", ["keys": "channels, alerts, delivery, schedule"]))
        }
        channels = [:]
        for (name, value) in table["channels"]?.table ?? TOMLTable() {
            let key = "channels.\(name)"
            guard let spec = value.table else { throw refused(key, Message("notify.not_table")) }
            let fields = ["type", "url", "secret", "from", "to", "user", "password"]
            for field in spec.keys where !fields.contains(field) {
                throw refused("\(key).\(field)", Message("notify.unknown_key", ["keys": fields.joined(separator: ", ")]))
            }
            let kinds = Channel.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            guard let type = spec["type"]?.string, let kind = Channel.Kind(rawValue: type) else {
                throw refused("\(key).type", Message("notify.bad_type", ["types": kinds]))
            }
            guard let url = spec["url"]?.string, !url.isEmpty else { throw refused("\(key).url", Message("notify.no_url")) }
            var channel = Channel(name: name, kind: kind, url: url, secret: spec["secret"]?.string)
            if kind == .email {
                guard let from = spec["from"]?.string else { throw refused("\(key).from", Message("notify.no_from")) }
                let to = (spec["to"]?.array).map { $0.compactMap { $0.string } } ?? spec["to"]?.string.map { [$0] } ?? []
                guard !to.isEmpty else { throw refused("\(key).to", Message("notify.no_to")) }
                (channel.from, channel.to, channel.user, channel.password) = (from, to, spec["user"]?.string, spec["password"]?.string)
            }
            channels[name] = channel
        }
        bySeverity = [:]
        byRule = [:]
        let alerts = table["alerts"]?.table ?? TOMLTable()
        for (key, value) in alerts {
            if key == "rules" {
                guard let rules = value.table else { throw refused("alerts.rules", Message("notify.not_table")) }
                for (rule, names) in rules { byRule[rule] = try Self.names(names, "alerts.rules.\(rule)", channels, refused) }
            } else {
                guard ["critical", "warning", "info"].contains(key) else {
                    throw refused("alerts.\(key)", Message("notify.unknown_key", ["keys": "critical, warning, info, rules"]))
                }
                bySeverity[key] = try Self.names(value, "alerts.\(key)", channels, refused)
            }
        }
        let delivery = table["delivery"]?.table ?? TOMLTable()
        for (key, value) in delivery {
            switch key {
            case "timeout", "deadline", "backoff":
                guard let seconds = value.double ?? value.int.map(Double.init), seconds > 0 || (key == "backoff" && seconds == 0) else {
                    throw refused("delivery.\(key)", Message("notify.not_seconds"))
                }
                switch key {
                case "timeout": timeout = seconds
                case "deadline": deadline = seconds
                default: backoff = seconds
                }
            case "attempts":
                guard let n = value.int, n >= 1 else { throw refused("delivery.attempts", Message("notify.not_count")) }
                attempts = n
            default:
                throw refused("delivery.\(key)", Message("notify.unknown_key", ["keys": "timeout, deadline, attempts, backoff"]))
            }
        }
    }

    /// The channels an alert of `rule` and `severity` goes to.
    public func channels(rule: String, severity: String) -> [String] { byRule[rule] ?? bySeverity[severity] ?? [] }

    /// A list of channel names, each declared.
    private static func names(_ value: any TOMLValueConvertible, _ key: String, _ channels: [String: Channel],
                              _ refused: (String, Message) -> StoreError) throws(StoreError) -> [String] {
        guard let array = value.array else { throw refused(key, Message("notify.not_names")) }
        var names: [String] = []
        for item in array {
            guard let name = item.string else { throw refused(key, Message("notify.not_names")) }
            guard channels[name] != nil else {
                throw refused(key, Message("notify.unknown_channel", ["channel": name, "hint": didYouMean(name, among: Array(channels.keys))]))
            }
            names.append(name)
        }
        return names
    }
}

extension NotifyConfig.Channel {
    /// `text` with each `${NAME}` replaced by the environment variable NAME.
    static func resolved(_ text: String, _ what: String, environment: [String: String]) throws(StoreError) -> String {
        var result = "", rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { result += rest[start.lowerBound...]; return result }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name] else { throw .usage(Message("notify.no_env", ["name": name, "key": what])) }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}
