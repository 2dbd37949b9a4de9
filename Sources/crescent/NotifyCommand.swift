import ArgumentParser
import CrescentNotify
import CrescentReport
import CrescentStore
import Foundation

/// `--config FILE`: the notification channels (`crescent.toml` in the working folder by default).
struct NotifyOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "The channels to notify (default: crescent.toml here, or CRESCENT_CONFIG); see docs/notifications.md.", valueName: "file"))
    var config: String?

    /// The configuration, nil when there is none.
    func load() throws(StoreError) -> NotifyConfig? {
        try NotifyConfig.load(config ?? ProcessInfo.processInfo.environment["CRESCENT_CONFIG"])
    }

    /// The configuration, which must be there.
    func required() throws(StoreError) -> NotifyConfig {
        guard let config = try load() else { throw StoreError.usage(Message("notify.no_config")) }
        return config
    }

    /// Sends what the outbox holds due and says on standard error what was not sent; never fails.
    func deliver(_ store: any RecordStore, config: NotifyConfig?) {
        guard let config else { return }
        do {
            let outcome = try Notifier(config: config, language: runLanguage).deliver(store: store)
            for (notification, problem) in outcome.failures {
                printNote(say("notify.not_sent", ["channel": notification.channel, "title": notification.title, "problem": problem]))
            }
            if outcome.late > 0 { printNote(say("notify.late", ["count": outcome.late])) }
        } catch {
            printNote(say("notify.not_delivered", ["problem": error.text(runLanguage)]))
        }
    }
}

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send, list and test notifications to chat groups (WeCom, DingTalk, Feishu) and webhooks.",
        discussion: """
            Alert runs and scripts (crm.notify) queue notifications with their run; they are sent after it, retried \
            with backoff, and each attempt is recorded. Channels are declared in crescent.toml (docs/notifications.md).
            """,
        subcommands: [NotifySendCommand.self, NotifyListCommand.self, NotifyTestCommand.self]
    )
}

struct NotifySendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "Send the notifications that are due.")

    @OptionGroup var notifyOptions: NotifyOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            notifyOptions.deliver(try storeOptions.open(), config: try notifyOptions.required())
        }
    }
}

struct NotifyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List notifications, newest first.")

    @Option(help: ArgumentHelp("pending, sent, failed or all.", valueName: "status"))
    var status = "all"

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard status == "all" || NotificationRecord.Status(rawValue: status) != nil else {
            throw usageError("notify.usage.status", ["value": status])
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let statuses = NotificationRecord.Status(rawValue: status).map { [$0] } ?? []
            try outputOptions.emit(NotificationList(try store.notifications(statuses)))
        }
    }
}

struct NotifyTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Send a test message to a channel now.")

    @Argument(help: ArgumentHelp("The channel, as crescent.toml names it.", valueName: "channel"))
    var channel: String

    @Option(help: ArgumentHelp("The message.", valueName: "text"))
    var text: String?

    @OptionGroup var notifyOptions: NotifyOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open(), config = try notifyOptions.required()
            guard config.channels[channel] != nil else {
                throw StoreError.usage(Message("notify.unknown_channel", ["channel": channel,
                                                                          "hint": didYouMean(channel, among: Array(config.channels.keys))]))
            }
            try store.queueNotifications([NotificationRecord(channel: channel, title: say("notify.test_title"),
                                                             text: text ?? say("notify.test_text"), source: "notify test")])
            let outcome = try Notifier(config: config, language: runLanguage).deliver(store: store)
            for (notification, problem) in outcome.failures where notification.channel == channel {
                throw StoreError.unavailable(Message("notify.test_failed", ["channel": channel, "problem": problem]))
            }
            print(say("notify.test_sent", ["channel": channel]))
        }
    }
}
