import Foundation

/// A customer's value over the coming months, as `lifetimes` computes it (its
/// `customer_lifetime_value`): each month's expected purchases (BG/NBD) times the expected value
/// of a purchase (Gamma-Gamma), discounted by `monthlyDiscount` per month.
public struct CustomerValue: Sendable {
    public let purchases: BetaGeometricNBD
    public let spend: GammaGamma
    /// How many of the models' time units make a month: 30 for days, 4.345 for weeks.
    public let unitsPerMonth: Double
    public let monthlyDiscount: Double

    public init(purchases: BetaGeometricNBD, spend: GammaGamma, unitsPerMonth: Double, monthlyDiscount: Double = 0.01) {
        self.purchases = purchases
        self.spend = spend
        self.unitsPerMonth = unitsPerMonth
        self.monthlyDiscount = monthlyDiscount
    }

    /// The discounted value of the next `months` months; nil when a hypergeometric series does not converge.
    public func value(months: Int, frequency x: Int32, recency: Double, age: Double, monetary: Double) -> Double? {
        let perPurchase = spend.expectedPurchaseValue(frequency: x, monetary: monetary)
        var total = 0.0, before = 0.0
        for month in stride(from: 1, through: months, by: 1) {
            guard let upTo = purchases.expectedPurchases(in: Double(month) * unitsPerMonth, frequency: x, recency: recency, age: age) else {
                return nil
            }
            total += perPurchase * (upTo - before) / pow(1 + monthlyDiscount, Double(month))
            before = upTo
        }
        return total
    }
}
