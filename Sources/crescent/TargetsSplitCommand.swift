import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation

struct TargetsSplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a target into quarters or months, or a team's target into its reps, and save the parts.",
        discussion: """
            --by even gives equal parts; seasonal weighs each quarter or month by the metric's actual value \
            in the same part a year earlier; history weighs each rep by their share of the team's actual \
            value over the same period a year earlier; weights FILE reads a CSV of part,weight (a period \
            such as 2027-Q1, or a rep id). The parts add up to the whole to the cent.
            """
    )

    enum Into: String, ExpressibleByArgument { case quarters, months }
    enum Destination: String, ExpressibleByArgument { case reps }

    @OptionGroup var target: TargetOptions

    @Option(help: "Split the period into quarters (of a year) or months (of a year or quarter).")
    var into: Into?

    @Option(help: "Split a team's target into its reps (not its managers).")
    var to: Destination?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("How to weigh the parts: even, seasonal, history, or weights FILE.", valueName: "method"))
    var by: [String] = ["even"]

    @Flag(name: .customLong("dry-run"), help: "Print the parts without saving them.")
    var dryRun = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (into == nil) != (to == nil) else { throw usageError("split.usage.one_of") }
        switch by.first {
        case "even" where by.count == 1, "seasonal" where by.count == 1 && into != nil, "history" where by.count == 1 && to != nil: break
        case "weights" where by.count == 2: break
        case "seasonal": throw usageError("split.usage.seasonal")
        case "history": throw usageError("split.usage.history")
        default: throw usageError("split.usage.by", ["given": by.joined(separator: " ")])
        }
        if to != nil, case .team = target.scope {} else if to != nil { throw usageError("split.usage.to_reps") }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let method = TargetSplitReport.Method(rawValue: by[0]) ?? .even
            let weights = try method == .weights ? (text: try readWeights(by[1]), path: by[1]) : nil
            let split = TargetSplitRun(metric: target.metric, scope: target.scope, period: target.period(asOf: asOfOption.day),
                                       into: to != nil ? .reps : into == .quarters ? .quarters : .months, method: method,
                                       weightsFile: weights)
            let environment = limitOptions.environment(asOf: asOfOption.day, language: output.language)
            try output.emit(try split.run(store: store, environment: environment, dryRun: dryRun))
        }
    }

    private func readWeights(_ path: String) throws(StoreError) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .missingInput(Message("file.cannot_read", ["file": path, "reason": Message("file.no_such_or_not_utf8")]))
        }
        return text
    }
}
