import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Where a period will land per rep, team and company: quota, closed, commit, best case, pipeline and the gap.",
        discussion: """
            Deals are put in forecast categories by their stage (`forecast` in scripts/funnel/stages.lua) or \
            their own forecast_category field. A rep's forecast is closed + commit, or the figure a manager \
            set with `crescent forecast adjust`; teams and the company add up their members'. Definitions: docs/forecasts.md.
            """,
        subcommands: [ForecastShowCommand.self, ForecastAdjustCommand.self, ForecastAccuracyCommand.self],
        defaultSubcommand: ForecastShowCommand.self
    )
}

struct ForecastShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the forecast of a period (the default).")

    @OptionGroup var periodOption: PeriodOption

    @Option(help: ArgumentHelp("Rows per rep, team or company.", valueName: "grouping"))
    var by: Grouping = .rep

    @Flag(help: "Also keep this forecast (every rep, team and the company) as the period's snapshot of the day, for `forecast accuracy`.")
    var save = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let period = periodOption.period(asOf: asOfOption.day)
            let environment = limitOptions.environment(asOf: asOfOption.day, language: output.language)
            let (report, store) = try storeOptions.consistentRead { store in
                let run = try ForecastRun(environment: environment, store: store)
                // Saving makes every level once (and --by, which the report checks); what is shown is its rows of --by.
                let levels = save ? ForecastReport.snapshotLevels + [by].filter { !ForecastReport.snapshotLevels.contains($0) } : [by]
                return (try run.report(period: period, levels: levels), store)
            }
            if save {
                let snapshot = report.snapshot, rows = try store.saveForecastSnapshot(snapshot)
                if output.format == .table {
                    print(say("forecast.saved", ["period": period.description, "day": snapshot.asOf.description, "rows": String(rows)]))
                    fflush(nil)  // before the report, which is written past print's buffer
                }
            }
            try output.emit(ForecastResult(report: report.only(by), currency: try store.baseCurrency()))
        }
    }
}

struct ForecastAccuracyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accuracy", abstract: "How well a period was forecast: its saved snapshots against what closed, with bias and MAPE.",
        discussion: """
            Compares the forecast as saved (`crescent forecast --save`, or a schedule's `forecast` entry) at the last \
            snapshot of each week, or at the days given with --at, with the deals won in the period.
            """
    )

    @OptionGroup var periodOption: PeriodOption

    @Option(help: ArgumentHelp("Rows per rep, team or company.", valueName: "grouping"))
    var by: Grouping = .rep

    @Option(name: .customLong("at"), help: ArgumentHelp("Compare the last snapshot at or before this day (repeatable; default: each week's last).",
                                                        valueName: "YYYY-MM-DD"))
    var at: [String] = []

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        for day in at where CalendarDate(parsing: day) == nil { throw usageError("usage.not_a_date", ["option": "--at", "value": day]) }
    }

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                let run = try ForecastRun(environment: limitOptions.environment(asOf: asOfOption.day, language: output.language), store: store)
                let accuracy = try run.accuracy(period: periodOption.period(asOf: asOfOption.day), by: by,
                                                at: at.compactMap { CalendarDate(parsing: $0) })
                try output.emit(ForecastAccuracyResult(accuracy: accuracy, currency: try store.baseCurrency()))
            }
        }
    }
}

struct ForecastAdjustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjust", abstract: "Set a manager's forecast figure for a rep, team or the company.",
        discussion: "Every figure is kept with who set it and when; the latest counts, and the roll-up shows it beside the computed one."
    )

    @Option(help: ArgumentHelp("Whose forecast: company, team:ID or rep:ID.", valueName: "scope"), transform: parseScope)
    var scope: TargetScope

    @OptionGroup var periodOption: PeriodOption

    @Option(help: ArgumentHelp("The forecast, an amount in the base currency.", valueName: "number"))
    var value: String

    @Option(help: ArgumentHelp("Why (kept with the figure).", valueName: "text"))
    var note: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard let value = Decimal4(parsing: value), value.units >= 0 else { throw usageError("targets.usage.value", ["value": value]) }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let period = periodOption.period(asOf: asOfOption.day)
            let grouping: Grouping = scope.kind == "company" ? .company : scope.kind == "team" ? .team : .rep
            let run = try ForecastRun(environment: limitOptions.environment(asOf: asOfOption.day, language: output.language), store: store)
            let before = try run.report(period: period, by: grouping)
            guard let row = before.rows.first(where: { $0.scope == scope }) else {
                throw StoreError.usage(Message("forecast.unknown_scope", ["scope": scope.description]))
            }
            _ = try store.adjustForecast(ForecastAdjustment(scope: scope, period: period, value: Decimal4(parsing: value)!, note: note))
            let after = try run.report(period: period, by: grouping)
            if output.format == .table {
                let text = ValueText(language: output.language, currency: try store.baseCurrency())
                print(say("forecast.adjusted_saved", ["scope": Words(output.language).scope(scope), "period": Words(output.language).period(period),
                                                     "value": text.format(Decimal4(parsing: value)!.doubleValue, .money),
                                                     "computed": text.format(row.computed, .money)]))
                fflush(nil)  // before the report, which is written past print's buffer
            }
            try output.emit(ForecastResult(report: after, currency: try store.baseCurrency()))
        }
    }
}
