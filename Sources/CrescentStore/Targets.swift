/// Whose target: the whole company, one team or one rep.
public enum TargetScope: Hashable, Sendable, CustomStringConvertible {
    case company
    case team(String)
    case rep(String)

    /// Parses `company`, `team:ID` or `rep:ID`.
    public init(parsing text: String) throws(StoreError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("company", 1): self = .company
        case ("team", 2) where !parts[1].isEmpty: self = .team(parts[1])
        case ("rep", 2) where !parts[1].isEmpty: self = .rep(parts[1])
        default: throw .usage(Message("scope.invalid", ["scope": text]))
        }
    }

    /// The scope stored as `kind` (company, team, rep) and `id` ('' for the company).
    public init(kind: String, id: String) {
        switch kind {
        case "team": self = .team(id)
        case "rep": self = .rep(id)
        default: self = .company
        }
    }

    public var kind: String {
        switch self {
        case .company: return "company"
        case .team: return "team"
        case .rep: return "rep"
        }
    }

    /// The team or rep id; empty for the company.
    public var id: String {
        switch self {
        case .company: return ""
        case .team(let id), .rep(let id): return id
        }
    }

    public var description: String { self == .company ? "company" : "\(kind):\(id)" }
}

/// One target: a value of a metric for a scope over a period.
public struct Target: Hashable, Sendable {
    public var scope: TargetScope
    public var metric: String
    public var period: Period
    public var value: Decimal4

    public init(scope: TargetScope, metric: String, period: Period, value: Decimal4) {
        self.scope = scope
        self.metric = metric
        self.period = period
        self.value = value
    }
}

extension Target {
    /// Targets in listing order: by metric, scope, then period start, a period before its parts (the longer first).
    public static func listed(_ targets: [Target]) -> [Target] {
        targets.sorted {
            ($0.metric, $0.scope.kind, $0.scope.id, $0.period.start, -$0.period.days) < ($1.metric, $1.scope.kind, $1.scope.id, $1.period.start, -$1.period.days)
        }
    }
}

/// Targets, the same in both backends.
extension SQLStore {
    /// Every target, or those of one metric, in listing order. A period that does not parse is an error.
    public func targets(metric: String? = nil) throws(StoreError) -> [Target] {
        let query = "SELECT scope, scope_id, metric, period, value_e4 FROM targets" + (metric == nil ? "" : " WHERE metric = ?")
        let rows = try database.read { (sql: any SQLSession) throws(StoreError) in try sql.rows(query, metric.map { [.text($0)] } ?? []) }
        var targets: [Target] = []
        for row in rows {
            let text = try row.text("period")
            guard let period = Period(parsing: text) else { throw SQLRow.mismatch("period", "a period", found: text) }
            targets.append(Target(scope: TargetScope(kind: try row.text("scope"), id: try row.text("scope_id")), metric: try row.text("metric"),
                                  period: period, value: Decimal4(units: try row.int64("value_e4"))))
        }
        return Target.listed(targets)
    }

    /// Saves targets in one transaction, replacing those of the same scope, metric and period, as
    /// one run of the audit trail made through `source` (each target's value, old and new). A scope
    /// naming a team or rep the store does not hold is refused and nothing is saved.
    public func saveTargets(_ targets: [Target], source: String) throws(StoreError) {
        try database.transaction { (sql: any SQLSession) throws(StoreError) in
            var run: Int64?
            for target in targets {
                if target.scope != .company, try sql.row("SELECT 1 AS found FROM \(target.scope.kind)s WHERE id = ?", [.text(target.scope.id)]) == nil {
                    throw StoreError.usage(Message("scope.unknown", ["kind": target.scope.kind, "id": target.scope.id]))
                }
                let key: [SQLValue] = [.text(target.scope.kind), .text(target.scope.id), .text(target.metric), .text(target.period.description)]
                let old = try sql.row("SELECT value_e4 FROM targets WHERE scope = ? AND scope_id = ? AND metric = ? AND period = ?", key)
                    .map { row throws(StoreError) in Decimal4(units: try row.int64("value_e4")).description }
                let new = target.value.description
                if old != new {
                    let id = [target.scope.kind, target.scope.id, target.metric, target.period.description].joined(separator: "/")
                    try ChangeLog.record(RecordChange(entity: .targets, id: id, action: old == nil ? .create : .update,
                                                      fields: [.init(field: "value", old: old, new: new)], place: nil),
                                         run: &run, source: source, user: database.user, sql)
                }
                try sql.execute("""
                    INSERT INTO targets(scope, scope_id, metric, period, value_e4) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (scope, scope_id, metric, period) DO UPDATE SET value_e4 = excluded.value_e4
                    """, [.text(target.scope.kind), .text(target.scope.id), .text(target.metric), .text(target.period.description),
                          .integer(target.value.units)])
            }
        }
    }
}
