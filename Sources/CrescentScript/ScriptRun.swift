import CrescentStore
import Foundation
import LuaKit
import CLuaBridge

/// One sandboxed run of a user script with the `crm` module, under time and memory limits.
public struct ScriptRun {
    public var limits: LuaLimits
    /// Folders `require` searches, besides the script's own folder.
    public var moduleFolders: [String]

    public init(limits: LuaLimits = LuaLimits(), moduleFolders: [String] = ["scripts", "plugins"]) {
        self.limits = limits
        self.moduleFolders = moduleFolders
    }

    /// Runs the script at `path` with `arguments` (in `arg` and `...`) and returns its results.
    /// The chunk is named by `path` as given, so errors read `scripts/tiers.lua:12: ...`.
    @discardableResult
    public func run(path: String, arguments: [String] = [], store: SQLiteStore) throws -> [LuaValue] {
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError.missingInput("cannot read script \(path): no such file or not UTF-8 text")
        }
        let lua = try LuaState(limits: limits)
        let folder = (path as NSString).deletingLastPathComponent
        lua.setModuleFolders([folder.isEmpty ? "." : folder] + moduleFolders.filter { $0 != folder })
        CrmModule(state: lua, store: store).install()
        lua.setArgumentTable(script: path, arguments: arguments)
        let results = try lua.run(source, chunkName: path, arguments: arguments.map { .string($0) })
        fflush(nil)  // Lua's print writes through C stdio
        return results
    }
}

extension LuaState {
    /// `arg` as the standalone interpreter sets it: arg[0] the script, arg[1...] its arguments.
    func setArgumentTable(script: String, arguments: [String]) {
        lua_createtable(L, Int32(arguments.count), 1)
        for (index, text) in ([script] + arguments).enumerated() {
            push(text)
            lua_rawseti(L, -2, lua_Integer(index))
        }
        lua_setglobal(L, "arg")
    }
}
