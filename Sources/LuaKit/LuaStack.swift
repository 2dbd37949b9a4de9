import CLuaBridge

/// Moving values between Swift and the Lua stack.
extension LuaState {
    /// The Lua type name of the value at `index` ("no value" when absent).
    public func typeName(at index: Int32) -> String {
        String(cString: lua_typename(L, lua_type(L, index)))
    }

    /// The string at `index`, only when it is a string (numbers are not converted).
    public func string(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let bytes = lua_tolstring(L, index, &length) else { return nil }
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// Pushes a Swift value.
    public func push(_ value: LuaValue) {
        lua_checkstack(L, 4)
        switch value {
        case .nil, .opaque: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, i)
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): push(s)
        case .array(let items):
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (offset, item) in items.enumerated() {
                push(item)
                lua_rawseti(L, -2, Int64(offset + 1))
            }
        case .map(let fields):
            lua_createtable(L, 0, Int32(clamping: fields.count))
            for (key, item) in fields {
                push(key)
                push(item)
                lua_rawset(L, -3)
            }
        }
    }

    /// Pushes a string without going through `LuaValue`.
    public func push(_ string: String) {
        var string = string
        string.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    /// Tables nested deeper than this are not copied into Swift (the copy recurses on the host's stack).
    public static let maxConversionDepth = 200
    /// What one copied value is charged against the memory cap, besides its strings' bytes.
    static let conversionCostPerValue = 64

    /// Copies the value at `index` into Swift. Tables are copied deeply; cycles read as
    /// `.opaque("table")`. A table nested more than `maxConversionDepth` deep, or a copy that would
    /// take more than the memory cap (a subtable that appears in several places counts each time),
    /// is refused with a runtime error instead of exhausting the host's stack or memory.
    public func value(at index: Int32) throws(LuaError) -> LuaValue {
        var copy = ValueCopy(cap: limits.memoryBytes > 0 ? limits.memoryBytes : 1 << 30)
        return try value(at: lua_absindex(L, index), depth: 0, copy: &copy)
    }

    private func value(at index: Int32, depth: Int, copy: inout ValueCopy) throws(LuaError) -> LuaValue {
        copy.budget -= Self.conversionCostPerValue
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            var length = 0
            _ = lua_tolstring(L, index, &length)
            copy.budget -= length
            try copy.check()
            return .string(string(at: index) ?? "")
        case LUA_TTABLE:
            try copy.check()
            // A table already on the way down is a cycle, not a deeper table.
            if let identity = lua_topointer(L, index), copy.visiting.contains(identity) { return .opaque("table") }
            guard depth < Self.maxConversionDepth else {
                throw LuaError(kind: .runtime, message: "a table nested more than \(Self.maxConversionDepth) deep cannot be passed to the host")
            }
            return try tableValue(at: index, depth: depth + 1, copy: &copy)
        default: return .opaque(typeName(at: index))
        }
    }

    private func tableValue(at index: Int32, depth: Int, copy: inout ValueCopy) throws(LuaError) -> LuaValue {
        guard let identity = lua_topointer(L, index), copy.visiting.insert(identity).inserted else {
            return .opaque("table")
        }
        defer { copy.visiting.remove(identity) }
        lua_checkstack(L, 4)
        // A read-only view (`pushReadOnlyView`) passes as the table it shows, without its metamethods.
        let view = cb_push_view_contents(L, index) != 0
        let source = view ? lua_gettop(L) : index
        defer { if view { cb_pop(L, 1) } }
        var entries: [(key: LuaValue, value: LuaValue)] = []
        lua_pushnil(L)
        while lua_next(L, source) != 0 {
            if view && cb_is_metamethod_key(L, -2) != 0 {
                cb_pop(L, 1)
                continue
            }
            do {
                let key = try value(at: lua_gettop(L) - 1, depth: depth, copy: &copy)
                let item = try value(at: lua_gettop(L), depth: depth, copy: &copy)
                entries.append((key, item))
            } catch {
                cb_pop(L, 2)
                throw error
            }
            cb_pop(L, 1)
        }
        let count = entries.count
        var array = [LuaValue](repeating: .nil, count: count)
        var isArray = true
        for entry in entries {
            guard case .integer(let i) = entry.key, i >= 1, i <= count else { isArray = false; break }
            array[Int(i - 1)] = entry.value
        }
        if isArray { return .array(array) }
        var map: [String: LuaValue] = [:]
        for entry in entries {
            switch entry.key {
            case .string(let s): map[s] = entry.value
            case .integer(let i): map[String(i)] = entry.value
            case .number(let d): map[String(d)] = entry.value
            case .boolean(let b): map[String(b)] = entry.value
            default: continue
            }
        }
        return .map(map)
    }

    /// Sets a global variable.
    public func setGlobal(_ name: String, _ value: LuaValue) {
        push(value)
        lua_setglobal(L, name)
    }

    /// Reads a global variable.
    public func global(_ name: String) throws(LuaError) -> LuaValue {
        lua_getglobal(L, name)
        defer { cb_pop(L, 1) }
        return try value(at: -1)
    }
}

/// The state of one copy of a Lua value into Swift: the tables on the way down (cycles), and the
/// bytes left before the memory cap.
struct ValueCopy {
    let cap: Int
    var budget: Int
    var visiting: Set<UnsafeRawPointer> = []

    init(cap: Int) {
        self.cap = cap
        budget = cap
    }

    func check() throws(LuaError) {
        guard budget < 0 else { return }
        throw LuaError(kind: .runtime, message: "a value this large cannot be passed to the host: its copy would exceed the memory "
                       + "limit of \(LuaLimits.describe(bytes: cap)) (a table that appears in several places counts each time)")
    }
}
