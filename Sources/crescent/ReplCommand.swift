import ArgumentParser
import CrescentScript
import CrescentStore
import Foundation

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore the store interactively in Lua, with the crm module loaded.",
        discussion: """
            On a terminal: line editing, history in ~/.crescent_history, Tab completion, :help. When standard \
            input is not a terminal, statements are read line by line and results printed, so the REPL can be \
            scripted; it then exits with code 70 when an input failed. The sandbox and limits of scripts apply \
            to every input.
            """
    )

    @OptionGroup var pluginOptions: PluginOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let session = try ScriptSession(environment: limitOptions.environment(asOf: asOfOption.day, language: storeOptions.language), store: store)
            let repl = Repl(session: session, store: store, pluginFolders: pluginOptions.folders)
            if isatty(0) == 1 {
                interactive(repl)
            } else {
                piped(repl)
                if repl.failures > 0 { throw ExitCode(scriptFailureExitCode) }
            }
        }
    }

    private func interactive(_ repl: Repl) {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "."
        let editor = LineEditor(historyPath: home + "/.crescent_history") { line in repl.session.completions(for: line) }
        print(say("repl.banner", ["store": repl.store.location, "day": repl.session.environment.asOf.description]))
        while !repl.finished, let line = editor.readLine(prompt: repl.prompt) {
            let (output, input) = repl.take(line)
            if let input { editor.remember(input) }
            if !output.isEmpty { print(output) }
        }
    }

    private func piped(_ repl: Repl) {
        while !repl.finished, let line = Swift.readLine() {
            let (output, _) = repl.take(line)
            if !output.isEmpty { print(output) }
        }
    }
}
