import Foundation

/// Values as people read them, the same in every format: amounts and counts with thousands
/// separators, shares as percentages.
public enum ValueText {
    public static func format(_ value: Double?, _ kind: ValueKind) -> String {
        guard let value, value.isFinite else { return "" }
        switch kind {
        case .money: return thousands(value)
        case .integer: return thousands(Int(value.rounded()))
        case .percent: return percent(value)
        case .change: return change(value)
        case .number, .text: return thousands(value, decimals: 1)
        }
    }

    public static func format(_ value: ReportValue, _ kind: ValueKind) -> String {
        switch value {
        case .empty: return ""
        case .text(let text): return text
        case .number(let number): return format(number, kind)
        }
    }

    /// A short form for labels on narrow bars: 6,501,061.53 -> "6.50M", 58,240 -> "58.2K".
    public static func compact(_ value: Double, _ kind: ValueKind) -> String {
        guard kind != .percent && kind != .change else { return format(value, kind) }
        let size = abs(value)
        if size >= 1e9 { return String(format: "%.2fB", value / 1e9) }
        if size >= 1e6 { return String(format: "%.2fM", value / 1e6) }
        if size >= 1e4 { return String(format: "%.1fK", value / 1e3) }
        return format(value, kind == .money ? .integer : kind)
    }

    /// "+12.3%", "-4.0%", "0.0%".
    public static func change(_ change: Double?) -> String {
        guard let change, change.isFinite else { return "" }
        return (change > 0 ? "+" : "") + percent(change)
    }

    /// "▲", "▼" or "▶" for a tile's direction.
    public static func arrow(_ direction: ReportTile.Direction?) -> String {
        switch direction {
        case .up?: return "▲"
        case .down?: return "▼"
        case .flat?: return "▶"
        case nil: return ""
        }
    }

    /// A column title with the currency for money: "revenue (CNY)".
    public static func header(_ column: ReportColumn, currency: String) -> String {
        column.kind == .money && !column.name.isEmpty ? "\(column.name) (\(currency))" : column.name
    }
}
