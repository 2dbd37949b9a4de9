import CrescentStore
import Foundation

/// One line of the schedule: what runs (a report sent to channels, the alert rules, a
/// segmentation, a script) and when, on the store's clock.
public struct ScheduleEntry: Sendable, Equatable {
    public enum Job: Sendable, Equatable {
        /// A report plugin with its parameters, sent to the entry's channels.
        case report(String, parameters: [String: String])
        /// The alert rules of these folders; new alerts go where `[alerts]` routes them.
        case alerts(folders: [String])
        /// A segmentation script: the run saved, its follow-up tasks kept.
        case segment(String)
        /// A script, with its writes, as `crescent run` runs it.
        case script(String, arguments: [String])
        /// The forecast of a period (relative to the slot's day) saved as its snapshot of the day, and
        /// sent per rep and team to the entry's channels.
        case forecast(PeriodSpec)
    }

    /// How often: every hour (at `minute`), day, week on a weekday, or month on its first day.
    public enum Every: Sendable, Equatable {
        case hour, day, month
        /// 1 is Monday, 7 Sunday.
        case week(Int)
    }

    public var name: String
    public var job: Job
    public var every: Every
    public var hour: Int
    public var minute: Int
    /// Channels a report, or a segmentation's summary, goes to.
    public var to: [String]
    /// The language of what it sends; nil: the command's.
    public var language: Language?

    public init(name: String, job: Job, every: Every, hour: Int, minute: Int, to: [String], language: Language?) {
        (self.name, self.job, self.every, self.hour, self.minute, self.to, self.language) = (name, job, every, hour, minute, to, language)
    }

    /// The last slot at or before `now`, in `zone`.
    public func latestSlot(atOrBefore now: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: now)
        var slot = DateComponents(year: parts.year, month: parts.month, day: parts.day, hour: hour, minute: minute)
        switch every {
        case .hour: slot.hour = parts.hour
        case .day, .week: break
        case .month: slot.day = 1
        }
        var date = calendar.date(from: slot) ?? now
        if case .week(let weekday) = every {
            let today = ((parts.weekday ?? 1) + 5) % 7 + 1  // Calendar counts Sunday as 1
            date = calendar.date(byAdding: .day, value: -((today - weekday + 7) % 7), to: date) ?? date
        }
        while date > now { date = step(date, by: -1, calendar) }
        return date
    }

    /// The first slot after `now`, in `zone`.
    public func nextSlot(after now: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return step(latestSlot(atOrBefore: now, in: zone), by: 1, calendar)
    }

    /// A slot as the store's clock reads it: `2026-12-07T08:00`.
    public static func text(_ slot: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: slot)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute))"
    }

    private func step(_ date: Date, by count: Int, _ calendar: Calendar) -> Date {
        let unit: (Calendar.Component, Int) = {
            switch every {
            case .hour: return (.hour, 1)
            case .day: return (.day, 1)
            case .week: return (.day, 7)
            case .month: return (.month, 1)
            }
        }()
        return calendar.date(byAdding: unit.0, value: unit.1 * count, to: date) ?? date
    }
}
