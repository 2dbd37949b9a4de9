import CrescentStore

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
