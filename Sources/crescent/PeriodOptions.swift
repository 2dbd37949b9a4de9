import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentStore

extension Grouping: ExpressibleByArgument {}
extension KpiComparison: ExpressibleByArgument {}

/// `--period P`, required: the same option and help in every command that takes one.
struct PeriodOption: ParsableArguments {
    @Option(help: ArgumentHelp("The period: \(Period.forms).", valueName: "period"), transform: parsePeriod)
    var period: Period
}

/// `--period P`: parsed with a message that lists every accepted form.
func parsePeriod(_ text: String) throws -> Period {
    guard let period = Period(parsing: text) else {
        throw ValidationError("--period: '\(text)' is not a period (\(Period.forms))")
    }
    return period
}

/// `--scope company|team:ID|rep:ID`.
func parseScope(_ text: String) throws -> TargetScope {
    do { return try TargetScope(parsing: text) } catch { throw ValidationError(error.description) }
}

/// A KPI value as people read it: amounts with thousands separators, ratios as percentages.
func formatted(_ value: Double?, _ unit: KpiUnit) -> String {
    guard let value, value.isFinite else { return "" }
    switch unit {
    case .money: return thousands(value)
    case .count: return value == value.rounded() ? thousands(Int(value)) : thousands(value)
    case .ratio: return percent(value)
    case .days: return thousands(value, decimals: 1)
    case .score: return thousands(value, decimals: 2)
    }
}
