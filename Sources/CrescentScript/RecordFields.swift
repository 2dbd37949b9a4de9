import CLuaBridge
import CrescentCore
import CrescentStore
import LuaKit

/// Fields a record table does not hold itself: derived customer metrics, saved tiers,
/// stored fields that are empty, and the error for a field that does not exist.
extension CrmModule {
    /// The names a record of `entity` may be read by, besides computed fields.
    func fieldNames(of entity: Entity) throws -> [String] {
        var names = entity.fields.map(\.name) + (try store.customFields(of: entity))
        if entity == .customers { names += DerivedMetric.allCases.map(\.rawValue) + ["tiers"] }
        return names
    }

    /// host.check_field(entity, name) -> ok, message: may a computed field take this name?
    func checkField(_ call: LuaCall) throws -> Int32 {
        let entityName = try call.string(1), name = try call.string(2)
        func refuse(_ message: String) -> Int32 {
            lua_pushboolean(call.L, 0)
            state.push(message)
            return 2
        }
        let entity: Entity
        do { entity = try Entity.named(entityName) } catch { return refuse(error.description) }
        guard name.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
            return refuse("'\(name)' is not a field name (letters, digits and '_', not starting with a digit)")
        }
        if try fieldNames(of: entity).contains(name) {
            return refuse("\(entityName) already has a field '\(name)'")
        }
        lua_pushboolean(call.L, 1)
        return 1
    }

    /// host.record_field(entity, record, key) -> true, value | false, message
    func recordField(_ call: LuaCall) throws -> Int32 {
        let entity = try Entity.named(try call.string(1))
        guard let key = call.state.string(at: 3), lua_type(call.L, 3) == LUA_TSTRING else {
            lua_pushboolean(call.L, 1)
            lua_pushnil(call.L)
            return 2
        }
        if entity == .customers, try pushCustomerField(key, record: 2) {
            lua_pushvalue(call.L, -1)
            lua_setfield(call.L, 2, key)  // cached in the record
            lua_pushboolean(call.L, 1)
            cb_insert(call.L, -2)
            return 2
        }
        let names = try fieldNames(of: entity)
        if names.contains(key) {
            lua_pushboolean(call.L, 1)
            lua_pushnil(call.L)
            return 2
        }
        lua_pushboolean(call.L, 0)
        state.push(unknownFieldMessage(key, of: entity, among: names + computedFieldNames(of: entity)).text(language))
        return 2
    }

    /// Pushes a derived field of the customer record at `index` and returns true, or false when `key` is none.
    private func pushCustomerField(_ key: String, record index: Int32) throws -> Bool {
        lua_getfield(state.L, index, "id")
        let id = state.string(at: -1) ?? ""
        cb_pop(state.L, 1)
        if key == "tiers" {
            state.push(.map(try store.currentTiers(customerID: id).mapValues { .string($0) }))
            return true
        }
        guard DerivedMetric(rawValue: key) != nil else { return false }
        let facts = try facts()
        guard let column = try facts.column(key), let ordinal = facts.ids.ordinal(of: id) else {
            lua_pushnil(state.L)
            return true
        }
        RecordBinding.push(column(ordinal), state: state)
        return true
    }

    /// Names of the computed fields defined for `entity`.
    func computedFieldNames(of entity: Entity) -> [String] {
        pushInternal("computed")
        lua_getfield(state.L, -1, entity.rawValue)
        defer { cb_pop(state.L, 2) }
        guard case .map(let fields)? = try? state.value(at: -1) else { return [] }
        return fields.keys.sorted()
    }
}
