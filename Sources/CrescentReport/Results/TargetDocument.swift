import CrescentCore
import CrescentStore

/// Targets with their progress, as `targets show` lists them: JSON (and `--format csv`) has one
/// object per target, `{"scope", "name", "metric", "period", "target", "actual", "attainment"}`.
public struct TargetList: ReportResult {
    public static let resultName = "targets"
    public let asOf: CalendarDate
    public let currency: String
    public let targets: [TargetProgress]

    public init(asOf: CalendarDate, currency: String, targets: [TargetProgress]) {
        self.asOf = asOf
        self.currency = currency
        self.targets = targets
    }

    private enum Keys: String, CodingKey { case scope, name, metric, period, target, actual, attainment }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for progress in targets {
            var c = list.nestedContainer(keyedBy: Keys.self)
            try c.encode(progress.target.scope.description, forKey: .scope)
            try c.encode(progress.name.isEmpty ? nil : progress.name, forKey: .name)
            try c.encode(progress.target.metric, forKey: .metric)
            try c.encode(progress.target.period.description, forKey: .period)
            try c.encode(Rounded(progress.target.value.doubleValue, places: 4), forKey: .target)
            try c.encode(Rounded(progress.actual, places: 2), forKey: .actual)
            try c.encode(Rounded(progress.attainment, places: 4), forKey: .attainment)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        // Amounts read as money when every target listed is of a money KPI (as most are: revenue, gross profit).
        let money = !targets.isEmpty && targets.allSatisfy { BuiltinKpi(rawValue: $0.target.metric)?.unit == .money }
        let figures: ValueKind = money ? .money : .number
        let rows = targets.map { p -> [ReportValue] in
            [.code(p.target.scope.description, label: words.scope(p.target.scope)), .text(p.name),
             .code(p.target.metric, label: words.kpiName(p.target.metric)), .code(p.target.period.description, label: words.period(p.target.period)),
             .number(p.target.value.doubleValue), p.actual.map { .number($0) } ?? .empty, p.attainment.map { .number($0) } ?? .empty]
        }
        let table = ReportTable(columns: [ReportColumn(name: words.t("funnel.scope"), kind: .text, key: "scope"),
                                          ReportColumn(name: words.t("kpi.name"), kind: .text, key: "name"),
                                          ReportColumn(name: words.t("targets.metric"), kind: .text, key: "metric"),
                                          ReportColumn(name: words.t("kpi.period"), kind: .text, key: "period"),
                                          ReportColumn(name: words.t("kpi.target"), kind: figures, key: "target"),
                                          ReportColumn(name: words.t("targets.actual"), kind: figures, key: "actual"),
                                          ReportColumn(name: words.t("kpi.attainment"), kind: .percent, key: "attainment")],
                                rows: rows)
        return ReportDocument(name: "targets", title: words.t("targets.title"), currency: currency, asOf: asOf.description,
                              language: language, blocks: [.table(table)])
    }
}
