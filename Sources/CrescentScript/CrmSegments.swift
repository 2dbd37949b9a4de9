import CLuaBridge
import CrescentCore
import CrescentStore
import LuaKit

/// `crm.segment(name)` and `crm.segments()`: saved segmentation runs, read back from the store.
extension CrmModule {
    /// crm.segments() -> list of {name, description, as_of, runs, customers}
    func segments(_ call: LuaCall) throws -> Int32 {
        var latest: [String: (run: SegmentRunRecord, runs: Int)] = [:]
        for run in try store.segmentRuns() { latest[run.segment] = (run, (latest[run.segment]?.runs ?? 0) + 1) }
        state.push(.array(latest.keys.sorted().map { name in
            let (run, runs) = latest[name]!
            return .map(["name": .string(name), "description": .string(run.description), "as_of": .string(run.asOf),
                         "runs": .integer(Int64(runs)), "customers": .integer(Int64(run.customers))])
        }))
        return 1
    }

    /// crm.segment(name) -> the saved segmentation, with :members, :tier_of, :moves, :history
    func segment(_ call: LuaCall) throws -> Int32 {
        let name = try call.string(1)
        let runs = try store.segmentRuns(segment: name)
        guard let last = runs.last else {
            let known = Set(try store.segmentRuns().map(\.segment)).sorted()
            throw LuaArgumentError(index: 1, message: "no saved segmentation '\(name)'\(didYouMean(name, among: known)); save one with `crescent segment run`")
        }
        let L = call.L
        lua_createtable(L, 0, 4)
        let object = lua_gettop(L)
        state.push(.map(["name": .string(name), "description": .string(last.description), "as_of": .string(last.asOf),
                         "runs": .integer(Int64(runs.count)), "customers": .integer(Int64(last.customers))]))
        lua_pushnil(L)
        while lua_next(L, -2) != 0 {
            lua_pushvalue(L, -2)
            cb_insert(L, -2)
            lua_settable(L, object)
        }
        cb_pop(L, 1)
        state.register("members", inTableAt: object) { call in try self.members(name, call) }
        state.register("tier_of", inTableAt: object) { call in
            let id = try self.idArgument(call, 2)
            let tier = try self.store.tierHistory(segment: name, customerID: id).last?.tier
            call.push(tier.map { .string($0) } ?? .nil)
            return 1
        }
        state.register("history", inTableAt: object) { call in
            let id = try self.idArgument(call, 2)
            call.push(.array(try self.store.tierHistory(segment: name, customerID: id).map {
                .map(["tier": .string($0.tier), "as_of": .string($0.asOf), "run": .integer($0.runID)])
            }))
            return 1
        }
        state.register("moves", inTableAt: object) { call in
            var since: String?
            if !call.isNil(2) {
                _ = try call.table(2)
                lua_getfield(call.L, 2, "since")
                since = call.state.string(at: -1)
                cb_pop(call.L, 1)
                if let since, CalendarDate(parsing: since) == nil {
                    throw LuaArgumentError(index: 2, message: "since must be a date YYYY-MM-DD, got '\(since)'")
                }
            }
            call.push(.array(try self.store.tierMoves(segment: name, since: since).map {
                .map(["customer_id": .string($0.customerID), "from": $0.from.map { .string($0) } ?? .nil,
                      "to": .string($0.to), "as_of": .string($0.asOf), "run": .integer($0.runID)])
            }))
            return 1
        }
        return 1
    }

    /// seg:members([tier]) -> the customer records in the tier (or in any tier), by id
    private func members(_ segment: String, _ call: LuaCall) throws -> Int32 {
        let tier = call.isNil(2) ? nil : try call.string(2)
        let ids = try store.currentMembers(segment: segment).filter { tier == nil || $0.tier == tier }.map(\.customerID)
        try pushRecords(try store.records(.customers, ids: ids), of: .customers)
        return 1
    }
}
