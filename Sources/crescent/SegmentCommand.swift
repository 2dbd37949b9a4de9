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
            adds nothing to the history. Tiers with a follow_up rule keep one open task per customer for its \
            owner (docs/segments.md): the run adds the missing ones, closes those done and cancels those of \
            customers who left the tier, in the same transaction as the run. A failing script saves nothing \
            and exits with code 70; --dry-run saves nothing and shows who would get which task.
            """
    )

    @Argument(help: ArgumentHelp("The segmentation script.", valueName: "script.lua"))
    var script: String

    @OptionGroup var asOfOption: AsOfOption

    @Flag(name: .customLong("allow-future"), help: "Allow an --as-of day after today (the run is saved and becomes history).")
    var allowFuture = false

    @OptionGroup var writeOptions: WriteOptions

    @OptionGroup var output: OutputOptions
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if !allowFuture, !writeOptions.dryRun, asOfOption.day > .today() {
            throw usageError("segment.usage.future", ["day": asOfOption.day.description, "today": CalendarDate.today().description])
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            try output.emit(try SegmentEvaluation.run(scriptPath: script, environment: limitOptions.environment(asOf: asOfOption.day, language: output.language),
                                                      store: store, dryRun: writeOptions.dryRun, maxWrites: writeOptions.maxWrites))
        }
    }
}
