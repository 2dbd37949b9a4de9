import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore

struct KpiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Compute a KPI for a period, per rep, team, region, product or industry.",
        discussion: """
            Built-in KPIs (definitions in docs/kpis.md): \(BuiltinKpi.allCases.map(\.rawValue).joined(separator: ", ")). \
            Custom KPIs defined with crm.kpi.define in scripts/kpis/ work the same way. Amounts are in the store's \
            base currency. --compare target adds target and attainment; previous and yoy add previous and change. \
            --list shows every KPI with its definition.
            """
    )

    @Argument(help: ArgumentHelp("The KPI, such as revenue or win_rate.", valueName: "name"))
    var name: String?

    @Option(name: .customLong("period"), help: periodHelp, transform: parsePeriod)
    var spec: PeriodSpec?

    @Option(help: "Group by rep, team, region, product or industry (default: the whole company).")
    var by: Grouping = .company

    @Option(help: ArgumentHelp("Only the reps or teams of this team (team:ID), or one rep (rep:ID).", valueName: "scope"),
            transform: parseScope)
    var scope: TargetScope?

    @Option(help: """
        Compare with the target, previous (the period before), yoy (a year before), or previous-full / yoy-full \
        (the whole earlier period even when this one is not over); repeatable.
        """)
    var compare: [KpiComparison] = []

    @Flag(help: "Rank each group among its peers (a rep within its team) with a percentile.")
    var rank = false

    @Option(help: ArgumentHelp("activities: only this kind (call, visit, proposal...).", valueName: "kind"))
    var kind: String?

    @Option(help: ArgumentHelp("stage_conversion, stage_dwell_days: the funnel stage.", valueName: "stage"))
    var stage: String?

    @Flag(help: "List the KPIs with their definitions.")
    var list = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if list { return }
        guard name != nil else { throw usageError("kpi.usage.name") }
        guard spec != nil else { throw usageError("kpi.usage.period", ["forms": PeriodSpec.forms]) }
    }

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                let catalog = try KpiCatalog(store: store, environment: limitOptions.environment(asOf: asOfOption.day, language: output.language))
                if list {
                    try output.emit(catalog.list(output.language, asOf: asOfOption.day))
                    return
                }
                try output.emit(try catalog.report(name!, period: spec!.period(asOf: asOfOption.day), by: by, comparisons: compare,
                                                   ranked: rank, scope: scope, options: KpiOptions(kind: kind, stage: stage)))
            }
        }
    }
}
