import CrescentText
import Foundation

/// Values as people read them in one language, the same in every format: amounts and counts with
/// thousands separators, shares as percentages. In Chinese, amounts carry their currency's sign
/// (`¥1,234,567.00`) and compact figures count in 万 and 亿 (`123.46万`, `1.23亿`); in English the
/// currency is named in the column's heading and compact figures use K, M and B.
public struct ValueText: Sendable {
    public let language: Language
    /// The currency of money values (the store's base currency).
    public let currency: String

    public init(language: Language = .en, currency: String = "") {
        self.language = language
        self.currency = currency
    }

    /// The sign written before an amount in Chinese: `¥` for CNY, `US$` for USD, else the code and a space.
    public var currencySign: String {
        switch currency {
        case "CNY", "RMB": return "¥"
        case "USD": return "US$"
        case "EUR": return "€"
        case "GBP": return "£"
        case "HKD": return "HK$"
        case "JPY": return "JP¥"
        case "": return ""
        default: return currency + " "
        }
    }

    /// Whether amounts carry the currency themselves (Chinese), rather than in a heading (English).
    public var signsAmounts: Bool { language == .zh && !currency.isEmpty }

    public func format(_ value: Double?, _ kind: ValueKind) -> String {
        guard let value, value.isFinite else { return "" }
        switch kind {
        case .money: return signed(thousands(value))
        case .integer: return thousands(Int(value.rounded()))
        case .percent: return percent(value)
        case .change: return Self.change(value)
        case .number, .text, .flag: return thousands(value, decimals: 1)
        }
    }

    /// A cell of `column`: a flag shows the column's mark when set.
    public func format(_ value: ReportValue, _ column: ReportColumn) -> String {
        switch value {
        case .empty: return ""
        case .text(let text): return text
        case .number(let number): return format(number, column.kind)
        case .flag(let set): return set ? column.mark : ""
        case .code(_, let label): return label
        }
    }

    /// A short form for tiles, labels on narrow bars and chart axes: 6,501,061.53 reads "6.50M"
    /// (English) or "650.11万" (Chinese); with `sign`, an amount carries its currency's sign in Chinese.
    public func compact(_ value: Double, _ kind: ValueKind, sign: Bool = false) -> String {
        guard kind != .percent && kind != .change else { return format(value, kind) }
        let size = abs(value)
        let text: String
        switch language {
        case .zh:
            if size >= 1e8 { text = String(format: "%.2f亿", value / 1e8) }
            else if size >= 1e4 { text = String(format: "%.2f万", value / 1e4) }
            else { text = format(value, kind == .money ? .integer : kind) }
        case .en:
            if size >= 1e9 { text = String(format: "%.2fB", value / 1e9) }
            else if size >= 1e6 { text = String(format: "%.2fM", value / 1e6) }
            else if size >= 1e4 { text = String(format: "%.1fK", value / 1e3) }
            else { text = format(value, kind == .money ? .integer : kind) }
        }
        return sign && kind == .money ? signed(text) : text
    }

    /// A tile's figure: in full in English, compact with 万 and 亿 in Chinese (`¥123.46万`).
    public func tile(_ value: Double?, _ kind: ValueKind) -> String {
        guard language == .zh, let value, value.isFinite else { return format(value, kind) }
        return compact(value, kind, sign: true)
    }

    /// A column title; in English, money columns name their currency: "revenue (CNY)".
    public func header(_ column: ReportColumn) -> String {
        column.kind == .money && !column.name.isEmpty && !signsAmounts && !currency.isEmpty ? "\(column.name) (\(currency))" : column.name
    }

    /// The unit written after a money value in English ("CNY"), nothing in Chinese (the sign says it).
    public func unit(_ kind: ValueKind) -> String { kind == .money && !signsAmounts ? currency : "" }

    private func signed(_ amount: String) -> String {
        guard signsAmounts else { return amount }
        return amount.hasPrefix("-") ? "-" + currencySign + amount.dropFirst() : currencySign + amount
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
}
