import CrescentStore

/// Targets by scope, metric and period, read for attainment. A period without a target of its
/// own takes the sum of its parts when every part has one (the months of a quarter, the quarters
/// or months of a year): a target split down still answers for the whole. A team or the company
/// without a target of its own takes the sum of its members' targets (a team's reps and sub-teams,
/// the company's top teams and reps without a team), marked as rolled up.
public struct TargetBook: Sendable {
    private struct Key: Hashable { let scope: TargetScope, metric: String, period: String }
    private var values: [Key: Double] = [:]
    /// The scopes whose targets add up to each team's and the company's.
    private var members: [TargetScope: [TargetScope]] = [:]

    /// A target as found: set for the scope, or the sum of its members' (`rolledUp`).
    public struct Found: Sendable, Equatable {
        public let value: Double
        public let rolledUp: Bool
    }

    /// `teams` gives each team's parent ("" or nil for a top team), `repTeams` each rep's team.
    public init(_ targets: [Target], teams: [String: String?] = [:], repTeams: [String: String] = [:]) {
        for target in targets {
            values[Key(scope: target.scope, metric: target.metric, period: target.period.description)] = target.value.doubleValue
        }
        for (team, parent) in teams {
            let above: TargetScope = (parent ?? "").isEmpty || teams[parent!] == nil ? .company : .team(parent!)
            members[above, default: []].append(.team(team))
        }
        for target in targets { if case .rep(let rep) = target.scope, repTeams[rep] == nil { members[.company, default: []].append(.rep(rep)) } }
        for (rep, team) in repTeams { members[teams[team] == nil ? .company : .team(team), default: []].append(.rep(rep)) }
        for (scope, list) in members { members[scope] = Array(Set(list)) }
    }

    /// The target of `scope` for `metric` over `period`, or nil when none is set.
    public func value(scope: TargetScope, metric: String, period: Period) -> Double? {
        find(scope: scope, metric: metric, period: period)?.value
    }

    /// The target of `scope` for `metric` over `period`: its own, or rolled up from its members'.
    public func find(scope: TargetScope, metric: String, period: Period) -> Found? {
        if let own = own(scope, metric, period) { return Found(value: own, rolledUp: false) }
        let parts = (members[scope] ?? []).compactMap { find(scope: $0, metric: metric, period: period)?.value }
        return parts.isEmpty ? nil : Found(value: parts.reduce(0, +), rolledUp: true)
    }

    private func own(_ scope: TargetScope, _ metric: String, _ period: Period) -> Double? {
        if let exact = values[Key(scope: scope, metric: metric, period: period.description)] { return exact }
        for parts in [period.quarters, period.months].compactMap({ $0 }) {
            let found = parts.compactMap { values[Key(scope: scope, metric: metric, period: $0.description)] }
            if found.count == parts.count { return found.reduce(0, +) }
        }
        return nil
    }

    /// The scopes directly under `scope`: a team's reps and sub-teams, the company's top teams and teamless reps.
    public func members(of scope: TargetScope) -> [TargetScope] { members[scope] ?? [] }

    /// `ancestor` and everything under it at any depth: a team's reps and sub-teams (and theirs).
    public func scopes(within ancestor: TargetScope) -> Set<TargetScope> {
        var found = Set<TargetScope>(), pending = [ancestor]
        while let next = pending.popLast() {
            if found.insert(next).inserted { pending += members[next] ?? [] }
        }
        return found
    }

    /// The scopes that may answer for `metric`: those holding a target, and every team and the company.
    public func scopes(metric: String) -> Set<TargetScope> {
        Set(values.keys.filter { $0.metric == metric }.map(\.scope)).union(members.keys)
    }
}

/// A target with how far it has come: the metric's actual value so far (for a metric that is a
/// KPI) and the attainment.
public struct TargetProgress: Sendable, Equatable {
    public let target: Target
    /// The scope's display name (a team's or rep's).
    public let name: String
    public let actual: Double?

    public init(target: Target, name: String, actual: Double?) {
        self.target = target
        self.name = name
        self.actual = actual
    }

    public var attainment: Double? { actual.flatMap { target.value.units > 0 ? $0 / target.value.doubleValue : nil } }
}
