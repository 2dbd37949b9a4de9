import CLuaBridge
import CrescentStore
import LuaKit

/// The `crm` Lua module: the narrow, documented surface scripts see of the store
/// (docs/lua-api.md). Every function checks its arguments and raises a Lua error
/// that names the script line on bad input.
/// The state owns the module through its registered functions; the module only borrows the state.
final class CrmModule {
    unowned let state: LuaState
    let store: SQLiteStore
    private var bindings: [Entity: RecordBinding] = [:]

    init(state: LuaState, store: SQLiteStore) {
        self.state = state
        self.store = store
    }

    /// Creates the global `crm` table and registers it as `require("crm")`.
    func install() {
        let L = state.L
        state.withGlobalTable("crm") { table in
            state.register("get", inTableAt: table) { call in try self.get(call) }
            state.register("find", inTableAt: table) { call in try self.find(call) }
            state.register("count", inTableAt: table) { call in try self.count(call) }
            state.push(.array(Entity.allCases.map { .string($0.rawValue) }))
            lua_setfield(L, table, "entities")
            if let currency = try? store.baseCurrency() {
                state.push(currency)
                lua_setfield(L, table, "base_currency")
            }
            lua_getfield(L, cb_registryindex(), LUA_LOADED_TABLE)
            lua_pushvalue(L, table)
            lua_setfield(L, -2, "crm")
            cb_pop(L, 1)
        }
    }

    /// crm.get(entity, id) -> record or nil
    private func get(_ call: LuaCall) throws -> Int32 {
        let entity = try entityArgument(call, 1)
        let id = try idArgument(call, 2)
        guard let record = try store.record(entity, id: id) else {
            lua_pushnil(call.L)
            return 1
        }
        try binding(entity).push(record)
        return 1
    }

    /// crm.find(entity [, filter]) -> list of records
    private func find(_ call: LuaCall) throws -> Int32 {
        let entity = try entityArgument(call, 1)
        let filter = try filterArgument(call, 2)
        let records = try store.find(entity, where: filter)
        let binding = try binding(entity)
        lua_createtable(call.L, Int32(clamping: records.count), 0)
        for (index, record) in records.enumerated() {
            binding.push(record)
            lua_rawseti(call.L, -2, lua_Integer(index + 1))
        }
        return 1
    }

    /// crm.count(entity [, filter]) -> integer
    private func count(_ call: LuaCall) throws -> Int32 {
        let entity = try entityArgument(call, 1)
        let filter = try filterArgument(call, 2)
        lua_pushinteger(call.L, lua_Integer(try store.count(entity, where: filter)))
        return 1
    }

    private func binding(_ entity: Entity) throws -> RecordBinding {
        if let binding = bindings[entity] { return binding }
        let binding = RecordBinding(state: state, entity: entity, customFields: try store.customFields(of: entity))
        bindings[entity] = binding
        return binding
    }

    private func entityArgument(_ call: LuaCall, _ index: Int32) throws -> Entity {
        let name = try call.string(index)
        do {
            return try Entity.named(name)
        } catch {
            throw LuaArgumentError(index: index, message: error.description)
        }
    }

    private func idArgument(_ call: LuaCall, _ index: Int32) throws -> String {
        switch call.value(index) {
        case .string(let s): return s
        case .integer(let i): return String(i)
        default: throw LuaArgumentError(index: index, message: "id expected, got \(state.typeName(at: index))")
        }
    }

    /// A table of field = value equalities; values are strings, numbers or booleans.
    private func filterArgument(_ call: LuaCall, _ index: Int32) throws -> [String: StoredValue] {
        if call.isNil(index) { return [:] }
        _ = try call.table(index)
        guard case .map(let fields) = call.value(index) else {
            if case .array(let items) = call.value(index), items.isEmpty { return [:] }
            throw LuaArgumentError(index: index, message: "filter must map field names to values")
        }
        var filter: [String: StoredValue] = [:]
        for (name, value) in fields {
            switch value {
            case .string(let s): filter[name] = .text(s)
            case .integer(let i): filter[name] = .integer(i)
            case .number(let d): filter[name] = .number(d)
            case .boolean(let b): filter[name] = .text(b ? "true" : "false")
            default: throw LuaArgumentError(index: index, message: "filter value for '\(name)' must be a string or a number")
            }
        }
        return filter
    }
}
