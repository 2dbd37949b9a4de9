import Foundation

/// A manager's figure for where a scope's period will land, with who set it, when and why.
public struct ForecastAdjustment: Sendable, Equatable {
    public var id: Int64
    public var scope: TargetScope
    public var period: Period
    public var value: Decimal4
    public var note: String?
    public var setBy: String
    /// ISO 8601, UTC.
    public var setAt: String

    public init(id: Int64 = 0, scope: TargetScope, period: Period, value: Decimal4, note: String?, setBy: String = "", setAt: String = "") {
        (self.id, self.scope, self.period, self.value, self.note, self.setBy, self.setAt) = (id, scope, period, value, note, setBy, setAt)
    }
}

/// Forecast adjustments, the same in both backends: each is kept, the latest of a scope counts.
extension SQLStore {
    /// Stores `adjustment` as set now by the store's user (on a server, the signed-in role), and returns it as stored.
    public func adjustForecast(_ adjustment: ForecastAdjustment) throws(StoreError) -> ForecastAdjustment {
        let now = ISO8601DateFormatter().string(from: Date()), user = database.user
        return try database.transaction { (sql: any SQLSession) throws(StoreError) -> ForecastAdjustment in
            let by = sql.dialect.sessionUser ?? "?"
            let values: [SQLValue] = [.text(adjustment.scope.kind), .text(adjustment.scope.id), .text(adjustment.period.description),
                                      .integer(adjustment.value.units), SQLValue(adjustment.note), .text(now)]
                + (sql.dialect.sessionUser == nil ? [.text(user)] : [])
            let row = try sql.row("""
                INSERT INTO forecast_adjustments(scope, scope_id, period, value_e4, note, set_at, set_by)
                VALUES (?, ?, ?, ?, ?, ?, \(by)) RETURNING id, set_by
                """, values)
            guard let row else { throw SQLRow.mismatch("id", "the new adjustment's id", found: "no row") }
            var stored = adjustment
            (stored.id, stored.setBy, stored.setAt) = (try row.int64("id"), try row.text("set_by"), now)
            return stored
        }
    }

    /// Every adjustment for `period` (all scopes), oldest first: the last of each scope is the one that counts.
    public func forecastAdjustments(period: Period) throws(StoreError) -> [ForecastAdjustment] {
        try database.read { (sql: any SQLSession) throws(StoreError) in
            try sql.rows("SELECT * FROM forecast_adjustments WHERE period = ? ORDER BY id", [.text(period.description)]).map { row throws(StoreError) in
                ForecastAdjustment(id: try row.int64("id"), scope: TargetScope(kind: try row.text("scope"), id: try row.text("scope_id")),
                                   period: period, value: Decimal4(units: try row.int64("value_e4")), note: try row.optionalText("note"),
                                   setBy: try row.text("set_by"), setAt: try row.text("set_at"))
            }
        }
    }
}

/// The fits of the customer value models, kept whole as JSON (CrescentCore reads and writes it).
extension SQLStore {
    /// Saves a fit's JSON and returns its id.
    public func saveClvModel(_ json: String) throws(StoreError) -> Int64 {
        let now = ISO8601DateFormatter().string(from: Date())
        return try database.transaction { (sql: any SQLSession) throws(StoreError) -> Int64 in
            guard let row = try sql.row("INSERT INTO clv_models(fitted_at, model) VALUES (?, ?) RETURNING id", [.text(now), .text(json)]) else {
                throw SQLRow.mismatch("id", "the new model's id", found: "no row")
            }
            return try row.int64("id")
        }
    }

    /// The latest fit's JSON, nil when none was made.
    public func latestClvModel() throws(StoreError) -> String? {
        try database.read { (sql: any SQLSession) throws(StoreError) in
            try sql.row("SELECT model FROM clv_models ORDER BY id DESC LIMIT 1").map { row throws(StoreError) in try row.text("model") }
        }
    }
}
