import CrescentStore
import Foundation
import LuaKit

/// The report plugins of the plugin folders: the project's `plugins/`, the user's
/// `~/.config/crescent/plugins/`, then any given folder; a plugin of a later folder replaces one
/// of the same name in an earlier one. A plugin that fails to load is set aside, not fatal.
public final class ReportCatalog {
    public private(set) var plugins: [ReportPlugin] = []
    /// Plugin files that could not be loaded, with why.
    public private(set) var failures: [(path: String, message: String)] = []

    /// The folders searched, in order of precedence (lowest first).
    public static func folders(extra: [String]) -> [String] {
        let home = ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.config/crescent/plugins" }
        return ["plugins"] + (home.map { [$0] } ?? []) + extra
    }

    public init(folders: [String], environment: ScriptEnvironment, store: any RecordStore) {
        var byName: [String: ReportPlugin] = [:]
        for path in folders.flatMap(ScriptEnvironment.luaFiles) {
            do {
                let plugin = try ReportPlugin(path: path, environment: environment, store: store)
                byName[plugin.name] = plugin
            } catch {
                failures.append((path, (error as? LuaError)?.message ?? "\(error)"))
            }
        }
        plugins = byName.values.sorted { $0.name < $1.name }
    }

    /// The plugin named `name`, or a usage error listing the plugins.
    public func plugin(named name: String) throws -> ReportPlugin {
        if let found = plugins.first(where: { $0.name == name }) { return found }
        let names = plugins.map(\.name)
        let broken = failures.isEmpty ? Message.none : Message("report.broken_plugins", ["paths": failures.map(\.path).joined(separator: ", ")])
        throw StoreError.usage(Message("report.unknown", ["report": name, "hint": didYouMean(name, among: names),
                                                          "reports": names.joined(separator: ", "), "broken": broken]))
    }
}
