import CLuaBridge

extension LuaState {
    /// Pops `n` values.
    @inlinable public func pop(_ n: Int32) { cb_pop(L, n) }

    /// Pushes a copy of the value at `index`.
    public func pushValue(at index: Int32) {
        lua_checkstack(L, 1)
        lua_pushvalue(L, index)
    }

    /// Replaces the table on top by a read-only view of it: reads and `pairs` see its fields (and
    /// what its own metatable answers), a write is an error naming its `__name` ("customers records
    /// are read-only (setting 'name')"), and the host reads the view as the table. The table becomes
    /// the view's metatable, so its `__name` and `__tostring` are the view's.
    public func pushReadOnlyView() {
        lua_checkstack(L, 3)
        cb_push_read_only_view(L)
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
