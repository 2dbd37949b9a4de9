import CrescentCore
import CrescentStore

/// Splitting a stored target into quarters, months or a team's reps, weighed evenly, by last
/// year's season, by each rep's history or by given weights, and saving the parts (`targets split`).
public struct TargetSplitRun {
    /// What to split into.
    public enum Into: Sendable { case quarters, months, reps }

    public let metric: String
    public let scope: TargetScope
    public let period: Period
    public let into: Into
    public let method: TargetSplitReport.Method
    /// For `.weights`: the CSV text of part,weight and the file it came from.
    public let weightsFile: (text: String, path: String)?

    public init(metric: String, scope: TargetScope, period: Period, into: Into, method: TargetSplitReport.Method,
                weightsFile: (text: String, path: String)? = nil) {
        self.metric = metric
        self.scope = scope
        self.period = period
        self.into = into
        self.method = method
        self.weightsFile = weightsFile
    }

    /// The parts of the stored target, saved unless `dryRun`.
    public func run(store: any RecordStore, environment: ScriptEnvironment, dryRun: Bool) throws -> TargetSplitReport {
        let book = TargetBook(try store.targets(metric: metric))
        guard let total = book.value(scope: scope, metric: metric, period: period) else {
            throw StoreError.usage(Message("split.no_target", ["metric": metric, "scope": "\(scope)", "period": "\(period)"]))
        }
        let scopes = try parts(store: store)
        let weights = try self.weights(scopes, store: store, environment: environment)
        let names = try store.names(of: .teams).merging(try store.names(of: .reps)) { team, _ in team }
        let whole = Decimal4(units: Int64((total * 10_000).rounded()))
        let parts = TargetSplitReport.parts(of: whole, scopes: scopes, weights: weights, names: names)
        if !dryRun {
            try store.saveTargets(parts.map { Target(scope: $0.scope, metric: metric, period: $0.period, value: $0.value) },
                                  source: "targets split \(scope) \(metric) \(period)")
        }
        return TargetSplitReport(metric: metric, scope: scope, period: period, total: whole, method: method,
                                 weighedBy: weighedBy(asOf: environment.asOf), saved: !dryRun, parts: parts,
                                 currency: try store.baseCurrency(), asOf: environment.asOf)
    }

    /// The period whose actuals weigh the parts: a year for a seasonal split, the year before for history.
    private func weighedBy(asOf day: CalendarDate) -> Period? {
        switch method {
        case .seasonal: return .year(TargetSplit.weighedYear(of: period, asOf: day))
        case .history: return TargetSplit.weighedPeriod(period, inYear: nil)
        case .even, .weights: return nil
        }
    }

    /// The scopes and periods of the parts.
    private func parts(store: any RecordStore) throws -> [(scope: TargetScope, period: Period)] {
        switch into {
        case .quarters, .months:
            guard let periods = into == .quarters ? period.quarters : period.months else {
                throw StoreError.usage(Message(into == .quarters ? "split.quarters_of_year" : "split.months_of",
                                               ["period": "\(period)", "kind": Message("period.kind.\(period.kind.rawValue)")]))
            }
            return periods.map { (scope, $0) }
        case .reps:
            guard case .team(let team) = scope else { throw StoreError.usage(Message("split.reps_of_team")) }
            let reps = try store.find(.reps, where: ["team_id": .text(team)]).filter { $0["role"]?.text != "manager" }
                .compactMap { $0["id"]?.text }.sorted()
            guard !reps.isEmpty else { throw StoreError.usage(Message("split.team_without_reps", ["team": team])) }
            return reps.map { (.rep($0), period) }
        }
    }

    /// One weight per part.
    private func weights(_ parts: [(scope: TargetScope, period: Period)], store: any RecordStore,
                         environment: ScriptEnvironment) throws -> [Double] {
        switch method {
        case .even: return parts.map { _ in 1 }
        case .weights:
            let file = weightsFile ?? (text: "", path: "")
            return try TargetSplit.weights(csv: file.text, file: file.path,
                                           parts: parts.map { into == .reps ? $0.scope.id : $0.period.description })
        case .seasonal, .history:
            let catalog = try KpiCatalog(store: store, environment: environment)
            guard catalog.all.contains(where: { $0.name == metric }) else {
                throw StoreError.usage(Message("split.not_a_kpi", ["method": method.rawValue, "metric": metric]))
            }
            let grouping: Grouping = into == .reps ? .rep : Grouping(rawValue: scope.kind) ?? .company
            let year = method == .seasonal ? TargetSplit.weighedYear(of: period, asOf: environment.asOf) : nil
            let weights = try parts.map { part -> Double in
                let values = try catalog.values(metric, period: TargetSplit.weighedPeriod(part.period, inYear: year), by: grouping)
                return max(0, values[part.scope.group(in: grouping) ?? ""] ?? 0)
            }
            guard weights.contains(where: { $0 > 0 }) else {
                throw StoreError.usage(Message("split.no_history", ["method": method.rawValue, "metric": metric,
                                                                   "period": "\(year.map { Period.year($0) } ?? period)"]))
            }
            return weights
        }
    }
}
