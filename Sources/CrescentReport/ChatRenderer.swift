import CrescentStore

/// A report as a chat group's robot shows it (WeCom, DingTalk, Feishu): their Markdown has no
/// tables, so each table becomes its first rows as lines of `column value · ...`, tiles become
/// `label: value`, charts are left to the full report. Values are escaped as in Markdown.
public enum ChatRenderer {
    /// At most this many rows of each table.
    public static let rowsPerTable = 10

    public static func render(_ document: ReportDocument) -> String {
        let values = document.values, words = document.words
        var lines = [document.headerItems.map { "\(MarkdownRenderer.escape($0.name)) \(MarkdownRenderer.escape($0.value))" }
            .joined(separator: " · ")]
        for block in document.blocks {
            switch block {
            case .heading(let text, _): lines += ["", "**\(MarkdownRenderer.escape(text))**"]
            case .text(let text): lines += ["", MarkdownRenderer.escape(text)]
            case .tiles(let tiles):
                lines.append("")
                for tile in tiles {
                    let unit = values.unit(tile.kind).isEmpty ? "" : " " + values.unit(tile.kind)
                    let change = ValueText.change(tile.change)
                    lines.append("- \(MarkdownRenderer.escape(tile.label)): **\(values.tile(tile.value, tile.kind))\(unit)**"
                                 + (change.isEmpty ? "" : " \(ValueText.arrow(tile.direction)) \(change)"))
                }
            case .table(let table):
                lines.append("")
                if let title = table.title { lines.append("**\(MarkdownRenderer.escape(title))**") }
                for row in table.rows.prefix(rowsPerTable) {
                    let cells = table.columns.indices.compactMap { i -> String? in
                        let text = i < row.count ? values.format(row[i], table.columns[i]) : ""
                        guard !text.isEmpty else { return nil }
                        let header = MarkdownRenderer.escape(values.header(table.columns[i]))
                        return i == 0 ? MarkdownRenderer.escape(text) : "\(header) \(MarkdownRenderer.escape(text))"
                    }
                    lines.append("- " + cells.joined(separator: " · "))
                }
                if table.rows.count > rowsPerTable {
                    lines.append(words.t("chat.more_rows", ["count": String(table.rows.count - rowsPerTable)]))
                }
            case .chart: break
            }
        }
        return lines.joined(separator: "\n")
    }
}
