import CrescentStore

/// The JSON form of a report (`--format json` of `crescent report`, docs/reports.md#json):
/// `{"report", "title", "parameters": {name: value}, "currency", "as_of", "language", "blocks": [...]}`,
/// each block with its `type` (heading, text, tiles, table, chart) and raw numbers.
extension ReportDocument: Encodable {
    private enum Keys: String, CodingKey {
        case report, title, parameters, currency, asOf = "as_of", language, blocks
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .report)
        try c.encode(title, forKey: .title)
        try c.encode(Dictionary(parameters, uniquingKeysWith: { _, last in last }), forKey: .parameters)
        try c.encode(currency, forKey: .currency)
        try c.encode(asOf, forKey: .asOf)
        try c.encode(language, forKey: .language)
        try c.encode(blocks, forKey: .blocks)
    }
}

extension ReportBlock: Encodable {
    private enum Keys: String, CodingKey {
        case type, text, level, tiles, title, columns, rows, links, kind, categories, series
        case valueKind = "value_kind", xLabel = "x_label", yLabel = "y_label", xKey = "x_key", categoryKeys = "category_keys"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .heading(let text, let level):
            try c.encode("heading", forKey: .type)
            try c.encode(text, forKey: .text)
            try c.encode(level, forKey: .level)
        case .text(let text):
            try c.encode("text", forKey: .type)
            try c.encode(text, forKey: .text)
        case .tiles(let tiles):
            try c.encode("tiles", forKey: .type)
            try c.encode(tiles, forKey: .tiles)
        case .table(let table):
            try c.encode("table", forKey: .type)
            try c.encode(table.title, forKey: .title)
            try c.encode(table.columns, forKey: .columns)
            try c.encode(table.rows, forKey: .rows)
            if !table.links.isEmpty {
                let cells = table.links.keys.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
                try c.encode(cells.map { LinkedCell(row: $0.row, column: $0.column, href: table.links[$0]!.href) }, forKey: .links)
            }
        case .chart(let chart):
            try c.encode("chart", forKey: .type)
            try c.encode(chart.kind.rawValue, forKey: .kind)
            try c.encode(chart.title, forKey: .title)
            try c.encode(chart.categories, forKey: .categories)
            try c.encode(chart.series, forKey: .series)
            try c.encode(chart.valueKind.rawValue, forKey: .valueKind)
            try c.encode(chart.xLabel, forKey: .xLabel)
            try c.encode(chart.yLabel, forKey: .yLabel)
            try c.encode(chart.xKey, forKey: .xKey)
            try c.encode(chart.categoryKeys, forKey: .categoryKeys)
        }
    }
}

/// A cell that links to the records it sums: `{"row", "column", "href"}`, from 0.
private struct LinkedCell: Encodable {
    let row: Int, column: Int, href: String
}

extension ReportTile: Encodable {
    private enum Keys: String, CodingKey { case label, key, value, kind, target, change, direction, note }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(label, forKey: .label)
        try c.encode(machineName, forKey: .key)
        try c.encode(Rounded(value, places: 4), forKey: .value)
        try c.encode(kind.rawValue, forKey: .kind)
        try c.encode(Rounded(target, places: 4), forKey: .target)
        try c.encode(Rounded(change, places: 4), forKey: .change)
        try c.encode(direction?.rawValue, forKey: .direction)
        try c.encode(note, forKey: .note)
    }
}

extension ReportColumn: Encodable {
    private enum Keys: String, CodingKey { case name, key, kind }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(machineName, forKey: .key)
        try c.encode(kind.rawValue, forKey: .kind)
    }
}

extension ReportValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .empty: try c.encodeNil()
        case .text(let text): try c.encode(text)
        case .number(let number): try c.encode(Rounded(number, places: 4))
        case .flag(let set): try c.encode(set)
        case .code(let code, _): try c.encode(code)
        }
    }
}

extension ReportChart.Series: Encodable {
    private enum Keys: String, CodingKey { case name, key, values }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(machineName, forKey: .key)
        try c.encode(values.map { Rounded($0, places: 4) }, forKey: .values)
    }
}
