import CrescentStatistics
import CrescentStore
import Foundation

/// The latest fit of the models with every customer's purchases as of a day: what the customer
/// value fields and `crm.clv.expected_orders` predict from.
public struct ClvScorer: Sendable {
    public let model: ClvModel
    let history: PurchaseHistory
    let ids: IdIndex
    /// The summary entry of each customer ordinal; -1 for a customer who never ordered.
    let entries: [Int32]

    /// The latest fit, with the purchases of the customers of `ids` up to `asOf`.
    public init(store: any RecordStore, ids: IdIndex, fx: FxRates, asOf: CalendarDate) throws {
        model = try ClvModel.required(in: store)
        self.ids = ids
        history = PurchaseHistory(try OrderColumns(store: store, ids: ids, fx: fx, upTo: asOf), upTo: asOf, unit: model.timeUnit)
        var entries = Array(repeating: Int32(-1), count: ids.count)
        for (entry, customer) in history.ordinals.enumerated() { entries[Int(customer)] = Int32(entry) }
        self.entries = entries
    }

    /// The purchases customer `id` is expected to make in the next `days` days; nil for a customer
    /// not in the store or who never ordered, whom the model says nothing about.
    public func expectedOrders(customer id: String, days: Double) -> Double? {
        guard let c = ids.ordinal(of: id), entries[c] >= 0 else { return nil }
        let i = Int(entries[c]), data = history.summary
        return model.purchases.expectedPurchases(in: days / model.timeUnit.days, frequency: data.frequency[i],
                                                 recency: data.recency[i], age: data.age[i])
    }
}

/// Every customer's predicted purchases and value as of a day, by the latest fit of the models:
/// `p_alive`, `expected_orders_90d`, `expected_order_value` and `clv_12m` (NaN for a customer who
/// never ordered, whom the models say nothing about).
struct CustomerScores {
    let columns: [(String, [Double])]

    init(store: any RecordStore, ids: IdIndex, fx: FxRates, asOf: CalendarDate) throws {
        let scorer = try ClvScorer(store: store, ids: ids, fx: fx, asOf: asOf), model = scorer.model
        let n = ids.count, data = scorer.history.summary, ordinals = scorer.history.ordinals
        let purchases = model.purchases, spend = model.spend, value = model.value, horizon = 90 / model.timeUnit.days
        // One array of four columns of n, so that every worker writes its customers' slots through one buffer.
        var values = Array(repeating: Double.nan, count: 4 * n)
        values.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let chunks = min(64, max(1, data.count / 10_000)), size = (data.count + chunks - 1) / chunks
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in (chunk * size)..<min(data.count, (chunk + 1) * size) {  // entry i is customer c's alone
                    let c = Int(ordinals[i]), x = data.frequency[i], tx = data.recency[i], age = data.age[i], monetary = data.monetary[i]
                    out[c] = purchases.probabilityAlive(frequency: x, recency: tx, age: age)
                    out[n + c] = purchases.expectedPurchases(in: horizon, frequency: x, recency: tx, age: age) ?? .nan
                    out[2 * n + c] = spend.expectedPurchaseValue(frequency: x, monetary: monetary)
                    out[3 * n + c] = value.value(months: 12, frequency: x, recency: tx, age: age, monetary: monetary) ?? .nan
                }
            }
        }
        let names = ["p_alive", "expected_orders_90d", "expected_order_value", "clv_12m"]
        columns = names.indices.map { (names[$0], Array(values[($0 * n)..<(($0 + 1) * n)])) }
    }
}
