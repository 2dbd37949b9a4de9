import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentStore
import Foundation

struct SegmentListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List saved segmentations with their latest run.")

    @OptionGroup var output: OutputOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let rows = try storeOptions.open().savedSegmentations().map { run, count -> [ReportValue] in
                [.text(run.segment), .text(run.asOf), .number(Double(run.customers)), .number(Double(count)), .number(Double(run.id)),
                 .text(run.description)]
            }
            try output.emitList("segment-list", title: "list.segments", columns: [("segment", .text), ("as_of", .text), ("customers", .integer),
                                                                              ("runs", .integer), ("last_run", .integer), ("description", .text)],
                                rows: rows)
        }
    }
}

struct SegmentMembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members", abstract: "List the customers in each tier of a saved segmentation, as of its latest run.")

    @Argument(help: ArgumentHelp("The segmentation's name.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Only customers in this tier.", valueName: "tier"))
    var tier: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            try output.emit(try SegmentListings.members(name, tier: tier, store: try storeOptions.open(), language: output.language))
        }
    }
}

struct SegmentMovesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moves", abstract: "List the customers that moved between tiers at saved runs after the first.")

    @Argument(help: ArgumentHelp("The segmentation's name.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Only runs as of this day or later.", valueName: "YYYY-MM-DD"))
    var since: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let since, CalendarDate(parsing: since) == nil { throw usageError("usage.not_a_date", ["option": "--since", "value": since]) }
    }

    func run() throws {
        try reportingFailures {
            try output.emit(try SegmentListings.moves(name, since: since, store: try storeOptions.open(), language: output.language))
        }
    }
}
