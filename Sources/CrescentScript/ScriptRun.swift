import CrescentStore
import Foundation
import LuaKit

/// One sandboxed run of a user script with the `crm` module, under time and memory limits.
public struct ScriptRun {
    public var environment: ScriptEnvironment

    public init(environment: ScriptEnvironment = ScriptEnvironment()) {
        self.environment = environment
    }

    /// Runs the script at `path` with `arguments` (in `arg` and `...`) and returns its results.
    /// The chunk is named by `path` as given, so errors read `scripts/tiers.lua:12: ...`.
    @discardableResult
    public func run(path: String, arguments: [String] = [], store: any RecordStore) throws -> [LuaValue] {
        let source = try ScriptEnvironment.source(of: path, limit: environment.limits)
        let (lua, _) = try environment.makeState(scriptPath: path, store: store)
        lua.setArgumentTable(script: path, arguments: arguments)
        defer { fflush(nil) }  // Lua's print writes through C stdio
        return try lua.run(source, chunkName: path, arguments: arguments.map { .string($0) })
    }
}

extension LuaState {
    /// `arg` as the standalone interpreter sets it: arg[0] the script, arg[1...] its arguments.
    func setArgumentTable(script: String, arguments: [String]) {
        newTable(array: arguments.count, fields: 1)
        for (index, text) in ([script] + arguments).enumerated() {
            push(text)
            rawSet(index, inTableAt: -2)
        }
        popIntoGlobal("arg")
    }
}
