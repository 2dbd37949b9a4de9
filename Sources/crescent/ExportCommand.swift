import ArgumentParser
import CrescentStore

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every record of an entity as CSV, JSON or JSON Lines.",
        discussion: "Columns are the canonical ones, then custom fields. Amounts are exact decimals."
    )

    @Argument(help: ArgumentHelp("The entity: \(Entity.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "entity"))
    var entity: String

    @Option(help: "Output format: csv, json or jsonl.")
    var format: ExportFormat = .csv

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let target = try Entity.named(entity)
            let store = try storeOptions.open()
            let sink = try out.map { path throws(StoreError) in try TextSink.file(path) } ?? TextSink.standardOutput()
            try store.export(target, format: format, to: sink)
        }
    }
}
