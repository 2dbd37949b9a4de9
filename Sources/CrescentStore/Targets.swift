import GRDB

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

extension SQLiteStore {
    /// Every target, or those of one metric, ordered by metric, scope and period start.
    public func targets(metric: String? = nil) throws(StoreError) -> [Target] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT scope, scope_id, metric, period, value_e4 FROM targets" + (metric == nil ? "" : " WHERE metric = ?"),
                             arguments: metric.map { [$0] } ?? [])
        }
        let targets = rows.compactMap { row -> Target? in
            guard let period = Period(parsing: row[3]) else { return nil }
            return Target(scope: TargetScope(kind: row[0], id: row[1]), metric: row[2], period: period, value: Decimal4(units: row[4]))
        }
        return Target.listed(targets)
    }

    /// Saves targets in one transaction, replacing those of the same scope, metric and period.
    /// A scope naming a team or rep the store does not hold is refused and nothing is saved.
    public func saveTargets(_ targets: [Target]) throws(StoreError) {
        try writeTransaction { db in
            for target in targets {
                if target.scope != .company {
                    let table = target.scope.kind + "s"
                    guard try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ?", arguments: [target.scope.id]) != nil else {
                        throw StoreError.usage(Message("scope.unknown", ["kind": target.scope.kind, "id": target.scope.id]))
                    }
                }
                try db.execute(sql: """
                    INSERT INTO targets(scope, scope_id, metric, period, value_e4) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(scope, scope_id, metric, period) DO UPDATE SET value_e4 = excluded.value_e4
                    """, arguments: [target.scope.kind, target.scope.id, target.metric, target.period.description, target.value.units])
            }
            return ((), commit: true)
        }
    }
}
