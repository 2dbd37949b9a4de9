import ArgumentParser
import CrescentNotify
import CrescentReport
import CrescentSchedule
import CrescentStore
import Foundation

/// `crescent schedule run-due|list`: the `[[schedule]]` entries of crescent.toml.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run what the schedule in crescent.toml says is due, and list it.",
        discussion: """
            Call `crescent schedule run-due` every few minutes from cron or a systemd timer (docs/schedules.md): each \
            entry runs once for its latest slot, even when two run-due start at the same time or after a missed day.
            """,
        subcommands: [ScheduleRunDueCommand.self, ScheduleListCommand.self]
    )
}

extension NotifyOptions {
    /// The schedule file: --config, CRESCENT_CONFIG, or crescent.toml here.
    var scheduleFile: String { config ?? ProcessInfo.processInfo.environment["CRESCENT_CONFIG"] ?? "crescent.toml" }

    /// The schedule's entries and the channels, from one reading of the file.
    func schedule() throws(StoreError) -> (entries: [ScheduleEntry], config: NotifyConfig) {
        guard FileManager.default.fileExists(atPath: scheduleFile) else {
            throw .missingInput(Message("schedule.no_file", ["file": scheduleFile]))
        }
        let table = try NotifyConfig.table(at: scheduleFile)
        return (try ScheduleFile.entries(table, file: scheduleFile), try NotifyConfig(file: scheduleFile, table))
    }
}

struct ScheduleRunDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-due",
        abstract: "Run each schedule entry whose latest slot has not run, once; then send what is queued.",
        discussion: "Exit code 70 when an entry failed (it is not run again until its next slot); sending never changes it."
    )

    @OptionGroup var notifyOptions: NotifyOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let (entries, config) = try notifyOptions.schedule()
            let outcomes = try ScheduleRunner(entries: entries, config: config, language: storeOptions.language).runDue(store: store)
            for outcome in outcomes {
                if let failure = outcome.failure {
                    printError(say("schedule.failed", ["name": outcome.name, "slot": outcome.slot, "failure": failure]))
                } else {
                    print(say("schedule.ran", ["name": outcome.name, "slot": outcome.slot]))
                }
            }
            if outcomes.isEmpty { printNote(say("schedule.nothing_due")) }
            notifyOptions.deliver(store, config: config)
            if outcomes.contains(where: { $0.failure != nil }) { throw ExitCode(scriptFailureExitCode) }
        }
    }
}

struct ScheduleListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the schedule: each entry's last and next run.")

    @OptionGroup var notifyOptions: NotifyOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            try outputOptions.emit(ScheduleList(entries: try notifyOptions.schedule().entries, runs: try store.latestScheduleRuns(),
                                                now: Date(), zone: try store.timeZone()))
        }
    }
}
