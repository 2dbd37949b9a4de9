import CrescentCore
import CrescentStore

/// A KPI report for people: one table of its groups, with the columns its comparisons give it,
/// the same on the terminal, in the REPL, in Markdown, CSV and HTML.
extension KpiReport: ReportResult {
    public static let resultName = "kpi"

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let name = label ?? words.kpiName(kpi)
        let title = grouping == .company ? name : words.t("kpi.title.by", ["kpi": name, "by": words.t("by.\(grouping.rawValue)")])
        var parameters = [(words.t("kpi.period"), words.spanName(period, asOf: asOf))]
        let compared = [previousSpan, yearBeforeSpan].compactMap { $0.map(words.period) }
        if !compared.isEmpty { parameters.append((words.t("kpi.compared"), compared.joined(separator: words.t("list.and")))) }
        var blocks = [ReportBlock.table(table(words, name: name))]
        if rows.contains(where: \.targetRolledUp) { blocks.append(.text(words.t("kpi.rolled_up"))) }
        return ReportDocument(name: "kpi", title: title, parameters: parameters, currency: currency, asOf: asOf.description,
                              language: language, blocks: blocks)
    }

    /// Reps are ranked within their team: the table says which.
    private var peersShown: Bool { ranked && grouping == .rep }

    private func table(_ words: Words, name: String) -> ReportTable {
        let kind = Self.valueKind(unit)
        var columns = [ReportColumn(name: words.t("by.\(grouping.rawValue)"), kind: .text, key: "key"),
                       ReportColumn(name: words.t("kpi.name"), kind: .text, key: "label"),
                       ReportColumn(name: name, kind: kind, key: "value")]
        let targeted = comparisons.contains(.target)
        if targeted {
            let attainment = elapsedShare < 1
                ? words.t("kpi.attainment.elapsed", ["share": String(Int((elapsedShare * 100).rounded()))]) : words.t("kpi.attainment")
            columns += [ReportColumn(name: words.t("kpi.target"), kind: kind, key: "target"),
                        ReportColumn(name: "", kind: .flag, key: "target_rolled_up", mark: "Σ"),
                        ReportColumn(name: attainment, kind: .percent, key: "attainment")]
        }
        if let span = previousSpan {
            columns += [ReportColumn(name: words.t("kpi.previous", ["span": words.period(span)]), kind: kind, key: "previous"),
                        ReportColumn(name: words.t("kpi.change"), kind: .change, key: "change")]
        }
        if let span = yearBeforeSpan {
            columns += [ReportColumn(name: words.t("kpi.year_before", ["span": words.period(span)]), kind: kind, key: "year_before"),
                        ReportColumn(name: words.t("kpi.change_yoy"), kind: .change, key: "change_yoy")]
        }
        if peersShown { columns.append(ReportColumn(name: words.t("by.team"), kind: .text, key: "team")) }
        if ranked {
            columns += [ReportColumn(name: words.t("kpi.rank"), kind: .integer, key: "rank"),
                        ReportColumn(name: words.t("kpi.percentile"), kind: .integer, key: "percentile")]
        }
        func number(_ value: Double?) -> ReportValue { value.map { .number($0) } ?? .empty }
        let cells = rows.map { row -> [ReportValue] in
            let label = row.key == "" ? words.t("kpi.none") : row.key == "company" && grouping == .company ? words.t("kpi.company") : row.label
            // Machines read the label always; people are not shown a label that only repeats the key.
            var cells: [ReportValue] = [.text(row.key.isEmpty ? "-" : row.key), .code(label, label: label == row.key ? "" : label), number(row.value)]
            if targeted { cells += [number(row.target), .flag(row.targetRolledUp), number(row.attainment)] }
            if previousSpan != nil { cells += [number(row.previous), number(row.change)] }
            if yearBeforeSpan != nil { cells += [number(row.yearBefore), number(row.changeYoy)] }
            if peersShown { cells.append(.text(row.peers ?? "")) }
            if ranked { cells += [row.rank.map { .number(Double($0)) } ?? .empty, number(row.percentile)] }
            return cells
        }
        return ReportTable(columns: columns, rows: cells, links: links(columns))
    }

    /// An order, customer-count or activity KPI's values link to the records they sum or count: this period's, the previous
    /// one's, a year before's.
    private func links(_ columns: [ReportColumn]) -> [TableCell: ReportLink] {
        guard OrderRecords.kpis.contains(kpi) || CustomerRecords.kpis.contains(kpi)
                || (ActivityRecords.kpis.contains(kpi) && grouping != .product) else { return [:] }
        let spans: [(key: String, span: Period?)] = [("value", period), ("previous", previousSpan), ("year_before", yearBeforeSpan)]
        var links: [TableCell: ReportLink] = [:]
        for (key, span) in spans {
            guard let span, let column = columns.firstIndex(where: { $0.key == key }) else { continue }
            for (index, row) in rows.enumerated() {
                links[TableCell(row: index, column: column)] = .records(kpi: kpi, period: span.description, by: grouping, key: row.key,
                                                                         kind: kind)
            }
        }
        return links
    }

    /// How a value of `unit` reads in a report.
    static func valueKind(_ unit: KpiUnit) -> ValueKind {
        switch unit {
        case .money: return .money
        case .count: return .integer
        case .ratio: return .percent
        case .days, .score: return .number
        }
    }
}

extension Words {
    /// A KPI's name as people read it: the catalog's for a built-in KPI, else its own name.
    public func kpiName(_ kpi: String) -> String { has("kpis.\(kpi)") ? t("kpis.\(kpi)") : kpi }

    /// A built-in KPI's definition in this language, or nil for a custom KPI.
    public func kpiDefinition(_ kpi: String) -> String? { has("kpidef.\(kpi)") ? t("kpidef.\(kpi)") : nil }
}
