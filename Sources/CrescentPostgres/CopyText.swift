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
        case .integer(let i): bytes.append(contentsOf: String(i).utf8)
        case .number(let d): bytes.append(contentsOf: String(d).utf8)
        case .decimal(let d): bytes.append(contentsOf: String(d.units).utf8)
        }
    }

    mutating func append(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            default: bytes.append(byte)
            }
        }
    }

    mutating func append(_ integer: Int) { bytes.append(contentsOf: String(integer).utf8) }
    mutating func null() { bytes.append(0x5C); bytes.append(UInt8(ascii: "N")) }
    mutating func tab() { bytes.append(0x09) }
    mutating func endRow() { bytes.append(0x0A) }
}
