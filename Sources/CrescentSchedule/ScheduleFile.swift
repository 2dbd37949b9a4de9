import CrescentStore
import Foundation
import TOMLKit

/// The `[[schedule]]` entries of `crescent.toml`:
///
///     [[schedule]]
///     name = "weekly-sales"
///     report = "weekly-sales"              # or alerts = true, segment = "scripts/...", script = "scripts/...",
///                                          # forecast = "this-quarter"
///     params = { team = "T1" }
///     every = "monday"                     # hour, day, monday ... sunday (周一 ... 周日), month
///     at = "08:00"                         # the store's clock; for every = "hour", the minute (":15")
///     to = ["sales-east"]
public enum ScheduleFile {
    static let keys = ["name", "report", "params", "alerts", "segment", "script", "forecast", "args", "every", "at", "to", "lang"]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let chineseWeekdays = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

    /// The entries of `table`, the parsed file at `path`; none when it has no `[[schedule]]`.
    public static func entries(_ table: TOMLTable, file path: String) throws(StoreError) -> [ScheduleEntry] {
        guard let list = table["schedule"] else { return [] }
        guard let array = list.array else { throw refused(path, "schedule", Message("schedule.not_array")) }
        var entries: [ScheduleEntry] = []
        for (index, item) in array.enumerated() {
            guard let spec = item.table else { throw refused(path, "schedule[\(index + 1)]", Message("notify.not_table")) }
            let entry = try Self.entry(spec, place: "schedule[\(index + 1)]", file: path)
            if entries.contains(where: { $0.name == entry.name }) {
                throw refused(path, "schedule[\(index + 1)].name", Message("schedule.duplicate", ["name": entry.name]))
            }
            entries.append(entry)
        }
        return entries
    }

    private static func entry(_ spec: TOMLTable, place: String, file: String) throws(StoreError) -> ScheduleEntry {
        func fail(_ key: String, _ reason: Message) -> StoreError { refused(file, "\(place).\(key)", reason) }
        for key in spec.keys where !keys.contains(key) {
            throw fail(key, Message("notify.unknown_key", ["keys": keys.joined(separator: ", ")]))
        }
        guard let name = spec["name"]?.string, !name.isEmpty else { throw fail("name", Message("schedule.no_name")) }
        let jobs = ["report", "alerts", "segment", "script", "forecast"].filter { spec[$0] != nil }
        guard jobs.count == 1 else { throw fail(jobs.first ?? "report", Message("schedule.one_job")) }
        let job: ScheduleEntry.Job
        switch jobs[0] {
        case "report":
            guard let report = spec["report"]?.string else { throw fail("report", Message("schedule.not_text")) }
            var parameters: [String: String] = [:]
            for (key, value) in spec["params"]?.table ?? TOMLTable() {
                guard let text = value.string ?? value.int.map(String.init) else { throw fail("params.\(key)", Message("schedule.not_text")) }
                parameters[key] = text
            }
            job = .report(report, parameters: parameters)
        case "alerts":
            if let on = spec["alerts"]?.bool, on { job = .alerts(folders: ["scripts/alerts"]) }
            else if let folder = spec["alerts"]?.string { job = .alerts(folders: [folder]) }
            else { throw fail("alerts", Message("schedule.alerts")) }
        case "segment":
            guard let path = spec["segment"]?.string else { throw fail("segment", Message("schedule.not_text")) }
            job = .segment(path)
        case "forecast":
            guard let text = spec["forecast"]?.string, let period = PeriodSpec(parsing: text) else {
                throw fail("forecast", Message("usage.period_forms", ["forms": PeriodSpec.forms]))
            }
            job = .forecast(period)
        default:
            guard let path = spec["script"]?.string else { throw fail("script", Message("schedule.not_text")) }
            let arguments = (spec["args"]?.array).map { $0.compactMap { $0.string } } ?? []
            job = .script(path, arguments: arguments)
        }
        guard let every = spec["every"]?.string else { throw fail("every", Message("schedule.every")) }
        let period: ScheduleEntry.Every
        switch every.lowercased() {
        case "hour", "hourly": period = .hour
        case "day", "daily": period = .day
        case "month", "monthly": period = .month
        default:
            guard let day = weekdays.firstIndex(of: every.lowercased()) ?? chineseWeekdays.firstIndex(of: every) else {
                throw fail("every", Message("schedule.every"))
            }
            period = .week(day + 1)
        }
        let at = spec["at"]?.string ?? (period == .hour ? ":00" : "00:00")
        let parts = at.split(separator: ":", omittingEmptySubsequences: false)
        let hour = parts.count == 2 ? (parts[0].isEmpty && period == .hour ? 0 : Int(parts[0])) : nil
        let minute = parts.count == 2 ? Int(parts[1]) : nil
        guard let hour, let minute, (0..<24).contains(hour), (0..<60).contains(minute) else { throw fail("at", Message("schedule.at")) }
        let to = (spec["to"]?.array).map { $0.compactMap { $0.string } } ?? []
        let language = try spec["lang"]?.string.map { code throws(StoreError) in
            guard let language = Language(rawValue: code) else { throw fail("lang", Message("schedule.lang")) }
            return language
        }
        return ScheduleEntry(name: name, job: job, every: period, hour: hour, minute: minute, to: to, language: language)
    }

    private static func refused(_ file: String, _ key: String, _ reason: Message) -> StoreError {
        .usage(Message("notify.bad_key", ["file": file, "key": key, "reason": reason]))
    }
}
