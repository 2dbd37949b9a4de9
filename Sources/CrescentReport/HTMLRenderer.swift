import CrescentStore

/// A report as one self-contained HTML file: inline CSS and SVG charts, no script and no network
/// fetch, readable on screen and on paper, fit to be mailed as it is.
public enum HTMLRenderer {
    /// The document as a file; or, given the workbench's `chrome` (its navigation, already HTML), as
    /// one of its pages, where the numbers that are sums of records link to them.
    public static func render(_ document: ReportDocument, chrome: String? = nil) -> String {
        var body = (chrome ?? "") + "<header><h1>\(escape(document.title))</h1>"
        body += "<p class=\"parameters\">" + document.headerItems.map { "\(escape($0.name)) <strong>\(escape($0.value))</strong>" }.joined(separator: " · ") + "</p>"
        body += "</header>\n"
        for block in document.blocks {
            switch block {
            case .heading(let text, let level): body += "<h\(min(6, level + 1))>\(escape(text))</h\(min(6, level + 1))>\n"
            case .text(let text): body += "<p>\(escape(text))</p>\n"
            case .tiles(let tiles): body += render(tiles, document)
            case .table(let table): body += render(table, document, linked: chrome != nil)
            case .chart(let chart): body += "<figure>\n" + SVGChart(chart: chart, values: document.values).render() + "</figure>\n"
            }
        }
        return page(title: document.title, language: document.language, generator: "crescent report \(document.name)", body: body,
                    extraStyle: chrome == nil ? "" : workbenchStyle)
    }

    /// A whole page around `body` (HTML already escaped): the report's style, no script.
    public static func page(title: String, language: Language, generator: String = "crescent", body: String, extraStyle: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.tag)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="\(escape(generator))">
        <title>\(escape(title))</title>
        <style>\(style)\(extraStyle.isEmpty ? "" : "\n" + extraStyle)</style>
        </head><body>
        \(body)</body></html>

        """
    }

    /// Text as HTML: `<`, `>`, `&` and double quotes as entities.
    public static func escaped(_ text: String) -> String { escape(text) }

    private static func render(_ tiles: [ReportTile], _ document: ReportDocument) -> String {
        let values = document.values, words = document.words
        var out = "<section class=\"tiles\">\n"
        for tile in tiles {
            let unitText = values.unit(tile.kind)
            let unit = unitText.isEmpty ? "" : " <span class=\"unit\">\(escape(unitText))</span>"
            out += "<div class=\"tile\"><div class=\"label\">\(escape(tile.label))</div>"
                + "<div class=\"value\">\(escape(values.tile(tile.value, tile.kind)))\(unit)</div>"
            if let target = tile.target {
                let attainment = tile.value.map { target != 0 ? " (\(percent($0 / target)))" : "" } ?? ""
                out += "<div class=\"target\">\(escape(words.t("tile.target"))) \(escape(values.tile(target, tile.kind)))\(attainment)</div>"
            }
            if tile.change != nil {
                out += "<div class=\"change \(tile.direction?.rawValue ?? "flat")\">\(ValueText.arrow(tile.direction)) \(escape(ValueText.change(tile.change)))</div>"
            }
            if let note = tile.note { out += "<div class=\"note\">\(escape(note))</div>" }
            out += "</div>\n"
        }
        return out + "</section>\n"
    }

    private static func render(_ table: ReportTable, _ document: ReportDocument, linked: Bool) -> String {
        let values = document.values
        func numeric(_ column: ReportColumn) -> String { column.kind == .text || column.kind == .flag ? "" : " class=\"num\"" }
        var out = "<table>\n" + (table.title.map { "<caption>\(escape($0))</caption>\n" } ?? "")
        out += "<thead><tr>" + table.columns.map { "<th\(numeric($0))>\(escape(values.header($0)))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (r, row) in table.rows.enumerated() {
            out += "<tr>" + table.columns.indices.map { i in
                let text = escape(i < row.count ? values.format(row[i], table.columns[i]) : "")
                guard linked, !text.isEmpty, let link = table.links[TableCell(row: r, column: i)] else { return "<td\(numeric(table.columns[i]))>\(text)</td>" }
                return "<td\(numeric(table.columns[i]))><a href=\"\(escape(link.href))\">\(text)</a></td>"
            }.joined() + "</tr>\n"
        }
        if table.rows.isEmpty {
            out += "<tr><td colspan=\"\(max(1, table.columns.count))\" class=\"empty\">\(escape(document.words.t("table.no_rows")))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// What the workbench's pages add: links, the navigation, forms, downloads; none of it on paper.
    public static let workbenchStyle = """
        a{color:#1d4ed8}
        nav.workbench{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center;border-bottom:1px solid #e5e7eb;padding:.3em 0;margin-bottom:1em;font-size:.9em}
        nav.workbench form{display:inline;margin:0}nav.workbench .who{margin-left:auto;color:#6b7280}
        form.params{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:end;margin:1em 0}form.params label{display:flex;flex-direction:column;font-size:.85em;color:#4b5563}
        .downloads{font-size:.9em;color:#6b7280}.pager{display:flex;gap:1em;margin:1em 0}
        @media print{nav.workbench,form.params,.downloads,.pager,ul.ack{display:none}}
        """

    private static let style = """
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#1f2937;max-width:960px;margin:2em auto;padding:0 1em;line-height:1.45}
        h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid #e5e7eb}h3{font-size:1.05em}
        .parameters{color:#6b7280;margin:0}
        .tiles{display:flex;flex-wrap:wrap;gap:12px;margin:1em 0}
        .tile{border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px;min-width:160px}
        .tile .label{color:#6b7280;font-size:.85em}.tile .value{font-size:1.5em;font-weight:600}.tile .unit{font-size:.6em;color:#6b7280}
        .tile .target,.tile .note{font-size:.85em;color:#6b7280}.change.up{color:#15803d}.change.down{color:#b91c1c}.change.flat{color:#6b7280}
        table{border-collapse:collapse;margin:1em 0;width:100%;font-variant-numeric:tabular-nums}
        caption{text-align:left;font-weight:600;margin-bottom:.3em}
        th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left}th{background:#f9fafb}.num{text-align:right;white-space:nowrap}
        td.empty{color:#9ca3af;text-align:center}
        figure{margin:1em 0}svg.chart{max-width:100%;height:auto;font-size:11px}
        svg .title{font-size:14px;font-weight:600;fill:#1f2937}svg .grid{stroke:#e5e7eb}svg .axis{stroke:#6b7280}
        svg .tick,svg .category,svg .legend,svg .axis-label{fill:#4b5563}svg .value{fill:#111827;font-size:10px}
        @media print{body{margin:0;max-width:none;font-size:10pt}.tile,figure,table{break-inside:avoid}}
        """
}
