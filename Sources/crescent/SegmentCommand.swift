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

    @OptionGroup var output: OutputOptions
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if !allowFuture, !dryRun, asOfOption.day > .today() {
            throw usageError("segment.usage.future", ["day": asOfOption.day.description, "today": CalendarDate.today().description])
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            try output.emit(try SegmentEvaluation.run(scriptPath: script, environment: limitOptions.environment(asOf: asOfOption.day, language: output.language),
                                                      store: store, save: !dryRun))
        }
    }
}
