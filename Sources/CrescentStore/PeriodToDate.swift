/// Periods measured as of a day: a period still in progress is compared like with like, its days
/// so far against the same span of the period it is compared with (docs/kpis.md#comparisons).
extension Period {
    /// True when `day` falls inside the period but before its last day: the period is not over.
    public func isInProgress(asOf day: CalendarDate) -> Bool { start <= day && day < end }

    /// The days measured as of `day`: the whole period, or its first day to `day` when in progress.
    public func toDate(asOf day: CalendarDate) -> Period {
        isInProgress(asOf: day) ? Period(kind: .range, start: start, end: day) : self
    }

    /// The period just before, over the same elapsed span when this one is in progress at `day`
    /// (its first days, as many as have elapsed, never past its end).
    public func previousToDate(asOf day: CalendarDate) -> Period {
        guard isInProgress(asOf: day) else { return previous }
        if kind == .year { return yearBeforeToDate(asOf: day) }
        let before = previous
        let elapsed = day.dayNumber - start.dayNumber
        return Period(kind: .range, start: before.start, end: CalendarDate(dayNumber: min(before.end.dayNumber, before.start.dayNumber + elapsed)))
    }

    /// The same period a year earlier, over the same calendar days when this one is in progress at
    /// `day` (a week: the same weekdays).
    public func yearBeforeToDate(asOf day: CalendarDate) -> Period {
        guard isInProgress(asOf: day) else { return yearBefore }
        let before = yearBefore
        let end = kind == .week ? before.start.adding(days: day.dayNumber - start.dayNumber) : min(day.yearBefore, before.end)
        return Period(kind: .range, start: before.start, end: end)
    }

    /// How a measured span reads in a heading: `2026-12 to date (1 day)` for a period in progress,
    /// the period's name otherwise.
    public func spanName(asOf day: CalendarDate) -> String {
        guard isInProgress(asOf: day) else { return description }
        let days = day.dayNumber - start.dayNumber + 1
        return "\(description) to date (\(days) day\(days == 1 ? "" : "s"))"
    }
}

/// A period as given on the command line or to a script: one of `Period.forms`, or a word relative
/// to the as-of day (`this-month`, `last-quarter`...). Parsed once, resolved when the day is known.
public struct PeriodSpec: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    private let fixed: Period?

    /// Every form a period may take, for messages and help.
    public static let forms = "\(Period.forms), or \(Period.relativeWords.joined(separator: ", "))"

    public init?(parsing text: String) {
        self.text = text
        fixed = Period(parsing: text)
        if fixed == nil && !Period.relativeWords.contains(text) { return nil }
    }

    /// The period meant as of `day`.
    public func period(asOf day: CalendarDate) -> Period {
        fixed ?? Period.relative(text, asOf: day)!
    }

    /// The one message for a text that is no period, after `place` (`--period`, `period`).
    public static func problem(_ text: String, place: String) -> String {
        "\(place): '\(text)' is not a period (\(forms))"
    }

    public var description: String { text }
}
