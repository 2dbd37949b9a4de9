import CrescentCore
import CrescentReport
import CrescentStore

/// A KPI report as a terminal table or CSV.
struct KpiReportText {
    let report: KpiReport
    let currency: String

    private var targeted: Bool { report.comparisons.contains(.target) }

    /// The attainment column says how much of the period has elapsed when it is not over.
    private var attainmentHeader: String {
        report.elapsedShare < 1 ? "attainment (\(Int((report.elapsedShare * 100).rounded()))% elapsed)" : "attainment"
    }

    /// Reps are ranked within their team: the table says which.
    private var peersShown: Bool { report.ranked && report.grouping == .rep }

    private var headers: [String] {
        var headers = [report.grouping.rawValue, "name", report.kpi]
        if targeted { headers += ["target", attainmentHeader] }
        if let span = report.previousSpan { headers += [span.description, "change"] }
        if let span = report.yearBeforeSpan { headers += [span.description, "change yoy"] }
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
            if targeted { cells += [formatted(row.target, unit) + (row.targetRolledUp ? " Σ" : ""), formatted(row.attainment, .ratio)] }
            if report.previousSpan != nil { cells += [formatted(row.previous, unit), signed(row.change)] }
            if report.yearBeforeSpan != nil { cells += [formatted(row.yearBefore, unit), signed(row.changeYoy)] }
            if peersShown { cells.append(row.peers ?? "") }
            if report.ranked { cells += [row.rank.map(String.init) ?? "", row.percentile.map { String(Int($0.rounded())) } ?? ""] }
            table.add(cells)
        }
        let money = unit == .money ? " (\(currency))" : ""
        let grouping = report.grouping == .company ? "" : ", by \(report.grouping.rawValue)"
        let rolledUp = report.rows.contains { $0.targetRolledUp } ? "\nΣ: no target of its own; the sum of its members' targets\n" : ""
        return "\(report.kpi)\(money), \(report.spanHeading)\(grouping), as of \(report.asOf)\n\n" + table.render() + rolledUp
    }

    private func signed(_ change: Double?) -> String {
        guard let change, change.isFinite else { return "" }
        return (change > 0 ? "+" : "") + percent(change)
    }

    private func csv() -> String {
        var names = ["key", "label", "value"]
        if targeted { names += ["target", "target_rolled_up", "attainment"] }
        if report.previousSpan != nil { names += ["previous", "change"] }
        if report.yearBeforeSpan != nil { names += ["year_before", "change_yoy"] }
        if report.ranked { names += (peersShown ? ["team"] : []) + ["rank", "percentile"] }
        var lines = [CSVWriter.line(names)]
        for row in report.rows {
            func number(_ value: Double?, _ unit: KpiUnit) -> String {
                let text = KpiReport.number(value, unit)
                return text == "null" ? "" : text
            }
            var cells = [row.key, row.label, number(row.value, report.unit)]
            if targeted { cells += [number(row.target, report.unit), String(row.targetRolledUp), number(row.attainment, .ratio)] }
            if report.previousSpan != nil { cells += [number(row.previous, report.unit), number(row.change, .ratio)] }
            if report.yearBeforeSpan != nil { cells += [number(row.yearBefore, report.unit), number(row.changeYoy, .ratio)] }
            if peersShown { cells.append(row.peers ?? "") }
            if report.ranked { cells += [row.rank.map(String.init) ?? "", number(row.percentile, .days)] }
            lines.append(CSVWriter.line(cells))
        }
        return lines.joined()
    }
}
