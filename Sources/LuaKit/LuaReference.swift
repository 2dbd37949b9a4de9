import CLuaBridge

/// A value the host keeps in the registry (a function, a table of methods) to push again later.
public struct LuaReference: Equatable, Sendable {
    let id: Int32
}

extension LuaState {
    /// Pops the value on top into the registry.
    public func reference() -> LuaReference { LuaReference(id: luaL_ref(L, cb_registryindex())) }

    /// Pushes the value `reference` keeps.
    public func push(_ reference: LuaReference) {
        lua_checkstack(L, 1)
        lua_rawgeti(L, cb_registryindex(), lua_Integer(reference.id))
    }

    /// Lets the registry forget the value.
    public func release(_ reference: LuaReference) { luaL_unref(L, cb_registryindex(), reference.id) }

    /// A table of host functions that many tables share as their `__index` (made once per state,
    /// not once per table): each is called with the table as its first argument (`obj:method()`).
    public func methodTable(_ methods: [String: LuaFunction]) -> LuaReference {
        lua_checkstack(L, 2)
        lua_createtable(L, 0, Int32(methods.count))
        for (name, body) in methods.sorted(by: { $0.key < $1.key }) { register(name, inTableAt: -1, body) }
        return reference()
    }
}
