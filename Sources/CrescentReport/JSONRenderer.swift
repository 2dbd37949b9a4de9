import CrescentStore
import Foundation

/// A report as JSON: the document itself, block by block, with raw numbers.
public enum JSONRenderer {
    public static func render(_ document: ReportDocument) -> String {
        let parameters = document.parameters.map { "\(JSONText.string($0.name)): \(JSONText.string($0.value))" }.joined(separator: ", ")
        let blocks = document.blocks.map(block).joined(separator: ",\n  ")
        return "{\"report\": \(JSONText.string(document.name)), \"title\": \(JSONText.string(document.title)), "
            + "\"parameters\": {\(parameters)}, \"currency\": \(JSONText.string(document.currency)), "
            + "\"as_of\": \(JSONText.string(document.asOf)), \"blocks\": [\n  \(blocks)]}\n"
    }

    static func number(_ value: Double?) -> String { JSONText.number(value) }

    private static func optional(_ text: String?) -> String { text.map(JSONText.string) ?? "null" }

    private static func block(_ block: ReportBlock) -> String {
        switch block {
        case .heading(let text, let level):
            return "{\"type\": \"heading\", \"text\": \(JSONText.string(text)), \"level\": \(level)}"
        case .text(let text):
            return "{\"type\": \"text\", \"text\": \(JSONText.string(text))}"
        case .tiles(let tiles):
            let items = tiles.map { tile in
                "{\"label\": \(JSONText.string(tile.label)), \"value\": \(number(tile.value)), \"kind\": \"\(tile.kind.rawValue)\", "
                    + "\"target\": \(number(tile.target)), \"change\": \(number(tile.change)), \"direction\": \(optional(tile.direction?.rawValue)), "
                    + "\"note\": \(optional(tile.note))}"
            }
            return "{\"type\": \"tiles\", \"tiles\": [\(items.joined(separator: ", "))]}"
        case .table(let table):
            return "{\"type\": \"table\", " + tableFields(table) + "}"
        case .chart(let chart):
            let series = chart.series.map { "{\"name\": \(JSONText.string($0.name)), \"values\": [\($0.values.map { number($0) }.joined(separator: ", "))]}" }
            return "{\"type\": \"chart\", \"kind\": \"\(chart.kind.rawValue)\", \"title\": \(JSONText.string(chart.title)), "
                + "\"categories\": [\(chart.categories.map(JSONText.string).joined(separator: ", "))], \"series\": [\(series.joined(separator: ", "))], "
                + "\"value_kind\": \"\(chart.valueKind.rawValue)\", \"x_label\": \(optional(chart.xLabel)), \"y_label\": \(optional(chart.yLabel))}"
        }
    }

    private static func tableFields(_ table: ReportTable) -> String {
        let columns = table.columns.map { "{\"name\": \(JSONText.string($0.name)), \"kind\": \"\($0.kind.rawValue)\"}" }
        let rows = table.rows.map { row in
            "[" + row.map { value -> String in
                switch value {
                case .empty: return "null"
                case .text(let text): return JSONText.string(text)
                case .number(let n): return number(n)
                }
            }.joined(separator: ", ") + "]"
        }
        return "\"title\": \(optional(table.title)), \"columns\": [\(columns.joined(separator: ", "))], \"rows\": [\(rows.joined(separator: ", "))]"
    }
}
