import CrescentCore
import CrescentStore

/// The JSON form of `commission run --format json` (docs/commissions.md): `{"plan", "period", "as_of",
/// "currency", "statements": [{"rep", "name", "revenue", "target", "attainment", "lines": [{"kind",
/// "text", "amount"}], "total"}], "total"}`; each line's `text` is its explanation in English.
extension CommissionReport: Encodable {
    private enum Keys: String, CodingKey { case plan, period, asOf = "as_of", currency, statements, total }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(plan, forKey: .plan)
        try c.encode(period.description, forKey: .period)
        try c.encode(asOf.description, forKey: .asOf)
        try c.encode(currency, forKey: .currency)
        try c.encode(statements, forKey: .statements)
        try c.encode(Rounded(Double(totalCents) / 100, places: 2), forKey: .total)
    }
}

extension CommissionStatement: Encodable {
    private enum Keys: String, CodingKey { case rep, name, revenue, target, attainment, lines, total }
    private enum LineKeys: String, CodingKey { case kind, text, amount }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(rep, forKey: .rep)
        try c.encode(name, forKey: .name)
        try c.encode(Rounded(revenue, places: 2), forKey: .revenue)
        try c.encode(Rounded(target, places: 2), forKey: .target)
        try c.encode(Rounded(attainment, places: 4), forKey: .attainment)
        var list = c.nestedUnkeyedContainer(forKey: .lines)
        let english = Words(.en)
        for line in lines {
            var item = list.nestedContainer(keyedBy: LineKeys.self)
            try item.encode(line.kind.rawValue, forKey: .kind)
            try item.encode(english.explain(line.basis, values: ValueText(language: .en)), forKey: .text)
            try item.encode(Rounded(Double(line.cents) / 100, places: 2), forKey: .amount)
        }
        try c.encode(Rounded(Double(totalCents) / 100, places: 2), forKey: .total)
    }
}

/// Commission statements for people: a summary per rep, then (detailed) every line with the figures behind it.
extension CommissionReport: ReportResult {
    public static let resultName = "commissions"

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language), values = ValueText(language: language, currency: currency)
        func money(_ cents: Int64) -> ReportValue { .number(Double(cents) / 100) }
        var summary = statements.map { s -> [ReportValue] in
            [.text(s.rep), .text(s.name), .number(s.revenue), s.target.map { .number($0) } ?? .empty, s.attainment.map { .number($0) } ?? .empty,
             money(s.totalCents)]
        }
        summary.append([.code("total", label: words.t("commission.total")), .text(""), .number(statements.reduce(0) { $0 + $1.revenue }),
                        .empty, .empty, money(totalCents)])
        var blocks: [ReportBlock] = []
        if !description.isEmpty { blocks.append(.text(description)) }
        blocks.append(.table(ReportTable(
            title: words.t("commission.summary"),
            columns: [ReportColumn(name: words.t("by.rep"), kind: .text, key: "rep"), ReportColumn(name: words.t("kpi.name"), kind: .text, key: "name"),
                      ReportColumn(name: words.kpiName("revenue"), kind: .money, key: "revenue"),
                      ReportColumn(name: words.t("kpi.target"), kind: .money, key: "target"),
                      ReportColumn(name: words.t("kpi.attainment"), kind: .percent, key: "attainment"),
                      ReportColumn(name: words.t("commission.commission"), kind: .money, key: "commission")],
            rows: summary)))
        if detailed {
            let lines = statements.flatMap { s -> [[ReportValue]] in
                s.lines.map { line in
                    [.text(s.rep), .text(s.name), .code(line.kind.rawValue, label: words.t("commission.kind.\(line.kind.rawValue)")),
                     .text(words.explain(line.basis, values: values)), money(line.cents)]
                } + [[.text(s.rep), .text(s.name), .code("total", label: words.t("commission.total")), .text(""), money(s.totalCents)]]
            }
            blocks.append(.table(ReportTable(
                title: words.t("commission.lines"),
                columns: [ReportColumn(name: words.t("by.rep"), kind: .text, key: "rep"), ReportColumn(name: words.t("kpi.name"), kind: .text, key: "name"),
                          ReportColumn(name: words.t("commission.kind"), kind: .text, key: "kind"),
                          ReportColumn(name: words.t("commission.line"), kind: .text, key: "line"),
                          ReportColumn(name: words.t("commission.amount"), kind: .money, key: "amount")],
                rows: lines)))
        }
        return ReportDocument(name: "commission-run", title: words.t("commission.title", ["plan": plan]),
                              parameters: [(words.t("kpi.period"), words.period(period))], currency: currency, asOf: asOf.description,
                              language: language, blocks: blocks)
    }
}

extension Words {
    /// How a commission line's amount was reached, in this language.
    public func explain(_ basis: CommissionLine.Basis, values: ValueText) -> String {
        func money(_ amount: Double) -> String { values.format(amount, .money) }
        func share(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
        func rate(_ value: Double) -> String {
            let hundredths = (value * 10_000).rounded() / 100
            return (hundredths == hundredths.rounded() ? String(Int(hundredths)) : String(hundredths)) + "%"
        }
        func count(_ n: Int, _ things: String) -> String { t(n == 1 ? "count.\(things).one" : "count.\(things)", ["n": String(n)]) }
        func ids(_ ids: [String]) -> String { ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", ..." : "") }
        switch basis {
        case let .tier(from, to, target, revenue, commission, multiplier):
            let times = multiplier == multiplier.rounded() ? String(Int(multiplier)) : String(multiplier)
            return t("commission.explain.tier", ["from": share(from), "to": to.map(share) ?? "", "target": money(target), "revenue": money(revenue),
                                                 "commission": money(commission), "multiplier": times])
        case let .base(orders, revenue, noTarget):
            return t("commission.explain.base", ["orders": count(orders, "orders"), "revenue": money(revenue)])
                + (noTarget ? t("commission.explain.no_target") : "")
        case let .clawback(refunds, amount):
            return t("commission.explain.clawback", ["refunds": count(refunds, "refunds"), "amount": money(amount)])
        case let .spiffEach(spiff, on, found, amount):
            return t("commission.explain.spiff_each", ["spiff": spiff, "count": count(found.count, on.rawValue), "amount": money(amount),
                                                       "ids": ids(found)])
        case let .spiffRate(spiff, on, found, share, total):
            return t("commission.explain.spiff_rate", ["spiff": spiff, "rate": rate(share), "total": money(total),
                                                       "count": count(found.count, on.rawValue), "ids": ids(found)])
        case .cap(let cap):
            return t("commission.explain.cap", ["cap": money(cap)])
        }
    }
}
