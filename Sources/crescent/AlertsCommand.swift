import ArgumentParser
import CrescentReport
import CrescentNotify
import CrescentSchedule
import CrescentScript
import CrescentStore
import Foundation

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Run the alert rules, and list or acknowledge the alerts they raised.",
        discussion: "Rules are Lua files in scripts/alerts/ (or --rules DIR) calling crm.alert{...}; see docs/alerts.md.",
        subcommands: [AlertsRunCommand.self, AlertsListCommand.self, AlertsAckCommand.self]
    )
}

/// `--format` and `--out` of the alert commands: the formats of every result, and JSON Lines
/// (one alert per line, as the webhook posts each).
struct AlertOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, md, csv, json, html, xlsx, jsonl }

    @Option(help: "Output format: table, md, csv, json, html, xlsx or jsonl.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    func validate() throws { try checkOutput(format: format.rawValue, out: out, excel: false) }

    func emit(_ alerts: AlertList) throws(StoreError) {
        guard let common = OutputFormat(rawValue: format.rawValue) else { return try writeOutput(alerts.jsonLines, to: out) }
        if common == .xlsx {
            let document = alerts.document(runLanguage)
            return try writeWorkbookFile(to: out) { path in try document.writeWorkbook(to: path) }
        }
        let colour = out == nil && standardOutputIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        try writeOutput(alerts.rendered(common, language: runLanguage, colour: colour), to: out)
    }
}

struct AlertsRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every alert rule and print the new alerts.",
        discussion: """
            An alert still open (same rule and key) is not raised again; an open alert whose condition is gone \
            is closed. A rule that fails is reported with its file and line and the others still run (exit code \
            70 after the run is saved). With --webhook, each new alert, and any whose delivery failed before, \
            is posted as JSON; a failed post is reported and retried on the next run. Each post waits at most \
            --webhook-timeout seconds for an answer, and posting stops at --webhook-deadline: what was not \
            delivered stays pending for the next run. With channels in crescent.toml (or --config), new alerts \
            are also sent to the chat groups their rule or severity goes to (docs/notifications.md); a send that \
            fails is retried later and never changes the exit code.
            """
    )

    @Option(name: .customLong("rules"), help: ArgumentHelp("Run the rules of this folder instead of scripts/alerts (repeatable).", valueName: "dir"))
    var folders: [String] = []

    @Option(help: ArgumentHelp("POST each alert as JSON to this URL.", valueName: "url"))
    var webhook: String?

    @Option(name: .customLong("webhook-timeout"), help: ArgumentHelp("Seconds to wait for the webhook's answer to one post.", valueName: "seconds"))
    var webhookTimeout: Double = 10

    @Option(name: .customLong("webhook-deadline"), help: ArgumentHelp("Seconds all the posts of a run may take.", valueName: "seconds"))
    var webhookDeadline: Double = 60

    @OptionGroup var notifyOptions: NotifyOptions

    @OptionGroup var output: AlertOutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        for (name, value) in [("--webhook-timeout", webhookTimeout), ("--webhook-deadline", webhookDeadline)] where !(value > 0 && value.isFinite) {
            throw usageError("usage.positive_seconds", ["option": name])
        }
        if let webhook, URL(string: webhook)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw usageError("alerts.usage.webhook_url", ["url": webhook])
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let environment = limitOptions.environment(asOf: asOfOption.day)
            let run = AlertRun(folders: folders.isEmpty ? ["scripts/alerts"] : folders, environment: environment, store: store)
            let config = try notifyOptions.load()
            let raised = try run.record(in: store, asOf: asOfOption.day, deliver: webhook != nil, notifying: config, language: runLanguage)
            try output.emit(AlertList(raised, ownerNames: try store.names(of: .reps)))
            if output.format == .table {
                printNote(say("alerts.run_summary", ["raised": Message.counting("alerts.new", raised.count),
                                                      "found": run.emitted.count, "rules": Message.counting("alerts.rules", run.ran.count)]))
            }
            run.changes.forEach(noteWritten)
            var failed = !run.failures.isEmpty
            for failure in run.failures { printError(say("alerts.rule_failed", ["failure": failure])) }
            if let webhook, let url = URL(string: webhook) {
                let delivery = AlertDelivery(webhook: url, timeout: webhookTimeout, deadline: webhookDeadline)
                let late = try delivery.deliver(store: store) { alert, problem in
                    printError(say("alerts.not_delivered", ["url": webhook, "alert": "\(alert.rule)/\(alert.key)", "problem": problem]))
                    failed = true
                }
                if late > 0 {
                    printError(Message.counting("alerts.late", late, ["url": webhook, "seconds": Webhook.seconds(webhookDeadline)]).text(runLanguage))
                    failed = true
                }
            }
            notifyOptions.deliver(store, config: config)
            if failed { throw ExitCode(scriptFailureExitCode) }
        }
    }
}

struct AlertsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List alerts: open and acknowledged ones, only open ones, or all.")

    @Flag(help: "Only open alerts (not acknowledged).")
    var open = false

    @Flag(help: "Every alert ever raised, closed ones too.")
    var all = false

    @OptionGroup var output: AlertOutputOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if open && all { throw usageError("alerts.usage.open_or_all") }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            try output.emit(AlertList(try store.alerts(all ? .all : open ? .open : .notClosed), ownerNames: try store.names(of: .reps)))
        }
    }
}

struct AlertsAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an open alert: it stays listed, is not raised again, and closes when its condition is gone.")

    @Argument(help: ArgumentHelp("The alert's key.", valueName: "key"))
    var key: String

    @Option(help: ArgumentHelp("The rule, when several rules have an open alert with this key.", valueName: "name"))
    var rule: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let matching = try store.alerts(.open).filter { $0.key == key && (rule == nil || $0.rule == rule) }
            guard !matching.isEmpty else {
                throw StoreError.usage(rule.map { Message("alerts.no_open_of_rule", ["key": key, "rule": $0]) } ?? Message("alerts.no_open", ["key": key]))
            }
            let rules = Set(matching.map(\.rule))
            guard rules.count == 1 else {
                throw StoreError.usage(Message("alerts.ambiguous", ["key": key, "rules": rules.sorted().joined(separator: ", ")]))
            }
            let acked = try store.acknowledgeAlerts(key: key, rule: rules.first)
            print(TerminalText.safeLines(say("alerts.acknowledged", ["alerts": acked.map { "\($0.rule)/\($0.key)" }.joined(separator: ", ")])))
        }
    }
}
