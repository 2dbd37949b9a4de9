import Foundation

/// A period's forecast as it stood on one day: one row per rep, team and the company, kept so that
/// the forecast can later be compared with what closed (`crescent forecast accuracy`).
public struct ForecastSnapshot: Sendable, Equatable {
    /// One scope's figures on the snapshot's day, in the base currency.
    public struct Row: Sendable, Equatable {
        public var scope: TargetScope
        public var quota: Decimal4?
        public var closed, commit, bestCase, pipeline, weightedPipeline, projection, computed, forecast: Decimal4
        /// Whether `forecast` was a manager's figure rather than the computed one.
        public var adjusted: Bool

        public init(scope: TargetScope, quota: Decimal4?, closed: Decimal4, commit: Decimal4, bestCase: Decimal4, pipeline: Decimal4,
                    weightedPipeline: Decimal4, projection: Decimal4, computed: Decimal4, forecast: Decimal4, adjusted: Bool) {
            (self.scope, self.quota, self.closed, self.commit, self.bestCase) = (scope, quota, closed, commit, bestCase)
            (self.pipeline, self.weightedPipeline, self.projection, self.computed) = (pipeline, weightedPipeline, projection, computed)
            (self.forecast, self.adjusted) = (forecast, adjusted)
        }
    }

    public var period: Period
    /// The day the forecast was computed as of.
    public var asOf: CalendarDate
    public var rows: [Row]
    /// Who took it (the store's user, or the signed-in role) and when (ISO 8601, UTC).
    public var takenBy: String
    public var takenAt: String

    public init(period: Period, asOf: CalendarDate, rows: [Row], takenBy: String = "", takenAt: String = "") {
        (self.period, self.asOf, self.rows, self.takenBy, self.takenAt) = (period, asOf, rows, takenBy, takenAt)
    }
}

/// Forecast snapshots, the same in both backends: one per period and day, a later one of the same
/// day replacing it whole.
extension SQLStore {
    private static var snapshotColumns: String {
        "quota_e4, closed_e4, commit_e4, best_case_e4, pipeline_e4, weighted_e4, projection_e4, computed_e4, forecast_e4"
    }

    /// Saves `snapshot` as taken now by the store's user, replacing one of the same period and day.
    /// Returns how many rows it holds.
    @discardableResult
    public func saveForecastSnapshot(_ snapshot: ForecastSnapshot) throws(StoreError) -> Int {
        let now = ISO8601DateFormatter().string(from: Date()), user = database.user
        return try database.transaction { (sql: any SQLSession) throws(StoreError) -> Int in
            let key: [SQLValue] = [.text(snapshot.period.description), .text(snapshot.asOf.description)]
            try sql.execute("DELETE FROM forecast_snapshots WHERE period = ? AND as_of = ?", key)
            let by = sql.dialect.sessionUser ?? "?"
            for row in snapshot.rows {
                let amounts = [row.closed, row.commit, row.bestCase, row.pipeline, row.weightedPipeline, row.projection,
                               row.computed, row.forecast].map { SQLValue.integer($0.units) }
                let values: [SQLValue] = key + [.text(row.scope.kind), .text(row.scope.id), row.quota.map { .integer($0.units) } ?? .null]
                    + amounts + [.integer(row.adjusted ? 1 : 0), .text(now)] + (sql.dialect.sessionUser == nil ? [.text(user)] : [])
                try sql.execute("""
                    INSERT INTO forecast_snapshots(period, as_of, scope, scope_id, \(Self.snapshotColumns), adjusted, taken_at, taken_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(by))
                    """, values)
            }
            return snapshot.rows.count
        }
    }

    /// Every snapshot of `period`, oldest day first, with its rows in the order saved.
    public func forecastSnapshots(period: Period) throws(StoreError) -> [ForecastSnapshot] {
        try database.read { (sql: any SQLSession) throws(StoreError) -> [ForecastSnapshot] in
            var snapshots: [ForecastSnapshot] = []
            let query = "SELECT * FROM forecast_snapshots WHERE period = ? ORDER BY as_of, id"
            try sql.forEachRow(query, [.text(period.description)]) { (row: SQLRow) throws(StoreError) in
                let day = try row.text("as_of")
                guard let asOf = CalendarDate(parsing: day[...]) else { throw SQLRow.mismatch("as_of", "a day", found: day) }
                func amount(_ column: String) throws(StoreError) -> Decimal4 { Decimal4(units: try row.int64(column)) }
                let quota = try row.optionalInt64("quota_e4").map { Decimal4(units: $0) }
                let scoped = ForecastSnapshot.Row(
                    scope: TargetScope(kind: try row.text("scope"), id: try row.text("scope_id")), quota: quota,
                    closed: try amount("closed_e4"), commit: try amount("commit_e4"), bestCase: try amount("best_case_e4"),
                    pipeline: try amount("pipeline_e4"), weightedPipeline: try amount("weighted_e4"),
                    projection: try amount("projection_e4"), computed: try amount("computed_e4"), forecast: try amount("forecast_e4"),
                    adjusted: try row.int64("adjusted") != 0)
                if snapshots.last?.asOf != asOf {
                    snapshots.append(ForecastSnapshot(period: period, asOf: asOf, rows: [],
                                                      takenBy: try row.text("taken_by"), takenAt: try row.text("taken_at")))
                }
                snapshots[snapshots.count - 1].rows.append(scoped)
            }
            return snapshots
        }
    }
}
