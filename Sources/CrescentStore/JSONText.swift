import Foundation

/// Writing JSON text directly: exact decimals and stable key order, which JSONSerialization does not give.
public enum JSONText {
    public static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A number as JSON with at most `decimals` decimals and no trailing zeros (`10`, `2.5`, never
    /// `10.` or `-0`); null for nil, NaN and infinities, which JSON has no way to write.
    public static func number(_ value: Double?, decimals: Int = 4) -> String {
        guard let value, value.isFinite else { return "null" }
        let scale = pow(10, Double(decimals)), rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(format: "%.\(decimals)f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A number as JSON with exactly `decimals` decimals (`12.50`), or null for nil, NaN and infinities.
    public static func fixed(_ value: Double?, decimals: Int) -> String {
        guard let value, value.isFinite else { return "null" }
        return String(format: "%.\(decimals)f", value)
    }

    /// A stored value as JSON: numbers stay numbers, null stays null.
    public static func value(_ value: StoredValue) -> String {
        switch value {
        case .null: return "null"
        case .text(let s): return string(s)
        case .integer, .decimal: return value.text
        case .number(let d): return d.isFinite ? value.text : "null"
        }
    }
}

extension JSONText {
    /// `value` as JSON text, through Foundation's encoder: keys sorted (the same text for the same
    /// value), `/` unescaped, every number a valid JSON number.
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            // Only a non-finite number fails, and `Rounded` writes those as null.
            preconditionFailure("a result failed to encode: \(error)")
        }
    }
}

/// A number rounded to `places` decimals as it is encoded (money to the cent, shares to 4
/// decimals); nil, NaN and infinities encode as null.
public struct Rounded: Encodable, Sendable {
    public let value: Double?
    public let places: Int

    public init(_ value: Double?, places: Int) {
        self.value = value
        self.places = places
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        guard let value, value.isFinite else { return try container.encodeNil() }
        let scale = pow(10, Double(places))
        // A whole number still encodes as `300`, not `300.0`; in Lua it stays a float, like every amount.
        try container.encode((value * scale).rounded() / scale + 0)
    }
}

extension JSONText {
    /// A value of `type` from JSON text, through Foundation's decoder.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
