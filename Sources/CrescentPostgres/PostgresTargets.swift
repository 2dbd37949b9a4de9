import CrescentStore
import PostgresNIO

/// Targets in the PostgreSQL store, as the SQLite store keeps them.
extension PostgresStore {
    /// Every target, or those of one metric, in listing order.
    public func targets(metric: String? = nil) throws(StoreError) -> [Target] {
        let rows = try link.query("SELECT scope, scope_id, metric, period, value_e4 FROM targets" + (metric == nil ? "" : " WHERE metric = $1"),
                                  metric.map { [$0] } ?? [])
        return Target.listed(rows.compactMap { row -> Target? in
            guard let (scope, id, metric, period, units) = try? row.decode((String, String, String, String, Int64).self),
                  let parsed = Period(parsing: period) else { return nil }
            return Target(scope: TargetScope(kind: scope, id: id), metric: metric, period: parsed, value: Decimal4(units: units))
        })
    }

    /// Saves targets in one transaction, replacing those of the same scope, metric and period; a scope
    /// naming a team or rep the store does not hold is refused and nothing is saved.
    public func saveTargets(_ targets: [Target]) throws(StoreError) {
        try link.transaction { () throws(StoreError) in
            for target in targets {
                if target.scope != .company,
                   try link.query("SELECT 1 FROM \(target.scope.kind)s WHERE id = $1", [target.scope.id]).isEmpty {
                    throw .usage(Message("scope.unknown", ["kind": target.scope.kind, "id": target.scope.id]))
                }
                try link.query("""
                    INSERT INTO targets(scope, scope_id, metric, period, value_e4) VALUES ($1, $2, $3, $4, CAST($5 AS BIGINT))
                    ON CONFLICT (scope, scope_id, metric, period) DO UPDATE SET value_e4 = excluded.value_e4
                    """, [target.scope.kind, target.scope.id, target.metric, target.period.description, String(target.value.units)])
            }
        }
    }
}
