import Foundation

/// `:help`: the REPL's commands, and the `crm` functions as docs/lua-api.md describes them (read
/// from that file, so that the help and the reference never differ).
enum ReplHelp {
    /// The commands, in the run's language.
    static var commands: String { say("repl.help") }

    static func text(topic: String) -> String {
        let entries = functions()
        if topic.isEmpty {
            let names = entries.map(\.name).joined(separator: ", ")
            return commands + "\n\n" + say("repl.functions", ["names": names.isEmpty ? "docs/lua-api.md" : names])
        }
        let found = entries.filter { $0.name.localizedCaseInsensitiveContains(topic) }
        guard !found.isEmpty else { return say("repl.no_function", ["topic": topic]) }
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
