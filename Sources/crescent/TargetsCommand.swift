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
            throw usageError("targets.usage.value", ["value": value])
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let period = target.period(asOf: .today())
            let saved = Target(scope: target.scope, metric: target.metric, period: period, value: Decimal4(parsing: value)!)
            try store.saveTargets([saved], source: "targets set \(target.scope) \(target.metric) \(period)")
            let words = Words(runLanguage), money = BuiltinKpi(rawValue: target.metric)?.unit == .money
            let value = ValueText(language: runLanguage, currency: try store.baseCurrency()).format(saved.value.doubleValue, money ? .money : .number)
            print(say("targets.set", ["metric": words.kpiName(target.metric), "scope": words.scope(target.scope),
                                      "period": words.period(period), "value": value]))
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

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let catalog = try KpiCatalog(store: store, environment: limitOptions.environment(asOf: asOfOption.day, language: output.language))
            try output.emit(try catalog.targetProgress(metric: metric, scope: scope, within: spec?.period(asOf: asOfOption.day)))
        }
    }
}
