import CrescentCore
import CrescentStore
import Foundation
import LuaKit

/// What every script's Lua state is made with: the sandbox and its limits, the folders
/// `require` searches, the `crm` module on a store, the computed fields of `scripts/fields/` and
/// the custom KPIs of `scripts/kpis/`.
public struct ScriptEnvironment: Sendable {
    public var limits: LuaLimits
    /// Folders `require` searches, besides the script's own folder.
    public var moduleFolders: [String]
    /// Where computed-field definitions (`*.lua`) are loaded from, when it exists.
    public var fieldsFolder: String
    /// Where custom KPI definitions (`*.lua`) are loaded from, when it exists.
    public var kpisFolder: String
    /// The day derived metrics are computed as of.
    public var asOf: CalendarDate

    public init(limits: LuaLimits = LuaLimits(), moduleFolders: [String] = ["scripts", "plugins"],
                fieldsFolder: String = "scripts/fields", kpisFolder: String = "scripts/kpis", asOf: CalendarDate = .today()) {
        self.limits = limits
        self.moduleFolders = moduleFolders
        self.fieldsFolder = fieldsFolder
        self.kpisFolder = kpisFolder
        self.asOf = asOf
    }

    /// A fresh state for the script at `scriptPath`, with `crm` installed and the field definitions run.
    func makeState(scriptPath: String, store: SQLiteStore) throws -> (LuaState, CrmModule) {
        let lua = try LuaState(limits: limits)
        let folder = (scriptPath as NSString).deletingLastPathComponent
        lua.setModuleFolders([folder.isEmpty ? "." : folder] + moduleFolders.filter { $0 != folder })
        let crm = CrmModule(state: lua, store: store, asOf: asOf)
        try crm.install()
        for path in definitionFiles() where path != scriptPath {
            try lua.run(try Self.source(of: path), chunkName: path)
        }
        return (lua, crm)
    }

    /// The `*.lua` files of the fields folder, then of the KPIs folder, each in name order.
    func definitionFiles() -> [String] {
        [fieldsFolder, kpisFolder].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".lua") }.sorted().map { folder + "/" + $0 }
        }
    }

    static func source(of path: String) throws -> String {
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError.missingInput("cannot read script \(path): no such file or not UTF-8 text")
        }
        return source
    }
}
