import CrescentCore
import CrescentReport
import CrescentStore
import LuaKit

/// `crm.clv`: the customer value models of the latest `crescent clv fit` (docs/clv.md).
extension CrmModule {
    func registerClv(inTableAt table: Int32) {
        state.newTable(fields: 3)
        state.register("model", inTableAt: -1) { call in try self.clvModel(call) }
        state.register("expected_orders", inTableAt: -1) { call in try self.expectedOrders(call) }
        state.register("tracking", inTableAt: -1) { call in try self.clvTracking(call) }
        state.setField("clv", inTableAt: table)
    }

    /// crm.clv.model() -> the latest fit (the fields of `clv show --format json`), or nil before any fit
    private func clvModel(_ call: LuaCall) throws -> Int32 {
        guard let model = try ClvModel.latest(in: store) else { return 0 }
        try push(ClvResult(model: model))
        return 1
    }

    /// crm.clv.expected_orders(c, days) -> the purchases customer c (a record or an id) is expected to
    /// make in the next `days` days, as of crm.as_of; nil for a customer who never ordered
    private func expectedOrders(_ call: LuaCall) throws -> Int32 {
        let id = try customerID(call, 1), days = try call.number(2)
        guard days >= 0 && days.isFinite else { throw argumentError(2, "crm.arg.days") }
        guard let expected = try clvScorer().expectedOrders(customer: id, days: days) else { return 0 }
        call.push(.number(expected))
        return 1
    }

    /// crm.clv.tracking() -> {calibration_end, as_of, time_unit, weeks = {{end, actual, predicted, holdout}, ...}}
    private func clvTracking(_ call: LuaCall) throws -> Int32 {
        try push(ClvTrackingResult(tracking: try ClvTracking(store: store, asOf: asOf)))
        return 1
    }

    /// The id of argument `index`: a string, or a record's `id`.
    private func customerID(_ call: LuaCall, _ index: Int32) throws -> String {
        switch try call.value(index) {
        case .string(let id): return id
        case .integer(let id): return String(id)
        default: break
        }
        let state = call.state
        guard state.typeName(at: index) == "table" else {
            throw argumentError(index, "crm.arg.customer", ["got": state.typeName(at: index)])
        }
        if !state.pushViewContents(at: index) { state.pushValue(at: index) }  // a record's fields, or a plain table
        state.push("id")
        state.rawGet(inTableAt: -2)
        defer { state.pop(2) }
        guard let id = state.string(at: -1) else { throw argumentError(index, "crm.arg.customer", ["got": "table"]) }
        return id
    }
}
