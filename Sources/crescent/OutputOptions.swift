import ArgumentParser
import CrescentReport
import CrescentStore
import Foundation

extension OutputFormat: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {
    public init?(argument: String) { self.init(code: argument) }
}

/// The language asked for with `--lang`, `CRESCENT_LANG` or the locale, the same in every command.
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: ArgumentHelp("Language: en or zh (default: CRESCENT_LANG, else the locale).", valueName: "lang"))
    var given: Language?

    var language: Language {
        given ?? Language.resolve(nil, environment: ProcessInfo.processInfo.environment) ?? .en
    }

    func validate() throws {
        let environment = ProcessInfo.processInfo.environment
        if given == nil, Language.resolve(nil, environment: environment) == nil {
            throw ValidationError("CRESCENT_LANG: '\(environment["CRESCENT_LANG"] ?? "")' is not a language Crescent has (en, zh)")
        }
    }
}

/// `--format`, `--out` and `--lang`: how a command's result is printed, the same in every command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, md, csv, json or html.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var languageOption: LanguageOption

    var language: Language { languageOption.language }

    /// Colour on a terminal only, and not with NO_COLOR.
    var colour: Bool { out == nil && standardOutputIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// Prints `result` in the format asked for, to the terminal or the file.
    func emit(_ result: some ReportResult) throws(StoreError) {
        try write(result.rendered(format, language: language, colour: colour))
    }

    /// Prints `document` in the format asked for.
    func emit(_ document: ReportDocument) throws(StoreError) {
        try write(document.rendered(format, colour: colour))
    }

    /// Prints a plain list: each column's heading is `column.<key>` in the catalog, its machine name the key.
    func emitList(_ name: String, title: String, columns: [(key: String, kind: ValueKind)], rows: [[ReportValue]]) throws(StoreError) {
        let words = Words(language)
        let table = ReportTable(columns: columns.map { ReportColumn(name: words.t("column.\($0.key)"), kind: $0.kind, key: $0.key) }, rows: rows)
        try emit(ListResult(name: name, title: words.t(title), table: table, asOf: "", language: language))
    }

    private func write(_ text: String) throws(StoreError) {
        let sink = try out.map { path throws(StoreError) in try TextSink.file(path) } ?? terminalSink()
        sink.write(text)
        try sink.finish()
    }
}
