/// Each customer's purchases as the buy-till-you-die models read them, in one time unit:
/// `frequency` the repeat purchases (x: purchase occasions after the first), `recency` the time
/// from the first purchase to the last (tₓ), `age` the time from the first purchase to the end of
/// the observation (T), and `monetary` the mean value of the repeat purchases (0 when none).
public struct PurchaseSummary: Sendable, Equatable {
    public var frequency: [Int32] = []
    public var recency: [Double] = []
    public var age: [Double] = []
    public var monetary: [Double] = []

    public init() {}

    public init(frequency: [Int32], recency: [Double], age: [Double], monetary: [Double]) {
        precondition(recency.count == frequency.count && age.count == frequency.count && monetary.count == frequency.count)
        (self.frequency, self.recency, self.age, self.monetary) = (frequency, recency, age, monetary)
    }

    public var count: Int { frequency.count }

    public mutating func append(frequency x: Int32, recency: Double, age: Double, monetary: Double) {
        frequency.append(x)
        self.recency.append(recency)
        self.age.append(age)
        self.monetary.append(monetary)
    }

    /// How many customers have each frequency (each entry standing for its weight, or for one):
    /// the terms that depend on x alone are taken once per value.
    func frequencyCounts(weights: [Double]?) -> [(x: Int32, customers: Double)] {
        var counts: [Int32: Double] = [:]
        for (i, x) in frequency.enumerated() { counts[x, default: 0] += weights?[i] ?? 1 }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Each distinct history (x, tₓ, T) once, in the order first seen, with how many customers
    /// have it (monetary values are left out: the purchase model does not read them).
    func grouped() -> (histories: PurchaseSummary, weights: [Double]) {
        struct History: Hashable { let x: Int32, recency: UInt64, age: UInt64 }
        var index: [History: Int] = [:], histories = PurchaseSummary(), weights: [Double] = []
        index.reserveCapacity(count / 2)
        for i in 0..<count {
            let key = History(x: frequency[i], recency: recency[i].bitPattern, age: age[i].bitPattern)
            if let at = index[key] {
                weights[at] += 1
            } else {
                index[key] = weights.count
                histories.append(frequency: frequency[i], recency: recency[i], age: age[i], monetary: 0)
                weights.append(1)
            }
        }
        return (histories, weights)
    }
}
