import CLuaBridge

/// A tag on a table: a metatable `{__name = name, id = id}` the host sets, so that it knows the
/// table again when a script hands it back (the REPL shows a tagged result in its own layout).
public struct LuaTag: Equatable, Sendable {
    public let name: String
    public let id: Int

    public init(name: String, id: Int) {
        self.name = name
        self.id = id
    }
}

extension LuaState {
    /// Pushes `value` as a table tagged `tag`, whose missing fields are looked up in `methods`
    /// when given; when `itemsOf` names a list field, each table in that list is tagged too, with
    /// `itemTag` (a script that filters the list keeps the tag).
    public func push(_ value: LuaValue, tag: LuaTag, methods: LuaReference? = nil, itemsOf field: String? = nil, itemTag: LuaTag? = nil) {
        lua_checkstack(L, 6)
        push(value)
        pushTag(tag)
        if let methods {
            push(methods)
            lua_setfield(L, -2, "__index")
        }
        lua_setmetatable(L, -2)
        guard let field, let itemTag, lua_getfield(L, -1, field) == LUA_TTABLE else {
            if field != nil { cb_pop(L, 1) }
            return
        }
        pushTag(itemTag)
        for index in stride(from: 1, through: Int(lua_rawlen(L, -2)), by: 1) {
            if lua_rawgeti(L, -2, lua_Integer(index)) == LUA_TTABLE {
                lua_pushvalue(L, -2)
                lua_setmetatable(L, -2)
            }
            cb_pop(L, 1)
        }
        cb_pop(L, 2)
    }

    private func pushTag(_ tag: LuaTag) {
        lua_createtable(L, 0, 2)
        push(tag.name)
        lua_setfield(L, -2, "__name")
        lua_pushinteger(L, lua_Integer(tag.id))
        lua_setfield(L, -2, "id")
    }

    /// The tag of the table at `index`, or nil. Read raw: another table's metatable (a record's)
    /// may answer a missing key with an error.
    public func tag(at index: Int32) -> LuaTag? {
        guard lua_type(L, index) == LUA_TTABLE, lua_getmetatable(L, index) != 0 else { return nil }
        lua_checkstack(L, 2)
        push("__name")
        lua_rawget(L, -2)
        push("id")
        lua_rawget(L, -3)
        defer { cb_pop(L, 3) }
        guard let name = string(at: -2), lua_isinteger(L, -1) != 0 else { return nil }
        return LuaTag(name: name, id: Int(lua_tointegerx(L, -1, nil)))
    }

    /// The tag of the first element of the untagged list at `index`, or nil.
    public func firstItemTag(at index: Int32) -> LuaTag? {
        guard lua_type(L, index) == LUA_TTABLE, tag(at: index) == nil else { return nil }
        lua_checkstack(L, 1)
        lua_rawgeti(L, index, 1)
        defer { cb_pop(L, 1) }
        return tag(at: -1)
    }
}
