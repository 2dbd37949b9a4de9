/// A1-style cell references: column letters and a row number.
public enum CellReference {
    /// `A` for column 0, `Z` for 25, `AA` for 26.
    public static func letters(_ column: Int) -> String {
        var column = column + 1
        var letters: [Character] = []
        while column > 0 {
            let rest = (column - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + rest))))
            column = (column - 1) / 26
        }
        return String(letters.reversed())
    }

    /// `D17` for column 3 of row 17.
    public static func cell(column: Int, row: Int) -> String { letters(column) + String(row) }

    /// The column (from 0) and row (from 1) of `D17`; nil when the text is not a reference.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (column: Int, row: Int)? {
        var column = 0, row = 0, index = 0
        while index < bytes.count, bytes[index] >= 65, bytes[index] <= 90 {
            column = column * 26 + Int(bytes[index] - 64)
            index += 1
        }
        let lettersEnd = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            row = row * 10 + Int(bytes[index] - 48)
            index += 1
        }
        guard lettersEnd > 0, index > lettersEnd, index == bytes.count, row > 0 else { return nil }
        return (column - 1, row)
    }

    /// Only the column of `D17` (a cell's `r`), without checking its row.
    static func column(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0, index = 0
        while index < bytes.count, bytes[index] >= 65, bytes[index] <= 90 {
            column = column * 26 + Int(bytes[index] - 64)
            index += 1
        }
        return index == 0 ? nil : column - 1
    }
}

/// A rectangle of cells (`A1:C2`), from 0 for columns and 1 for rows, both ends included.
public struct CellRange: Sendable, Equatable {
    public let firstColumn: Int, firstRow: Int, lastColumn: Int, lastRow: Int

    /// `A1:C2` (or a single cell `B3`).
    init?(_ text: String) {
        let ends = text.split(separator: ":").map { Array($0.utf8) }
        guard ends.count == 1 || ends.count == 2 else { return nil }
        let parsed = ends.map { end in end.withUnsafeBufferPointer { CellReference.parse($0) } }
        guard let first = parsed[0], let last = parsed[parsed.count - 1] else { return nil }
        firstColumn = min(first.column, last.column)
        lastColumn = max(first.column, last.column)
        firstRow = min(first.row, last.row)
        lastRow = max(first.row, last.row)
    }

    func contains(column: Int, row: Int) -> Bool {
        (firstColumn...lastColumn).contains(column) && (firstRow...lastRow).contains(row)
    }
}
