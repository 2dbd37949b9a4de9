/// A report for people on a terminal: aligned tables, tiles, and charts drawn as text bars;
/// colour only when asked (on a terminal, and not when NO_COLOR is set).
public struct TerminalRenderer {
    public var colour: Bool
    /// Columns a full bar takes.
    public var barWidth = 40

    public init(colour: Bool) { self.colour = colour }

    /// The report's text is data: made safe before it is painted (`TerminalText`).
    private func paint(_ text: String, _ code: String) -> String {
        let text = TerminalText.safe(text)
        return colour && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    private let safe = TerminalText.safe
    private func bold(_ text: String) -> String { paint(text, "1") }

    public func render(_ document: ReportDocument) -> String {
        var out = ""
        if document.showsHeading {
            out += bold(document.title) + "\n"
            out += paint(document.headerItems.map { "\($0.name) \($0.value)" }.joined(separator: " · "), "2") + "\n"
        }
        for (index, block) in document.blocks.enumerated() {
            if document.showsHeading || index > 0 { out += "\n" }
            switch block {
            case .heading(let text, let level):
                out += bold(text) + "\n" + (level <= 1 ? String(repeating: "=", count: TextTable.width(safe(text))) + "\n" : "")
            case .text(let text): out += TerminalText.safeLines(text) + "\n"
            case .tiles(let tiles): out += render(tiles, document)
            case .table(let table): out += render(table, document)
            case .chart(let chart): out += render(chart, document)
            }
        }
        return out
    }

    private func render(_ tiles: [ReportTile], _ document: ReportDocument) -> String {
        let words = document.words, values = document.values
        // Only the columns some tile fills.
        let hasTarget = tiles.contains { $0.target != nil }, hasChange = tiles.contains { $0.change != nil }
        var headers = ["", words.t("tile.value")] + (hasTarget ? [words.t("tile.target"), words.t("tile.attainment")] : [])
            + (hasChange ? [words.t("tile.change")] : [])
        if tiles.contains(where: { $0.note != nil }) { headers.append("") }
        var table = TextTable(headers, rightAligned: Set(1..<(headers.count - (headers.last == "" && headers.count > 2 ? 1 : 0))), painted: true)
        for tile in tiles {
            let unit = values.unit(tile.kind).isEmpty || tile.value == nil ? "" : " " + values.unit(tile.kind)  // no unit without a value
            let attainment = tile.target.flatMap { target in tile.value.map { target != 0 ? percent($0 / target) : "" } } ?? ""
            var change = ValueText.change(tile.change)
            if !change.isEmpty {
                change = ValueText.arrow(tile.direction) + " " + change
                change = tile.direction == .up ? paint(change, "32") : tile.direction == .down ? paint(change, "31") : change
            }
            var cells = [safe(tile.label), values.tile(tile.value, tile.kind) + safe(unit)]
            if hasTarget { cells += [values.tile(tile.target, tile.kind), attainment] }
            if hasChange { cells.append(change) }
            if headers.count > cells.count { cells.append(tile.note.map { paint($0, "2") } ?? "") }
            table.add(cells)
        }
        return table.render()
    }

    private func render(_ table: ReportTable, _ document: ReportDocument) -> String {
        let values = document.values
        var text = TextTable(table.columns.map(values.header),
                             rightAligned: Set(table.columns.indices.filter { ![.text, .flag].contains(table.columns[$0].kind) }))
        for row in table.rows {
            text.add(table.columns.indices.map { i in i < row.count ? values.format(row[i], table.columns[i]) : "" })
        }
        if table.rows.isEmpty { return (table.title.map { bold($0) + "\n" } ?? "") + document.words.t("table.no_rows") + "\n" }
        return (table.title.map { bold($0) + "\n" } ?? "") + text.render()
    }

    private func render(_ chart: ReportChart, _ document: ReportDocument) -> String {
        let values = document.values
        let unit = values.unit(chart.valueKind).isEmpty ? "" : " (\(values.unit(chart.valueKind)))"
        var out = bold(chart.title + unit) + "\n"
        let labels = chart.categories.map(safe)
        let labelWidth = labels.map(TextTable.width).max() ?? 0
        func label(_ text: String) -> String { text + String(repeating: " ", count: labelWidth - TextTable.width(text)) }
        func blocks(_ value: Double, _ maximum: Double) -> Int { maximum > 0 ? max(0, Int((value / maximum * Double(barWidth)).rounded())) : 0 }
        switch chart.kind {
        case .bar, .line:
            let glyph = chart.kind == .bar ? "█" : "▪"
            let maximum = chart.series.flatMap(\.values).max() ?? 0
            for (s, series) in chart.series.enumerated() {
                if chart.series.count > 1 { out += paint(series.name, "2") + "\n" }
                for (i, category) in labels.enumerated() where i < series.values.count {
                    let value = series.values[i]
                    out += label(category) + "  " + paint(String(repeating: glyph, count: blocks(value, maximum)), s % 2 == 0 ? "36" : "35")
                        + " " + values.format(value, chart.valueKind) + "\n"
                }
            }
        case .stackedBar:
            let glyphs = ["█", "▓", "▒", "░"]
            let totals = chart.categories.indices.map { i in chart.series.reduce(0) { $0 + (i < $1.values.count ? $1.values[i] : 0) } }
            let maximum = totals.max() ?? 0
            for (i, category) in labels.enumerated() {
                let bar = chart.series.enumerated().map { s, series in
                    String(repeating: glyphs[s % glyphs.count], count: blocks(i < series.values.count ? series.values[i] : 0, maximum))
                }.joined()
                out += label(category) + "  " + paint(bar, "36") + " " + values.format(totals[i], chart.valueKind) + "\n"
            }
            out += chart.series.enumerated().map { "\(glyphs[$0 % glyphs.count]) \(safe($1.name))" }.joined(separator: "  ") + "\n"
        case .funnel:
            let counts = chart.series.first?.values ?? []
            let maximum = counts.max() ?? 0
            for (i, category) in labels.enumerated() where i < counts.count {
                let width = blocks(counts[i], maximum)
                let pad = String(repeating: " ", count: (barWidth - width) / 2)
                let step = i > 0 && counts[i - 1] > 0 ? "  " + percent(counts[i] / counts[i - 1]) : ""
                let bar: String = pad + paint(String(repeating: "█", count: width), "36") + pad + String(repeating: " ", count: (barWidth - width) % 2)
                out += label(category) + "  " + bar + " " + values.format(counts[i], chart.valueKind) + step + "\n"
            }
        }
        return out
    }
}
