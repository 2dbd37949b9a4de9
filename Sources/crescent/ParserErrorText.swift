import ArgumentParser
import CrescentStore
import Foundation

/// argument-parser's own messages (an unknown option, a missing value) in the run's language: the
/// library words them in English, so each known form is matched and worded from the catalog.
enum ParserErrorText {
    /// Each form: the pattern of the library's line, and the catalog key its captures fill ({1}, {2}...).
    private static let forms: [(pattern: String, key: String)] = [
        (#"^Error: Unknown option '(.+?)'\. Did you mean '(.+?)'\?$"#, "parser.unknown_option_near"),
        (#"^Error: Unknown option '(.+?)'$"#, "parser.unknown_option"),
        (#"^Error: Missing expected argument '(.+?)'$"#, "parser.missing_argument"),
        (#"^Error: The value '(.*?)' is invalid for '(.+?)'\. Please provide one of (.+)\.$"#, "parser.invalid_choice"),
        (#"^Error: The value '(.*?)' is invalid for '(.+?)': (.*)$"#, "parser.invalid_value"),
        (#"^Error: Missing value for '(.+?)'$"#, "parser.missing_value"),
        (#"^Error: Unexpected argument '(.+?)'$"#, "parser.unexpected_argument"),
        (#"^Error: (.*)$"#, "parser.error"),
        (#"^Help: (.*)$"#, "parser.help"),
        (#"^Usage: (.*)$"#, "parser.usage"),
        (#"^  See '(.+?)' for more information\.$"#, "parser.see_help"),
    ]

    /// `text`, line by line, in `language`; a line of no known form stays as it is.
    static func worded(_ text: String, in language: Language) -> String {
        guard language != .en else { return text }
        let words = Words(language)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let line = String(line)
            for (pattern, key) in forms {
                guard let regex = try? NSRegularExpression(pattern: pattern),
                      let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
                let captures = (1..<match.numberOfRanges).map { i in
                    (String(i), Range(match.range(at: i), in: line).map { String(line[$0]) } ?? "")
                }
                return words.t(key, captures)
            }
            return line
        }.joined(separator: "\n")
    }
}

extension Crescent {
    /// Parses and runs the command; what goes wrong is printed in the run's language.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard runLanguage != .en, code != .success else { exit(withError: error) }  // help stays as the library writes it
            let text = fullMessage(for: error)
            if !text.isEmpty { FileHandle.standardError.write(Data((ParserErrorText.worded(text, in: runLanguage) + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }
}
