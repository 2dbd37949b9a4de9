import Foundation

/// An aligned plain-text table for the terminal. Wide characters (CJK, most emoji) take two
/// columns, combining marks and colour escapes none, so columns stay aligned with Chinese names.
public struct TextTable {
    public var headers: [String]
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int> = []
    public var rows: [[String]] = []
    /// Whether the cells hold the renderer's own colour escapes (their data already made safe);
    /// otherwise every cell is data and is made safe here (`TerminalText`).
    public var painted = false

    public init(_ headers: [String], rightAligned: Set<Int> = [], painted: Bool = false) {
        self.headers = painted ? headers : headers.map(TerminalText.safe)
        self.rightAligned = rightAligned
        self.painted = painted
    }

    public mutating func add(_ row: [String]) { rows.append(painted ? row : row.map(TerminalText.safe)) }

    public func render() -> String {
        var widths = headers.map(Self.width)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.width(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - Self.width(cell))
                return rightAligned.contains(i) ? pad + cell : (i == cells.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ").trimmingSuffix(" ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    /// Terminal columns a string takes; ANSI colour escapes (ESC [ ... m) take none.
    public static func width(_ text: String) -> Int {
        var total = 0, inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            total += width(of: scalar)
        }
        return total
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200D || (0xFE00...0xFE0F).contains(v) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,
            0x2705...0x2705, 0x274C...0x274C, 0x2B50...0x2B50, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}

/// 1234567.891 -> "1,234,567.89"
public func thousands(_ value: Double, decimals: Int = 2) -> String {
    let text = String(format: "%.\(decimals)f", abs(value))
    let parts = text.split(separator: ".", maxSplits: 1)
    var whole = String(parts[0])
    var grouped = ""
    while whole.count > 3 {
        grouped = "," + whole.suffix(3) + grouped
        whole = String(whole.dropLast(3))
    }
    return (value < 0 ? "-" : "") + whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
}

public func thousands(_ value: Int) -> String { thousands(Double(value), decimals: 0) }

/// 0.1234 -> "12.3%"
public func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

extension String {
    public func trimmingSuffix(_ character: Character) -> String {
        var text = Substring(self)
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
