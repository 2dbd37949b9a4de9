import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore

struct CommissionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commission",
        abstract: "Compute commissions from a Lua commission plan.",
        discussion: "Plans return crm.commission_plan{...}; see docs/commissions.md and scripts/plans/.",
        subcommands: [CommissionRunCommand.self]
    )
}

struct CommissionRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Give each rep a commission statement for a period, with lines that explain every amount.",
        discussion: """
            Every line is rounded to the cent and the total is the sum of the lines. A plan that fails \
            exits with code 70 and nothing is saved (commission runs save nothing).
            """
    )

    @Argument(help: ArgumentHelp("The commission plan script.", valueName: "plan.lua"))
    var plan: String

    @OptionGroup var periodOption: PeriodOption

    @Option(help: ArgumentHelp("Only this rep's statement.", valueName: "id"))
    var rep: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                let environment = limitOptions.environment(asOf: asOfOption.day, language: output.language)
                let run = try CommissionRun(scriptPath: plan, environment: environment, store: store)
                let period = periodOption.period(asOf: asOfOption.day)
                var statements = try run.statements(period: period)
                if let rep {
                    statements = statements.filter { $0.rep == rep }
                    if statements.isEmpty { throw StoreError.usage(Message("commission.rep_has_nothing", ["rep": rep, "period": "\(period)"])) }
                }
                try output.emit(CommissionReport(plan: run.plan, period: period, asOf: asOfOption.day, currency: try store.baseCurrency(),
                                                 statements: statements))
            }
        }
    }
}
