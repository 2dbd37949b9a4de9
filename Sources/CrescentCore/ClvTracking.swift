import CrescentStatistics
import CrescentStore

/// The papers' check of a fit (Fader, Hardie and Lee 2005, figure 2): cumulative repeat purchases
/// week by week, as they happened and as the BG/NBD model expects them, through the calibration
/// period and the holdout after it. Computed as `lifetimes`' `expected_cumulative_transactions`
/// computes it: a customer's first purchase starts their clock, and the expected repeat purchases by
/// the end of a week are, summed over the customers who had started by then, E[X(t)] of the
/// model for the time t since they started (the orders of one day are one purchase).
public struct ClvTracking: Sendable {
    /// One week: its last day, and the repeat purchases up to the end of it.
    public struct Week: Sendable, Equatable {
        public let end: CalendarDate
        public let actual: Int
        public let predicted: Double
    }

    public let model: ClvModel
    public let asOf: CalendarDate
    /// Weeks from the first purchase in the store up to the as-of day.
    public let weeks: [Week]

    /// The tracking of the latest fit over the store's orders up to `asOf`.
    public init(store: any RecordStore, asOf: CalendarDate) throws {
        let model = try ClvModel.required(in: store)
        self.model = model
        self.asOf = asOf
        let ids = try store.sortedIDs(.customers), end = asOf.dayNumber
        var purchases: [(customer: Int32, day: Int32)] = []
        try store.scan(.orders, fields: ["customer_id", "ordered_on"]) { row in
            guard let c = ids.ordinal(of: row.bytes(0)), let day = row.day(1), day <= end else { return }
            purchases.append((Int32(c), Int32(day)))
        }
        purchases.sort { ($0.customer, $0.day) < ($1.customer, $1.day) }
        var starts: [Int32: Double] = [:], repeats: [Int32: Int] = [:]
        for (i, purchase) in purchases.enumerated() {
            if i == 0 || purchases[i - 1].customer != purchase.customer {
                starts[purchase.day, default: 0] += 1
            } else if purchases[i - 1].day != purchase.day {
                repeats[purchase.day, default: 0] += 1
            }
        }
        weeks = Self.weeks(starts: starts, repeats: repeats, through: Int32(end), model: model)
    }

    /// The weeks ending by `last`, the first starting on the first purchase day.
    static func weeks(starts: [Int32: Double], repeats: [Int32: Int], through last: Int32, model: ClvModel) -> [Week] {
        guard let first = starts.keys.min() else { return [] }
        let purchases = model.purchases, unit = model.timeUnit.days
        let startDays = starts.sorted { $0.key < $1.key }, repeatDays = repeats.sorted { $0.key < $1.key }
        var weeks: [Week] = [], actual = 0, next = 0
        var boundary = first + 7  // the week's end: purchases before this day count
        while boundary - 1 <= last {
            while next < repeatDays.count && repeatDays[next].key < boundary {
                actual += repeatDays[next].value
                next += 1
            }
            var predicted = 0.0
            for (day, customers) in startDays {
                guard day < boundary else { break }
                predicted += customers * (purchases.expectedPurchases(upTo: Double(boundary - day) / unit) ?? .nan)
            }
            weeks.append(Week(end: CalendarDate(dayNumber: Int(boundary - 1)), actual: actual, predicted: predicted))
            boundary += 7
        }
        return weeks
    }

    /// The model's calibration end: the weeks after it are the holdout.
    public var calibrationEnd: CalendarDate? { CalendarDate(parsing: model.calibrationEnd) }
}
