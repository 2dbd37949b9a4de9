/// A reporting period: a year (`2026`), quarter (`2026-Q3`), month (`2026-07`), ISO week (`2026-W27`)
/// or an explicit range of days (`2026-01-01..2026-03-31`), both ends included.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case year, quarter, month, week, range }

    public let kind: Kind
    public let start: CalendarDate
    public let end: CalendarDate

    /// What the forms look like, for error messages.
    public static let forms = "2026, 2026-Q3, 2026-07, 2026-W27 or 2026-01-01..2026-03-31"

    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if let range = text.range(of: "..") {
            guard let from = CalendarDate(parsing: text[..<range.lowerBound]),
                  let to = CalendarDate(parsing: text[range.upperBound...]), from <= to else { return nil }
            self.init(kind: .range, start: from, end: to)
            return
        }
        guard parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let year = Int(parts[0]), year >= 1900 else { return nil }
        if parts.count == 1 {
            self = .year(year)
            return
        }
        guard parts.count == 2 else { return nil }
        let rest = parts[1]
        if rest.hasPrefix("Q"), rest.count == 2, let q = Int(rest.dropFirst()), (1...4).contains(q) {
            self = .quarter(year, q)
        } else if rest.hasPrefix("W"), rest.count == 3, let w = Int(rest.dropFirst()), w >= 1, w <= Self.isoWeeks(in: year) {
            self = .week(year, w)
        } else if rest.count == 2, rest.allSatisfy(\.isASCII), let m = Int(rest), (1...12).contains(m) {
            self = .month(year, m)
        } else {
            return nil
        }
    }

    public init(kind: Kind, start: CalendarDate, end: CalendarDate) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    public static func year(_ year: Int) -> Period {
        Period(kind: .year, start: CalendarDate(year: year, month: 1, day: 1)!, end: CalendarDate(year: year, month: 12, day: 31)!)
    }

    public static func quarter(_ year: Int, _ quarter: Int) -> Period {
        let first = 3 * quarter - 2
        return Period(kind: .quarter, start: CalendarDate(year: year, month: first, day: 1)!,
                      end: CalendarDate(year: year, month: first + 2, day: CalendarDate.days(inMonth: first + 2, year: year))!)
    }

    public static func month(_ year: Int, _ month: Int) -> Period {
        Period(kind: .month, start: CalendarDate(year: year, month: month, day: 1)!,
               end: CalendarDate(year: year, month: month, day: CalendarDate.days(inMonth: month, year: year))!)
    }

    /// ISO week `week` of ISO year `year`: Monday to Sunday; week 1 holds the year's first Thursday.
    public static func week(_ year: Int, _ week: Int) -> Period {
        let monday = isoWeekOneMonday(year) + 7 * (week - 1)
        return Period(kind: .week, start: CalendarDate(dayNumber: monday), end: CalendarDate(dayNumber: monday + 6))
    }

    /// Day number of the Monday of ISO week 1 (the week holding January 4).
    static func isoWeekOneMonday(_ year: Int) -> Int {
        CalendarDate(year: year, month: 1, day: 4)!.monday.dayNumber
    }

    static func isoWeeks(in year: Int) -> Int {
        (isoWeekOneMonday(year + 1) - isoWeekOneMonday(year)) / 7
    }

    public var days: Int { end.dayNumber - start.dayNumber + 1 }

    public func contains(_ day: CalendarDate) -> Bool { start <= day && day <= end }

    public var description: String {
        switch kind {
        case .year: return String(start.year)
        case .quarter: return "\(start.year)-Q\((start.month + 2) / 3)"
        case .month: return String(start.description.prefix(7))
        case .week: return "\(yearOfWeek)-W\(weekNumber < 10 ? "0" : "")\(weekNumber)"
        case .range: return "\(start)..\(end)"
        }
    }

    /// The period just before, of the same kind (for a range: of the same number of days).
    public var previous: Period {
        switch kind {
        case .year: return .year(start.year - 1)
        case .quarter: return start.month == 1 ? .quarter(start.year - 1, 4) : .quarter(start.year, (start.month + 2) / 3 - 1)
        case .month: return start.month == 1 ? .month(start.year - 1, 12) : .month(start.year, start.month - 1)
        case .week: return Period(kind: .week, start: start.adding(days: -7), end: end.adding(days: -7))
        case .range: return Period(kind: .range, start: start.adding(days: -days), end: start.adding(days: -1))
        }
    }

    /// The same period a year earlier: the same quarter, month or ISO week number (the last week
    /// when that year has no week 53), or for a range the same days with 29 February as the 28th.
    public var yearBefore: Period {
        switch kind {
        case .year: return .year(start.year - 1)
        case .quarter: return .quarter(start.year - 1, (start.month + 2) / 3)
        case .month: return .month(start.year - 1, start.month)
        case .week: return .week(yearOfWeek - 1, min(weekNumber, Self.isoWeeks(in: yearOfWeek - 1)))
        case .range: return Period(kind: .range, start: start.yearBefore, end: end.yearBefore)
        }
    }

    /// The share of the period's days already begun by the end of `day`: 0 before it, 1 after it.
    public func elapsedShare(asOf day: CalendarDate) -> Double {
        if day < start { return 0 }
        if day >= end { return 1 }
        return Double(day.dayNumber - start.dayNumber + 1) / Double(days)
    }

    /// The quarters of a year.
    public var quarters: [Period]? { kind == .year ? (1...4).map { .quarter(start.year, $0) } : nil }

    /// The months of a year or a quarter.
    public var months: [Period]? {
        switch kind {
        case .year: return (1...12).map { .month(start.year, $0) }
        case .quarter: return (start.month...(start.month + 2)).map { .month(start.year, $0) }
        default: return nil
        }
    }
}

extension CalendarDate {
    /// The same day a year earlier; 29 February becomes the 28th.
    public var yearBefore: CalendarDate { yearsBefore(1) }

    /// The same day `years` years earlier; 29 February becomes the 28th.
    public func yearsBefore(_ years: Int) -> CalendarDate {
        CalendarDate(year: year - years, month: month, day: min(day, CalendarDate.days(inMonth: month, year: year - years)))!
    }
}

extension Period {
    /// The words a report parameter may give instead of a period, relative to the as-of day.
    public static let relativeWords = ["this-week", "last-week", "this-month", "last-month", "this-quarter", "last-quarter", "this-year", "last-year"]

    /// `this-week`, `last-month`, ... as of `day`; nil for anything else.
    public static func relative(_ word: String, asOf day: CalendarDate) -> Period? {
        let thisWeek = Period(kind: .week, start: day.monday, end: day.monday.adding(days: 6))
        switch word {
        case "this-week": return thisWeek
        case "last-week": return thisWeek.previous
        case "this-month": return .month(day.year, day.month)
        case "last-month": return Period.month(day.year, day.month).previous
        case "this-quarter": return .quarter(day.year, (day.month + 2) / 3)
        case "last-quarter": return Period.quarter(day.year, (day.month + 2) / 3).previous
        case "this-year": return .year(day.year)
        case "last-year": return .year(day.year - 1)
        default: return nil
        }
    }

    /// For a week: the ISO year (the year of its Thursday) and week number.
    public var yearOfWeek: Int { CalendarDate(dayNumber: start.dayNumber + 3).year }
    public var weekNumber: Int { (start.dayNumber - Self.isoWeekOneMonday(yearOfWeek)) / 7 + 1 }
}
