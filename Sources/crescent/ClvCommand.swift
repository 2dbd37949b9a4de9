import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentStore

extension ClvTimeUnit: ExpressibleByArgument {}

struct ClvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clv",
        abstract: "Fit and show the customer value models (BG/NBD for purchases, Gamma-Gamma for spend).",
        discussion: """
            The fit gives every customer p_alive, expected_orders_90d, expected_order_value and clv_12m, \
            fields that segmentations, KPIs, reports and exports read. Definitions: docs/clv.md.
            """,
        subcommands: [ClvFitCommand.self, ClvShowCommand.self, ClvTrackingCommand.self]
    )
}

struct ClvFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit the models to the orders up to the calibration end by maximum likelihood, and save them."
    )

    @Option(help: ArgumentHelp("The last day of orders the models learn from (default: the as-of day).", valueName: "YYYY-MM-DD"))
    var calibrationEnd: String?

    @Option(help: ArgumentHelp("The models' unit of time: day or week.", valueName: "unit"))
    var timeUnit: ClvTimeUnit = .week

    @Option(help: ArgumentHelp("The monthly discount rate of clv_12m (0.01 = 1% a month).", valueName: "rate"))
    var discount: Double = 0.01

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let calibrationEnd, CalendarDate(parsing: calibrationEnd) == nil {
            throw usageError("usage.not_a_date", ["option": "--calibration-end", "value": calibrationEnd])
        }
        guard discount >= 0 && discount < 1 else { throw usageError("clv.usage.discount", ["rate": String(discount)]) }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let model = try ClvModel.fit(store: store, asOf: asOfOption.day, calibrationEnd: calibrationEnd.flatMap(CalendarDate.init(parsing:)) ?? asOfOption.day,
                                         unit: timeUnit, monthlyDiscount: discount)
            try model.save(to: store)
            try output.emit(ClvResult(model: model))
        }
    }
}

struct ClvShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the latest fit's parameters.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            try output.emit(ClvResult(model: try ClvModel.required(in: try storeOptions.open())))
        }
    }
}

struct ClvTrackingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracking", abstract: "Cumulative repeat purchases week by week, actual against the latest fit's prediction.",
        discussion: "Weeks after the fit's calibration end are the holdout: fit with --calibration-end before the as-of day to test the model."
    )

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                try output.emit(ClvTrackingResult(tracking: try ClvTracking(store: store, asOf: asOfOption.day)))
            }
        }
    }
}
