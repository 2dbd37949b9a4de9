import CLuaBridge

/// The arguments of one call into a host function, and the place to push its results.
/// Argument readers throw `LuaArgumentError`, which Lua reports as
/// `bad argument #N to 'name' (T expected, got U)`.
public struct LuaCall {
    public let state: LuaState
    public let L: OpaquePointer

    /// How many arguments were passed.
    public var count: Int32 { lua_gettop(L) }

    /// The line of the user's script that made this call (`scripts/assign.lua:12`), skipping the
    /// host's own chunks; nil when no script is on the stack.
    public var callerPlace: String? {
        var buffer = [CChar](repeating: 0, count: 512)
        guard cb_caller_place(L, &buffer, buffer.count) != 0 else { return nil }
        return String(cString: buffer)
    }

    /// True when argument `index` is absent or nil.
    public func isNil(_ index: Int32) -> Bool { cb_isnoneornil(L, index) != 0 }

    public func string(_ index: Int32) throws -> String {
        guard let s = state.string(at: index) else { throw mismatch(index, expected: "string") }
        return s
    }

    public func optionalString(_ index: Int32) throws -> String? {
        isNil(index) ? nil : try string(index)
    }

    public func integer(_ index: Int32) throws -> Int64 {
        var isNumber: Int32 = 0
        let value = lua_tointegerx(L, index, &isNumber)
        guard isNumber != 0, lua_type(L, index) == LUA_TNUMBER else {
            if lua_type(L, index) == LUA_TNUMBER { throw LuaArgumentError(index: index, message: "number has no integer representation") }
            throw mismatch(index, expected: "number")
        }
        return value
    }

    public func number(_ index: Int32) throws -> Double {
        guard lua_type(L, index) == LUA_TNUMBER else { throw mismatch(index, expected: "number") }
        return lua_tonumberx(L, index, nil)
    }

    /// Checks that argument `index` is a table and returns its absolute index.
    public func table(_ index: Int32) throws -> Int32 {
        guard lua_type(L, index) == LUA_TTABLE else { throw mismatch(index, expected: "table") }
        return lua_absindex(L, index)
    }

    /// The string field `name` of the table argument `index` (raw: no metamethod runs), or nil.
    public func stringField(_ index: Int32, _ name: String) throws -> String? {
        let table = try self.table(index)
        lua_checkstack(L, 2)
        state.push(name)
        lua_rawget(L, table)
        defer { cb_pop(L, 1) }
        return state.string(at: -1)
    }

    /// Checks that argument `index` is a function.
    public func function(_ index: Int32) throws {
        guard lua_type(L, index) == LUA_TFUNCTION else { throw mismatch(index, expected: "function") }
    }

    /// Any argument, copied into Swift.
    /// The argument as a Swift value; one too deep or too large to copy is an error at the caller's line.
    public func value(_ index: Int32) throws -> LuaValue {
        do { return try state.value(at: index) } catch { throw HostError(error.message) }
    }

    /// Pushes a result.
    public func push(_ value: LuaValue) { state.push(value) }

    func mismatch(_ index: Int32, expected: String) -> LuaArgumentError {
        LuaArgumentError(index: index, message: "\(expected) expected, got \(state.typeName(at: index))")
    }
}

/// An error a host function throws: Lua raises it with the caller's position, as `error` does.
public struct HostError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
