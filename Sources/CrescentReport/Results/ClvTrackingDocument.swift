import CrescentCore
import CrescentStore

/// Cumulative repeat purchases week by week, actual against the fit's prediction, for people and
/// machines. JSON: `{"calibration_end", "as_of", "time_unit", "weeks": [{"end", "actual", "predicted",
/// "holdout"}]}`; a week is in the holdout when it ends after the calibration end. CSV has the weeks.
public struct ClvTrackingResult: ReportResult {
    public static let resultName = "clv_tracking"
    public let tracking: ClvTracking

    public init(tracking: ClvTracking) { self.tracking = tracking }

    private enum Keys: String, CodingKey { case calibrationEnd = "calibration_end", asOf = "as_of", timeUnit = "time_unit", weeks }
    private enum WeekKeys: String, CodingKey { case end, actual, predicted, holdout }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(tracking.model.calibrationEnd, forKey: .calibrationEnd)
        try c.encode(tracking.asOf.description, forKey: .asOf)
        try c.encode(tracking.model.timeUnit.rawValue, forKey: .timeUnit)
        var weeks = c.nestedUnkeyedContainer(forKey: .weeks)
        for week in tracking.weeks {
            var w = weeks.nestedContainer(keyedBy: WeekKeys.self)
            try w.encode(week.end.description, forKey: .end)
            try w.encode(week.actual, forKey: .actual)
            try w.encode(Rounded(week.predicted, places: 2), forKey: .predicted)
            try w.encode(isHoldout(week), forKey: .holdout)
        }
    }

    func isHoldout(_ week: ClvTracking.Week) -> Bool { tracking.calibrationEnd.map { week.end > $0 } ?? false }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language), weeks = tracking.weeks
        let holdout = weeks.filter(isHoldout)
        var blocks: [ReportBlock] = []
        if let last = holdout.last, let before = weeks.last(where: { !isHoldout($0) }) {
            let actual = Double(last.actual - before.actual), predicted = last.predicted - before.predicted
            blocks.append(.tiles([
                ReportTile(label: words.t("clv.holdout_actual"), value: actual, kind: .integer, key: "holdout_actual"),
                ReportTile(label: words.t("clv.holdout_predicted"), value: predicted, kind: .number, key: "holdout_predicted"),
                ReportTile(label: words.t("clv.holdout_error"), value: actual > 0 ? (predicted - actual) / actual : nil, kind: .percent,
                            key: "holdout_error"),
            ]))
        } else {
            blocks.append(.text(words.t("clv.no_holdout", ["end": tracking.model.calibrationEnd])))
        }
        // A chart of at most 27 points (each k-th week and the last): more are not read.
        let step = max(1, (weeks.count + 25) / 26)
        let shown = weeks.indices.filter { $0 % step == step - 1 || $0 == weeks.count - 1 }.map { weeks[$0] }
        if !shown.isEmpty {
            var chart = ReportChart(kind: .line, title: words.t("clv.tracking_chart"), categories: shown.map { $0.end.description }, series: [
                .init(name: words.t("clv.actual"), values: shown.map { Double($0.actual) }, key: "actual"),
                .init(name: words.t("clv.predicted"), values: shown.map(\.predicted), key: "predicted"),
            ], valueKind: .integer)
            chart.xKey = "end"
            blocks.append(.chart(chart))
        }
        let table = ReportTable(columns: [
            ReportColumn(name: words.t("clv.week_end"), kind: .text, key: "end"),
            ReportColumn(name: words.t("clv.actual"), kind: .integer, key: "actual"),
            ReportColumn(name: words.t("clv.predicted"), kind: .number, key: "predicted"),
            ReportColumn(name: words.t("clv.holdout"), kind: .flag, key: "holdout"),
        ], rows: weeks.map { [.text($0.end.description), .number(Double($0.actual)), .number($0.predicted), .flag(isHoldout($0))] })
        blocks.append(.table(table))
        blocks.append(.text(words.t("clv.tracking_method")))
        let parameters = [(words.t("clv.calibration_end"), tracking.model.calibrationEnd),
                          (words.t("clv.time_unit"), words.t("clv.unit.\(tracking.model.timeUnit.rawValue)"))]
        return ReportDocument(name: "clv_tracking", title: words.t("clv.tracking_title"), parameters: parameters, currency: "",
                              asOf: tracking.asOf.description, language: language, blocks: blocks)
    }
}
