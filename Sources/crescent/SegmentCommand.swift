import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Sort customers into tiers with a Lua segmentation script, and read saved runs back.",
        discussion: "Segmentation scripts return crm.segmentation{...}; see docs/segments.md and scripts/segments/.",
        subcommands: [SegmentRunCommand.self, SegmentListCommand.self, SegmentMembersCommand.self, SegmentMovesCommand.self]
    )
}

enum SummaryFormat: String, ExpressibleByArgument, CaseIterable { case table, json }
enum ListFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

struct SegmentRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate a segmentation script over every customer and save who is in which tier.",
        discussion: """
            Prints, per tier, the customers, their share, their 12-month revenue and its share, and how many \
            customers moved between tiers since the previous saved run. A customer whose tier is unchanged \
            adds nothing to the history. A failing script saves nothing and exits with code 70.
            """
    )

    @Argument(help: ArgumentHelp("The segmentation script.", valueName: "script.lua"))
    var script: String

    @OptionGroup var asOfOption: AsOfOption

    @Flag(name: .customLong("allow-future"), help: "Allow an --as-of day after today (the run is saved and becomes history).")
    var allowFuture = false

    @Flag(name: .customLong("dry-run"), help: "Evaluate and print, but save nothing.")
    var dryRun = false

    @Option(help: "Output format: table or json.")
    var format: SummaryFormat = .table

    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if !allowFuture, !dryRun, asOfOption.day > .today() {
            throw ValidationError("--as-of \(asOfOption.day) is after today (\(CalendarDate.today())): a saved run becomes the "
                                  + "segmentation's history; add --allow-future to run it anyway, or --dry-run")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let result = try runSegmentation(script, environment: limitOptions.environment(asOf: asOfOption.day), store: store, save: !dryRun)
            print(format == .json ? result.report.json + "\n" : result.render(), terminator: "")
        }
    }
}

/// Evaluates a segmentation script, saves the run unless told not to, and returns what to print.
func runSegmentation(_ path: String, environment: ScriptEnvironment, store: any RecordStore, save: Bool) throws -> SegmentReportText {
    let evaluation = try SegmentEvaluation(scriptPath: path, environment: environment, store: store)
    let segmentation = evaluation.segmentation
    var attempt = 0
    while true {
        attempt += 1
        let previous = try PreviousMembership(store: store, segment: segmentation.name, ids: evaluation.facts.ids)
        let report = SegmentRunReport(segmentation: segmentation, facts: evaluation.facts, assignment: evaluation.assignment, previous: previous)
        let runID: Int64?
        do {
            runID = save ? try report.save(to: store, segmentation: segmentation) : nil
        } catch {
            // Another run of this segmentation was saved meanwhile: the tiers stand; their moves are taken again from that run.
            if case .conflict = error, attempt < 5 { continue }
            throw error
        }
        return SegmentReportText(report: report, segmentation: segmentation, previous: previous.run, runID: runID, currency: try store.baseCurrency())
    }
}

/// The table form of a segmentation run.
struct SegmentReportText {
    let report: SegmentRunReport
    let segmentation: Segmentation
    let previous: SegmentRunRecord?
    let runID: Int64?
    let currency: String

    func render() -> String {
        var text = "\(report.segment) as of \(report.asOf): \(thousands(report.customers)) customers"
        text += runID.map { ", saved as run \($0)\n" } ?? " (dry run: nothing saved)\n"
        if !segmentation.description.isEmpty { text += segmentation.description + "\n" }
        var table = TextTable(["tier", "customers", "share", "revenue 12m (\(currency))", "revenue share", "follow-up", "strategy"],
                              rightAligned: [1, 2, 3, 4, 5])
        for line in report.tiers {
            let tier = segmentation.tiers.first { $0.name == line.name }
            table.add([line.name, thousands(line.count), percent(line.share), thousands(Double(line.revenue12m) / 10_000),
                       percent(line.revenueShare), tier?.followUpDays.map { "\($0) d" } ?? "", tier?.strategy ?? ""])
        }
        text += "\n" + table.render()
        guard let previous else { return text + "\nfirst saved run of \(report.segment): no moves to show\n" }
        text += "\nmoves since run \(previous.id) (as of \(previous.asOf)):"
        if report.moves.isEmpty { return text + " none\n" }
        var moves = TextTable(["from", "to", "customers"], rightAligned: [2])
        for move in report.moves { moves.add([move.from ?? "(new)", move.to, thousands(move.count)]) }
        return text + "\n" + moves.render()
    }
}
