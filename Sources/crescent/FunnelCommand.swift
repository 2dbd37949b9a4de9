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

    @Option(help: "Output format: table or json.")
    var format: SummaryFormat = .table

    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                let report = try FunnelRun(environment: limitOptions.environment(asOf: asOfOption.day), store: store).report(period: periodOption.period(asOf: asOfOption.day), scope: scope)
                let text = try FunnelReportText(report: report, scope: scope, store: store)
                print(format == .json ? report.json : text.render(),
                      terminator: format == .json ? "\n" : "")
            }
        }
    }
}

/// A funnel report for people on a terminal.
struct FunnelReportText {
    let report: FunnelReport
    let scope: TargetScope
    let currency: String
    let repNames: [String: String]
    /// The stalled deals shown, for their customer and amount.
    let deals: [String: Record]
    let customerNames: [String: String]
    static let stalledShown = 20

    /// Reads the names, and the stalled deals shown, from `store`.
    init(report: FunnelReport, scope: TargetScope, store: any RecordStore) throws {
        self.report = report
        self.scope = scope
        currency = try store.baseCurrency()
        repNames = try store.names(of: .reps)
        let shown = try store.records(.deals, ids: report.stalled.prefix(Self.stalledShown).map(\.deal))
        var byID: [String: Record] = [:]
        for record in shown { if let id = record["id"]?.text { byID[id] = record } }
        deals = byID
        customerNames = try store.names(of: .customers)
    }

    func render() -> String {
        var out = "Funnel \(report.period), \(scope), as of \(report.asOf)\n\n"
        let ready = !report.readyToExit.isEmpty
        var stages = TextTable(["stage", "entered", "converted", "conversion", "expected", "mean dwell", "median dwell", "max dwell", "stalled"]
                               + (ready ? ["ready to exit"] : []), rightAligned: Set(1...9))
        for s in report.stages {
            stages.add([s.stage, thousands(s.entered), s.expectedConversion == nil ? "" : thousands(s.converted), formatted(s.conversion, .ratio),
                        formatted(s.expectedConversion, .ratio), formatted(s.meanDwellDays, .days), formatted(s.medianDwellDays, .days),
                        formatted(s.maxDwellDays, .days), s.maxDwellDays == nil ? "" : thousands(s.stalled)]
                       + (ready ? [report.readyToExit[s.stage].map(thousands) ?? ""] : []))
        }
        out += stages.render() + "\n"
        out += "Closed in \(report.period): \(report.won) won, \(report.lost) lost, win rate \(formatted(report.winRate, .ratio).orDash)"
            + "; sales cycle \(formatted(report.salesCycleDays, .days).orDash) days; average won deal \(formatted(report.avgWonDealSize, .money).orDash) \(currency)\n"
        out += "Open pipeline: \(report.openDealCount) deals, \(thousands(report.pipelineValue)) \(currency) (weighted \(thousands(report.weightedPipeline)))"
            + "; velocity \(formatted(report.velocityPerDay, .money).orDash) \(currency) per day\n"
        out += "Bottleneck: " + (report.bottleneck.map { "\($0.stage): \($0.reason)" } ?? "none (every stage converts and moves as configured)") + "\n"
        if !report.pipeline.isEmpty {
            var open = TextTable(["open stage", "deals", "value", "weighted"], rightAligned: [1, 2, 3])
            for stage in report.pipeline { open.add([stage.stage, thousands(stage.deals), thousands(stage.value), thousands(stage.weighted)]) }
            out += "\n" + open.render()
        }
        if !report.stalled.isEmpty {
            out += "\nStalled deals (\(report.stalled.count), longest first):\n"
            var stalled = TextTable(["deal", "customer", "amount", "owner", "stage", "days in stage", "max"], rightAligned: [2, 5, 6])
            for deal in report.stalled.prefix(Self.stalledShown) {
                let record = deals[deal.deal]
                let customer = record?["customer_id"]?.text ?? ""
                var amount = ""
                if case .decimal(let value)? = record?["amount"] {
                    let currency = record?["currency"]?.text ?? ""
                    amount = thousands(value.doubleValue) + (currency.isEmpty ? "" : " " + currency)
                }
                stalled.add([deal.deal, customerNames[customer].map { "\(customer) \($0)" } ?? customer, amount,
                             repNames[deal.owner].map { "\(deal.owner) \($0)" } ?? deal.owner, deal.stage,
                             thousands(deal.days, decimals: 1), thousands(deal.maxDays, decimals: 0)])
            }
            out += stalled.render()
            if report.stalled.count > Self.stalledShown {
                out += "... and \(report.stalled.count - Self.stalledShown) more (--format json lists them all)\n"
            }
        }
        return out
    }
}

extension String {
    /// "-" for an empty value.
    var orDash: String { isEmpty ? "-" : self }
}
