import CrescentStore

/// Rows in COPY's text format, written as bytes: fields separated by tabs, rows ended by
/// newlines, NULL as \N, and backslash, tab, newline and carriage return escaped.
struct CopyText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// A stored value: decimals as their ten-thousandths.
    mutating func append(_ value: StoredValue) {
        switch value {
        case .null: null()
        case .text(let text): append(text)
        case .integer(let i): append(i)
        case .number(let d) where d == d.rounded() && abs(d) < 1e15: append(Int64(d))  // a quantity: digits, no float formatting
        case .number(let d): bytes.append(contentsOf: String(d).utf8)
        case .decimal(let d): append(d.units)
        }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            // Most text needs no escape: copied at once.
            guard utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                default: bytes.append(byte)
                }
            }
        }
    }

    /// Decimal digits written in place, without a string per number.
    mutating func append<Integer: BinaryInteger>(_ integer: Integer) {
        if integer < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = integer.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    mutating func null() { bytes.append(0x5C); bytes.append(UInt8(ascii: "N")) }
    mutating func tab() { bytes.append(0x09) }
    mutating func endRow() { bytes.append(0x0A) }
}
