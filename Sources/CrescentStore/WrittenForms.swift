import Foundation

/// Dates and amounts as people and spreadsheets write them (`2026/7/1`, `2026年7月1日`,
/// `¥1,234.50`), read into the forms the store keeps. Only unambiguous forms: a year first, and
/// thousands separators in groups of three.
enum WrittenForms {
    private static let dateTime = try! NSRegularExpression(
        pattern: #"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"#)
    private static let amount = try! NSRegularExpression(
        pattern: #"^([-+]?)\s*(?:¥|￥|US\$|HK\$|\$|€|£|RMB|CNY)?\s*([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*元?$"#)

    /// The day, and the time of day as `HH:MM:SS` when one is written.
    static func dateAndTime(_ text: String) -> (date: CalendarDate, time: String?)? {
        guard let match = dateTime.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func number(_ i: Int) -> Int? { Range(match.range(at: i), in: text).flatMap { Int(text[$0]) } }
        guard let year = number(1), let month = number(2), let day = number(3),
              let date = CalendarDate(year: year, month: month, day: day) else { return nil }
        guard let hour = number(4), let minute = number(5) else { return (date, nil) }
        let second = number(6) ?? 0
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return (date, String(format: "%02d:%02d:%02d", hour, minute, second))
    }

    /// `¥1,234.50` as `1234.50`: a currency sign (or 元 after), thousands separators; nil for anything else.
    static func plainNumber(_ text: String) -> String? {
        guard let match = amount.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func part(_ i: Int) -> String { Range(match.range(at: i), in: text).map { String(text[$0]) } ?? "" }
        let signs = part(1) + part(2)
        guard signs.count <= 1 else { return nil }
        return (signs == "-" ? "-" : "") + part(3).replacingOccurrences(of: ",", with: "") + part(4)
    }
}
