import CrescentStore

extension ForecastReport {
    /// The levels a snapshot keeps: each rep, each team, and the company.
    public static let snapshotLevels: [Grouping] = [.rep, .team]

    /// The report's rows as the snapshot of its day (`forecast --save`, a schedule): made with
    /// `snapshotLevels`, it holds every rep, team and the company.
    public var snapshot: ForecastSnapshot {
        ForecastSnapshot(period: period, asOf: asOf, rows: rows.map(\.snapshotRow))
    }

    /// The rows of one `level` and the company's: the report by that level, taken from one made at
    /// several (the rows of a level do not depend on the others made with it).
    public func only(_ level: Grouping) -> ForecastReport {
        var report = self
        report.grouping = level
        report.rows = rows.filter { $0.scope == .company || $0.scope.kind == level.rawValue }
        return report
    }
}

extension ForecastReport.Row {
    /// The row's figures as a snapshot keeps them, to the ten-thousandth.
    var snapshotRow: ForecastSnapshot.Row {
        func kept(_ value: Double) -> Decimal4 { Decimal4(units: Int64((value * Double(Decimal4.scale)).rounded())) }
        return ForecastSnapshot.Row(
            scope: scope, quota: quota.map(kept), closed: kept(amount(.closed)), commit: kept(amount(.commit)),
            bestCase: kept(amount(.bestCase)), pipeline: kept(amount(.pipeline)), weightedPipeline: kept(weightedPipeline),
            projection: kept(projection), computed: kept(computed), forecast: kept(forecast), adjusted: adjustment != nil)
    }
}
