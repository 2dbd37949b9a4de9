/// One row of a sheet: the text of its non-empty cells in one byte array (UTF-8), each cell
/// knowing its column and what kind of value it held.
public struct SheetRow: Sendable {
    /// The row's number in the sheet (from 1), as Excel shows it.
    public let number: Int
    public let bytes: [UInt8]
    /// Left to right; empty cells are left out.
    public let cells: [SheetCell]

    /// The text of a cell.
    public func text(_ cell: SheetCell) -> ArraySlice<UInt8> { bytes[Int(cell.start)..<Int(cell.end)] }
}

/// A non-empty cell: where its text is in its row's bytes. Numbers read as plain decimals
/// (`1234.5`), dates as `2026-07-01` (with ` 09:30:00` when the style shows a time), booleans as
/// `true` and `false`, formula errors as Excel writes them (`#N/A`).
public struct SheetCell: Sendable {
    public enum Kind: UInt8, Sendable { case text, number, boolean, date, error }
    /// From 0 (column A).
    public let column: Int
    public let kind: Kind
    let start: Int32
    let end: Int32
}

extension SheetRow {
    /// The row with text cells added at empty columns (a merged range's value where it covers them).
    public func adding(_ cells: [(column: Int, text: [UInt8])]) -> SheetRow {
        var bytes = self.bytes
        var all = self.cells
        for (column, text) in cells {
            all.append(SheetCell(column: column, kind: .text, start: Int32(bytes.count), end: Int32(bytes.count + text.count)))
            bytes.append(contentsOf: text)
        }
        return SheetRow(number: number, bytes: bytes, cells: all.sorted { $0.column < $1.column })
    }
}
