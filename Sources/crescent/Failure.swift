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
        printError(error.description)
        throw ExitCode(error.exitCode)
    } catch let error as MissingRate {
        printError(error.description)
        throw ExitCode(65)
    } catch let error as LuaError {
        printError(error.message + (error.traceback.isEmpty || error.isLimit ? "" : "\n" + error.traceback))
        throw ExitCode(scriptFailureExitCode)
    }
}

func printError(_ message: String) {
    fflush(nil)  // what was printed before comes first
    FileHandle.standardError.write(Data(("crescent: " + TerminalText.safeLines(message) + "\n").utf8))
}

func printNote(_ message: String) {
    fflush(nil)
    FileHandle.standardError.write(Data((TerminalText.safeLines(message) + "\n").utf8))
}
