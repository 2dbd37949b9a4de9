import CrescentWorkbook

/// Where a sheet's records are: the sheet's name and the column its header starts at, so that a
/// problem in field `i` is at cell `letters(firstColumn + i)` of its row.
struct SheetLayout: Sendable {
    let name: String
    let firstColumn: Int

    func cell(field: Int, row: Int) -> String { CellReference.cell(column: firstColumn + field, row: row) }
}

/// The rows of a sheet as records: the header row found (the given one, or the first among the
/// first rows that names two columns or more, so that a title above it is passed over), the
/// values of merged cells given to every cell they cover, and each record as wide as the header.
struct WorkbookRecords: RecordSource {
    private let sheet: SheetReader
    private let sheetLayout: SheetLayout
    private var waiting: [SheetRow] = []
    private var header: CSVRecord?
    private let width: Int
    private var merged: MergedValues

    /// How many rows are looked at for a header when none is given.
    private static let headerSearch = 20

    init(sheet: SheetReader, headerRow: Int?) throws(CSVError) {
        self.sheet = sheet
        merged = MergedValues(sheet.mergedRanges)
        var seen: [SheetRow] = []
        var found: Int?
        while let row = try Self.read(sheet) {
            let filled = merged.fill(row)
            seen.append(filled)
            if let headerRow {
                if filled.number >= headerRow { found = seen.count - 1; break }
            } else if Set(filled.cells.map { filled.text($0) }).count >= 2 {
                found = seen.count - 1
                break
            } else if seen.count >= Self.headerSearch {
                break
            }
        }
        guard let index = found ?? (seen.isEmpty ? nil : 0) else {
            sheetLayout = SheetLayout(name: sheet.name, firstColumn: 0)
            width = 0
            return
        }
        let row = seen[index]
        waiting = Array(seen[(index + 1)...])
        let first = row.cells.first?.column ?? 0
        let last = row.cells.last?.column ?? 0
        sheetLayout = SheetLayout(name: sheet.name, firstColumn: first)
        width = last - first + 1
        header = Self.record(row, first: first, width: width)
    }

    var progress: Double { sheet.progress }
    var layout: SheetLayout? { sheetLayout }

    mutating func next() throws(CSVError) -> CSVRecord? {
        if let header {
            self.header = nil
            return header
        }
        let row: SheetRow
        if !waiting.isEmpty {
            row = waiting.removeFirst()
        } else {
            guard let read = try Self.read(sheet) else { return nil }
            row = merged.fill(read)
        }
        let end = sheetLayout.firstColumn + width
        if let stray = row.cells.first(where: { $0.column >= end || $0.column < sheetLayout.firstColumn }) {
            throw CSVError(row: row.number, cell: CellReference.cell(column: stray.column, row: row.number),
                           message: Message("workbook.value_outside_header", ["value": String(decoding: row.text(stray), as: UTF8.self)]),
                           readsOn: true)
        }
        return Self.record(row, first: sheetLayout.firstColumn, width: width)
    }

    /// A row as a record of `width` fields from column `first` (empty cells as empty fields).
    private static func record(_ row: SheetRow, first: Int, width: Int) -> CSVRecord {
        var fields = [ArraySlice<UInt8>](repeating: [], count: width)
        for cell in row.cells where cell.column >= first && cell.column < first + width {
            fields[cell.column - first] = row.text(cell)
        }
        return CSVRecord(line: row.number, fields: fields)
    }

    private static func read(_ sheet: SheetReader) throws(CSVError) -> SheetRow? {
        do {
            return try sheet.nextRow()
        } catch {
            throw CSVError(error)
        }
    }
}

extension CSVError {
    /// A workbook's fault as a reading fault: at its cell when it has one, and the end of reading.
    init(_ error: WorkbookError) {
        var cell: String?
        if case .cell(_, _, let ref) = error.place { cell = ref }
        let row = Int(String((cell ?? "").drop { $0.isLetter })) ?? 0
        self.init(row: row, cell: cell, message: error.message, readsOn: false)
    }
}

/// The values of merged ranges, remembered from each range's top-left cell and given to the
/// other cells it covers (a region merged down a block of customers applies to each of them).
struct MergedValues {
    private var ranges: [CellRange]
    private var values: [Int: [UInt8]] = [:]

    init(_ ranges: [CellRange]) { self.ranges = ranges.sorted { $0.firstRow < $1.firstRow } }

    mutating func fill(_ row: SheetRow) -> SheetRow {
        guard !ranges.isEmpty else { return row }
        var covering: [(Int, CellRange)] = []
        for (index, range) in ranges.enumerated() {
            if range.firstRow > row.number { break }
            if range.lastRow >= row.number { covering.append((index, range)) }
        }
        guard !covering.isEmpty else { return row }
        var extra: [(column: Int, text: [UInt8])] = []
        for (index, range) in covering {
            if range.firstRow == row.number,
               let cell = row.cells.first(where: { $0.column == range.firstColumn }) {
                values[index] = Array(row.text(cell))
            }
            guard let value = values[index] else { continue }
            for column in range.firstColumn...range.lastColumn
            where !(row.number == range.firstRow && column == range.firstColumn) && !row.cells.contains(where: { $0.column == column }) {
                extra.append((column, value))
            }
        }
        return extra.isEmpty ? row : row.adding(extra)
    }
}
