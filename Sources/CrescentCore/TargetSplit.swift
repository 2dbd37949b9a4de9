import CrescentStore
import Foundation

/// Splitting a target into parts that add up to it exactly.
public enum TargetSplit {
    /// `total` in parts proportional to `weights` (none negative, at least one positive), to the
    /// cent: each part gets its share rounded down, the cents left go to the largest remainders
    /// (the earlier part on a tie), and anything below a cent stays with the first part.
    public static func apportion(_ total: Decimal4, weights: [Double]) -> [Decimal4] {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 } && weights.contains { $0 > 0 })
        let sum = weights.reduce(0, +)
        let cents = total.units / 100, subCent = total.units % 100
        let exact = weights.map { Double(cents) * $0 / sum }
        var parts = exact.map { Int64($0.rounded(.down)) }
        let left = cents - parts.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
        for i in order.prefix(Int(left)) { parts[i] += 1 }
        var units = parts.map { $0 * 100 }
        units[0] += subCent
        return units.map { Decimal4(units: $0) }
    }
}

/// A target split into its parts, as `targets split` prints and saves it.
public struct TargetSplitReport: Sendable, Equatable {
    /// One part: whose, for which period, its value and its share of the whole.
    public struct Part: Sendable, Equatable {
        public let scope: TargetScope
        public let name: String
        public let period: Period
        public let value: Decimal4
        public let share: Double
    }

    /// How the parts are weighed: even, seasonal (by the same part a year before), history (by
    /// each rep's share a year before) or weights (given per part).
    public enum Method: String, Sendable { case even, seasonal, history, weights }

    public let metric: String
    public let scope: TargetScope
    public let period: Period
    public let total: Decimal4
    public let method: Method
    /// The year (seasonal) or period (history) whose actual values weigh the parts.
    public let weighedBy: Period?
    public let saved: Bool
    public let parts: [Part]
    public let currency: String
    public let asOf: CalendarDate

    public init(metric: String, scope: TargetScope, period: Period, total: Decimal4, method: Method, weighedBy: Period?,
                saved: Bool, parts: [Part], currency: String, asOf: CalendarDate) {
        self.metric = metric
        self.scope = scope
        self.period = period
        self.total = total
        self.method = method
        self.weighedBy = weighedBy
        self.saved = saved
        self.parts = parts
        self.currency = currency
        self.asOf = asOf
    }

    /// The parts of `total` by `weights`, each named from `names` (teams' and reps' names by id).
    public static func parts(of total: Decimal4, scopes: [(scope: TargetScope, period: Period)], weights: [Double],
                             names: [String: String]) -> [Part] {
        let sum = weights.reduce(0, +)
        return zip(zip(scopes, weights), TargetSplit.apportion(total, weights: weights)).map { pair, value in
            Part(scope: pair.0.scope, name: names[pair.0.scope.id] ?? "", period: pair.0.period, value: value, share: pair.1 / sum)
        }
    }
}

extension TargetSplit {
    /// The weights of a CSV of part,weight (a header row is allowed): each part once, a weight of 0
    /// or more. `file` names the file in messages (`file:line`).
    public static func weights(csv text: String, file: String, parts: [String]) throws(StoreError) -> [Double] {
        var weights: [String: Double] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !(cells.first ?? "").isEmpty else { continue }
            guard cells.count == 2, let weight = Double(cells[1]), weight >= 0 else {
                if number == 0 { continue }  // a header
                throw .usage(Message("split.bad_weight_line", ["file": file, "line": number + 1, "text": String(line)]))
            }
            weights[cells[0]] = weight
        }
        let listed = parts.joined(separator: ", ")
        if let missing = parts.first(where: { weights[$0] == nil }) {
            throw .usage(Message("split.weight_missing", ["file": file, "part": missing, "parts": listed]))
        }
        if let extra = weights.keys.sorted().first(where: { !parts.contains($0) }) {
            throw .usage(Message("split.weight_extra", ["file": file, "part": extra, "parts": listed]))
        }
        let result = parts.map { weights[$0]! }
        guard result.contains(where: { $0 > 0 }) else { throw .usage(Message("split.weights_zero", ["file": file])) }
        return result
    }

    /// The year whose actuals weigh a seasonal split of `period`: the year before, or the last year
    /// over by `day` when that one is not (a month still in progress says nothing of its season).
    public static func weighedYear(of period: Period, asOf day: CalendarDate) -> Int {
        let lastComplete = day == Period.year(day.year).end ? day.year : day.year - 1
        return min(period.start.year - 1, lastComplete)
    }

    /// `part` moved back to `year` (seasonal), or one year back (history): 2027-03 is weighed by 2025-03 on 2026-12-01.
    public static func weighedPeriod(_ part: Period, inYear year: Int?) -> Period {
        let shift = part.start.year - (year ?? part.start.year - 1)
        switch part.kind {
        case .quarter: return .quarter(part.start.year - shift, (part.start.month + 2) / 3)
        case .month: return .month(part.start.year - shift, part.start.month)
        default: return Period(kind: .range, start: part.start.yearsBefore(shift), end: part.end.yearsBefore(shift))
        }
    }
}
