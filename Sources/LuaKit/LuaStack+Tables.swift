import CLuaBridge

extension LuaState {
    /// Pops `n` values.
    public func pop(_ n: Int32) { cb_pop(L, n) }

    /// Pushes a copy of the value at `index`.
    public func pushValue(at index: Int32) {
        lua_checkstack(L, 1)
        lua_pushvalue(L, index)
    }

    /// Runs `body` with the global table `name` (created when missing) on the stack.
    public func withGlobalTable(_ name: String, _ body: (_ tableIndex: Int32) throws -> Void) rethrows {
        lua_checkstack(L, 2)
        if lua_getglobal(L, name) != LUA_TTABLE {
            cb_pop(L, 1)
            cb_newtable(L)
            lua_pushvalue(L, -1)
            lua_setglobal(L, name)
        }
        defer { cb_pop(L, 1) }
        try body(lua_gettop(L))
    }
}
