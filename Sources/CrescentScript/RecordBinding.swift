import CLuaBridge
import CrescentStore
import LuaKit

/// Records reach Lua as read-only views of tables of their fields (a field read is one table
/// lookup; an assignment is an error: writes go through the host, never through a record) whose
/// metatable resolves what the table does not hold: computed fields, derived metrics, and an
/// error naming the closest real field for a field that does not exist, instead of a silent nil.
struct RecordBinding {
    unowned let state: LuaState
    let entity: Entity
    /// Registry reference of this entity's record metatable.
    private let metatableRef: Int32

    /// Registry reference of the records' `__tostring`.
    private let tostringRef: Int32

    /// Expects the entity's `__index` function on the stack, and pops it.
    init(state: LuaState, entity: Entity) {
        self.state = state
        self.entity = entity
        let L = state.L
        lua_createtable(L, 0, 2)
        lua_rotate(L, -2, 1)
        lua_setfield(L, -2, "__index")
        state.push(entity.rawValue)
        lua_setfield(L, -2, "__name")
        metatableRef = luaL_ref(L, cb_registryindex())
        let entityName = entity.rawValue
        state.pushFunction { call in
            // The record's fields, read raw (a missing name is no error here).
            if cb_push_view_contents(call.L, 1) == 0 { lua_pushvalue(call.L, 1) }
            func field(_ name: String) -> String? {
                call.push(.string(name))
                lua_rawget(call.L, -2)
                defer { cb_pop(call.L, 1) }
                return call.state.string(at: -1)
            }
            let id = field("id") ?? "?", name = field("name")
            cb_pop(call.L, 1)
            call.push(.string("\(entityName) \(id)" + (name.map { " (\($0))" } ?? "")))
            return 1
        }
        tostringRef = luaL_ref(L, cb_registryindex())
    }

    /// Pushes a record: a read-only view of a table of its fields, whose metatable resolves what
    /// the table does not hold (computed fields, derived metrics, unknown-field errors).
    func push(_ record: Record) {
        let L = state.L
        lua_checkstack(L, 6)
        lua_createtable(L, 0, Int32(record.values.count + record.custom.count + 6))
        for (name, value) in record.values where !value.isNull {
            Self.push(value, state: state)
            lua_setfield(L, -2, name)
        }
        for (name, text) in record.custom {
            Self.pushCustom(text, state: state)
            lua_setfield(L, -2, name)
        }
        state.push(entity.rawValue)
        lua_setfield(L, -2, "__name")
        lua_rawgeti(L, cb_registryindex(), lua_Integer(tostringRef))
        lua_setfield(L, -2, "__tostring")
        lua_rawgeti(L, cb_registryindex(), lua_Integer(metatableRef))
        lua_setmetatable(L, -2)
        state.pushReadOnlyView()
    }

    static func push(_ value: StoredValue, state: LuaState) {
        switch value {
        case .null: lua_pushnil(state.L)
        case .text(let s): state.push(s)
        case .integer(let i): lua_pushinteger(state.L, i)
        case .number(let d): lua_pushnumber(state.L, d)
        case .decimal(let d): lua_pushnumber(state.L, d.doubleValue)
        }
    }

    /// Custom fields are text; a plain decimal number ("42", "-3.5", not "007") reads as a number.
    static func pushCustom(_ text: String, state: LuaState) {
        if looksNumeric(text), let number = Double(text) {
            if let integer = Int64(text) { lua_pushinteger(state.L, integer) } else { lua_pushnumber(state.L, number) }
        } else {
            state.push(text)
        }
    }

    static func looksNumeric(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber) else { return false }
        if whole.count > 1 && whole.first == "0" { return false }
        if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && $0.isNumber } }
        return true
    }
}
