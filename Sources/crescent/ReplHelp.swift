import Foundation

/// `:help`: the REPL's commands, and the `crm` functions as docs/lua-api.md describes them (read
/// from that file, so that the help and the reference never differ).
enum ReplHelp {
    static let commands = """
        Type Lua: an expression shows its value, a statement runs. Unfinished input continues on "..>".
        Globals stay for the session (locals last one input). Tab completes names, crm. members and record fields.
          :help [topic]             this help, or the crm functions whose name contains topic
          :reports                  the report plugins and their parameters
          :report NAME [k=v ...]    run a report plugin
          :run FILE                 run a Lua file in the session
          :time EXPRESSION          evaluate and show how long it took
          :as-of YYYY-MM-DD         compute customer metrics and KPIs as of that day
          :quit                     leave (or Ctrl-D); Ctrl-C stops a long evaluation
        """

    static func text(topic: String) -> String {
        let entries = functions()
        if topic.isEmpty {
            let names = entries.map(\.name).joined(separator: ", ")
            return commands + "\n\ncrm functions (:help NAME for one): " + (names.isEmpty ? "see docs/lua-api.md" : names)
        }
        let found = entries.filter { $0.name.localizedCaseInsensitiveContains(topic) }
        guard !found.isEmpty else { return "no crm function matches '\(topic)'; :help lists them" }
        return found.map { "\($0.name)\n    \($0.text)" }.joined(separator: "\n")
    }

    /// The rows of the function table of docs/lua-api.md: `| `name` | what it does |`.
    static func functions() -> [(name: String, text: String)] {
        guard let reference = referenceText() else { return [] }
        return reference.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `crm.") else { return nil }
            let cells = line.split(separator: "|", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { return nil }
            // Markdown links read as their text: "([kpis.md](kpis.md#x))" becomes "(kpis.md)".
            let text = cells[1].replacingOccurrences(of: "`", with: "").replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
            return (cells[0].replacingOccurrences(of: "`", with: ""), text)
        }
    }

    /// docs/lua-api.md beside the working folder, or beside the binary's checkout (.build/<config>/crescent).
    private static func referenceText() -> String? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [URL(fileURLWithPath: "docs/lua-api.md"),
                          binary.deletingLastPathComponent().appendingPathComponent("../../../docs/lua-api.md").standardized,
                          binary.deletingLastPathComponent().appendingPathComponent("../../docs/lua-api.md").standardized]
        return candidates.lazy.compactMap { try? String(contentsOf: $0, encoding: .utf8) }.first
    }
}
