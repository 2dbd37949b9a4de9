import ArgumentParser
import CrescentReport
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

enum AlertFormat: String, ExpressibleByArgument, CaseIterable { case table, jsonl }

/// Alerts as a table for people or JSON Lines for machines.
func printAlerts(_ alerts: [AlertRecord], format: AlertFormat, names: [String: String]) {
    let alerts = AlertRecord.byUrgency(alerts)
    if format == .jsonl {
        for alert in alerts { print(Webhook.body(alert)) }
        return
    }
    var table = TextTable(["severity", "rule", "key", "subject", "owner", "raised", "status"])
    for alert in alerts {
        let owner = alert.owner.map { id in names[id].map { "\(id) \($0)" } ?? id } ?? ""
        table.add([alert.severity, alert.rule, alert.key, alert.subject, owner, alert.raisedOn, alert.status])
    }
    print(table.render(), terminator: "")
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
            delivered stays pending for the next run.
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

    @Option(help: "Output format: table or jsonl.")
    var format: AlertFormat = .table

    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        for (name, value) in [("--webhook-timeout", webhookTimeout), ("--webhook-deadline", webhookDeadline)] where !(value > 0 && value.isFinite) {
            throw ValidationError("\(name): must be a positive number of seconds")
        }
        if let webhook, URL(string: webhook)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--webhook: '\(webhook)' is not an http or https URL")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let environment = limitOptions.environment(asOf: asOfOption.day)
            let run = AlertRun(folders: folders.isEmpty ? ["scripts/alerts"] : folders, environment: environment, store: store)
            let raised = try store.recordAlertRun(asOf: asOfOption.day.description, ran: run.ran, emitted: run.emitted, deliver: webhook != nil)
            printAlerts(raised, format: format, names: try store.names(of: .reps))
            if format == .table {
                printNote("\(raised.count) new alert\(raised.count == 1 ? "" : "s"); \(run.emitted.count) found by \(run.ran.count) rule\(run.ran.count == 1 ? "" : "s")")
            }
            var failed = !run.failures.isEmpty
            for failure in run.failures { printError("alert rule failed: " + failure) }
            if let webhook, let url = URL(string: webhook) {
                let deadline = Date().addingTimeInterval(webhookDeadline)
                var late = 0
                for alert in try store.pendingDeliveries() {
                    let left = deadline.timeIntervalSinceNow
                    guard left > 0 else { late += 1; continue }
                    let problem = Webhook(url: url, timeout: min(webhookTimeout, left)).post(alert)
                    try store.recordDelivery(id: alert.id, sent: problem == nil)
                    if let problem {
                        printError("webhook \(webhook): alert \(alert.rule)/\(alert.key) not delivered (\(problem)); it will be retried on the next run")
                        failed = true
                    }
                }
                if late > 0 {
                    printError("webhook \(webhook): \(late) alert\(late == 1 ? "" : "s") not posted: the run's \(Webhook.seconds(webhookDeadline)) s for posting "
                               + "had passed; \(late == 1 ? "it stays" : "they stay") pending for the next run")
                    failed = true
                }
            }
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

    @Option(help: "Output format: table or jsonl.")
    var format: AlertFormat = .table

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if open && all { throw ValidationError("give --open or --all, not both") }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            printAlerts(try store.alerts(all ? .all : open ? .open : .notClosed), format: format, names: try store.names(of: .reps))
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
            guard !matching.isEmpty else { throw StoreError.usage("no open alert with key '\(key)'" + (rule.map { " of rule \($0)" } ?? "")) }
            let rules = Set(matching.map(\.rule))
            guard rules.count == 1 else {
                throw StoreError.usage("several rules have an open alert '\(key)' (\(rules.sorted().joined(separator: ", "))): give --rule")
            }
            let acked = try store.acknowledgeAlerts(key: key, rule: rules.first)
            print(TerminalText.safeLines("acknowledged \(acked.map { "\($0.rule)/\($0.key)" }.joined(separator: ", "))"))
        }
    }
}
