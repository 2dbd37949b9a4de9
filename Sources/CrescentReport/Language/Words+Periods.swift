import CrescentStore

/// Periods and days as headings name them: `2026-Q3` in English, `2026年第三季度` in Chinese.
extension Words {
    public func period(_ period: Period) -> String {
        guard language == .zh else { return period.description }
        let start = period.start
        switch period.kind {
        case .year: return "\(start.year)年"
        case .quarter: return "\(start.year)年第\(["一", "二", "三", "四"][(start.month - 1) / 3])季度"
        case .month: return "\(start.year)年\(start.month)月"
        case .week: return "\(period.yearOfWeek)年第\(period.weekNumber)周"
        case .range: return "\(start)至\(period.end)"
        }
    }

    /// A measured span: the period, or `2026-12 to date (1 day)` / `2026年12月至今（1天）`
    /// while it is in progress.
    public func spanName(_ period: Period, asOf day: CalendarDate) -> String {
        guard period.isInProgress(asOf: day) else { return self.period(period) }
        let days = day.dayNumber - period.start.dayNumber + 1
        return t(days == 1 ? "period.to_date.one" : "period.to_date", ["period": self.period(period), "days": String(days)])
    }

    /// A day within a year, as a column heads it: `07-06`, `7月6日`.
    public func shortDay(_ day: CalendarDate) -> String {
        language == .zh ? "\(day.month)月\(day.day)日" : String(day.description.dropFirst(5))
    }
}
