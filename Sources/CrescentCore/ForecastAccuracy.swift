import CrescentStore

/// How well a period was forecast: the forecast as it stood at points of the period (saved
/// snapshots) against what closed in it, per rep or team and for the company (docs/forecasts.md).
///
/// For each scope, with `a` what closed and `f` the forecast at each point where the scope had
/// one: bias is the mean of `f − a` (positive: forecast too high), relative bias that over `a`,
/// and MAPE the mean of `|f − a| / a`. Both relative figures are nil when nothing closed.
public struct ForecastAccuracy: Sendable {
    /// One scope's forecasts at the points, and how far they were from what closed.
    public struct Row: Sendable, Equatable {
        public let scope: TargetScope
        public var name = ""
        /// Won deals of the period up to the report's day (the whole period once it is over).
        public var actual = 0.0
        /// The forecast at each of the report's points; nil where a snapshot had no row for the scope.
        public var forecasts: [Double?] = []

        var known: [Double] { forecasts.compactMap { $0 } }
        /// The mean forecast over the points that had one.
        public var meanForecast: Double? { known.isEmpty ? nil : known.reduce(0, +) / Double(known.count) }
        /// The mean of forecast − actual.
        public var bias: Double? { meanForecast.map { $0 - actual } }
        /// Bias as a share of what closed.
        public var relativeBias: Double? { actual > 0 ? bias.map { $0 / actual } : nil }
        /// Mean absolute percentage error, as a share.
        public var mape: Double? {
            actual > 0 && !known.isEmpty ? known.reduce(0) { $0 + abs($1 - actual) } / Double(known.count) / actual : nil
        }
    }

    public let period: Period
    public let asOf: CalendarDate
    public let grouping: Grouping
    /// The days of the snapshots compared, oldest first.
    public let points: [CalendarDate]
    /// Whether the period is over by the report's day (else what closed is what closed so far).
    public var complete: Bool { asOf >= period.end }
    /// The rows asked for (reps or teams), then the company.
    public let rows: [Row]

    /// The accuracy of `period`'s forecasts as of the KPIs' day, with rows per `grouping`. The points
    /// are the last snapshot of each week (Monday to Sunday) taken up to the period's end, or, given
    /// `days`, the last snapshot at or before each of those days.
    public init(kpis: SalesKpis, period: Period, by grouping: Grouping, at days: [CalendarDate] = []) throws {
        let closed = try ForecastReport(kpis: kpis, period: period, by: grouping)
        let last = min(period.end, kpis.asOf)
        let taken = try kpis.store.forecastSnapshots(period: period).filter { $0.asOf <= last }
        let chosen = Self.points(taken, at: days)
        self.period = period
        asOf = kpis.asOf
        self.grouping = grouping
        points = chosen.map(\.asOf)
        let level = grouping == .team ? "team" : "rep"
        var scopes = closed.rows.map(\.scope).filter { $0 != .company }
        let known = Set(scopes)
        scopes += Set(chosen.flatMap { $0.rows.map(\.scope) }.filter { $0.kind == level && grouping != .company && !known.contains($0) })
            .sorted()
        scopes.append(.company)
        let byScope = Dictionary(closed.rows.map { ($0.scope, $0) }, uniquingKeysWith: { first, _ in first })
        let names = (rep: try kpis.store.names(of: .reps), team: try kpis.store.names(of: .teams))
        rows = scopes.map { scope in
            var row = Row(scope: scope)
            let stored = scope.kind == "rep" ? names.rep[scope.id] : scope.kind == "team" ? names.team[scope.id] : nil
            row.name = byScope[scope]?.name ?? stored ?? ""
            row.actual = byScope[scope]?.amount(.closed) ?? 0
            row.forecasts = chosen.map { snapshot in snapshot.rows.first { $0.scope == scope }?.forecast.doubleValue }
            return row
        }
    }

    /// The snapshots compared: the last of each week, or the last at or before each of `days`.
    static func points(_ snapshots: [ForecastSnapshot], at days: [CalendarDate]) -> [ForecastSnapshot] {
        if days.isEmpty {
            var lastOfWeek: [CalendarDate: ForecastSnapshot] = [:]
            for snapshot in snapshots { lastOfWeek[snapshot.asOf.monday] = snapshot }  // oldest first: the last wins
            return lastOfWeek.values.sorted { $0.asOf < $1.asOf }
        }
        var chosen: [CalendarDate: ForecastSnapshot] = [:]
        for day in days {
            if let snapshot = snapshots.last(where: { $0.asOf <= day }) { chosen[snapshot.asOf] = snapshot }
        }
        return chosen.values.sorted { $0.asOf < $1.asOf }
    }
}
