import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentStore

extension Grouping: ExpressibleByArgument {}
extension KpiComparison: ExpressibleByArgument {}

/// `--period P`, required: the same option and help in every command that takes one.
struct PeriodOption: ParsableArguments {
    @Option(name: .customLong("period"), help: periodHelp, transform: parsePeriod)
    var spec: PeriodSpec

    /// The period meant as of `day` (a word such as last-quarter is relative to it).
    func period(asOf day: CalendarDate) -> Period { spec.period(asOf: day) }
}

/// The help of every `--period` option.
let periodHelp = ArgumentHelp("The period: \(PeriodSpec.forms) (relative to --as-of).", valueName: "period")

/// `--period P`: parsed with the one message that lists every accepted form.
func parsePeriod(_ text: String) throws -> PeriodSpec {
    guard let spec = PeriodSpec(parsing: text) else { throw usageError("usage.period_forms", ["forms": PeriodSpec.forms]) }
    return spec
}

/// `--scope company|team:ID|rep:ID`.
func parseScope(_ text: String) throws -> TargetScope {
    do { return try TargetScope(parsing: text) } catch { throw ValidationError(error.text(runLanguage)) }
}
