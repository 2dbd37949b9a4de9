import ArgumentParser
import CrescentReport
import CrescentStore
import CrescentWorkbook
import Foundation

extension OutputFormat: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {
    public init?(argument: String) { self.init(code: argument) }
}

/// The language asked for with `--lang`, `CRESCENT_LANG` or the locale, the same in every command.
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: ArgumentHelp("Language: en or zh (default: CRESCENT_LANG, else the locale).", valueName: "lang"))
    var given: Language?

    /// The run's language (`runLanguage`, which reads `--lang` before parsing, as this option does).
    var language: Language { given ?? runLanguage }

    func validate() throws {
        let environment = ProcessInfo.processInfo.environment
        if given == nil, Language.resolve(nil, environment: environment) == nil {
            throw usageError("language.unknown_environment", ["value": environment["CRESCENT_LANG"] ?? ""])
        }
    }
}

/// `--format` and `--out`: how a command's result is printed, the same in every command, in the
/// run's language (`--lang`, which `StoreOptions` carries).
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, md, csv, json, html or xlsx (a workbook: with --out, or to a file or pipe).")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var excelOption: ExcelOption
    var excel: Bool { excelOption.excel }

    var language: Language { runLanguage }

    func validate() throws { try checkOutput(format: format.rawValue, out: out, excel: excel) }

    /// Colour on a terminal only, and not with NO_COLOR.
    var colour: Bool { out == nil && standardOutputIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// Prints `result` in the format asked for, to the terminal or the file.
    func emit(_ result: some ReportResult) throws(StoreError) {
        if format == .xlsx { return try writeWorkbook(result.document(language)) }
        try write(result.rendered(format, language: language, colour: colour))
    }

    /// Prints `document` in the format asked for.
    func emit(_ document: ReportDocument) throws(StoreError) {
        if format == .xlsx { return try writeWorkbook(document) }
        try write(document.rendered(format, colour: colour))
    }

    /// Writes `document` as a workbook to --out, or to standard output (a file or a pipe).
    private func writeWorkbook(_ document: ReportDocument) throws(StoreError) {
        try writeWorkbookFile(to: out) { path in try document.writeWorkbook(to: path) }
    }

    /// Prints a plain list: each column's heading is `column.<key>` in the catalog, its machine name the key.
    func emitList(_ name: String, title: String, columns: [(key: String, kind: ValueKind)], rows: [[ReportValue]]) throws(StoreError) {
        let words = Words(language)
        let table = ReportTable(columns: columns.map { ReportColumn(name: words.t("column.\($0.key)"), kind: $0.kind, key: $0.key) }, rows: rows)
        try emit(ListResult(name: name, title: words.t(title), table: table, asOf: "", language: language))
    }

    private func write(_ text: String) throws(StoreError) { try writeOutput(text, to: out, excel: excel) }
}

/// `--excel` (or `--bom`), the same wherever CSV is written.
struct ExcelOption: ParsableArguments {
    @Flag(name: [.customLong("excel"), .customLong("bom")], help: "CSV for Excel: a UTF-8 byte-order mark and CRLF line ends.")
    var excel = false
}

/// What every `--format`, `--out` and `--excel` share: `--excel` is for CSV, and a workbook goes to
/// a file or a pipe, never to a terminal.
func checkOutput(format: String, out: String?, excel: Bool) throws {
    if excel && format != "csv" { throw usageError("usage.excel_csv") }
    if format == "xlsx" && out == nil && standardOutputIsTerminal { throw usageError("usage.xlsx_out") }
}

/// Writes a workbook with `write` to `out`, or (through a file of its own) to standard output.
func writeWorkbookFile(to out: String?, _ write: (String) throws -> Void) throws(StoreError) {
    do {
        if let out { return try write(out) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crescent-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(path)
        guard let bytes = FileManager.default.contents(atPath: path) else { throw StoreError.failure(Message("usage.xlsx_out")) }
        FileHandle.standardOutput.write(bytes)
    } catch let error as WorkbookError {
        throw .failure(Message("workbook.error", ["error": error]))
    } catch let error as StoreError {
        throw error
    } catch {
        throw .failure(Message("workbook.error", ["error": "\(error)"]))
    }
}

/// Writes `text` to the file `out`, or to standard output when it is nil; `excel`: as Excel reads CSV.
func writeOutput(_ text: String, to out: String?, excel: Bool = false) throws(StoreError) {
    let sink = try outputSink(out, excel: excel)
    sink.write(text)
    try sink.finish()
}

/// The file `out` (written when complete), or standard output; for Excel's CSV when `excel`.
func outputSink(_ out: String?, excel: Bool) throws(StoreError) -> TextSink {
    let sink = try out.map { path throws(StoreError) in try TextSink.file(path) } ?? terminalSink()
    return excel ? sink.asExcelCSV() : sink
}
