import CrescentCore
import CrescentReport
import CrescentStore
import Foundation
import LuaKit

/// What every script's Lua state is made with: the sandbox and its limits, the folders
/// `require` searches, the `crm` module on a store, and the definitions every script shares:
/// computed fields (`scripts/fields/`), custom KPIs (`scripts/kpis/`) and funnel stages (`scripts/funnel/`).
public struct ScriptEnvironment: Sendable {
    public var limits: LuaLimits
    /// Folders `require` searches, besides the script's own folder.
    public var moduleFolders: [String]
    /// The folder whose `fields/`, `kpis/` and `funnel/` subfolders hold shared definitions (`*.lua`).
    public var definitionsFolder: String
    /// The day derived metrics are computed as of.
    public var asOf: CalendarDate
    /// The language asked for: scripts read it as `crm.lang`, results are laid out in it.
    public var language: Language

    public init(limits: LuaLimits = LuaLimits(), moduleFolders: [String] = ["scripts", "plugins"],
                definitionsFolder: String = "scripts", asOf: CalendarDate = .today(), language: Language = .en) {
        self.limits = limits
        self.moduleFolders = moduleFolders
        self.definitionsFolder = definitionsFolder
        self.asOf = asOf
        self.language = language
    }

    /// A fresh state for the script at `scriptPath`, with `crm` installed and the field definitions run.
    func makeState(scriptPath: String, store: any RecordStore) throws -> (LuaState, CrmModule) {
        let lua = try LuaState(limits: limits)
        let folder = (scriptPath as NSString).deletingLastPathComponent
        lua.setModuleFolders([folder.isEmpty ? "." : folder] + moduleFolders.filter { $0 != folder })
        let crm = CrmModule(state: lua, store: store, asOf: asOf, language: language)
        try crm.install()
        for path in definitionFiles() where path != scriptPath {
            do {
                try lua.run(try Self.source(of: path, limit: limits), chunkName: path)
            } catch let error as LuaError where !error.message.hasPrefix(path) {
                // Definitions raise their errors without a position: name the file.
                throw LuaError(kind: error.kind, message: "\(path): " + error.message, traceback: error.traceback)
            }
        }
        return (lua, crm)
    }

    /// The `*.lua` files of the fields, KPIs and funnel folders, each in name order.
    func definitionFiles() -> [String] {
        ["fields", "kpis", "funnel"].flatMap { Self.luaFiles(in: definitionsFolder + "/" + $0) }
    }

    /// The paths of the `*.lua` files of a folder, in name order; none when there is no such folder.
    public static func luaFiles(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".lua") }.sorted().map { folder + "/" + $0 }
    }

    /// The text of the script at `path`; one larger than the memory cap of `limit` is refused unread.
    static func source(of path: String, limit: LuaLimits) throws -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if limit.memoryBytes > 0, size > limit.memoryBytes {
            throw LuaError(kind: .memoryLimit, message: "\(path): a script of \(size) bytes is over the memory limit of "
                           + LuaLimits.describe(bytes: limit.memoryBytes))
        }
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError.missingInput(Message("script.unreadable", ["script": path]))
        }
        return source
    }
}
