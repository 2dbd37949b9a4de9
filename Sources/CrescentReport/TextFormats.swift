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
                out += "| KPI | value | target | change |\n|---|---:|---:|---:|\n"
                for tile in tiles {
                    let unit = tile.kind == .money ? " \(document.currency)" : ""
                    let change = ValueText.change(tile.change)
                    out += "| \(escape(tile.label)) | \(ValueText.format(tile.value, tile.kind))\(unit) | \(ValueText.format(tile.target, tile.kind)) | "
                        + (change.isEmpty ? "" : ValueText.arrow(tile.direction) + " " + change) + " |\n"
                }
            case .table(let table): out += render(table, currency: document.currency)
            case .chart(let chart): out += render(chart.table, currency: document.currency, note: "\(chart.kind.rawValue.replacingOccurrences(of: "_", with: " ")) chart")
            }
        }
        return out
    }

    private static func render(_ table: ReportTable, currency: String, note: String? = nil) -> String {
        var out = table.title.map { "**\(escape($0))**" + (note.map { " (\($0))" } ?? "") + "\n\n" } ?? ""
        out += "| " + table.columns.map { escape(ValueText.header($0, currency: currency)) }.joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { $0.kind == .text ? "---|" : "---:|" }.joined() + "\n"
        for row in table.rows {
            out += "| " + table.columns.indices.map { i in escape(i < row.count ? ValueText.format(row[i], table.columns[i].kind) : "") }.joined(separator: " | ") + " |\n"
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
                for tile in tiles { out += CSVWriter.line([tile.label, plain(tile.value), plain(tile.target), plain(tile.change)]) }
                sections.append(out)
            case .table(let table): sections.append(render(table))
            case .chart(let chart): sections.append(render(chart.table))
            }
        }
        return sections.joined(separator: "\n")
    }

    private static func render(_ table: ReportTable) -> String {
        var out = table.title.map { "# \($0)\n" } ?? ""
        out += CSVWriter.line(table.columns.map(\.name))
        for row in table.rows {
            out += CSVWriter.line(table.columns.indices.map { i -> String in
                guard i < row.count else { return "" }
                switch row[i] {
                case .empty: return ""
                case .text(let text): return text
                case .number(let number): return plain(number)
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
