import CrescentCore
import CrescentReport
import CrescentStore

/// A KPI report as a terminal table or CSV.
struct KpiReportText {
    let report: KpiReport
    let asOf: CalendarDate
    let currency: String

    private var comparedWith: String? {
        report.comparisons.contains(.yoy) ? report.period.yearBefore.description
            : report.comparisons.contains(.previous) ? report.period.previous.description : nil
    }

    /// Reps are ranked within their team: the table says which.
    private var peersShown: Bool { report.ranked && report.grouping == .rep }

    private var headers: [String] {
        var headers = [report.grouping.rawValue, "name", report.kpi]
        if report.comparisons.contains(.target) { headers += ["target", "attainment"] }
        if let comparedWith { headers += [comparedWith, "change"] }
        if report.ranked { headers += (peersShown ? ["team"] : []) + ["rank", "percentile"] }
        return headers
    }

    func render(_ format: ListFormat) -> String {
        format == .csv ? csv() : table()
    }

    private func table() -> String {
        let unit = report.unit
        var table = TextTable(headers, rightAligned: Set(2..<headers.count))
        for row in report.rows {
            var cells = [row.key.isEmpty ? "-" : row.key, row.label == row.key ? "" : row.label, formatted(row.value, unit)]
            if report.comparisons.contains(.target) { cells += [formatted(row.target, unit), formatted(row.attainment, .ratio)] }
            if comparedWith != nil { cells += [formatted(row.previous, unit), signed(row.change)] }
            if peersShown { cells.append(row.peers ?? "") }
            if report.ranked { cells += [row.rank.map(String.init) ?? "", row.percentile.map { String(Int($0.rounded())) } ?? ""] }
            table.add(cells)
        }
        let money = unit == .money ? " (\(currency))" : ""
        let grouping = report.grouping == .company ? "" : ", by \(report.grouping.rawValue)"
        return "\(report.kpi)\(money), \(report.period)\(grouping), as of \(asOf)\n\n" + table.render()
    }

    private func signed(_ change: Double?) -> String {
        guard let change, change.isFinite else { return "" }
        return (change > 0 ? "+" : "") + percent(change)
    }

    private func csv() -> String {
        var names = ["key", "label", "value"]
        if report.comparisons.contains(.target) { names += ["target", "attainment"] }
        if comparedWith != nil { names += ["previous", "change"] }
        if report.ranked { names += (peersShown ? ["team"] : []) + ["rank", "percentile"] }
        var lines = [CSVWriter.line(names)]
        for row in report.rows {
            func number(_ value: Double?, _ unit: KpiUnit) -> String {
                let text = KpiReport.number(value, unit)
                return text == "null" ? "" : text
            }
            var cells = [row.key, row.label, number(row.value, report.unit)]
            if report.comparisons.contains(.target) { cells += [number(row.target, report.unit), number(row.attainment, .ratio)] }
            if comparedWith != nil { cells += [number(row.previous, report.unit), number(row.change, .ratio)] }
            if peersShown { cells.append(row.peers ?? "") }
            if report.ranked { cells += [row.rank.map(String.init) ?? "", number(row.percentile, .days)] }
            lines.append(CSVWriter.line(cells))
        }
        return lines.joined()
    }
}
