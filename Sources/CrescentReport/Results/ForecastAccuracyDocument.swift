import CrescentCore
import CrescentStore

/// How well a period was forecast, for people and machines. JSON: `{"period", "as_of", "currency",
/// "by", "complete", "points": ["2026-07-06", ...], "rows": [{"scope", "name", "actual", "snapshots",
/// "mean_forecast", "bias", "relative_bias", "mape", "forecasts": [number or null per point]}]}`;
/// `relative_bias` and `mape` are shares (0.12 is 12%), null when nothing closed. CSV has the rows.
public struct ForecastAccuracyResult: ReportResult {
    public static let resultName = "forecast_accuracy"
    public let accuracy: ForecastAccuracy
    public let currency: String

    public init(accuracy: ForecastAccuracy, currency: String) {
        self.accuracy = accuracy
        self.currency = currency
    }

    private enum Keys: String, CodingKey { case period, asOf = "as_of", currency, by, complete, points, rows }
    private enum RowKeys: String, CodingKey {
        case scope, name, actual, snapshots, meanForecast = "mean_forecast", bias, relativeBias = "relative_bias", mape, forecasts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(accuracy.period.description, forKey: .period)
        try c.encode(accuracy.asOf.description, forKey: .asOf)
        try c.encode(currency, forKey: .currency)
        try c.encode(accuracy.grouping.rawValue, forKey: .by)
        try c.encode(accuracy.complete, forKey: .complete)
        try c.encode(accuracy.points.map(\.description), forKey: .points)
        var rows = c.nestedUnkeyedContainer(forKey: .rows)
        for row in accuracy.rows {
            var r = rows.nestedContainer(keyedBy: RowKeys.self)
            try r.encode(row.scope.description, forKey: .scope)
            try r.encode(row.name.isEmpty ? nil : row.name, forKey: .name)
            try r.encode(Rounded(row.actual, places: 2), forKey: .actual)
            try r.encode(row.forecasts.compactMap { $0 }.count, forKey: .snapshots)
            try r.encode(Rounded(row.meanForecast, places: 2), forKey: .meanForecast)
            try r.encode(Rounded(row.bias, places: 2), forKey: .bias)
            try r.encode(Rounded(row.relativeBias, places: 4), forKey: .relativeBias)
            try r.encode(Rounded(row.mape, places: 4), forKey: .mape)
            try r.encode(row.forecasts.map { Rounded($0, places: 2) }, forKey: .forecasts)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        func number(_ value: Double?) -> ReportValue { value.map { .number($0) } ?? .empty }
        func label(_ row: ForecastAccuracy.Row) -> ReportValue {
            .text(row.scope == .company ? words.t("kpi.company") : row.name)
        }
        let summary = ReportTable(columns: [
            ReportColumn(name: words.t("forecast.scope"), kind: .text, key: "scope"),
            ReportColumn(name: words.t("kpi.name"), kind: .text, key: "name"),
            ReportColumn(name: words.t("forecast.actual"), kind: .money, key: "actual"),
            ReportColumn(name: words.t("forecast.snapshots"), kind: .integer, key: "snapshots"),
            ReportColumn(name: words.t("forecast.mean_forecast"), kind: .money, key: "mean_forecast"),
            ReportColumn(name: words.t("forecast.bias"), kind: .money, key: "bias"),
            ReportColumn(name: words.t("forecast.relative_bias"), kind: .percent, key: "relative_bias"),
            ReportColumn(name: words.t("forecast.mape"), kind: .percent, key: "mape"),
        ], rows: accuracy.rows.map { row in
            [.code(row.scope.description, label: words.scope(row.scope)), label(row), .number(row.actual),
             .number(Double(row.forecasts.compactMap { $0 }.count)), number(row.meanForecast), number(row.bias),
             number(row.relativeBias), number(row.mape)]
        })
        var blocks: [ReportBlock] = [.table(summary)]
        if accuracy.points.isEmpty {
            blocks.append(.text(words.t("forecast.no_snapshots", ["period": accuracy.period.description])))
        } else {
            // The forecast at each point beside what closed: where it drifted, and when it settled.
            let columns = [ReportColumn(name: words.t("forecast.scope"), kind: .text, key: "scope"),
                           ReportColumn(name: words.t("kpi.name"), kind: .text, key: "name")]
                + accuracy.points.map { ReportColumn(name: words.shortDay($0), kind: .money, key: $0.description) }
                + [ReportColumn(name: words.t("forecast.actual"), kind: .money, key: "actual")]
            let rows = accuracy.rows.map { row in
                [.code(row.scope.description, label: words.scope(row.scope)), label(row)] + row.forecasts.map(number) + [.number(row.actual)]
            }
            var table = ReportTable(columns: columns, rows: rows)
            table.title = words.t("forecast.by_point")
            blocks.append(.table(table))
        }
        if !accuracy.complete {
            blocks.append(.text(words.t("forecast.not_over", ["day": accuracy.asOf.description])))
        }
        blocks.append(.text(words.t("forecast.accuracy_method")))
        let parameters = [(words.t("kpi.period"), words.spanName(accuracy.period, asOf: accuracy.asOf))]
        return ReportDocument(name: "forecast_accuracy", title: words.t("forecast.accuracy_title"), parameters: parameters,
                              currency: currency, asOf: accuracy.asOf.description, language: language, blocks: blocks)
    }
}
