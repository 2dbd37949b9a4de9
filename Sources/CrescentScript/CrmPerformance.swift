import CrescentCore
import CrescentReport
import CrescentStore
import LuaKit

/// `crm.funnel`, `crm.forecast`, `crm.targets`, `crm.commissions` and `crm.scores`: the performance objects of the
/// command line, for scripts, reports and the REPL (docs/kpis.md, docs/incentives.md).
extension CrmModule {
    func registerPerformance(inTableAt table: Int32) {
        state.register("funnel", inTableAt: table) { call in try self.funnel(call) }
        state.register("forecast", inTableAt: table) { call in try self.forecast(call) }
        state.register("forecast_accuracy", inTableAt: table) { call in try self.forecastAccuracy(call) }
        state.register("targets", inTableAt: table) { call in try self.targets(call) }
        state.register("commissions", inTableAt: table) { call in try self.commissions(call) }
        state.register("scores", inTableAt: table) { call in try self.scores(call) }
        state.register("period", inTableAt: table) { call in try self.period(call) }
        state.register("label", inTableAt: table) { call in try self.label(call) }
    }

    /// crm.period(text) -> {name, kind, first, last, days, previous, year_before, month, quarter, year}
    private func period(_ call: LuaCall) throws -> Int32 {
        let text = try call.string(1)
        guard let period = scriptPeriod(text) else {
            throw LuaArgumentError(index: 1, message: PeriodSpec.problem(text, place: "period"))
        }
        let first = period.start
        call.push(.map(["name": .string(period.description), "kind": .string(period.kind.rawValue), "first": .string(first.description),
                        "last": .string(period.end.description), "days": .integer(Int64(period.days)),
                        "previous": .string(period.previous.description), "year_before": .string(period.yearBefore.description),
                        "month": .string(Period.month(first.year, first.month).description),
                        "quarter": .string(Period.quarter(first.year, (first.month + 2) / 3).description), "year": .string(String(first.year))]))
        return 1
    }

    /// The `period` of an options table at `index`, required.
    private func periodOption(_ call: LuaCall, _ index: Int32) throws -> (Period, [String: LuaValue]) {
        guard case .map(let fields) = try call.value(index), let text = fields["period"]?.stringValue else {
            throw argumentError(index, "crm.arg.period_options")
        }
        guard let period = scriptPeriod(text) else { throw LuaArgumentError(index: index, message: PeriodSpec.problem(text, place: "period")) }
        return (period, fields)
    }

    /// The `scope` of an options table (company, team:ID or rep:ID), or nil when not given.
    func scopeOption(_ fields: [String: LuaValue], argument: Int32) throws -> TargetScope? {
        guard let given = fields["scope"] else { return nil }
        guard let text = given.stringValue else { throw argumentError(argument, "crm.arg.scope_string") }
        do { return try TargetScope(parsing: text) } catch { throw argumentError(argument, "crm.arg.scope", ["got": text]) }
    }

    /// crm.funnel{period = ..., scope = ...} -> the funnel report as a table (the fields of its JSON form)
    private func funnel(_ call: LuaCall) throws -> Int32 {
        let (period, fields) = try periodOption(call, 1)
        try push(try funnelReport(period: period, scope: try scopeOption(fields, argument: 1) ?? .company))
        return 1
    }

    /// crm.forecast{period = ..., by = "rep"|"team"|"company"} -> the forecast as a table (the fields of its JSON form)
    private func forecast(_ call: LuaCall) throws -> Int32 {
        let (period, fields) = try periodOption(call, 1)
        let grouping = try forecastGrouping(fields)
        try push(ForecastResult(report: try ForecastReport(kpis: try salesKpis(), period: period, by: grouping), currency: try store.baseCurrency()))
        return 1
    }

    /// The `by` of a forecast's options: rep (the default), team or company.
    private func forecastGrouping(_ fields: [String: LuaValue]) throws -> Grouping {
        let by = fields["by"]?.stringValue ?? "rep"
        guard let grouping = Grouping(rawValue: by), [.rep, .team, .company].contains(grouping) else {
            throw argumentError(1, "crm.arg.forecast_by", ["got": by])
        }
        return grouping
    }

    /// crm.forecast_accuracy{period = ..., by = "rep"|"team"|"company", at = {"2026-10-06", ...}} -> the saved
    /// forecasts of the period against what closed (the fields of `forecast accuracy --format json`)
    private func forecastAccuracy(_ call: LuaCall) throws -> Int32 {
        let (period, fields) = try periodOption(call, 1)
        let grouping = try forecastGrouping(fields)
        var days: [CalendarDate] = []
        if let at = fields["at"] {
            guard case .array(let list) = at else { throw argumentError(1, "crm.arg.at_days", ["got": "\(at)"]) }
            for item in list {
                guard let text = item.stringValue, let day = CalendarDate(parsing: text) else {
                    throw argumentError(1, "crm.arg.at_days", ["got": item.stringValue ?? "\(item)"])
                }
                days.append(day)
            }
        }
        let accuracy = try ForecastAccuracy(kpis: try salesKpis(), period: period, by: grouping, at: days)
        try push(ForecastAccuracyResult(accuracy: accuracy, currency: try store.baseCurrency()))
        return 1
    }

    /// crm.targets([{metric = ..., scope = ...}]) -> list of {scope, scope_id, metric, period, value}
    private func targets(_ call: LuaCall) throws -> Int32 {
        var fields: [String: LuaValue] = [:]
        if !call.isNil(1) {
            guard case .map(let given) = try call.value(1) else { throw argumentError(1, "crm.arg.target_filter") }
            fields = given
        }
        let scope = try scopeOption(fields, argument: 1)
        let list = try store.targets(metric: fields["metric"]?.stringValue).filter { scope == nil || $0.scope == scope }
        call.push(.array(list.map {
            .map(["scope": .string($0.scope.kind), "scope_id": $0.scope.id.isEmpty ? .nil : .string($0.scope.id), "metric": .string($0.metric),
                  "period": .string($0.period.description), "value": .number($0.value.doubleValue)].filter { $0.value != .nil })
        }))
        return 1
    }

    /// crm.commissions(plan, {period = ...}) -> list of statements {rep, name, revenue, target, attainment, total, lines} (the JSON form's)
    private func commissions(_ call: LuaCall) throws -> Int32 {
        try checkDefinition(call, check: "is_plan", constructor: "crm.commission_plan")
        let (period, _) = try periodOption(call, 2)
        call.state.pushValue(at: 1)
        let statements = try CommissionRun(lua: state, crm: self).statements(period: period)
        // The statements of the JSON form, field for field.
        call.push(try LuaEncoder().encode(statements))
        return 1
    }

    /// crm.scores(scorecard, {period = ...}) -> list of {rep, name, team, level, score, rank, ladder, dimensions = {{name, weight, score, measures}}}
    private func scores(_ call: LuaCall) throws -> Int32 {
        try checkDefinition(call, check: "is_scorecard", constructor: "crm.scorecard")
        let (period, _) = try periodOption(call, 2)
        call.state.pushValue(at: 1)
        let run = try ScorecardRun(lua: state, crm: self, place: "crm.scores")
        // The reps of the JSON form, field for field.
        call.push(try LuaEncoder().encode(ScorecardReport(card: run.card, period: period, asOf: asOf, scores: try run.scores(period: period)).reps))
        return 1
    }

    /// Argument 1 must be a definition made by `constructor`.
    private func checkDefinition(_ call: LuaCall, check: String, constructor: String) throws {
        pushInternal(check)
        call.state.pushValue(at: 1)
        try state.call(arguments: 1, results: 1)
        let ok = call.state.isTrue(at: -1)
        call.state.pop(1)
        if !ok { throw argumentError(1, "crm.arg.definition", ["constructor": constructor, "got": state.typeName(at: 1)]) }
    }
}
