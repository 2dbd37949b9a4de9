import CrescentStore

/// Targets by scope, metric and period, read for attainment. A period without a target of its
/// own takes the sum of its parts when every part has one (the months of a quarter, the quarters
/// or months of a year): a target split down still answers for the whole.
public struct TargetBook: Sendable {
    private struct Key: Hashable { let scope: TargetScope, metric: String, period: String }
    private var values: [Key: Double] = [:]

    public init(_ targets: [Target]) {
        for target in targets {
            values[Key(scope: target.scope, metric: target.metric, period: target.period.description)] = target.value.doubleValue
        }
    }

    /// The target of `scope` for `metric` over `period`, or nil when none is set.
    public func value(scope: TargetScope, metric: String, period: Period) -> Double? {
        if let exact = values[Key(scope: scope, metric: metric, period: period.description)] { return exact }
        for parts in [period.quarters, period.months].compactMap({ $0 }) {
            let found = parts.compactMap { values[Key(scope: scope, metric: metric, period: $0.description)] }
            if found.count == parts.count { return found.reduce(0, +) }
        }
        return nil
    }

    /// The scopes holding a target for `metric`.
    public func scopes(metric: String) -> Set<TargetScope> {
        Set(values.keys.filter { $0.metric == metric }.map(\.scope))
    }
}
