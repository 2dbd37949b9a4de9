import CrescentStore

/// A built-in result (a KPI report, a funnel...): one typed value, encoded for machines (JSON
/// and Lua tables come from its one `encode(to:)`) and laid out for people as a `ReportDocument`,
/// which every format for people renders.
public protocol ReportResult: Encodable, Sendable {
    /// The name scripts and the REPL know the type by (`kpi`, `funnel`): `crm.<name>` tags its tables.
    static var resultName: String { get }

    /// The result laid out for people, in `language`.
    func document(_ language: Language) -> ReportDocument
}

/// The formats every command that prints a result has.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, md, csv, json, html
    /// An Excel workbook: a file, written by `ReportDocument.writeWorkbook(to:)`, not text.
    case xlsx
}

extension ReportResult {
    /// The result in `format`: JSON is the value's own encoding; the others render its document.
    public func rendered(_ format: OutputFormat, language: Language, colour: Bool = false) -> String {
        format == .json ? JSONText.encode(self) + "\n" : document(language).rendered(format, colour: colour)
    }
}

extension ReportDocument {
    /// The document in `format` (JSON: the document's own form, `ReportDocument+JSON`).
    public func rendered(_ format: OutputFormat, colour: Bool = false) -> String {
        switch format {
        case .table: return TerminalRenderer(colour: colour).render(self)
        case .md: return MarkdownRenderer.render(self)
        case .csv: return CSVRenderer.render(self)
        case .json: return JSONRenderer.render(self)
        case .html: return HTMLRenderer.render(self)
        case .xlsx: preconditionFailure("a workbook is a file: writeWorkbook(to:) writes it")
        }
    }
}
