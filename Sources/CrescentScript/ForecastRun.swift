import CrescentCore
import CrescentStore
import LuaKit

/// The forecast with the stages (and their forecast categories) of `scripts/funnel/`, for the
/// command line. One Lua state, used by one thread.
public final class ForecastRun {
    private let lua: LuaState
    private let crm: CrmModule

    public init(environment: ScriptEnvironment, store: any RecordStore) throws {
        (lua, crm) = try environment.makeState(scriptPath: "", store: store)
    }

    /// The forecast of `period` by `grouping` (rep, team or company), as of the environment's day.
    public func report(period: Period, by grouping: Grouping) throws -> ForecastReport {
        try report(period: period, levels: [grouping])
    }

    /// The forecast of `period` with the rows of each of `levels`, then the company's.
    public func report(period: Period, levels: [Grouping]) throws -> ForecastReport {
        try ForecastReport(kpis: try crm.salesKpis(), period: period, levels: levels)
    }

    /// How well `period` was forecast, from its saved snapshots (the last of each week, or the last at or
    /// before each of `days`).
    public func accuracy(period: Period, by grouping: Grouping, at days: [CalendarDate]) throws -> ForecastAccuracy {
        try ForecastAccuracy(kpis: try crm.salesKpis(), period: period, by: grouping, at: days)
    }
}
