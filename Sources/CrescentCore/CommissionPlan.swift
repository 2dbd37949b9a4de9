import CrescentStore

/// A commission plan, as a plan script declares it (docs/commissions.md).
public struct CommissionPlan: Sendable {
    /// A band of attainment (from and to as shares of the target, 1 = 100%) whose revenue pays
    /// its commission times `multiplier`: above 1 accelerates, below 1 decelerates.
    public struct Tier: Sendable, Equatable {
        public let from: Double
        public let to: Double?
        public let multiplier: Double

        public init(from: Double, to: Double?, multiplier: Double) {
            self.from = from
            self.to = to
            self.multiplier = multiplier
        }
    }

    /// A one-off bonus for every order or won deal a rule picks: a fixed amount or a rate of its amount.
    public struct Spiff: Sendable, Equatable {
        public let name: String
        public let on: Entity
        public let amount: Double?
        public let rate: Double?

        public init(name: String, on: Entity, amount: Double?, rate: Double?) {
            self.name = name
            self.on = on
            self.amount = amount
            self.rate = rate
        }
    }

    public var name: String
    public var description: String
    /// Of each order's amount, unless its product or category has a rate of its own.
    public var baseRate: Double
    public var productRates: [String: Double]
    public var categoryRates: [String: Double]
    public var tiers: [Tier]
    public var spiffs: [Spiff]
    /// The most a rep earns in the period.
    public var cap: Double?
    /// Refunds and credit notes (orders with a negative amount) take their commission back.
    public var clawback: Bool

    public init(name: String, description: String = "", baseRate: Double, productRates: [String: Double] = [:],
                categoryRates: [String: Double] = [:], tiers: [Tier] = [], spiffs: [Spiff] = [], cap: Double? = nil, clawback: Bool = true) {
        self.name = name
        self.description = description
        self.baseRate = baseRate
        self.productRates = productRates
        self.categoryRates = categoryRates
        self.tiers = tiers
        self.spiffs = spiffs
        self.cap = cap
        self.clawback = clawback
    }

    /// The rate an order pays: its product's, else its category's, else the base rate.
    public func rate(for line: OrderLine) -> Double {
        line.product.flatMap { productRates[$0] } ?? line.category.flatMap { categoryRates[$0] } ?? baseRate
    }
}

/// A record a spiff pays for: an order or a won deal of the rep, with its amount in the base currency.
public struct SpiffMatch: Sendable, Equatable {
    public let id: String
    public let amount: Double

    public init(id: String, amount: Double) {
        self.id = id
        self.amount = amount
    }
}
