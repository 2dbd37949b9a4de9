import CrescentWorkbook
import Foundation

/// Dates and amounts as people and spreadsheets write them (`2026/7/1`, `2026年7月1日`,
/// `¥1,234.50`), read into the forms the store keeps. Only unambiguous forms: a year first, and
/// thousands separators in groups of three.
enum WrittenForms {
    private static let dateTime = try! NSRegularExpression(
        pattern: #"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"#)
    private static let amount = try! NSRegularExpression(
        pattern: #"^([-+]?)\s*(?:¥|￥|US\$|HK\$|\$|€|£|RMB|CNY)?\s*([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万)?\s*元?$"#)
    private static let yearLast = try! NSRegularExpression(
        pattern: #"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"#)

    /// The day, and the time of day as `HH:MM:SS` when one is written. With `dayOrder`, a date
    /// written with the year last (`7/1/2026`) is read in that order.
    static func dateAndTime(_ text: String, dayOrder: ImportProfile.DayOrder? = nil) -> (date: CalendarDate, time: String?)? {
        let range = NSRange(text.startIndex..., in: text)
        let yearFirst = dateTime.firstMatch(in: text, range: range)
        guard let match = yearFirst ?? (dayOrder == nil ? nil : yearLast.firstMatch(in: text, range: range)) else { return nil }
        func number(_ i: Int) -> Int? { Range(match.range(at: i), in: text).flatMap { Int(text[$0]) } }
        let (y, m, d) = yearFirst != nil ? (1, 2, 3) : dayOrder == .dayFirst ? (3, 2, 1) : (3, 1, 2)
        guard let year = number(y), let month = number(m), let day = number(d),
              let date = CalendarDate(year: year, month: month, day: day) else { return nil }
        guard let hour = number(4), let minute = number(5) else { return (date, nil) }
        let second = number(6) ?? 0
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return (date, String(format: "%02d:%02d:%02d", hour, minute, second))
    }

    /// `¥1,234.50` as `1234.50`: a currency sign (or 元 after), thousands separators, and with
    /// `wan` a 万 (`12.5万` is `125000`); nil for anything else.
    static func plainNumber(_ text: String, wan: Bool = false) -> String? {
        guard let match = amount.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func part(_ i: Int) -> String { Range(match.range(at: i), in: text).map { String(text[$0]) } ?? "" }
        let signs = part(1) + part(2)
        guard signs.count <= 1 else { return nil }
        var digits = part(3).replacingOccurrences(of: ",", with: ""), fraction = String(part(4).dropFirst())
        if !part(5).isEmpty {
            guard wan else { return nil }
            // ×10,000: four digits move from the fraction to the whole part.
            let padded = fraction.padding(toLength: max(4, fraction.count), withPad: "0", startingAt: 0)
            digits += padded.prefix(4)
            fraction = String(padded.dropFirst(4))
        }
        return (signs == "-" ? "-" : "") + digits + (fraction.isEmpty ? "" : "." + fraction)
    }
}

/// How the values of a file are written, beyond the forms every import reads: the store's time
/// zone (timestamps with an offset move to it), Excel serial dates (a sheet's numbers in a date
/// column), a stated day order for dates with the year last, and amounts in 万.
struct ValueForms: Sendable {
    var zone: TimeZone?
    var serialDates = false
    var dayOrder: ImportProfile.DayOrder?
    var amountsInWan = false
    /// Numbers are written `1.234,50` (or `1 234,50`): a comma before the decimals.
    var decimalComma = false

    /// A date or timestamp in a form the store keeps (`2026-07-01`, `2026-07-01 09:30:00`), or nil to read the text as it is.
    func dateText(_ text: String, withTime: Bool) -> String? {
        if serialDates, text.first?.isNumber == true, let serial = Double(text) {
            return ExcelDate.text(serial: serial, withTime: withTime)
        }
        guard dayOrder != nil, let written = WrittenForms.dateAndTime(text, dayOrder: dayOrder) else { return nil }
        return withTime ? "\(written.date) \(written.time ?? "00:00:00")" : written.date.description
    }

    /// The number `text` is, read by `parse` from its plain form: as it is, or as people write
    /// amounts (`¥1,234.50`); with a decimal comma its separators are swapped first, and only then read.
    func number<T>(_ text: String, _ parse: (String) -> T?) -> T? {
        guard decimalComma else { return parse(text) ?? WrittenForms.plainNumber(text, wan: amountsInWan).flatMap(parse) }
        let swapped = String(text.compactMap { character -> Character? in
            switch character {
            case ",": "."
            case ".": ","
            case " ", "\u{00A0}", "\u{202F}": nil  // spaces that group thousands
            default: character
            }
        })
        return WrittenForms.plainNumber(swapped, wan: amountsInWan).flatMap(parse)
    }
}
