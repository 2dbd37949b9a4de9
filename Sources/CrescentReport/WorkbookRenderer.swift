import CrescentWorkbook

/// The report document as an Excel workbook: a cover sheet with the title, the parameters and the
/// document's texts; its tiles on a sheet of their own; then one sheet per table, with typed cells
/// (money in the report's currency, percentages, dates, numbers, booleans) under a frozen header.
/// People read it: a coded value shows its label, as the tables for people do.
extension ReportDocument {
    public func writeWorkbook(to path: String) throws(WorkbookError) {
        let words = self.words
        let book = try WorkbookWriter(path: path, currency: currency)
        try book.addSheet(words.t("workbook.cover"), columns: [])
        book.addHeadingRow([.text(title)])
        for item in headerItems { book.addRow([.text(item.name), .text(item.value)]) }
        var tables: [ReportTable] = []
        var tiles: [ReportTile] = []
        for block in blocks {
            switch block {
            case .heading(let text, _), .text(let text): book.addRow([.text(text)])
            case .tiles(let more): tiles += more
            case .table(let table): tables.append(table)
            case .chart: break  // its numbers are those of a table, or of the tiles
            }
        }
        if !tiles.isEmpty {
            try book.addSheet(words.t("workbook.summary"), columns: ["workbook.tile", "workbook.value", "workbook.target", "workbook.change"]
                .map { WorkbookColumn(words.t($0)) })
            for tile in tiles {
                let value = { (number: Double?) in number.map { Self.cell($0, kind: tile.kind) } ?? .empty }
                book.addRow([.text(tile.label), value(tile.value), value(tile.target), tile.change.map(WorkbookCell.percent) ?? .empty])
            }
        }
        for (index, table) in tables.enumerated() {
            try book.addSheet(table.title ?? (tables.count == 1 ? title : "\(title) \(index + 1)"),
                              columns: table.columns.map { WorkbookColumn($0.name) })
            for row in table.rows {
                book.addRow(zip(row, table.columns).map { value, column in Self.cell(value, kind: column.kind) })
            }
        }
        try book.finish()
    }

    private static func cell(_ value: ReportValue, kind: ValueKind) -> WorkbookCell {
        switch value {
        case .empty: return .empty
        case .text(let text): return isDay(text) ? .date(text) : .text(text)
        case .code(_, let label): return .text(label)
        case .flag(let flag): return .boolean(flag)
        case .number(let number): return cell(number, kind: kind)
        }
    }

    private static func cell(_ number: Double, kind: ValueKind) -> WorkbookCell {
        switch kind {
        case .money: .money(number)
        case .percent, .change: .percent(number)
        default: .number(number)
        }
    }

    /// `2026-07-01` (or a timestamp of that day): a date cell.
    private static func isDay(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 10 || (u.count == 19 && (u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "))) else { return false }
        return u[4] == UInt8(ascii: "-") && u[7] == UInt8(ascii: "-") && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { u[$0] >= 48 && u[$0] <= 57 }
    }
}
