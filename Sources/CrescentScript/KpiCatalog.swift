import CrescentCore
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
