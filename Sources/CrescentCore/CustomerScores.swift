import CrescentStatistics
import CrescentStore
import Foundation

/// Every customer's predicted purchases and value as of a day, by the latest fit of the models:
/// `p_alive`, `expected_orders_90d`, `expected_order_value` and `clv_12m` (NaN for a customer who
/// never ordered, whom the models say nothing about).
struct CustomerScores {
    let columns: [(String, [Double])]

    init(store: any RecordStore, ids: IdIndex, fx: FxRates, asOf: CalendarDate) throws {
        guard let model = try ClvModel.latest(in: store) else { throw StoreError.usage(Message("clv.no_model")) }
        let history = try PurchaseHistory(store: store, ids: ids, fx: fx, upTo: asOf, unit: model.timeUnit)
        let n = ids.count, data = history.summary, ordinals = history.ordinals
        let purchases = model.purchases, spend = model.spend, value = model.value, horizon = 90 / model.timeUnit.days
        var alive = Array(repeating: Double.nan, count: n), expected = alive, orderValue = alive, clv = alive
        alive.withUnsafeMutableBufferPointer { alive in
            expected.withUnsafeMutableBufferPointer { expected in
                orderValue.withUnsafeMutableBufferPointer { orderValue in
                    clv.withUnsafeMutableBufferPointer { clv in
                        nonisolated(unsafe) let out = (alive, expected, orderValue, clv)
                        let chunks = min(64, max(1, data.count / 10_000)), size = (data.count + chunks - 1) / max(chunks, 1)
                        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                            for i in (chunk * size)..<min(data.count, (chunk + 1) * size) {  // each entry is one customer's slot
                                let c = Int(ordinals[i]), x = data.frequency[i], tx = data.recency[i], age = data.age[i]
                                out.0[c] = purchases.probabilityAlive(frequency: x, recency: tx, age: age)
                                out.1[c] = purchases.expectedPurchases(in: horizon, frequency: x, recency: tx, age: age) ?? .nan
                                out.2[c] = spend.expectedPurchaseValue(frequency: x, monetary: data.monetary[i])
                                out.3[c] = value.value(months: 12, frequency: x, recency: tx, age: age, monetary: data.monetary[i]) ?? .nan
                            }
                        }
                    }
                }
            }
        }
        columns = [("p_alive", alive), ("expected_orders_90d", expected), ("expected_order_value", orderValue), ("clv_12m", clv)]
    }
}
