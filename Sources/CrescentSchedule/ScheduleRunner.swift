import CrescentCore
import CrescentNotify
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation

/// `schedule run-due`: each entry whose latest slot has not run yet runs once for it, whoever
/// else is running the schedule at the same moment (the slot is claimed in the store first), and
/// only for its latest slot however many were missed: a schedule that was down for three days
/// catches up once. What an entry sends is queued with its run and delivered at the end.
public struct ScheduleRunner: Sendable {
    public let entries: [ScheduleEntry]
    public let config: NotifyConfig?
    /// The language of what is sent, unless an entry names its own.
    public let language: Language

    /// What happened to one entry.
    public struct Outcome: Sendable {
        public var name: String
        public var slot: String
        /// Nil when it ran well.
        public var failure: String?
    }

    public init(entries: [ScheduleEntry], config: NotifyConfig?, language: Language) {
        self.entries = entries
        self.config = config
        self.language = language
    }

    /// Runs the entries due at `now`; returns those that ran.
    public func runDue(store: any RecordStore, now: Date = Date()) throws(StoreError) -> [Outcome] {
        let zone = try store.timeZone()
        var outcomes: [Outcome] = []
        for entry in entries {
            let slot = ScheduleEntry.text(entry.latestSlot(atOrBefore: now, in: zone), in: zone)
            guard try store.claimScheduleSlot(name: entry.name, slot: slot) else { continue }
            var failure: String?
            do {
                try run(entry, store: store, day: CalendarDate(parsing: slot.prefix(10)) ?? .today())
            } catch let error as StoreError {
                failure = error.text(entry.language ?? language)
            } catch {
                failure = "\(error)"
            }
            try store.finishScheduleRun(name: entry.name, slot: slot, failure: failure)
            outcomes.append(Outcome(name: entry.name, slot: slot, failure: failure))
        }
        return outcomes
    }

    private func run(_ entry: ScheduleEntry, store: any RecordStore, day: CalendarDate) throws {
        let language = entry.language ?? self.language
        let environment = ScriptEnvironment(asOf: day, language: language)
        for channel in entry.to where config?.channels[channel] == nil {
            throw StoreError.usage(Message("notify.no_channel", ["channel": channel, "file": config?.file ?? "crescent.toml"]))
        }
        switch entry.job {
        case .report(let name, let parameters):
            let catalog = ReportCatalog(folders: ReportCatalog.folders(extra: []), environment: environment, store: store)
            let document = try store.consistentRead { try catalog.plugin(named: name).run(parameters) }
            try send(document, to: entry.to, source: "schedule \(entry.name)", store: store)
        case .alerts(let folders):
            let run = AlertRun(folders: folders, environment: environment, store: store)
            _ = try run.record(in: store, asOf: day, deliver: false, notifying: config, language: language)
            if !run.failures.isEmpty { throw StoreError.failure(Message("schedule.rules_failed", ["failures": run.failures.joined(separator: "; ")])) }
        case .segment(let path):
            let summary = try SegmentEvaluation.run(scriptPath: path, environment: environment, store: store, dryRun: false)
            try send(summary.document(language), to: entry.to, source: "schedule \(entry.name)", store: store)
        case .script(let path, let arguments):
            _ = try ScriptRun(environment: environment).run(path: path, arguments: arguments, store: store,
                                                            writes: ScriptWrites(source: "schedule \(entry.name): run \(path)"))
        case .forecast(let spec):
            let period = spec.period(asOf: day), run = try ForecastRun(environment: environment, store: store)
            let report = try store.consistentRead { try run.report(period: period, levels: ForecastReport.snapshotLevels) }
            try store.saveForecastSnapshot(report.snapshot)
            if !entry.to.isEmpty {
                let document = ForecastResult(report: report, currency: try store.baseCurrency()).document(language)
                try send(document, to: entry.to, source: "schedule \(entry.name)", store: store)
            }
        }
    }

    /// Queues `document` for each of `channels`, as a chat group reads it.
    private func send(_ document: ReportDocument, to channels: [String], source: String, store: any RecordStore) throws(StoreError) {
        let text = ChatRenderer.render(document)
        try store.queueNotifications(channels.map { NotificationRecord(channel: $0, title: document.title, text: text, source: source) })
    }
}
