import CrescentCore
import CrescentReport
import CrescentStore

/// Commission statements as a table with each rep's lines, as CSV lines, or as JSON.
struct CommissionText {
    let plan: CommissionPlan
    let period: Period
    let asOf: CalendarDate
    let currency: String
    let statements: [CommissionStatement]

    private static func amount(_ cents: Int64) -> String { Decimal4(units: cents * 100).description }

    /// The per-rep summary, without the statements' lines.
    func summary() -> String {
        let out = "Commission plan \"\(plan.name)\", \(period), as of \(asOf) (\(currency))\n\n"
        var summary = TextTable(["rep", "name", "revenue", "target", "attainment", "commission"], rightAligned: [2, 3, 4, 5])
        for s in statements {
            summary.add([s.rep, s.name, thousands(s.revenue), formatted(s.target, .money), formatted(s.attainment, .ratio), thousands(Double(s.totalCents) / 100)])
        }
        let total = statements.reduce(0) { $0 + $1.totalCents }
        summary.add(["total", "", thousands(statements.reduce(0) { $0 + $1.revenue }), "", "", thousands(Double(total) / 100)])
        return out + summary.render()
    }

    /// The summary, then each rep's statement.
    func table() -> String {
        var out = summary()
        for s in statements {
            out += "\n\(s.rep) \(s.name)\n"
            var lines = TextTable(["", "amount"], rightAligned: [1])
            for line in s.lines { lines.add(["  " + line.text, thousands(Double(line.cents) / 100)]) }
            lines.add(["  total", thousands(Double(s.totalCents) / 100)])
            out += lines.render().split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        }
        return out
    }

    func csv() -> String {
        var out = CSVWriter.line(["rep", "name", "kind", "line", "amount"])
        for s in statements {
            for line in s.lines { out += CSVWriter.line([s.rep, s.name, line.kind.rawValue, line.text, Self.amount(line.cents)]) }
            out += CSVWriter.line([s.rep, s.name, "total", "", Self.amount(s.totalCents)])
        }
        return out
    }

    func json() -> String {
        func number(_ value: Double?, _ unit: KpiUnit) -> String { JSONText.encode(KpiReport.rounded(value, unit)) }
        let items = statements.map { s in
            let lines = s.lines.map { "{\"kind\": \"\($0.kind.rawValue)\", \"text\": \(JSONText.string($0.text)), \"amount\": \(Self.amount($0.cents))}" }
            return "{\"rep\": \(JSONText.string(s.rep)), \"name\": \(JSONText.string(s.name)), \"revenue\": \(number(s.revenue, .money)), "
                + "\"target\": \(number(s.target, .money)), \"attainment\": \(number(s.attainment, .ratio)), "
                + "\"lines\": [\(lines.joined(separator: ", "))], \"total\": \(Self.amount(s.totalCents))}"
        }
        return "{\"plan\": \(JSONText.string(plan.name)), \"period\": \"\(period)\", \"as_of\": \"\(asOf)\", \"currency\": \"\(currency)\", "
            + "\"statements\": [\(items.joined(separator: ", "))], \"total\": \(Self.amount(statements.reduce(0) { $0 + $1.totalCents }))}"
    }
}
