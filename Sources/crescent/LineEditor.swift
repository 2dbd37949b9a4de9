@preconcurrency import CEdit
import Foundation

/// Line editing through the system's libedit (readline interface): arrow keys, Ctrl-R search,
/// history kept in a file across sessions, and Tab completion from a Swift function.
final class LineEditor {
    private let historyPath: String

    /// libedit calls plain C functions: the completer and its matches live here, for the one editor.
    nonisolated(unsafe) private static var completer: ((String) -> [String])?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var nextMatch = 0

    init(historyPath: String, completer: @escaping (String) -> [String]) {
        Self.useUTF8Locale()
        self.historyPath = historyPath
        Self.completer = completer
        rl_readline_name = UnsafePointer(strdup("crescent"))
        // Dots and colons belong to the name being completed (crm.kpi, seg:members).
        rl_completer_word_break_characters = strdup(" \t\n\"'`@$><=;|&{(,)+-*/%^#~[]")
        rl_completion_append_character = 0
        rl_attempted_completion_function = { text, _, end in
            let buffer = rl_line_buffer.map { String(cString: $0) } ?? ""
            let line = String(buffer.utf8.prefix(Int(end))) ?? buffer
            LineEditor.matches = LineEditor.completer?(line) ?? []
            LineEditor.nextMatch = 0
            return rl_completion_matches(text) { _, _ in
                guard LineEditor.nextMatch < LineEditor.matches.count else { return nil }
                defer { LineEditor.nextMatch += 1 }
                return strdup(LineEditor.matches[LineEditor.nextMatch])
            }
        }
        using_history()
        stifle_history(2000)
        _ = read_history(historyPath)
    }

    /// libedit reads multibyte characters only in a UTF-8 locale: take the environment's character
    /// type, and when it has none (or a non-UTF-8 one) C.UTF-8, so that Chinese typed at the prompt
    /// arrives whole. Only LC_CTYPE: numbers (Lua's tostring and tonumber) stay in the C locale.
    static func useUTF8Locale() {
        func isUTF8() -> Bool {
            let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
            return codeset == "UTF-8" || codeset == "UTF8"
        }
        if setlocale(LC_CTYPE, "") != nil, isUTF8() { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil && isUTF8() { return }
    }

    /// One line, or nil at end of input (Ctrl-D). Ctrl-C at the prompt is ignored.
    func readLine(prompt: String) -> String? {
        let previous = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, previous) }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Adds an input to the history and saves the history file.
    func remember(_ input: String) {
        guard !input.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        _ = add_history(input)
        _ = write_history(historyPath)
    }
}
