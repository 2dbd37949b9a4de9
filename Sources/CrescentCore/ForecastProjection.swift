import CrescentStore

/// Order revenue of a period so far, projected to its end by the shape of the same period last
/// year: so far × (last year's whole period ÷ last year's period up to the same day). With no
/// revenue last year up to that day, linearly: so far ÷ the share of the period elapsed. A period
/// over is its revenue.
struct ForecastProjection {
    let soFar: KpiValues, lastYearWhole: KpiValues, lastYearSoFar: KpiValues
    let elapsed: Double

    init(kpis: SalesKpis, period: Period) throws {
        soFar = try kpis.values(.revenue, period: period, by: .rep)
        elapsed = period.elapsedShare(asOf: kpis.asOf)
        let lastYear = period.yearBefore
        lastYearWhole = elapsed >= 1 ? [:] : try kpis.values(.revenue, period: lastYear, by: .rep)
        let then = try SalesKpis(store: kpis.store, asOf: kpis.asOf.yearBefore, stages: kpis.stages)
        lastYearSoFar = elapsed >= 1 ? [:] : try then.values(.revenue, period: lastYear, by: .rep)
    }

    /// The revenue so far of the reps `covers` says are a scope's, its projection, and how it was made.
    func projected(_ covers: (String) -> Bool) -> (Double, Double, ForecastReport.ProjectionMethod) {
        func sum(_ values: KpiValues) -> Double { values.filter { covers($0.key) }.values.reduce(0, +) }
        let now = sum(soFar)
        if elapsed >= 1 { return (now, now, .actual) }
        let before = sum(lastYearSoFar), whole = sum(lastYearWhole)
        if before > 0 { return (now, now * whole / before, .lastYearShape) }
        return (now, elapsed > 0 ? now / elapsed : 0, .linear)
    }
}
