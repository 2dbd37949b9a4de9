import CrescentCore
import CrescentReport
import CrescentStore
import LuaKit

/// Every KPI, built in or defined in `scripts/kpis/`, for the command line: one Lua state that
/// holds the custom definitions, used by one thread.
public final class KpiCatalog {
    private let lua: LuaState
    private let crm: CrmModule

    public init(store: any RecordStore, environment: ScriptEnvironment) throws {
        (lua, crm) = try environment.makeState(scriptPath: "", store: store)
    }

    /// Built-in KPIs, then custom ones by name.
    public var all: [KpiDefinition] { crm.kpiDefinitions() }

    /// The KPIs as a list: name, what people call it, unit and definition.
    public func list(_ language: Language, asOf: CalendarDate) -> ListResult {
        let words = Words(language)
        let columns = [ReportColumn(name: words.t("kpi.list.kpi"), kind: .text, key: "kpi"),
                       ReportColumn(name: words.t("kpi.name"), kind: .text, key: "label"),
                       ReportColumn(name: words.t("kpi.list.unit"), kind: .text, key: "unit"),
                       ReportColumn(name: words.t("kpi.list.definition"), kind: .text, key: "definition")]
        let rows = all.map { kpi -> [ReportValue] in
            let label = kpi.label ?? words.kpiName(kpi.name)
            return [.text(kpi.name), .code(label, label: label == kpi.name ? "" : label),
                    .code(kpi.unit.rawValue, label: words.t("units.\(kpi.unit.rawValue)")), .text(words.kpiDefinition(kpi.name) ?? kpi.summary)]
        }
        return ListResult(name: "kpi-list", title: words.t("kpi.list.title"), table: ReportTable(columns: columns, rows: rows),
                          asOf: asOf.description, language: language)
    }

    /// The store's targets (of one metric, one scope, within one period when given), each with the
    /// metric's actual value so far when the metric is a KPI.
    public func targetProgress(metric: String?, scope: TargetScope?, within period: Period?) throws -> TargetList {
        let store = crm.store
        let targets = try store.targets(metric: metric).filter { target in
            (scope == nil || target.scope == scope) && (period.map { $0.start <= target.period.start && target.period.end <= $0.end } ?? true)
        }
        let known = Set(all.map(\.name))
        var actuals: [String: KpiValues] = [:]
        let names = try store.names(of: .teams).merging(try store.names(of: .reps)) { a, _ in a }
        let rows = try targets.map { target -> TargetProgress in
            var actual: Double?
            if known.contains(target.metric), let grouping = Grouping(rawValue: target.scope.kind) {
                let cacheKey = "\(target.metric)|\(target.period)|\(grouping)"
                if actuals[cacheKey] == nil { actuals[cacheKey] = try values(target.metric, period: target.period, by: grouping) }
                actual = actuals[cacheKey]?[target.scope.group(in: grouping) ?? ""] ?? 0
            }
            return TargetProgress(target: target, name: names[target.scope.id] ?? "", actual: actual)
        }
        return TargetList(asOf: crm.asOf, currency: try store.baseCurrency(), targets: rows)
    }

    /// The values of KPI `name` over `period` per group.
    public func values(_ name: String, period: Period, by grouping: Grouping, options: KpiOptions = KpiOptions()) throws -> KpiValues {
        try crm.kpiValues(name, period: period, by: grouping, options: options)
    }

    /// The report of KPI `name` over `period`, grouped and compared as asked.
    public func report(_ name: String, period: Period, by grouping: Grouping, comparisons: [KpiComparison], ranked: Bool,
                       scope: TargetScope? = nil, options: KpiOptions) throws -> KpiReport {
        try crm.kpiReport(name, period: period, by: grouping, comparisons: comparisons, ranked: ranked, scope: scope, options: options)
    }
}
