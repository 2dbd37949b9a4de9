import CrescentCore
import CrescentStore

/// A forecast for people and machines. JSON: `{"period", "as_of", "currency", "by", "rows": [{"scope",
/// "name", "quota", "closed", "commit", "best_case", "pipeline", "omitted", "weighted_pipeline",
/// "revenue", "projection", "projection_method", "computed", "adjusted", "forecast", "gap"}]}`, with
/// `adjusted` `{"value", "note", "set_by", "set_at"}` or null. CSV has the rows.
public struct ForecastResult: ReportResult {
    public static let resultName = "forecast"
    public let report: ForecastReport
    public let currency: String

    public init(report: ForecastReport, currency: String) {
        self.report = report
        self.currency = currency
    }

    private enum Keys: String, CodingKey { case period, asOf = "as_of", currency, by, rows }
    private enum RowKeys: String, CodingKey {
        case scope, name, quota, closed, commit, bestCase = "best_case", pipeline, omitted, weightedPipeline = "weighted_pipeline"
        case revenue, projection, projectionMethod = "projection_method", computed, adjusted, forecast, gap
    }
    private enum AdjustmentKeys: String, CodingKey { case value, note, setBy = "set_by", setAt = "set_at" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(report.period.description, forKey: .period)
        try c.encode(report.asOf.description, forKey: .asOf)
        try c.encode(currency, forKey: .currency)
        try c.encode(report.grouping.rawValue, forKey: .by)
        var rows = c.nestedUnkeyedContainer(forKey: .rows)
        for row in report.rows {
            var r = rows.nestedContainer(keyedBy: RowKeys.self)
            try r.encode(row.scope.description, forKey: .scope)
            try r.encode(row.name.isEmpty ? nil : row.name, forKey: .name)
            try r.encode(Rounded(row.quota, places: 2), forKey: .quota)
            let categories: [(ForecastCategory, RowKeys)] = [(.closed, .closed), (.commit, .commit), (.bestCase, .bestCase),
                                                             (.pipeline, .pipeline), (.omitted, .omitted)]
            for (category, key) in categories { try r.encode(Rounded(row.amount(category), places: 2), forKey: key) }
            try r.encode(Rounded(row.weightedPipeline, places: 2), forKey: .weightedPipeline)
            try r.encode(Rounded(row.revenue, places: 2), forKey: .revenue)
            try r.encode(Rounded(row.projection, places: 2), forKey: .projection)
            try r.encode(report.projectionMethods[row.scope]?.rawValue, forKey: .projectionMethod)
            try r.encode(Rounded(row.computed, places: 2), forKey: .computed)
            if let adjustment = row.adjustment {
                var a = r.nestedContainer(keyedBy: AdjustmentKeys.self, forKey: .adjusted)
                try a.encode(Rounded(adjustment.value.doubleValue, places: 4), forKey: .value)
                try a.encode(adjustment.note, forKey: .note)
                try a.encode(adjustment.setBy, forKey: .setBy)
                try a.encode(adjustment.setAt, forKey: .setAt)
            } else {
                try r.encodeNil(forKey: .adjusted)
            }
            try r.encode(Rounded(row.forecast, places: 2), forKey: .forecast)
            try r.encode(Rounded(row.gap, places: 2), forKey: .gap)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let columns: [(String, String, ValueKind)] = [
            ("scope", "forecast.scope", .text), ("name", "kpi.name", .text), ("quota", "forecast.quota", .money),
            ("closed", "forecast.closed", .money), ("commit", "forecast.commit", .money), ("best_case", "forecast.best_case", .money),
            ("pipeline", "forecast.pipeline", .money), ("weighted_pipeline", "forecast.weighted", .money),
            ("projection", "forecast.projection", .money), ("computed", "forecast.computed", .money),
            ("adjusted", "forecast.adjusted", .money), ("forecast", "forecast.forecast", .money), ("gap", "forecast.gap", .money),
        ]
        let rows = report.rows.map { row -> [ReportValue] in
            func money(_ value: Double?) -> ReportValue { value.map { .number($0) } ?? .empty }
            return [.code(row.scope.description, label: words.scope(row.scope)), .text(row.scope == .company ? words.t("kpi.company") : row.name),
                    money(row.quota), money(row.amount(.closed)), money(row.amount(.commit)), money(row.amount(.bestCase)),
                    money(row.amount(.pipeline)), money(row.weightedPipeline), money(row.projection), money(row.computed),
                    money(row.adjustment?.value.doubleValue), money(row.forecast), money(row.gap)]
        }
        let table = ReportTable(columns: columns.map { ReportColumn(name: words.t($0.1), kind: $0.2, key: $0.0) }, rows: rows)
        var blocks: [ReportBlock] = [.table(table)]
        let people = report.rows.filter { $0.scope != .company }
        if !people.isEmpty && people.count <= 15 {  // a chart of more bars than that is not read
            let categories = people.map { $0.name.isEmpty ? $0.scope.id : $0.name }
            var chart = ReportChart(kind: .bar, title: words.t("forecast.chart"), categories: categories, series: [
                .init(name: words.t("forecast.quota"), values: people.map { $0.quota ?? 0 }, key: "quota"),
                .init(name: words.t("forecast.closed"), values: people.map { $0.amount(.closed) }, key: "closed"),
                .init(name: words.t("forecast.forecast"), values: people.map(\.forecast), key: "forecast"),
            ], valueKind: .money)
            chart.xKey = "scope"
            chart.categoryKeys = people.map(\.scope.description)
            blocks.append(.chart(chart))
        }
        let adjusted = report.rows.compactMap { row in row.adjustment.map { (row, $0) } }
        for (row, adjustment) in adjusted {
            blocks.append(.text(words.t("forecast.adjusted_by", ["scope": words.scope(row.scope), "by": adjustment.setBy,
                                                                 "at": String(adjustment.setAt.prefix(16)), "note": adjustment.note ?? ""])))
        }
        blocks.append(.text(words.t("forecast.method")))
        let parameters = [(words.t("kpi.period"), words.spanName(report.period, asOf: report.asOf))]
        return ReportDocument(name: "forecast", title: words.t("forecast.title"), parameters: parameters, currency: currency,
                              asOf: report.asOf.description, language: language, blocks: blocks)
    }
}
