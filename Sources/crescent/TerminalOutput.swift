import CrescentReport
import CrescentStore
import Foundation

/// Whether standard output is a terminal (then data's control characters must not reach it raw).
let standardOutputIsTerminal = isatty(STDOUT_FILENO) == 1

/// Everything the commands print goes through here, shadowing Swift's `print`: on a terminal, any
/// control character left in the text (CSV or JSON of data, say) shows escaped; the renderers' own
/// colour codes stay. To a file or a pipe, the text is exact.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    Swift.print(standardOutputIsTerminal ? TerminalText.keepingColours(text) : text, terminator: "")
}

/// Standard output for exports and reports, escaped the same way on a terminal.
func terminalSink() -> TextSink {
    TextSink.standardOutput(filter: standardOutputIsTerminal ? { TerminalText.keepingColours($0) } : nil)
}
