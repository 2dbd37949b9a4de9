import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation

struct TargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "Set, list and split sales targets for the company, teams and reps.",
        discussion: """
            A target is a value of a metric (a KPI such as revenue) for a scope (company, team:ID or rep:ID) \
            over a period. Targets can also be imported (crescent import targets) and exported \
            (crescent export targets). A period without a target of its own is measured against the sum of \
            its parts when every part has one.
            """,
        subcommands: [TargetsSetCommand.self, TargetsShowCommand.self, TargetsSplitCommand.self]
    )
}

/// `--scope`, `--metric` and `--period`, named the same in every targets command.
struct TargetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Whose target: company, team:ID or rep:ID.", valueName: "scope"), transform: parseScope)
    var scope: TargetScope

    @Option(help: ArgumentHelp("The metric, a KPI name such as revenue.", valueName: "metric"))
    var metric: String

    @Option(name: .customLong("period"), help: periodHelp, transform: parsePeriod)
    var spec: PeriodSpec

    /// The period meant as of `day` (a word such as next-quarter is relative to it).
    func period(asOf day: CalendarDate) -> Period { spec.period(asOf: day) }
}

struct TargetsSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set (or replace) one target.")

    @OptionGroup var target: TargetOptions

    @Option(help: ArgumentHelp("The target value (an amount in the base currency, or a count).", valueName: "number"))
    var value: String

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard let value = Decimal4(parsing: value), value.units >= 0 else {
            throw ValidationError("--value: '\(value)' is not a number of at most 4 decimals, 0 or more")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let period = target.period(asOf: .today())
            let saved = Target(scope: target.scope, metric: target.metric, period: period, value: Decimal4(parsing: value)!)
            try store.saveTargets([saved])
            print("set \(target.metric) target of \(target.scope) for \(period): \(thousands(saved.value.doubleValue))")
        }
    }
}

struct TargetsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "List targets with the actual value so far and the attainment.",
        discussion: "Actual values are computed as of --as-of for metrics that are KPIs; others show the target only."
    )

    @Option(help: ArgumentHelp("Only this metric.", valueName: "metric"))
    var metric: String?

    @Option(help: ArgumentHelp("Only this scope: company, team:ID or rep:ID.", valueName: "scope"), transform: parseScope)
    var scope: TargetScope?

    @Option(name: .customLong("period"), help: ArgumentHelp("Only targets within this period.", valueName: "period"), transform: parsePeriod)
    var spec: PeriodSpec?

    @Option(help: "Output format: table, csv or json.")
    var format: ListFormat = .table

    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let period = spec?.period(asOf: asOfOption.day)
            let targets = try store.targets(metric: metric).filter { target in
                (scope == nil || target.scope == scope) && (period.map { $0.start <= target.period.start && target.period.end <= $0.end } ?? true)
            }
            let catalog = try KpiCatalog(store: store, environment: limitOptions.environment(asOf: asOfOption.day))
            let known = Set(catalog.all.map(\.name))
            var actuals: [String: KpiValues] = [:]
            let names = try store.names(of: .teams).merging(try store.names(of: .reps)) { a, _ in a }
            let rows = try targets.map { target -> [String] in
                var actual: Double?
                if known.contains(target.metric), let grouping = Grouping(rawValue: target.scope.kind) {
                    let cacheKey = "\(target.metric)|\(target.period)|\(grouping)"
                    if actuals[cacheKey] == nil { actuals[cacheKey] = try catalog.values(target.metric, period: target.period, by: grouping) }
                    actual = actuals[cacheKey]?[target.scope.group(in: grouping) ?? ""] ?? 0
                }
                let attainment = actual.flatMap { target.value.units > 0 ? $0 / target.value.doubleValue : nil }
                let raw = format != .table
                return [target.scope.description, names[target.scope.id] ?? "", target.metric, target.period.description,
                        raw ? target.value.description : thousands(target.value.doubleValue),
                        actual.map { raw ? String(format: "%.2f", $0) : thousands($0) } ?? "",
                        attainment.map { raw ? String(format: "%.4f", $0) : percent($0) } ?? ""]
            }
            if format == .table { print("targets, actual values as of \(asOfOption.day)\n") }
            emit(headers: ["scope", "name", "metric", "period", "target", "actual", "attainment"], rows: rows, format: format,
                 numeric: [4, 5, 6], rawJSON: ["target", "actual", "attainment"])
        }
    }
}
