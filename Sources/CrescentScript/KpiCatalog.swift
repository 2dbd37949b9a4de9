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
            [.text(kpi.name), .text(words.kpiName(kpi.name)), .code(kpi.unit.rawValue, label: words.t("units.\(kpi.unit.rawValue)")),
             .text(words.kpiDefinition(kpi.name) ?? kpi.summary)]
        }
        return ListResult(name: "kpi-list", title: words.t("kpi.list.title"), table: ReportTable(columns: columns, rows: rows),
                          asOf: asOf.description, language: language)
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
