import CrescentStore

/// A plain list (the KPIs, saved runs, targets...): one table, laid out for people in the
/// language it was made in, and for machines a JSON array of objects keyed by its columns'
/// machine names (numbers as numbers, empty cells as null).
public struct ListResult: ReportResult {
    public static let resultName = "list"

    /// The list laid out in the language it was made in: its one block is the table.
    public let document: ReportDocument

    /// A list titled `title` (Markdown and HTML show it; a terminal shows the table only), with
    /// `table` as its one block; `asOf` empty when the list is of stored data, not as of a day.
    public init(name: String, title: String, table: ReportTable, currency: String = "", asOf: String, language: Language) {
        var document = ReportDocument(name: name, title: title, currency: currency, asOf: asOf, language: language, blocks: [.table(table)])
        document.showsHeading = false
        self.document = document
    }

    public func document(_ language: Language) -> ReportDocument { document }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        guard case .table(let table)? = document.blocks.first else { return }
        for row in table.rows { try list.encode(Item(columns: table.columns, cells: row)) }
    }

    private struct Item: Encodable {
        let columns: [ReportColumn]
        let cells: [ReportValue]

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for (column, cell) in zip(columns, cells) {
                if case .text(let text) = cell, text.isEmpty { try c.encodeNil(forKey: Key(stringValue: column.machineName)) }
                else { try c.encode(cell, forKey: Key(stringValue: column.machineName)) }
            }
        }
    }
}
