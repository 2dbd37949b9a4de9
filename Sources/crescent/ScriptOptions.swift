import CrescentReport
import ArgumentParser
import CrescentScript
import CrescentStore

/// `--as-of`: the day derived customer metrics are computed as of.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Compute customer metrics as of this day (default: today).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(parsing: asOf) == nil { throw usageError("usage.not_a_date", ["option": "--as-of", "value": asOf]) }
    }

    var day: CalendarDate { asOf.flatMap { CalendarDate(parsing: $0) } ?? .today() }
}

extension LimitOptions {
    /// The environment scripts run in under these limits.
    func environment(asOf: CalendarDate, language: Language = runLanguage) -> ScriptEnvironment {
        ScriptEnvironment(limits: limits, asOf: asOf, language: language)
    }
}
