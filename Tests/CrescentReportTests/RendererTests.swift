import CrescentReport
import Foundation
import CrescentTestSupport
import Testing

@Suite struct RendererTests {
    let document = ReportDocument(name: "demo", title: "销售周报", parameters: [("week", "2026-W47")], currency: "CNY", asOf: "2026-11-23", blocks: [
        .tiles([ReportTile(label: "Revenue", value: 1234.5, kind: .money, target: 1000, change: 0.25),
                ReportTile(label: "Orders", value: 3, kind: .integer, change: -0.5)]),
        .heading("By rep", level: 2),
        .table(ReportTable(title: "Reps", columns: [ReportColumn(name: "rep", kind: .text), ReportColumn(name: "revenue", kind: .money),
                                                      ReportColumn(name: "share", kind: .percent)],
                           rows: [[.text("王伟"), .number(1000), .number(0.81)], [.text("Ann"), .number(234.5), .empty]])),
        .chart(ReportChart(kind: .bar, title: "Revenue", categories: ["王伟", "Ann"], series: [.init(name: "revenue", values: [1000, 234.5])],
                           valueKind: .money)),
    ])

    @Test func terminalTablesAlignAndChartsAreBars() {
        #expect(TerminalRenderer(colour: false).render(document) == """
            销售周报
            week 2026-W47 · as of 2026-11-23

                            value    target  attainment    change
            Revenue  1,234.50 CNY  1,000.00      123.4%  ▲ +25.0%
            Orders              3                        ▼ -50.0%

            By rep

            Reps
            rep   revenue (CNY)  share
            王伟       1,000.00  81.0%
            Ann          234.50

            Revenue (CNY)
            王伟  ████████████████████████████████████████ 1,000.00
            Ann   █████████ 234.50

            """)
        #expect(TerminalRenderer(colour: true).render(document).contains("\u{1B}[32m▲ +25.0%\u{1B}[0m"))
    }

    @Test func markdownCsvAndJsonCarryTheSameNumbers() {
        let markdown = MarkdownRenderer.render(document)
        #expect(markdown.contains("| rep | revenue (CNY) | share |\n|---|---:|---:|\n| 王伟 | 1,000.00 | 81.0% |\n| Ann | 234.50 |  |\n"))
        #expect(markdown.contains("| Revenue | 1,234.50 CNY | 1,000.00 | ▲ +25.0% |"))
        #expect(CSVRenderer.render(document) == """
            # KPIs
            kpi,value,target,change
            Revenue,1234.5,1000,0.25
            Orders,3,,-0.5

            # Reps
            rep,revenue,share
            王伟,1000,0.81
            Ann,234.5,

            # Revenue
            ,revenue
            王伟,1000
            Ann,234.5

            """)
        let json = JSONRenderer.render(document)
        #expect(jsonMatches(json, """
            {"report": "demo", "title": "销售周报", "parameters": {"week": "2026-W47"}, "currency": "CNY", "as_of": "2026-11-23", \
            "language": "en", "blocks": [{}, {}, {"type": "table", "title": "Reps", "columns": [{"name": "rep", "kind": "text"}, \
            {"name": "revenue", "kind": "money"}, {"name": "share", "kind": "percent"}], "rows": [["王伟", 1000, 0.81], ["Ann", 234.5, null]]}]}
            """), "\(json)")
    }

    @Test func htmlIsSelfContainedWithScaledSvgBars() {
        let html = HTMLRenderer.render(document)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))  // nothing fetched
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
        #expect(html.contains("<td>王伟</td><td class=\"num\">1,000.00</td><td class=\"num\">81.0%</td>"))
        // Plot 610 x 240 px from (90, 36); two categories of 305 px, bars 70% of that (213.5) centred.
        // The axis tops at 1,000 (a round maximum): 1,000 fills the plot's height, 234.5 its share (56.28 px).
        #expect(html.contains("data-value=\"1000\" x=\"135.8\" y=\"36.0\" width=\"213.5\" height=\"240.0\""))
        #expect(html.contains("data-value=\"234.5\" x=\"440.8\" y=\"219.7\" width=\"213.5\" height=\"56.3\""))
        #expect(html.contains("<title>销售周报</title>"))
    }
}
