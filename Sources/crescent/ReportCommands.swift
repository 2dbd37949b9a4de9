import ArgumentParser
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation
import LuaKit

/// `--plugins DIR`, the same in both report commands.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp("Also load report plugins from this folder (repeatable).", valueName: "dir"))
    var folders: [String] = []
}

struct ReportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "List the report plugins with their parameters.",
        discussion: """
            Plugins are Lua files in ./plugins/, ~/.config/crescent/plugins/ and any --plugins folder \
            (a later folder's plugin replaces one of the same name). See docs/reports.md to write one.
            """
    )

    @OptionGroup var pluginOptions: PluginOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            // Listing only runs each plugin's definition: a plugin that takes long at load time is skipped, not waited for.
            let catalog = ReportCatalog(folders: ReportCatalog.folders(extra: pluginOptions.folders),
                                        environment: ScriptEnvironment(limits: LuaLimits(seconds: 5), asOf: asOfOption.day,
                                                                           language: storeOptions.language), store: store)
            for plugin in catalog.plugins {
                print("\(plugin.name) — \(plugin.title)")
                if !plugin.description.isEmpty { print("  \(plugin.description)") }
                print(plugin.parameters.isEmpty ? "    " + say("report.no_parameters") : plugin.parameterList.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                print("  \(plugin.path)\n")
            }
            for failure in catalog.failures { printError(say("report.skipped", ["path": failure.path, "problem": failure.message])) }
            if catalog.plugins.isEmpty {
                printNote(say("report.none_found", ["folders": ReportCatalog.folders(extra: pluginOptions.folders).joined(separator: ", ")]))
            }
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a report plugin and render its report as a table, Markdown, CSV, JSON or HTML.",
        discussion: """
            Parameters are given as --param name=value; `crescent reports` lists each plugin's. HTML is one \
            self-contained file with inline SVG charts. Colour is used on a terminal only (not with NO_COLOR).
            """
    )

    @Argument(help: ArgumentHelp("The plugin's name.", valueName: "name"))
    var name: String

    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter of the plugin (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var output: OutputOptions
    @OptionGroup var pluginOptions: PluginOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        for parameter in parameters where !parameter.contains("=") {
            throw usageError("report.usage.param", ["param": parameter])
        }
    }

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                let catalog = ReportCatalog(folders: ReportCatalog.folders(extra: pluginOptions.folders),
                                            environment: limitOptions.environment(asOf: asOfOption.day, language: output.language), store: store)
                let given = Dictionary(parameters.map { parameter -> (String, String) in
                    let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                }, uniquingKeysWith: { _, last in last })
                try output.emit(try catalog.plugin(named: name).run(given))
            }
        }
    }
}
