import CLuaBridge
import Foundation
import CrescentCore
import CrescentStore
import LuaKit

/// `crm.segment(name)` and `crm.segments()`: saved segmentation runs, read back from the store.
extension CrmModule {
    /// crm.segments() -> list of {name, description, as_of, runs, customers}
    func segments(_ call: LuaCall) throws -> Int32 {
        state.push(.array(try store.savedSegmentations().map(Self.summary)))
        return 1
    }

    /// {name, description, as_of, runs, customers} of a saved segmentation.
    private static func summary(_ saved: (latest: SegmentRunRecord, runs: Int)) -> LuaValue {
        .map(["name": .string(saved.latest.segment), "description": .string(saved.latest.description), "as_of": .string(saved.latest.asOf),
              "runs": .integer(Int64(saved.runs)), "customers": .integer(Int64(saved.latest.customers))])
    }

    /// crm.segment(name) -> the saved segmentation, with :members, :tier_of, :moves, :history
    func segment(_ call: LuaCall) throws -> Int32 {
        let name = try call.string(1)
        let saved = try store.savedSegmentations()
        guard let found = saved.first(where: { $0.latest.segment == name }) else {
            let known = saved.map(\.latest.segment)
            throw LuaArgumentError(index: 1, message: "no saved segmentation '\(name)'\(didYouMean(name, among: known)); save one with `crescent segment run`")
        }
        var summary = Self.summary(found)
        if case .map(var fields) = summary {
            let run = Self.runSummary(found.latest.summary)
            fields["tiers"] = run["tiers"] ?? .array([])
            fields["last_moves"] = run["moves"] ?? .array([])
            summary = .map(fields)
        }
        state.push(summary)
        let object = lua_gettop(call.L)
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

    /// The latest run's tiers ({name, count, share, revenue_12m}) and moves ({from, to, count}), from its saved summary.
    private static func runSummary(_ json: String) -> [String: LuaValue] {
        guard let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        func value(_ any: Any) -> LuaValue {
            switch any {
            case let text as String: return .string(text)
            case let number as NSNumber: return number.doubleValue == number.doubleValue.rounded() ? .integer(number.int64Value) : .number(number.doubleValue)
            case let list as [Any]: return .array(list.map(value))
            case let map as [String: Any]: return .map(map.mapValues(value))
            default: return .nil
            }
        }
        return object.mapValues(value)
    }

    /// seg:members([tier]) -> the customer records in the tier (or in any tier), by id
    private func members(_ segment: String, _ call: LuaCall) throws -> Int32 {
        let tier = call.isNil(2) ? nil : try call.string(2)
        let ids = try store.currentMembers(segment: segment).filter { tier == nil || $0.tier == tier }.map(\.customerID)
        try pushRecords(try store.records(.customers, ids: ids), of: .customers)
        return 1
    }
}
