import LuaKit

/// A script that returns a definition made by a `crm` constructor (`crm.segmentation{...}`,
/// `crm.commission_plan{...}`, `crm.scorecard{...}`): runs it and leaves the definition on top
/// of the state's stack, or fails naming the script.
enum DefinitionScript {
    /// Runs `source`, checks its result with `internals[check]` and leaves it on the stack.
    static func run(_ source: String, path: String, in lua: LuaState, crm: CrmModule, check: String, constructor: String) throws {
        try lua.load(source, chunkName: path)
        do {
            try lua.call(arguments: 0, results: 1)
        } catch {
            // `return crm.x{...}` is a tail call: Lua knows no line of the script to name.
            guard error.message.hasPrefix(constructor + ":") else { throw error }
            throw LuaError(kind: error.kind, message: "\(path): " + error.message, traceback: error.traceback)
        }
        crm.pushInternal(check)
        lua.pushValue(at: -2)
        try lua.call(arguments: 1, results: 1)
        let isDefinition = lua.isTrue(at: -1)
        lua.pop(1)
        guard isDefinition else {
            throw LuaError(kind: .runtime, message: "\(path): the script must return \(constructor){...}, it returned \(lua.typeName(at: -1))")
        }
    }
}
