import CrescentStore

/// One line of a commission statement: what it is for, how it was reached, and the amount.
public struct CommissionLine: Sendable, Equatable {
    public enum Kind: String, Sendable { case base, tier, spiff, clawback, cap }
    public let kind: Kind
    public let text: String
    /// Cents of the base currency.
    public let cents: Int64
}

/// A rep's commission for a period: lines that add up to the total exactly (each to the cent).
public struct CommissionStatement: Sendable {
    public let rep: String
    public let name: String
    /// Net revenue of the rep's orders (refunds subtract).
    public let revenue: Double
    public let target: Double?
    public let lines: [CommissionLine]

    public var attainment: Double? { target.flatMap { $0 > 0 ? revenue / $0 : nil } }
    public var totalCents: Int64 { lines.reduce(0) { $0 + $1.cents } }

    /// The statements of every rep with orders, a spiff or a revenue target in `period`.
    /// `matches[k][rep]` are the records spiff k of the plan pays the rep for.
    public static func all(plan: CommissionPlan, period: Period, kpis: SalesKpis,
                           matches: [[String: [SpiffMatch]]]) throws -> [CommissionStatement] {
        let to = min(period.end, kpis.asOf)
        let lines = to < period.start ? [] : try kpis.store.orderLines(from: period.start, to: to)
        var byRep: [String: [(line: OrderLine, amount: Double)]] = [:]
        for line in lines { byRep[line.rep, default: []].append((line, try kpis.orderAmount(line))) }
        let book = try kpis.targets()
        let names = try kpis.store.names(of: .reps)
        var reps = Set(byRep.keys).union(matches.flatMap(\.keys))
        reps.formUnion(book.scopes(metric: "revenue").compactMap { $0.group(in: .rep) }.filter { book.value(scope: .rep($0), metric: "revenue", period: period) != nil })
        return reps.sorted().map { rep in
            statement(plan: plan, rep: rep, name: names[rep] ?? "", orders: byRep[rep] ?? [],
                      target: book.value(scope: .rep(rep), metric: "revenue", period: period), spiffs: matches.map { $0[rep] ?? [] })
        }
    }

    static func statement(plan: CommissionPlan, rep: String, name: String, orders: [(line: OrderLine, amount: Double)],
                          target: Double?, spiffs: [[SpiffMatch]]) -> CommissionStatement {
        var lines: [CommissionLine] = []
        let sales = orders.filter { $0.amount > 0 }, refunds = orders.filter { $0.amount < 0 }
        let revenue = orders.reduce(0) { $0 + $1.amount }
        if let target, target > 0, !plan.tiers.isEmpty {
            var inTier = [(revenue: Double, commission: Double)](repeating: (0, 0), count: plan.tiers.count)
            var cumulative = 0.0
            for (line, amount) in sales {
                for (k, tier) in plan.tiers.enumerated() {
                    let low = tier.from * target, high = tier.to.map { $0 * target } ?? .infinity
                    let portion = max(0, min(cumulative + amount, high) - max(cumulative, low))
                    inTier[k].revenue += portion
                    inTier[k].commission += portion * plan.rate(for: line)
                }
                cumulative += amount
            }
            for (k, tier) in plan.tiers.enumerated() where inTier[k].revenue > 0 {
                let band = "\(percent(tier.from))–\(tier.to.map(percent) ?? "")"
                lines.append(CommissionLine(kind: .tier, text: "attainment \(band) of \(money(target)): \(money(inTier[k].revenue)) revenue, "
                                            + "\(money(inTier[k].commission)) at plan rates × \(multiplier(tier.multiplier))",
                                            cents: cents(inTier[k].commission * tier.multiplier)))
            }
        } else if !sales.isEmpty {
            let why = plan.tiers.isEmpty ? "" : " (no revenue target: attainment tiers do not apply)"
            let commission = sales.reduce(0) { $0 + $1.amount * plan.rate(for: $1.line) }
            lines.append(CommissionLine(kind: .base, text: "\(counted(sales.count, "orders")), \(money(sales.reduce(0) { $0 + $1.amount })) revenue at plan rates\(why)",
                                        cents: cents(commission)))
        }
        if plan.clawback && !refunds.isEmpty {
            let taken = refunds.reduce(0) { $0 + $1.amount * plan.rate(for: $1.line) }
            lines.append(CommissionLine(kind: .clawback, text: "\(counted(refunds.count, "refunds")) of \(money(refunds.reduce(0) { $0 + $1.amount })) at plan rates",
                                        cents: cents(taken)))
        }
        for (k, spiff) in plan.spiffs.enumerated() where !spiffs[k].isEmpty {
            let found = spiffs[k]
            let amount = spiff.amount.map { Double(found.count) * $0 } ?? found.reduce(0) { $0 + $1.amount * (spiff.rate ?? 0) }
            let how = spiff.amount.map { "\(counted(found.count, spiff.on.rawValue)) × \(money($0))" }
                ?? "\(percentOrRate(spiff.rate ?? 0)) of \(money(found.reduce(0) { $0 + $1.amount })) over \(counted(found.count, spiff.on.rawValue))"
            lines.append(CommissionLine(kind: .spiff, text: "spiff '\(spiff.name)': \(how) (\(found.map(\.id).prefix(5).joined(separator: ", "))\(found.count > 5 ? ", ..." : ""))",
                                        cents: cents(amount)))
        }
        let subtotal = lines.reduce(0) { $0 + $1.cents }
        if let cap = plan.cap, subtotal > cents(cap) {
            lines.append(CommissionLine(kind: .cap, text: "capped at \(money(cap))", cents: cents(cap) - subtotal))
        }
        return CommissionStatement(rep: rep, name: name, revenue: revenue, target: target, lines: lines)
    }
}

func cents(_ amount: Double) -> Int64 { Int64((amount * 100).rounded()) }

/// 1234567.5 -> "1,234,567.50": amounts in statement lines, to the cent.
func money(_ amount: Double) -> String {
    let c = cents(amount)
    var whole = String(abs(c) / 100), grouped = ""
    while whole.count > 3 {
        grouped = "," + whole.suffix(3) + grouped
        whole = String(whole.dropLast(3))
    }
    let part = abs(c) % 100
    return (c < 0 ? "-" : "") + whole + grouped + "." + (part < 10 ? "0" : "") + "\(part)"
}

/// "1 order", "3 orders".
func counted(_ n: Int, _ plural: String) -> String { "\(n) " + (n == 1 ? String(plural.dropLast()) : plural) }

func multiplier(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
}

func percentOrRate(_ rate: Double) -> String {
    let hundredths = (rate * 10_000).rounded() / 100
    return (hundredths == hundredths.rounded() ? String(Int(hundredths)) : String(hundredths)) + "%"
}
