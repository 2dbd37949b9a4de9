import Foundation
import CrescentStore

/// A report as Markdown: tables as pipe tables (numbers right-aligned), charts as their data.
public enum MarkdownRenderer {
    public static func render(_ document: ReportDocument) -> String {
        var out = "# \(escape(document.title))\n"
        out += "\n" + document.headerItems.map { "\(escape($0.name)): **\(escape($0.value))**" }.joined(separator: " · ") + "\n"
        for block in document.blocks {
            out += "\n"
            switch block {
            case .heading(let text, let level): out += String(repeating: "#", count: min(6, level + 1)) + " " + escape(text) + "\n"
            case .text(let text): out += text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n") + "\n"
            case .tiles(let tiles):
                let words = document.words, values = document.values
                out += "| " + ["tile.kpi", "tile.value", "tile.target", "tile.change"].map { words.t($0) }.joined(separator: " | ")
                    + " |\n|---|---:|---:|---:|\n"
                for tile in tiles {
                    let unit = values.unit(tile.kind).isEmpty ? "" : " " + values.unit(tile.kind)
                    let change = ValueText.change(tile.change)
                    out += "| \(escape(tile.label)) | \(values.tile(tile.value, tile.kind))\(unit) | \(values.tile(tile.target, tile.kind)) | "
                        + (change.isEmpty ? "" : ValueText.arrow(tile.direction) + " " + change) + " |\n"
                }
            case .table(let table): out += render(table, document.values)
            case .chart(let chart): out += render(chart.table, document.values, note: document.words.t("chart.\(chart.kind.rawValue)"))
            }
        }
        return out
    }

    private static func render(_ table: ReportTable, _ values: ValueText, note: String? = nil) -> String {
        var out = table.title.map { "**\(escape($0))**" + (note.map { " (\($0))" } ?? "") + "\n\n" } ?? ""
        out += "| " + table.columns.map { escape(values.header($0)) }.joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { $0.kind == .text || $0.kind == .flag ? "---|" : "---:|" }.joined() + "\n"
        for row in table.rows {
            out += "| " + table.columns.indices.map { i in escape(i < row.count ? values.format(row[i], table.columns[i]) : "") }
                .joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// Data as Markdown that reads as the text it is: no HTML (`<`, `>`, `&` as entities), no links,
    /// images, emphasis or code (their punctuation backslashed), no table cells broken by `|` or a line break.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "!": out += "\\" + String(character)
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

/// A report as CSV: every table (tiles and chart data included), each after a `# title` line and
/// separated by an empty line; numbers as plain decimals for machines.
public enum CSVRenderer {
    public static func render(_ document: ReportDocument) -> String {
        var sections: [String] = []
        for block in document.blocks {
            switch block {
            case .heading, .text: continue
            case .tiles(let tiles):
                var out = "# KPIs\n" + CSVWriter.line(["kpi", "value", "target", "change"])
                for tile in tiles { out += CSVWriter.line([tile.machineName, plain(tile.value), plain(tile.target), plain(tile.change)]) }
                sections.append(out)
            case .table(let table): sections.append(render(table))
            case .chart(let chart): sections.append(render(chart.table))
            }
        }
        return sections.joined(separator: "\n")
    }

    private static func render(_ table: ReportTable) -> String {
        var out = table.title.map { "# \($0)\n" } ?? ""
        out += CSVWriter.line(table.columns.map(\.machineName))
        for row in table.rows {
            out += CSVWriter.line(table.columns.indices.map { i -> String in
                guard i < row.count else { return "" }
                switch row[i] {
                case .empty: return ""
                case .text(let text): return text
                case .number(let number): return plain(number)
                case .flag(let set): return String(set)
                case .code(let code, _): return code
                }
            })
        }
        return out
    }

    /// A number without separators: integers as such, others to 4 decimals at most.
    static func plain(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return JSONText.number(value)
    }
}
