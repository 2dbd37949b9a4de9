import CrescentCore
import CrescentStore
import LuaKit

/// The funnel with the stages of `scripts/funnel/` (or the default ones), for the command line.
/// One Lua state, used by one thread.
public final class FunnelRun {
    private let lua: LuaState
    private let crm: CrmModule

    public init(environment: ScriptEnvironment, store: any RecordStore) throws {
        (lua, crm) = try environment.makeState(scriptPath: "", store: store)
    }

    /// The funnel of `period` for `scope`.
    public func report(period: Period, scope: TargetScope = .company) throws -> FunnelReport {
        try crm.funnelReport(period: period, scope: scope)
    }
}

extension CrmModule {
    /// The funnel of `period` for `scope`, with, for stages that have exit criteria, how many open
    /// deals meet them.
    func funnelReport(period: Period, scope: TargetScope) throws -> FunnelReport {
        let kpis = try salesKpis()
        var report = try FunnelReport(kpis: kpis, period: period, scope: scope)
        for (index, stage) in kpis.stages.stages.enumerated() where stage.hasExitCriteria {
            report.readyToExit[stage.name] = try readyCount(stage: index, deals: report.openDeals.filter { $0.stage == stage.name })
        }
        return report
    }

    private func readyCount(stage index: Int, deals: [DealRow]) throws -> Int {
        guard !deals.isEmpty else { return 0 }
        pushInternal("exit_ready")
        state.pushInteger(index + 1)
        try pushRecords(try store.records(.deals, ids: deals.map(\.id)), of: .deals)
        try state.call(arguments: 2, results: 1)
        defer { state.pop(1) }
        guard case .array(let flags) = try state.value(at: -1) else { return 0 }
        return flags.filter { $0 == .boolean(true) }.count
    }
}
