import CLuaBridge
import Foundation

/// A Lua 5.4 state with its limits, owned by one thread at a time.
///
/// A Lua state is not thread-safe: give each one a single owner, and a separate
/// state to each worker when evaluating in parallel.
public final class LuaState {
    /// The raw state, for the C API.
    public let L: OpaquePointer
    let limitsHandle: OpaquePointer
    /// Host functions stay alive as long as the state.
    var hostFunctions: [HostFunction] = []
    var runDepth = 0
    /// Folders `require` may load Lua files from.
    public private(set) var moduleFolders: [String] = []

    /// The limits this state runs scripts under.
    public let limits: LuaLimits

    /// How an error a host function throws reads in Lua (its description, unless the host words it otherwise).
    public var describeError: (any Error) -> String = { String(describing: $0) }

    /// Creates a state. A sandboxed state (the default, and the only kind for user
    /// scripts) has no `io`, `debug`, `dofile`, `loadfile`, C modules or binary chunks.
    public init(limits: LuaLimits = LuaLimits(), sandboxed: Bool = true) throws {
        var handle: OpaquePointer?
        guard let L = cb_newstate(limits.memoryBytes > 0 ? limits.memoryBytes : 0, &handle), let handle else {
            throw LuaError(kind: .memoryLimit, message: "cannot create a Lua state: out of memory")
        }
        self.L = L
        self.limitsHandle = handle
        self.limits = limits
        if sandboxed {
            cb_open_sandbox(L)
            installModuleSearcher()
        } else {
            luaL_openlibs(L)
        }
    }

    deinit {
        cb_close(L, limitsHandle)
    }

    /// Memory the state holds now, in bytes.
    public var memoryUsed: Int { Int(cb_limits_memory_used(limitsHandle)) }

    /// Lets `require("a.b")` load `a/b.lua` from these folders, in order.
    public func setModuleFolders(_ folders: [String]) {
        moduleFolders = folders
    }

    // MARK: Loading and running

    /// Compiles a text chunk and pushes it as a function. Errors read `chunkName:line: ...`.
    /// The parser runs under the memory cap (a load is a protected call: running out is a status).
    public func load(_ source: String, chunkName: String) throws(LuaError) {
        var source = source
        cb_leave_host(L)
        let status = source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                luaL_loadbufferx(L, $0.baseAddress, $0.count, "@" + chunkName, "t")
            }
        }
        cb_enter_host(L)
        if status != LUA_OK {
            let message = popString()
            guard status == LUA_ERRMEM else { throw LuaError(kind: .syntax, message: message) }
            throw LuaError(kind: .memoryLimit, message: "\(chunkName): " + limitMessage())
        }
    }

    /// Loads and runs a chunk with the given arguments (`...` in the chunk) and returns its results.
    @discardableResult
    public func run(_ source: String, chunkName: String, arguments: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        let base = lua_gettop(L)
        try load(source, chunkName: chunkName)
        for argument in arguments { push(argument) }
        try call(arguments: Int32(arguments.count), results: LUA_MULTRET)
        do {
            return try popResults(from: base)
        } catch {
            throw LuaError(kind: error.kind, message: "\(chunkName): its result: \(error.message)")
        }
    }

    /// Calls the function below `arguments` values on the stack, with a traceback handler,
    /// under the state's limits. On success the results are on the stack.
    public func call(arguments: Int32, results: Int32) throws(LuaError) {
        let functionIndex = lua_gettop(L) - arguments
        cb_pushtraceback(L)
        lua_rotate(L, functionIndex, 1)
        let outermost = runDepth == 0
        if outermost {
            try ensureNotEnded()
            cb_limits_start(limitsHandle, limits.seconds)
        }
        runDepth += 1
        cb_leave_host(L)
        let status = cb_pcall(L, arguments, results, functionIndex)
        cb_enter_host(L)
        runDepth -= 1
        if outermost { cb_limits_stop(limitsHandle) }
        cb_remove(L, functionIndex)
        if status != LUA_OK {
            throw error(status: status)
        }
    }

    /// Calls a global function by name with Swift values and returns its results.
    @discardableResult
    public func callGlobal(_ name: String, _ arguments: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        let base = lua_gettop(L)
        lua_getglobal(L, name)
        for argument in arguments { push(argument) }
        try call(arguments: Int32(arguments.count), results: LUA_MULTRET)
        return try popResults(from: base)
    }

    /// Pops everything above `base` and returns it as Swift values.
    func popResults(from base: Int32) throws(LuaError) -> [LuaValue] {
        defer { lua_settop(L, base) }
        let top = lua_gettop(L)
        var values: [LuaValue] = []
        if top > base {
            values.reserveCapacity(Int(top - base))
            for index in (base + 1)...top { values.append(try value(at: index)) }
        }
        return values
    }

    /// Runs `body` with Ctrl-C (SIGINT) stopping whatever Lua code it runs with an `.interrupted`
    /// error, instead of ending the process; the state stays usable. One interruptible state at a time.
    public func interruptible<T>(_ body: () throws -> T) rethrows -> T {
        cb_interrupt_on_sigint(limitsHandle)
        defer { cb_interrupt_on_sigint(nil) }
        return try body()
    }

    /// A state stopped by a limit is finished: it refuses to run anything more.
    private func ensureNotEnded() throws(LuaError) {
        switch cb_limits_tripped(limitsHandle) {
        case Int32(CB_LIMIT_TIME):
            throw LuaError(kind: .timeLimit, message: "this Lua state was stopped by its time limit")
        case Int32(CB_LIMIT_MEMORY):
            throw LuaError(kind: .memoryLimit, message: "this Lua state was stopped by its memory limit")
        default:
            return
        }
    }

    private func error(status: Int32) -> LuaError {
        let full = popString()
        let (message, traceback) = Self.splitTraceback(full)
        switch cb_limits_tripped(limitsHandle) {
        case Int32(CB_LIMIT_TIME):
            return LuaError(kind: .timeLimit, message: limitMessage(), traceback: traceback)
        case Int32(CB_LIMIT_MEMORY):
            return LuaError(kind: .memoryLimit, message: limitMessage(), traceback: traceback)
        case Int32(CB_LIMIT_INTERRUPT):
            let message = limitMessage()
            cb_limits_clear_interrupt(limitsHandle)
            return LuaError(kind: .interrupted, message: message, traceback: traceback)
        default:
            return LuaError(kind: status == LUA_ERRMEM ? .memoryLimit : .runtime, message: message, traceback: traceback)
        }
    }

    private func limitMessage() -> String {
        var buffer = [CChar](repeating: 0, count: Int(CB_LIMIT_MESSAGE_SIZE))
        cb_limits_message(limitsHandle, &buffer, buffer.count)
        return String(cString: buffer)
    }

    /// Splits luaL_traceback's "message\nstack traceback:..." (the frame list may be empty).
    static func splitTraceback(_ text: String) -> (String, String) {
        guard let range = text.range(of: "\nstack traceback:", options: .backwards) else { return (text, "") }
        return (String(text[..<range.lowerBound]), String(text[text.index(after: range.lowerBound)...]))
    }

    func popString() -> String {
        let text = string(at: -1) ?? "(error object is a \(typeName(at: -1)) value)"
        cb_pop(L, 1)
        return text
    }
}
