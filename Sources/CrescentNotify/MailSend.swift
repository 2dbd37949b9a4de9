import CrescentStore
import Foundation

/// A notification as an email, sent through the channel's SMTP server by curl (which speaks
/// SMTPS and STARTTLS): the message is UTF-8 text, its subject and body Base64-encoded so that
/// Chinese and long lines travel intact. The options, the login among them, go to curl in a file
/// only this user can read, never on a command line other users can see; the message goes on its
/// standard input. A plain `smtp://` server other than this machine must offer STARTTLS.
struct MailSend {
    let channel: NotifyConfig.Channel
    let environment: [String: String]

    init(_ channel: NotifyConfig.Channel, environment: [String: String]) {
        self.channel = channel
        self.environment = environment
    }

    /// Nil when the server took the mail, else why not.
    func send(_ notification: NotificationRecord, timeout: TimeInterval) throws(StoreError) -> Message? {
        let key = "channels.\(channel.name)"
        let url = try NotifyConfig.Channel.resolved(channel.url, "\(key).url", environment: environment)
        guard let target = URL(string: url), ["smtp", "smtps"].contains(target.scheme ?? "") else {
            throw .usage(Message("notify.bad_url", ["key": "\(key).url"]))
        }
        let from = try NotifyConfig.Channel.resolved(channel.from ?? "", "\(key).from", environment: environment)
        var options = ["url": url, "mail-from": from, "max-time": String(max(1, Int(timeout.rounded(.up))))]
        if let user = channel.user {
            let password = try channel.password.map { p throws(StoreError) in
                try NotifyConfig.Channel.resolved(p, "\(key).password", environment: environment)
            } ?? ""
            options["user"] = try NotifyConfig.Channel.resolved(user, "\(key).user", environment: environment) + ":" + password
        }
        let local = ["127.0.0.1", "localhost", "::1"].contains(target.host ?? "")
        var config = options.sorted { $0.key < $1.key }.map { "\($0.key) = \(Self.quoted($0.value))" }
        config += channel.to.map { "mail-rcpt = \(Self.quoted($0))" } + ["upload-file = \"-\"", "silent", "show-error"]
        if target.scheme == "smtp", !local { config.append("ssl-reqd") }
        return run(config: config.joined(separator: "\n") + "\n", message: message(notification, from: from))
    }

    /// Runs curl with `config` (its options, as a file of them) and `message`, both on its input.
    private func run(config: String, message: String) -> Message? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crescent-mail-" + UUID().uuidString)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: folder) }
            let options = folder.appendingPathComponent("curl.conf")
            try Data(config.utf8).write(to: options)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: options.path)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["curl", "--config", options.path]
            let input = Pipe(), errors = Pipe()
            (process.standardInput, process.standardError, process.standardOutput) = (input, errors, FileHandle.nullDevice)
            try process.run()
            input.fileHandleForWriting.write(Data(message.utf8))
            try input.fileHandleForWriting.close()
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                if process.terminationStatus == 127 { return Message("notify.no_curl") }
                return Message("notify.mail_failed", ["reason": said.trimmingCharacters(in: .whitespacesAndNewlines)])
            }
            return nil
        } catch {
            return Message("notify.mail_failed", ["reason": "\(error)"])
        }
    }

    /// The message: headers, then the text in Base64 lines.
    func message(_ notification: NotificationRecord, from: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(notification.text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn,
                                                                                .endLineWithLineFeed])
        return [
            "From: \(from)", "To: \(channel.to.joined(separator: ", "))",
            "Subject: =?UTF-8?B?\(Data(notification.title.utf8).base64EncodedString())?=", "Date: \(formatter.string(from: Date()))",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", body, "",
        ].joined(separator: "\r\n")
    }

    /// A value of curl's option file: in double quotes, `\` and `"` escaped, no line breaks.
    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") + "\""
    }
}
