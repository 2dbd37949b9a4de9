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
