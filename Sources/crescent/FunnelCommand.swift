import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore

struct FunnelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funnel",
        abstract: "Show the sales funnel of a period: stage conversion and dwell, win rate, pipeline and the bottleneck.",
        discussion: """
            Stage figures count the deals that entered each stage in the period (a skipped stage counts as \
            entered and passed, without a dwell time). Win rate, cycle and deal size are over the deals closed \
            in the period; the pipeline and stalled deals are the deals open at the as-of day. Definitions: docs/kpis.md.
            """
    )

    @OptionGroup var periodOption: PeriodOption

    @Option(help: ArgumentHelp("Whose funnel: company, team:ID or rep:ID.", valueName: "scope"), transform: parseScope)
    var scope: TargetScope = .company

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                let run = try FunnelRun(environment: limitOptions.environment(asOf: asOfOption.day, language: output.language), store: store)
                try output.emit(try run.report(period: periodOption.period(asOf: asOfOption.day), scope: scope))
            }
        }
    }
}
