/// An aligned plain-text table for the terminal. Wide characters (CJK, most emoji) take two
/// columns, combining marks none, so columns stay aligned with Chinese names.
struct TextTable {
    var headers: [String]
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []
    var rows: [[String]] = []

    init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
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

    /// Terminal columns a string takes.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
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
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}

/// 1234567.891 -> "1,234,567.89"
func thousands(_ value: Double, decimals: Int = 2) -> String {
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

func thousands(_ value: Int) -> String { thousands(Double(value), decimals: 0) }

func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

extension String {
    func trimmingSuffix(_ character: Character) -> String {
        var text = Substring(self)
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
