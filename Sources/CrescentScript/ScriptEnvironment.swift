import CrescentCore
import CrescentStore
import Foundation
import LuaKit

/// What every script's Lua state is made with: the sandbox and its limits, the folders
/// `require` searches, the `crm` module on a store, and the computed fields of `scripts/fields/`.
public struct ScriptEnvironment: Sendable {
    public var limits: LuaLimits
    /// Folders `require` searches, besides the script's own folder.
    public var moduleFolders: [String]
    /// Where computed-field definitions (`*.lua`) are loaded from, when it exists.
    public var fieldsFolder: String
    /// The day derived metrics are computed as of.
    public var asOf: CalendarDate

    public init(limits: LuaLimits = LuaLimits(), moduleFolders: [String] = ["scripts", "plugins"],
                fieldsFolder: String = "scripts/fields", asOf: CalendarDate = .today()) {
        self.limits = limits
        self.moduleFolders = moduleFolders
        self.fieldsFolder = fieldsFolder
        self.asOf = asOf
    }

    /// A fresh state for the script at `scriptPath`, with `crm` installed and the field definitions run.
    func makeState(scriptPath: String, store: SQLiteStore) throws -> (LuaState, CrmModule) {
        let lua = try LuaState(limits: limits)
        let folder = (scriptPath as NSString).deletingLastPathComponent
        lua.setModuleFolders([folder.isEmpty ? "." : folder] + moduleFolders.filter { $0 != folder })
        let crm = CrmModule(state: lua, store: store, asOf: asOf)
        try crm.install()
        for path in fieldDefinitionFiles() where path != scriptPath {
            try lua.run(try Self.source(of: path), chunkName: path)
        }
        return (lua, crm)
    }

    /// The `*.lua` files of the fields folder, in name order.
    func fieldDefinitionFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fieldsFolder)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted().map { fieldsFolder + "/" + $0 }
    }

    static func source(of path: String) throws -> String {
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError.missingInput("cannot read script \(path): no such file or not UTF-8 text")
        }
        return source
    }
}
