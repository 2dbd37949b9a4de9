import CrescentCore
import CrescentStore

/// `targets split`: JSON `{"metric", "scope", "period", "total", "method", "weighed_by", "saved",
/// "parts": [{"scope", "name", "period", "target", "share"}]}`; for people, what was split and how,
/// then the parts.
extension TargetSplitReport: ReportResult {
    public static let resultName = "target_split"

    private enum Keys: String, CodingKey { case metric, scope, period, total, method, weighedBy = "weighed_by", saved, parts }
    private enum PartKeys: String, CodingKey { case scope, name, period, target, share }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(scope.description, forKey: .scope)
        try c.encode(period.description, forKey: .period)
        try c.encode(Rounded(total.doubleValue, places: 2), forKey: .total)
        try c.encode(method.rawValue, forKey: .method)
        try c.encode(weighedBy?.description, forKey: .weighedBy)
        try c.encode(saved, forKey: .saved)
        var list = c.nestedUnkeyedContainer(forKey: .parts)
        for part in parts {
            var item = list.nestedContainer(keyedBy: PartKeys.self)
            try item.encode(part.scope.description, forKey: .scope)
            try item.encode(part.name.isEmpty ? nil : part.name, forKey: .name)
            try item.encode(part.period.description, forKey: .period)
            try item.encode(Rounded(part.value.doubleValue, places: 2), forKey: .target)
            try item.encode(Rounded(part.share, places: 4), forKey: .share)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let values = ValueText(language: language, currency: currency)
        let figures: ValueKind = BuiltinKpi(rawValue: metric)?.unit == .money ? .money : .number
        let method = words.t("split.method.\(self.method.rawValue)")
        let basis = weighedBy.map { words.t("split.weighed_by", ["period": words.period($0)]) } ?? ""
        let summary = words.t(saved ? "split.summary.saved" : "split.summary.dry_run",
                              ["metric": words.kpiName(metric), "scope": words.scope(scope), "period": words.period(period),
                               "total": values.format(total.doubleValue, figures), "method": method, "basis": basis])
        let rows = parts.map { part -> [ReportValue] in
            [.code(part.scope.description, label: words.scope(part.scope)), .text(part.name),
             .code(part.period.description, label: words.period(part.period)), .number(part.value.doubleValue), .number(part.share)]
        }
        let table = ReportTable(columns: [ReportColumn(name: words.t("funnel.scope"), kind: .text, key: "scope"),
                                          ReportColumn(name: words.t("kpi.name"), kind: .text, key: "name"),
                                          ReportColumn(name: words.t("kpi.period"), kind: .text, key: "period"),
                                          ReportColumn(name: words.t("kpi.target"), kind: figures, key: "target"),
                                          ReportColumn(name: words.t("split.share"), kind: .percent, key: "share")],
                                rows: rows)
        return ReportDocument(name: "target_split", title: words.t("split.title"), currency: currency, asOf: asOf.description,
                              language: language, blocks: [.text(summary), .table(table)])
    }
}
