import ArgumentParser
import CrescentScript
import CrescentStore

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every record of an entity as CSV, JSON, JSON Lines or an Excel workbook.",
        discussion: """
            Columns are the canonical ones, then custom fields. Amounts are exact decimals. \
            With --computed, the computed fields defined in scripts/fields/ follow, evaluated as of --as-of.
            """
    )

    @Argument(help: ArgumentHelp("The entity: \(Entity.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "entity"))
    var entity: String

    @Option(help: "Output format: csv, json, jsonl or xlsx (a workbook: with --out, or to a file or pipe).")
    var format: ExportFormat = .csv

    @Option(help: ArgumentHelp("Write to this file instead of standard output (written only when the export succeeds).", valueName: "file"))
    var out: String?

    @Flag(help: "Add the computed fields defined in scripts/fields/ for this entity.")
    var computed = false

    @OptionGroup var excelOption: ExcelOption

    func validate() throws { try checkOutput(format: format.rawValue, out: out, excel: excelOption.excel) }

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions

    func run() throws {
        try reportingFailures {
            let target = try Entity.named(entity)
            try storeOptions.consistentRead { store in
                let extra = computed
                    ? try ComputedColumns(entity: target, environment: limitOptions.environment(asOf: asOfOption.day), store: store).extraColumns
                    : nil
                if format == .xlsx {
                    return try writeWorkbookFile(to: out) { path in try store.exportWorkbook(target, to: path, extra: extra) }
                }
                let sink = try outputSink(out, excel: excelOption.excel)
                try store.export(target, format: format, to: sink, extra: extra)
                try sink.finish()
            }
        }
    }
}
