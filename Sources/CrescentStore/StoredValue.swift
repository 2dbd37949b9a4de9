import CrescentWorkbook
import Foundation

/// A field value as the store keeps it.
public enum StoredValue: Hashable, Sendable {
    case null
    case text(String)
    case integer(Int64)
    case number(Double)
    case decimal(Decimal4)

    /// The value as text, the way exports write it ("" for null).
    public var text: String {
        switch self {
        case .null: return ""
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .decimal(let d): return d.description
        }
    }

    public var isNull: Bool { self == .null }
}

/// Checks and converts the text of one CSV field to the value stored for `kind`.
enum FieldParser {
    /// The stored value, or a message saying what is wrong.
    /// `zone` is the store's: timestamps with an offset are moved to it. With `serialDates` (a
    /// sheet's cells), a plain number in a date or timestamp field is an Excel serial date.
    static func parse(_ raw: ArraySlice<UInt8>, as kind: Field.Kind, zone: TimeZone? = nil,
                      serialDates: Bool = false) -> Result<StoredValue, FieldProblem> {
        var text = String(decoding: trimmingSpacesAndTabs(raw), as: UTF8.self)
        if text.isEmpty { return .success(.null) }
        if serialDates, kind == .date || kind == .timestamp, let serial = Double(text), text.first?.isNumber == true,
           let date = ExcelDate.text(serial: serial, withTime: kind == .timestamp) {
            text = date
        }
        switch kind {
        case .text:
            return .success(.text(CSVWriter.unmarked(text)))  // a spreadsheet-safe export imports back unchanged
        case .integer:
            guard let value = Int64(text) ?? WrittenForms.plainNumber(text).flatMap({ Int64($0) }) else {
                return .failure(.init(text, Message("value.not_integer")))
            }
            return .success(.integer(value))
        case .number:
            guard let value = Double(text) ?? WrittenForms.plainNumber(text).flatMap({ Double($0) }), value.isFinite else {
                return .failure(.init(text, Message("value.not_number")))
            }
            return .success(.number(value))
        case .decimal:
            guard let value = Decimal4(parsing: text) ?? WrittenForms.plainNumber(text).flatMap({ Decimal4(parsing: $0) }) else {
                return .failure(.init(text, Message("value.not_decimal")))
            }
            return .success(.decimal(value))
        case .date:
            if CalendarDate(parsing: text) != nil { return .success(.text(text)) }
            guard let written = WrittenForms.dateAndTime(text) else { return .failure(.init(text, Message("value.not_date"))) }
            return .success(.text(written.date.description))
        case .timestamp:
            let written = WrittenForms.dateAndTime(text).map { "\($0.date)T\($0.time ?? "00:00:00")" }
            guard let normalized = Timestamp.normalize(text, in: zone) ?? written else {
                return .failure(.init(text, Message("value.not_timestamp")))
            }
            return .success(.text(normalized))
        case .choice(let words):
            let lowered = text.lowercased()
            guard words.contains(lowered) else {
                return .failure(.init(text, Message("value.not_choice", ["choices": words.joined(separator: ", ")])))
            }
            return .success(.text(lowered))
        case .currency:
            let upper = text.uppercased()
            guard upper.utf8.count == 3, upper.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
                return .failure(.init(text, Message("value.not_currency")))
            }
            return .success(.text(upper))
        case .period:
            guard let period = Period(parsing: text) else { return .failure(.init(text, Message("value.not_period", ["forms": Period.forms]))) }
            return .success(.text(period.description))
        }
    }
}

/// A CSV field or header name without the spaces and tabs around it.
func trimmingSpacesAndTabs(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var trimmed = bytes
    while let first = trimmed.first, first == 0x20 || first == 0x09 { trimmed = trimmed.dropFirst() }
    while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
    return trimmed
}

struct FieldProblem: Error {
    let value: String
    let reason: Message
    init(_ value: String, _ reason: Message) {
        self.value = value
        self.reason = reason
    }
}

