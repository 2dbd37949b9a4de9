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
    /// `forms` says how values may be written (see `ValueForms`).
    static func parse(_ raw: ArraySlice<UInt8>, as kind: Field.Kind, forms: ValueForms = ValueForms()) -> Result<StoredValue, FieldProblem> {
        var text = String(decoding: trimmingSpacesAndTabs(raw), as: UTF8.self)
        if text.isEmpty { return .success(.null) }
        let zone = forms.zone
        if kind == .date || kind == .timestamp, let written = forms.dateText(text, withTime: kind == .timestamp) { text = written }
        switch kind {
        case .text:
            return .success(.text(CSVWriter.unmarked(text)))  // a spreadsheet-safe export imports back unchanged
        case .integer:
            guard let value = forms.number(text, Int64.init) else {
                return .failure(.init(text, Message("value.not_integer")))
            }
            return .success(.integer(value))
        case .number:
            guard let value = forms.number(text, Double.init), value.isFinite else {
                return .failure(.init(text, Message("value.not_number")))
            }
            return .success(.number(value))
        case .decimal:
            guard let value = forms.number(text, Decimal4.init(parsing:)) else {
                return .failure(.init(text, Message("value.not_decimal")))
            }
            return .success(.decimal(value))
        case .date:
            if CalendarDate(parsing: text) != nil { return .success(.text(text)) }
            if let written = WrittenForms.dateAndTime(text) { return .success(.text(written.date.description)) }
            // A timestamp where a day is wanted (a CRM's "Created Date"): its day on the store's clock.
            guard text.count > 10, let stamp = Timestamp.normalize(text, in: zone) else {
                return .failure(.init(text, Message("value.not_date")))
            }
            return .success(.text(String(stamp.prefix(10))))
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

