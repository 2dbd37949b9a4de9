import CrescentCore
import CrescentStore
import LuaKit

/// A commission plan script, loaded into its own Lua state, and the statements it gives.
public final class CommissionRun {
    public let plan: CommissionPlan
    private let lua: LuaState
    private let crm: CrmModule
    private let planRef: LuaReference

    public convenience init(scriptPath path: String, environment: ScriptEnvironment, store: any RecordStore) throws {
        let (lua, crm) = try environment.makeState(scriptPath: path, store: store)
        try DefinitionScript.run(try ScriptEnvironment.source(of: path, limit: lua.limits), path: path, in: lua, crm: crm,
                                 check: "is_plan", constructor: "crm.commission_plan")
        try self.init(lua: lua, crm: crm)
    }

    /// The plan on top of the stack of `lua` (popped), already checked to be one.
    init(lua: LuaState, crm: CrmModule) throws(LuaError) {
        self.lua = lua
        self.crm = crm
        plan = Self.plan(from: try lua.value(at: -1))
        planRef = lua.reference()
    }

    deinit { lua.release(planRef) }

    /// Every rep's statement for `period`, as of the environment's as-of day.
    public func statements(period: Period) throws -> [CommissionStatement] {
        let kpis = try crm.salesKpis()
        let matches = try plan.spiffs.indices.map { try spiffMatches($0, period: period, kpis: kpis) }
        return try CommissionStatement.all(plan: plan, period: period, kpis: kpis, matches: matches)
    }

    /// The records spiff `k` pays for, per rep: the rep's orders, or deals won, in the period.
    private func spiffMatches(_ k: Int, period: Period, kpis: SalesKpis) throws -> [String: [SpiffMatch]] {
        let to = min(period.end, kpis.asOf)
        guard period.start <= to else { return [:] }
        let spiff = plan.spiffs[k]
        var candidates: [(id: String, rep: String, amount: Double)] = []
        if spiff.on == .orders {
            for line in try kpis.store.orderLines(from: period.start, to: to) {
                candidates.append((line.id, line.rep, try kpis.orderAmount(line)))
            }
        } else {
            for deal in try kpis.store.deals(.closed(period.start, to), by: .rep) where deal.status == "won" {
                guard let rep = deal.key, let closed = deal.closedOn else { continue }
                candidates.append((deal.id, rep, try kpis.baseAmount(deal, on: closed)))
            }
        }
        guard !candidates.isEmpty else { return [:] }
        crm.pushInternal("spiff_matches")
        lua.push(planRef)
        lua.pushInteger(k + 1)
        try crm.pushRecords(try kpis.store.records(spiff.on, ids: candidates.map(\.id)), of: spiff.on)
        try lua.call(arguments: 3, results: 1)
        defer { lua.pop(1) }
        guard case .array(let flags) = try lua.value(at: -1) else { return [:] }
        var out: [String: [SpiffMatch]] = [:]
        for (candidate, flag) in zip(candidates, flags) where flag == .boolean(true) {
            out[candidate.rep, default: []].append(SpiffMatch(id: candidate.id, amount: candidate.amount))
        }
        return out
    }

    /// The plan from the checked definition table (functions stay in Lua).
    private static func plan(from value: LuaValue) -> CommissionPlan {
        guard case .map(let fields) = value else { return CommissionPlan(name: "", baseRate: 0) }
        func rates(_ key: String) -> [String: Double] {
            guard case .map(let entries)? = fields[key] else { return [:] }
            return entries.compactMapValues(\.doubleValue)
        }
        func list(_ key: String) -> [[String: LuaValue]] {
            guard case .array(let items)? = fields[key] else { return [] }
            return items.compactMap { if case .map(let item) = $0 { item } else { nil } }
        }
        let tiers = list("tiers").map {
            CommissionPlan.Tier(from: $0["from"]?.doubleValue ?? 0, to: $0["to"]?.doubleValue, multiplier: $0["multiplier"]?.doubleValue ?? 1)
        }
        let spiffs = list("spiffs").map {
            CommissionPlan.Spiff(name: $0["name"]?.stringValue ?? "", on: $0["on"]?.stringValue == "deals" ? .deals : .orders,
                                 amount: $0["amount"]?.doubleValue, rate: $0["rate"]?.doubleValue)
        }
        return CommissionPlan(name: fields["name"]?.stringValue ?? "", description: fields["description"]?.stringValue ?? "",
                              baseRate: fields["base_rate"]?.doubleValue ?? 0, productRates: rates("product_rates"),
                              categoryRates: rates("category_rates"), tiers: tiers, spiffs: spiffs, cap: fields["cap"]?.doubleValue,
                              clawback: fields["clawback"] != .boolean(false))
    }
}
