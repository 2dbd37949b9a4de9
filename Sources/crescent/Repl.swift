import CrescentReport
import CrescentScript
import CrescentStore
import Foundation
import LuaKit

/// The REPL's loop, independent of where lines come from: it gathers lines until an input is
/// complete, evaluates it, runs `:` commands, and writes what to show.
final class Repl {
    let session: ScriptSession
    let store: any RecordStore
    let pluginFolders: [String]
    var renderer = ReplRenderer()
    private var pending: [String] = []
    /// Set by `:quit`.
    private(set) var finished = false
    /// Inputs that failed, for the exit status of a piped session.
    private(set) var failures = 0

    init(session: ScriptSession, store: any RecordStore, pluginFolders: [String]) {
        self.session = session
        self.store = store
        self.pluginFolders = pluginFolders
        renderer.language = session.environment.language
    }

    var prompt: String { pending.isEmpty ? "crescent> " : "..> " }

    /// Takes one line; returns the text to show (empty when the input continues), and the
    /// complete input when one ended (for the history).
    func take(_ line: String) -> (output: String, input: String?) {
        if pending.isEmpty, line.hasPrefix(":") { return (command(line), line) }
        pending.append(line)
        let input = pending.joined(separator: "\n")
        if input.trimmingCharacters(in: .whitespaces).isEmpty { pending = []; return ("", nil) }
        let outcome = session.evaluate(input)
        if outcome == .incomplete { return ("", nil) }
        pending = []
        return (show(outcome), input)
    }

    private func show(_ outcome: SessionOutcome) -> String {
        switch outcome {
        case .incomplete: return ""
        case .values(let values): return values.map(renderer.render).joined(separator: "\n")
        case .failure(let message, let interrupted):
            failures += 1
            return TerminalText.safeLines(say(interrupted ? "repl.interrupted" : "repl.error", ["message": limitWorded(message)]))
        }
    }

    // MARK: `:` commands

    private func command(_ line: String) -> String {
        let words = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        switch words.first ?? "" {
        case "q", "quit", "exit": finished = true; return ""
        case "help", "h": return ReplHelp.text(topic: argument)
        case "run":
            guard !argument.isEmpty else { return say("repl.usage", ["usage": ":run FILE"]) }
            return show(session.run(file: argument))
        case "time":
            guard !argument.isEmpty else { return say("repl.usage", ["usage": ":time EXPRESSION"]) }
            let start = DispatchTime.now()
            let result = show(session.evaluate(argument))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            return (result.isEmpty ? "" : result + "\n") + String(format: "(%.3f s)", seconds)
        case "as-of":
            guard let day = CalendarDate(parsing: argument) else {
                return say("repl.as_of_usage", ["day": session.environment.asOf.description])
            }
            session.setAsOf(day)
            return say("repl.as_of_set", ["day": day.description])
        case "reports": return reports()
        case "report": return report(argument)
        default: return say("repl.unknown_command", ["command": words.first ?? ""])
        }
    }

    private var catalog: ReportCatalog {
        ReportCatalog(folders: ReportCatalog.folders(extra: pluginFolders), environment: session.environment, store: store)
    }

    private func reports() -> String {
        let catalog = self.catalog
        return catalog.plugins.map { "\($0.name) — \($0.title)\n\($0.parameterList)" }.joined(separator: "\n")
            + catalog.failures.map { "\n" + say("report.skipped", ["path": $0.path, "problem": $0.message]) }.joined()
    }

    private func report(_ argument: String) -> String {
        var words = argument.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return say("repl.usage", ["usage": ":report NAME [key=value ...]"]) }
        let name = words.removeFirst()
        var given: [String: String] = [:]
        for word in words {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return say("repl.error", ["message": say("repl.not_key_value", ["word": word])]) }
            given[parts[0]] = parts[1]
        }
        do {
            let document = try catalog.plugin(named: name).run(given)
            return TerminalRenderer(colour: isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil).render(document).trimmingSuffix("\n")
        } catch {
            failures += 1
            return say("repl.error", ["message": (error as? any Worded)?.text(runLanguage) ?? (error as? LuaError)?.message ?? "\(error)"])
        }
    }
}
