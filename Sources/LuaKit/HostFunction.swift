import CLuaBridge

/// A Swift function callable from Lua. It reads its arguments through `LuaCall`,
/// pushes its results and returns how many it pushed. Throwing raises a Lua error.
public typealias LuaFunction = (LuaCall) throws -> Int32

final class HostFunction {
    let body: LuaFunction
    unowned let state: LuaState

    init(body: @escaping LuaFunction, state: LuaState) {
        self.body = body
        self.state = state
    }
}

/// Runs a host function and turns a thrown Swift error into a value the C trampoline raises.
/// It never raises a Lua error itself: no longjmp crosses this frame.
private let dispatch: cb_host_fn = { L, context in
    let function = Unmanaged<HostFunction>.fromOpaque(context!).takeUnretainedValue()
    let call = LuaCall(state: function.state, L: L!)
    do {
        return try function.body(call)
    } catch let error as LuaArgumentError {
        lua_checkstack(L, 2)
        lua_pushinteger(L, Int64(error.index))
        function.state.push(error.message)
        return CB_ARGERROR
    } catch let error as LuaError {
        // An error from nested Lua code already names its place.
        lua_checkstack(L, 1)
        function.state.push(error.message)
        return CB_RAISE_VERBATIM
    } catch {
        lua_checkstack(L, 1)
        function.state.push(function.state.describeError(error))
        return CB_RAISE
    }
}

extension LuaState {
    /// Pushes a Lua function that runs `body`.
    public func pushFunction(_ body: @escaping LuaFunction) {
        let function = HostFunction(body: body, state: self)
        hostFunctions.append(function)
        lua_checkstack(L, 3)
        cb_pushhostfunction(L, dispatch, Unmanaged.passUnretained(function).toOpaque())
    }

    /// Sets `table[name]` (or the global `name`) to a Lua function that runs `body`.
    /// The table must be on the stack at `tableIndex` when one is given.
    public func register(_ name: String, inTableAt tableIndex: Int32? = nil, _ body: @escaping LuaFunction) {
        if let tableIndex {
            let table = lua_absindex(L, tableIndex)
            pushFunction(body)
            lua_setfield(L, table, name)
        } else {
            pushFunction(body)
            lua_setglobal(L, name)
        }
    }
}
