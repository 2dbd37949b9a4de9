import CLuaBridge

/// The kinds of value on the Lua stack.
public enum LuaType: Sendable, Equatable {
    case none, `nil`, boolean, lightUserdata, number, string, table, function, userdata, thread

    init(_ code: Int32) {
        switch code {
        case LUA_TNIL: self = .nil
        case LUA_TBOOLEAN: self = .boolean
        case LUA_TLIGHTUSERDATA: self = .lightUserdata
        case LUA_TNUMBER: self = .number
        case LUA_TSTRING: self = .string
        case LUA_TTABLE: self = .table
        case LUA_TFUNCTION: self = .function
        case LUA_TUSERDATA: self = .userdata
        case LUA_TTHREAD: self = .thread
        default: self = .none
        }
    }
}

/// The stack one step at a time, for host code that builds or walks tables in place (records,
/// the segmentation's reused customer, results read back) where copying through `LuaValue` would
/// cost too much. Each call is one Lua C API call, named as in the manual's terms.
extension LuaState {
    /// `call(arguments:results:)` with every result the function returns kept.
    public static let allResults: Int32 = LUA_MULTRET

    /// The index of the top of the stack (the number of values on it).
    @inlinable public var top: Int32 { lua_gettop(L) }

    /// Sets the top: values above `index` are dropped, missing ones are nil.
    @inlinable public func setTop(_ index: Int32) { lua_settop(L, index) }

    /// Makes room for `n` more values.
    @inlinable public func reserve(_ n: Int32) { lua_checkstack(L, n) }

    /// The type of the value at `index`.
    public func type(at index: Int32) -> LuaType { LuaType(lua_type(L, index)) }

    /// The value at `index` as an integer, when it is one (or a float with an integral value).
    @inlinable public func integer(at index: Int32) -> Int64? {
        var isInteger: Int32 = 0
        let value = lua_tointegerx(L, index, &isInteger)
        return isInteger != 0 ? value : nil
    }

    /// Whether the value at `index` is true in Lua's sense (neither nil nor false).
    @inlinable public func isTrue(at index: Int32) -> Bool { lua_toboolean(L, index) != 0 }

    @inlinable public func pushNil() { lua_pushnil(L) }
    @inlinable public func pushBoolean(_ value: Bool) { lua_pushboolean(L, value ? 1 : 0) }
    @inlinable public func pushInteger(_ value: Int64) { lua_pushinteger(L, value) }
    @inlinable public func pushInteger(_ value: Int) { lua_pushinteger(L, lua_Integer(value)) }
    @inlinable public func pushNumber(_ value: Double) { lua_pushnumber(L, value) }

    /// Pushes a new table with room for `array` items and `fields` named fields.
    @inlinable public func newTable(array: Int = 0, fields: Int = 0) {
        lua_createtable(L, Int32(clamping: array), Int32(clamping: fields))
    }

    /// `t[name] = v`, t at `table`, v popped from the top (metamethods apply).
    @inlinable public func setField(_ name: String, inTableAt table: Int32) { lua_setfield(L, table, name) }

    /// Pushes `t[name]`, t at `table`, and returns its type (metamethods apply).
    @discardableResult
    public func getField(_ name: String, inTableAt table: Int32) -> LuaType { LuaType(lua_getfield(L, table, name)) }

    /// Pushes `t[i]` without metamethods, t at `table`.
    @discardableResult
    public func rawGet(_ i: Int, inTableAt table: Int32) -> LuaType { LuaType(lua_rawgeti(L, table, lua_Integer(i))) }

    /// `t[i] = v` without metamethods, t at `table`, v popped.
    @inlinable public func rawSet(_ i: Int, inTableAt table: Int32) { lua_rawseti(L, table, lua_Integer(i)) }

    /// Pushes `t[k]` without metamethods, t at `table`, k popped.
    @discardableResult
    public func rawGet(inTableAt table: Int32) -> LuaType { LuaType(lua_rawget(L, table)) }

    /// `t[k] = v` without metamethods, t at `table`, k and v popped (v on top).
    @inlinable public func rawSet(inTableAt table: Int32) { lua_rawset(L, table) }

    /// The length of the value at `index` (`#t`, metamethods apply).
    public func length(at index: Int32) -> Int { Int(luaL_len(L, index)) }

    /// Pushes the metatable of the value at `index` and returns true, or pushes nothing and returns false.
    public func pushMetatable(at index: Int32) -> Bool { lua_getmetatable(L, index) != 0 }

    /// Pops a table and makes it the metatable of the value at `index`.
    public func setMetatable(at index: Int32) { lua_setmetatable(L, index) }

    /// Pushes the global `name` and returns its type.
    @discardableResult
    public func pushGlobal(_ name: String) -> LuaType { LuaType(lua_getglobal(L, name)) }

    /// Pops a value into the global `name`.
    public func popIntoGlobal(_ name: String) { lua_setglobal(L, name) }

    /// Pushes the table of globals.
    public func pushGlobals() { lua_rawgeti(L, cb_registryindex(), lua_Integer(LUA_RIDX_GLOBALS)) }

    /// Makes the value at `index` what `require(name)` returns.
    public func setLoaded(_ name: String, valueAt index: Int32) {
        let value = lua_absindex(L, index)
        lua_getfield(L, cb_registryindex(), LUA_LOADED_TABLE)
        lua_pushvalue(L, value)
        lua_setfield(L, -2, name)
        cb_pop(L, 1)
    }

    /// Removes the value at `index`, shifting those above it down.
    @inlinable public func remove(at index: Int32) { cb_remove(L, index) }

    /// Moves the value on top to `index`, shifting those above it up.
    @inlinable public func insert(at index: Int32) { cb_insert(L, index) }

    /// Pops a value and sets it as the `n`th upvalue of the function at `index` (a chunk's first is its `_ENV`).
    public func setUpvalue(_ n: Int32, ofFunctionAt index: Int32) { _ = lua_setupvalue(L, index, n) }

    /// Pops the Lua function on top and says where it is defined: `script.lua:12`.
    public func popFunctionPlace() -> String {
        var info = lua_Debug()
        lua_getinfo(L, ">S", &info)
        let source = info.source.map { String(cString: $0) } ?? "?"
        return (source.hasPrefix("@") ? String(source.dropFirst()) : source) + ":\(info.linedefined)"
    }

    /// When the value at `index` is a read-only view, pushes the table it shows and returns true.
    public func pushViewContents(at index: Int32) -> Bool { cb_push_view_contents(L, index) != 0 }

    /// Runs `body`, which must leave the stack as high as it found it plus `leaving` values: a
    /// debug build stops where the count was lost (`assert` is compiled out of release builds).
    public func balanced<T>(leaving: Int32 = 0, _ body: () throws -> T) rethrows -> T {
        let before = top
        let result = try body()
        assert(top == before + leaving, "the Lua stack went from \(before) to \(top), expected \(before + leaving)")
        return result
    }
}
