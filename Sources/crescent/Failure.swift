import ArgumentParser
import CrescentReport
import CrescentCore
import CrescentStore
import Foundation
import LuaKit

/// Exit code for a script that failed or was stopped by a limit.
let scriptFailureExitCode: Int32 = 70

/// Runs a command body, printing any failure to standard error as `crescent: message`
/// and exiting with the code documented for it.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as StoreError {
        printError(error.text(runLanguage))
        throw ExitCode(error.exitCode)
    } catch let error as MissingRate {
        printError(error.text(runLanguage))
        throw ExitCode(65)
    } catch let error as LuaError {
        printError(limitWorded(error.message) + (error.traceback.isEmpty || error.isLimit ? "" : "\n" + error.traceback))
        throw ExitCode(scriptFailureExitCode)
    }
}

/// A script's error with the limit it hit (LuaKit words it in English) in the run's language;
/// Lua's own messages stay as Lua writes them.
func limitWorded(_ message: String) -> String {
    guard runLanguage != .en else { return message }
    let forms = [(#"time limit of (\S+) s exceeded"#, "script.time_limit"), (#"memory limit of (\S+) exceeded"#, "script.memory_limit")]
    for (pattern, key) in forms {
        guard let range = message.range(of: pattern, options: .regularExpression) else { continue }
        let found = String(message[range]), value = found.split(separator: " ")[3]
        return message.replacingCharacters(in: range, with: say(key, ["limit": String(value)]))
    }
    return message
}

func printError(_ message: String) {
    fflush(nil)  // what was printed before comes first
    FileHandle.standardError.write(Data(("crescent: " + TerminalText.safeLines(message) + "\n").utf8))
}

func printNote(_ message: String) {
    fflush(nil)
    FileHandle.standardError.write(Data((TerminalText.safeLines(message) + "\n").utf8))
}
