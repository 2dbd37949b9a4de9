import CrescentReport
import CrescentStore
import Foundation

/// The schedule as `schedule list` shows it: each entry, what it runs and when, its last run and
/// its next slot (the store's clock). JSON is an array of `{"name", "job", "every", "at", "to",
/// "last_slot", "last_status", "last_message", "next_slot"}`.
public struct ScheduleList: ReportResult {
    public static let resultName = "schedule"

    public struct Line: Sendable, Encodable {
        public var name: String, job: String, every: String, at: String, to: [String]
        public var lastSlot: String?, lastStatus: String?, lastMessage: String?
        public var nextSlot: String

        enum CodingKeys: String, CodingKey {
            case name, job, every, at, to, lastSlot = "last_slot", lastStatus = "last_status", lastMessage = "last_message"
            case nextSlot = "next_slot"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(job, forKey: .job)
            try c.encode(every, forKey: .every)
            try c.encode(at, forKey: .at)
            try c.encode(to, forKey: .to)
            try c.encode(lastSlot, forKey: .lastSlot)
            try c.encode(lastStatus, forKey: .lastStatus)
            try c.encode(lastMessage, forKey: .lastMessage)
            try c.encode(nextSlot, forKey: .nextSlot)
        }
    }

    public let lines: [Line]

    public init(entries: [ScheduleEntry], runs: [String: ScheduleRunRecord], now: Date, zone: TimeZone) {
        lines = entries.map { entry in
            let job: String
            switch entry.job {
            case .report(let name, let parameters):
                job = (["report \(name)"] + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
            case .alerts(let folders): job = "alerts " + folders.joined(separator: " ")
            case .segment(let path): job = "segment \(path)"
            case .script(let path, let arguments): job = (["run", path] + arguments).joined(separator: " ")
            case .forecast(let period): job = "forecast --period \(period) --save"
            }
            let every: String
            switch entry.every {
            case .hour: every = "hour"
            case .day: every = "day"
            case .month: every = "month"
            case .week(let day): every = ScheduleFile.weekdays[day - 1]
            }
            let run = runs[entry.name]
            return Line(name: entry.name, job: job, every: every,
                        at: entry.every == .hour ? String(format: ":%02d", entry.minute) : String(format: "%02d:%02d", entry.hour, entry.minute),
                        to: entry.to, lastSlot: run?.slot, lastStatus: run?.status, lastMessage: run?.message,
                        nextSlot: ScheduleEntry.text(entry.nextSlot(after: now, in: zone), in: zone))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for line in lines { try list.encode(line) }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let keys = ["name", "job", "when", "to", "last_slot", "last_status", "next_slot"]
        let columns = keys.map { ReportColumn(name: words.t("schedule.column.\($0)"), kind: .text, key: $0) }
        let rows = lines.map { line -> [ReportValue] in
            [.text(line.name), .text(line.job), .text("\(line.every) \(line.at)"), .text(line.to.joined(separator: ", ")),
             .text(line.lastSlot ?? ""), line.lastStatus.map { .code($0, label: words.t("schedule.status.\($0)")) } ?? .empty, .text(line.nextSlot)]
        }
        var document = ReportDocument(name: "schedule", title: words.t("schedule.title"), currency: "", asOf: "", language: language,
                                      blocks: [.table(ReportTable(columns: columns, rows: rows))])
        document.showsHeading = false
        return document
    }
}
