import CrescentCore
import CrescentReport
import CrescentStore
import LuaKit

/// A KPI the workbench knows: built in, or defined in Lua with `crm.kpi.define`.
public struct KpiDefinition: Sendable, Equatable {
    public let name: String
    public let unit: KpiUnit
    public let summary: String
    /// What people call it in the language asked for; nil for a built-in KPI (the catalog names those).
    public var label: String? = nil
}

/// `crm.kpi(name, options)`, `crm.kpi.list()` and the custom KPIs of `crm.kpi.define`, on the built-in ones.
extension CrmModule {
    func registerKpiHooks(inTableAt table: Int32) {
        state.register("kpi", inTableAt: table) { call in try self.kpiCall(call) }
        state.register("kpi_values", inTableAt: table) { call in try self.kpiValuesCall(call) }
        state.register("kpi_list", inTableAt: table) { call in
            call.push(.array(self.kpiDefinitions().map { .map(["name": .string($0.name), "unit": .string($0.unit.rawValue), "description": .string($0.summary)]) }))
            return 1
        }
        state.register("is_builtin_kpi", inTableAt: table) { call in
            call.state.pushBoolean(BuiltinKpi(rawValue: try call.string(1)) != nil)
            return 1
        }
    }

    /// Every KPI: the built-in ones, then the custom ones by name.
    func kpiDefinitions() -> [KpiDefinition] {
        let builtin = BuiltinKpi.allCases.map { KpiDefinition(name: $0.rawValue, unit: $0.unit, summary: Words(.en).kpiDefinition($0.rawValue) ?? "") }
        return builtin + customKpis().sorted { $0.name < $1.name }
    }

    private func customKpis() -> [KpiDefinition] {
        pushInternal("kpis")
        defer { state.pop(1) }
        guard case .map(let entries)? = try? state.value(at: -1) else { return [] }
        return entries.compactMap { name, entry in
            guard case .map(let fields) = entry, let unit = fields["unit"]?.stringValue.flatMap(KpiUnit.init(rawValue:)) else { return nil }
            return KpiDefinition(name: name, unit: unit, summary: fields["description"]?.stringValue ?? "", label: fields["label"]?.stringValue)
        }
    }

    /// The definition named `name`, or a usage error suggesting the closest one.
    func kpiDefinition(_ name: String) throws -> KpiDefinition {
        let all = kpiDefinitions()
        guard let found = all.first(where: { $0.name == name }) else {
            throw StoreError.usage(Message("kpi.unknown", ["kpi": name, "hint": didYouMean(name, among: all.map(\.name)),
                                                        "kpis": all.map(\.name).joined(separator: ", ")]))
        }
        return found
    }

    /// A period as scripts may give it: any form, or a word relative to the as-of day (this-month, last-quarter...).
    func scriptPeriod(_ text: String) -> Period? {
        PeriodSpec(parsing: text)?.period(asOf: asOf)
    }

    /// The values of a KPI per group: built-in ones from the store, custom ones from their compute function.
    func kpiValues(_ name: String, period: Period, by grouping: Grouping, options: KpiOptions) throws -> KpiValues {
        if let builtin = BuiltinKpi(rawValue: name) {
            return try salesKpis().values(builtin, period: period, by: grouping, options: options)
        }
        _ = try kpiDefinition(name)
        pushInternal("kpi_compute")
        for argument in [name, period.description, period.start.description, period.end.description, grouping.rawValue, asOf.description] {
            state.push(argument)
        }
        try state.call(arguments: 6, results: 1)
        defer { state.pop(1) }
        guard case .map(let entries) = try state.value(at: -1) else { return [:] }
        return entries.compactMapValues(\.doubleValue)
    }

    /// The report of a KPI with the comparisons asked for.
    func kpiReport(_ name: String, period: Period, by grouping: Grouping, comparisons: [KpiComparison], ranked: Bool,
                   scope: TargetScope? = nil, options: KpiOptions) throws -> KpiReport {
        let definition = try kpiDefinition(name)
        let context = try KpiReport.Context(kpis: try salesKpis(), grouping: grouping, scope: scope)
        let targetMetric = BuiltinKpi(rawValue: name).map { $0.hasTarget ? name : nil } ?? name
        var report = try KpiReport(kpi: name, unit: definition.unit, period: period, asOf: asOf, grouping: grouping, comparisons: comparisons,
                                   ranked: ranked, context: context, targetMetric: targetMetric) { period in
            try kpiValues(name, period: period, by: grouping, options: options)
        }
        report.label = definition.label
        report.kind = name == BuiltinKpi.activities.rawValue ? options.kind : nil
        return report
    }

    /// host.kpi_values(name, period, by, options) -> {group = value}: `ctx.kpi` of a custom KPI.
    private func kpiValuesCall(_ call: LuaCall) throws -> Int32 {
        let name = try call.string(1)
        guard let period = Period(parsing: try call.string(2)) else { throw argumentError(2, "crm.arg.not_period") }
        let grouping = Grouping(rawValue: try call.string(3)) ?? .company
        let options = try kpiOptions(call.isNil(4) ? [:] : try optionsTable(call, 4), argument: 2)
        call.push(.map(try kpiValues(name, period: period, by: grouping, options: options).mapValues { .number($0) }))
        return 1
    }

    /// crm.kpi(name, {period = ..., by = ..., compare = ..., rank = ..., kind = ..., stage = ...}) -> report
    private func kpiCall(_ call: LuaCall) throws -> Int32 {
        let name = try call.string(1)
        let fields = try optionsTable(call, 2)
        guard let text = fields["period"]?.stringValue else {
            throw argumentError(2, "crm.arg.period_required", ["forms": Period.forms])
        }
        guard let period = scriptPeriod(text) else { throw LuaArgumentError(index: 2, message: PeriodSpec.problem(text, place: "period")) }
        let by = fields["by"]?.stringValue ?? "company"
        guard let grouping = Grouping(rawValue: by) else {
            throw argumentError(2, "crm.arg.kpi_by", ["got": by, "groupings": Grouping.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        var compare: [LuaValue] = []
        switch fields["compare"] {
        case .string(let one)?: compare = [.string(one)]
        case .array(let many)?: compare = many
        default: break
        }
        let comparisons = try compare.map { value -> KpiComparison in
            guard let comparison = value.stringValue.flatMap(KpiComparison.init(rawValue:)) else {
                throw argumentError(2, "crm.arg.compare", ["comparisons": KpiComparison.allCases.map(\.rawValue).joined(separator: ", ")])
            }
            return comparison
        }
        let scope = try scopeOption(fields, argument: 2)
        let report = try kpiReport(name, period: period, by: grouping, comparisons: comparisons, ranked: fields["rank"] == .boolean(true),
                                   scope: scope, options: try kpiOptions(fields, argument: 2))
        try push(report)
        return 1
    }

    private func optionsTable(_ call: LuaCall, _ index: Int32) throws -> [String: LuaValue] {
        switch try call.value(index) {
        case .map(let fields): return fields
        case .array(let items) where items.isEmpty: return [:]
        default: throw argumentError(index, "crm.arg.kpi_options")
        }
    }

    private func kpiOptions(_ fields: [String: LuaValue], argument: Int32) throws -> KpiOptions {
        for key in ["kind", "stage"] where fields[key] != nil && fields[key]?.stringValue == nil {
            throw argumentError(argument, "crm.arg.not_string", ["name": key])
        }
        return KpiOptions(kind: fields["kind"]?.stringValue, stage: fields["stage"]?.stringValue)
    }
}
