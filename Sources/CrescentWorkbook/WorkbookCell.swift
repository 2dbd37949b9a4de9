/// A value written to a sheet, with the type a spreadsheet shows it as.
public enum WorkbookCell: Sendable, Equatable {
    case empty
    /// Text, always a text cell: one that starts with `=`, `+`, `-` or `@` is never read as a formula.
    case text(String)
    case number(Double)
    /// An amount in the workbook's currency, shown with its sign and two decimals.
    case money(Double)
    /// A share (0.25 is 25%).
    case percent(Double)
    /// A day (`2026-07-01`) or a time (`2026-07-01T09:30:00`), as a date cell.
    case date(String)
    case boolean(Bool)
}

/// A column of a sheet: its heading, and what most of its cells are (for the width).
public struct WorkbookColumn: Sendable {
    public let title: String

    public init(_ title: String) { self.title = title }
}

/// The width a spreadsheet needs for `text`: East Asian wide characters count two.
func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let value = scalar.value
        let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
        return width + (wide ? 2 : 1)
    }
}

/// `text` as XML character data: markup escaped, and characters XML 1.0 cannot hold left out.
func xmlEscaped(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "\r": escaped += "_x000D_"  // kept as OOXML writes it (a bare CR would become a line feed)
        default:
            let value = scalar.value
            if value < 0x20 && value != 0x09 && value != 0x0A || value == 0xFFFE || value == 0xFFFF { continue }
            escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped
}
