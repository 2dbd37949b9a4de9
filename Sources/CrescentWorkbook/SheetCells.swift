import Foundation

/// The events of a sheet's XML turned into rows: each `<c>` cell's value read by its type
/// (`t`: a shared string, inline text, a formula's text, a boolean, an error, an ISO date, or a
/// number, which its style may show as a date) into its row's bytes.
final class SheetCells: XMLEvents {
    private let strings: SharedStrings
    private let styles: CellStyles
    private let date1904: Bool
    private let place: (String) -> WorkbookError.Place
    /// The first fault found (a string index out of the table); reading stops there.
    private(set) var fault: WorkbookError?

    private var ready: [SheetRow] = []
    private var readyHead = 0
    private var rowNumber = 0
    private var rowBytes: [UInt8] = []
    private var rowCells: [SheetCell] = []
    private var inRow = false

    private enum ValueType { case number, sharedString, inlineString, formulaString, boolean, error, isoDate }
    private var column = 0
    private var nextColumn = 0
    private var type = ValueType.number
    private var style = 0
    private var value: [UInt8] = []
    private var collecting = false
    private var phoneticDepth = 0

    init(strings: SharedStrings, styles: CellStyles, date1904: Bool, place: @escaping (String) -> WorkbookError.Place) {
        self.strings = strings
        self.styles = styles
        self.date1904 = date1904
        self.place = place
    }

    /// The next complete row, if one is ready.
    func takeRow() -> SheetRow? {
        guard readyHead < ready.count else { return nil }
        let row = ready[readyHead]
        readyHead += 1
        if readyHead == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        return row
    }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("c") {
            column = attributes.value("r").flatMap(CellReference.column) ?? nextColumn
            nextColumn = column + 1
            type = attributes.value("t").map(Self.valueType) ?? .number
            style = attributes.value("s").map(Self.integer) ?? 0
            value.removeAll(keepingCapacity: true)
        } else if name.is("v") {
            collecting = true
        } else if name.is("t") {
            collecting = phoneticDepth == 0  // inline text (`<is><t>` or a rich run's `<r><t>`)
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("row") {
            rowNumber = attributes.value("r").map(Self.integer) ?? rowNumber + 1
            nextColumn = 0
            inRow = true
        }
    }

    func end(_ name: XMLName) {
        if name.is("c") {
            finishCell()
        } else if name.is("v") || name.is("t") {
            collecting = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("row") {
            if !rowCells.isEmpty { ready.append(SheetRow(number: rowNumber, bytes: rowBytes, cells: rowCells)) }
            rowBytes = []
            rowCells.removeAll(keepingCapacity: true)
            inRow = false
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if collecting { value.append(contentsOf: bytes) }
    }

    private func finishCell() {
        guard inRow, !value.isEmpty else { return }
        let start = rowBytes.count
        var kind = SheetCell.Kind.text
        switch type {
        case .sharedString:
            guard let string = strings.string(value.withUnsafeBufferPointer(Self.integer)) else {
                fault = fault ?? WorkbookError(place(CellReference.cell(column: column, row: rowNumber)),
                                               Message("workbook.bad_string_index", ["index": String(decoding: value, as: UTF8.self),
                                                                                     "count": strings.count]))
                return
            }
            rowBytes.append(contentsOf: string)
        case .inlineString, .formulaString:
            appendUnescaped(value, to: &rowBytes)
        case .boolean:
            kind = .boolean
            rowBytes.append(contentsOf: (value == [UInt8(ascii: "1")] ? "true" : "false").utf8)
        case .error:
            kind = .error
            rowBytes.append(contentsOf: value)
        case .isoDate:
            kind = .date
            rowBytes.append(contentsOf: Self.isoDate(value))
        case .number:
            let shown = styles.shown(style: style)
            if shown != .number, let serial = Double(String(decoding: value, as: UTF8.self)),
               let date = ExcelDate.text(serial: serial, shown: shown, date1904: date1904) {
                kind = .date
                rowBytes.append(contentsOf: date.utf8)
            } else {
                kind = .number
                rowBytes.append(contentsOf: Self.plainNumber(value))
            }
        }
        if rowBytes.count > start {
            rowCells.append(SheetCell(column: column, kind: kind, start: Int32(start), end: Int32(rowBytes.count)))
        }
    }

    private static func valueType(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueType {
        switch String(decoding: bytes, as: UTF8.self) {
        case "s": .sharedString
        case "inlineStr": .inlineString
        case "str": .formulaString
        case "b": .boolean
        case "e": .error
        case "d": .isoDate
        default: .number
        }
    }

    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value = 0
        for byte in bytes where byte >= 48 && byte <= 57 { value = value &* 10 &+ Int(byte - 48) }
        return value
    }

    /// A number as a plain decimal: `1001.0` as `1001`, `1.5E-3` as `0.0015`.
    static func plainNumber(_ bytes: [UInt8]) -> [UInt8] {
        var text = bytes
        if text.contains(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }),
           let number = Double(String(decoding: text, as: UTF8.self)) {
            text = Array((number.rounded() == number && abs(number) < 1e15
                          ? String(Int64(number)) : String(format: "%.12f", number)).utf8)
        }
        guard text.contains(UInt8(ascii: ".")) else { return text }
        while text.last == UInt8(ascii: "0") { text.removeLast() }
        if text.last == UInt8(ascii: ".") { text.removeLast() }
        return text
    }

    /// An ISO date cell (`2026-07-01T09:30:00Z`) as `2026-07-01`, or `2026-07-01 09:30:00` when it has a time of day.
    private static func isoDate(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return bytes }
        let time = parts[1].prefix(8)
        return Array((time == "00:00:00" || time.isEmpty ? String(parts[0]) : "\(parts[0]) \(time)").utf8)
    }
}
