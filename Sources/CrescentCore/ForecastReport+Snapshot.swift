import CrescentStore

extension ForecastReport {
    /// The forecast of `period` as of the KPIs' day at every level (each rep, each team, the
    /// company), as `forecast --save` and a schedule keep it.
    public static func snapshot(kpis: SalesKpis, period: Period) throws -> ForecastSnapshot {
        let report = try ForecastReport(kpis: kpis, period: period, levels: [.rep, .team])
        return ForecastSnapshot(period: period, asOf: report.asOf, rows: report.rows.map(\.snapshotRow))
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
