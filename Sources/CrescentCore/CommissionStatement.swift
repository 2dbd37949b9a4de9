import CrescentStore

/// One line of a commission statement: what it is for, how it was reached, and the amount.
public struct CommissionLine: Sendable, Equatable {
    public enum Kind: String, Sendable { case base, tier, spiff, clawback, cap }

    /// How the amount was reached, with the figures a person needs to check it; the report layer
    /// words it in each language.
    public enum Basis: Sendable, Equatable {
        /// Revenue within a band of attainment (`from`, `to` as shares of `target`), paid at plan rates times `multiplier`.
        case tier(from: Double, to: Double?, target: Double, revenue: Double, commission: Double, multiplier: Double)
        /// Orders at plan rates; `noTarget` when the plan has tiers but the rep has no revenue target.
        case base(orders: Int, revenue: Double, noTarget: Bool)
        /// Refunds taken back at plan rates.
        case clawback(refunds: Int, amount: Double)
        /// A spiff of a fixed `amount` for each of `ids` (orders or deals won).
        case spiffEach(spiff: String, on: Entity, ids: [String], amount: Double)
        /// A spiff of `rate` of the `total` amount of `ids`.
        case spiffRate(spiff: String, on: Entity, ids: [String], rate: Double, total: Double)
        /// The total capped at `cap`.
        case cap(Double)
    }

    public let basis: Basis
    /// Cents of the base currency.
    public let cents: Int64

    public var kind: Kind {
        switch basis {
        case .tier: return .tier
        case .base: return .base
        case .clawback: return .clawback
        case .spiffEach, .spiffRate: return .spiff
        case .cap: return .cap
        }
    }
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
                lines.append(CommissionLine(basis: .tier(from: tier.from, to: tier.to, target: target, revenue: inTier[k].revenue,
                                                         commission: inTier[k].commission, multiplier: tier.multiplier),
                                            cents: cents(inTier[k].commission * tier.multiplier)))
            }
        } else if !sales.isEmpty {
            let commission = sales.reduce(0) { $0 + $1.amount * plan.rate(for: $1.line) }
            lines.append(CommissionLine(basis: .base(orders: sales.count, revenue: sales.reduce(0) { $0 + $1.amount }, noTarget: !plan.tiers.isEmpty),
                                        cents: cents(commission)))
        }
        if plan.clawback && !refunds.isEmpty {
            let taken = refunds.reduce(0) { $0 + $1.amount * plan.rate(for: $1.line) }
            lines.append(CommissionLine(basis: .clawback(refunds: refunds.count, amount: refunds.reduce(0) { $0 + $1.amount }), cents: cents(taken)))
        }
        for (k, spiff) in plan.spiffs.enumerated() where !spiffs[k].isEmpty {
            let found = spiffs[k]
            let amount = spiff.amount.map { Double(found.count) * $0 } ?? found.reduce(0) { $0 + $1.amount * (spiff.rate ?? 0) }
            let ids = found.map(\.id)
            let basis = spiff.amount.map { CommissionLine.Basis.spiffEach(spiff: spiff.name, on: spiff.on, ids: ids, amount: $0) }
                ?? .spiffRate(spiff: spiff.name, on: spiff.on, ids: ids, rate: spiff.rate ?? 0, total: found.reduce(0) { $0 + $1.amount })
            lines.append(CommissionLine(basis: basis, cents: cents(amount)))
        }
        let subtotal = lines.reduce(0) { $0 + $1.cents }
        if let cap = plan.cap, subtotal > cents(cap) {
            lines.append(CommissionLine(basis: .cap(cap), cents: cents(cap) - subtotal))
        }
        return CommissionStatement(rep: rep, name: name, revenue: revenue, target: target, lines: lines)
    }
}

func cents(_ amount: Double) -> Int64 { Int64((amount * 100).rounded()) }

/// A commission plan's statements for a period: what `commission run` prints and `crm.commissions` returns.
public struct CommissionReport: Sendable {
    public let plan: String
    public let description: String
    public let period: Period
    public let asOf: CalendarDate
    public let currency: String
    public var statements: [CommissionStatement]
    /// Whether people are shown every statement's lines, or only the summary per rep.
    public var detailed = true

    public init(plan: CommissionPlan, period: Period, asOf: CalendarDate, currency: String, statements: [CommissionStatement]) {
        self.plan = plan.name
        description = plan.description
        self.period = period
        self.asOf = asOf
        self.currency = currency
        self.statements = statements
    }

    public var totalCents: Int64 { statements.reduce(0) { $0 + $1.totalCents } }
}
