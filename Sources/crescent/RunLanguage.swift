import ArgumentParser
import CrescentStore
import Foundation

/// The language of this run, for everything it prints, errors included: `--lang` (read from the
/// arguments before they are parsed, so that a parse error is worded in it too), else
/// `CRESCENT_LANG`, else the locale; English when none of them names a language Crescent has.
let runLanguage: Language = {
    let arguments = CommandLine.arguments.dropFirst().prefix { $0 != "--" }
    var given: String?
    for (index, argument) in zip(arguments.indices, arguments) {
        if argument.hasPrefix("--lang=") { given = String(argument.dropFirst("--lang=".count)) }
        else if argument == "--lang", index + 1 < arguments.endIndex { given = arguments[index + 1] }
    }
    let environment = ProcessInfo.processInfo.environment
    return given.flatMap { Language(code: $0) } ?? Language.resolve(nil, environment: environment) ?? .en
}()

/// The text of catalog `key` in the run's language.
func say(_ key: String, _ values: KeyValuePairs<String, any MessageValue> = [:]) -> String {
    Message(key, values).text(runLanguage)
}

/// A usage error worded in the run's language (argument-parser prints it, then the usage).
func usageError(_ key: String, _ values: KeyValuePairs<String, any MessageValue> = [:]) -> ValidationError {
    ValidationError(say(key, values))
}
