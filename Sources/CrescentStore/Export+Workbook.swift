import CrescentWorkbook

extension RecordStore {
    /// Writes every record of `entity` to a workbook at `path`, one sheet named after the entity:
    /// the same columns as the CSV export, with typed cells (numbers, amounts, dates, times).
    public func exportWorkbook(_ entity: Entity, to path: String, extra: ExtraColumns? = nil) throws {
        let stored = entity.fields.map(\.name) + (try customFields(of: entity))
        let names = stored + (extra?.names ?? [])
        let book = try WorkbookWriter(path: path, currency: try baseCurrency())
        try book.addSheet(entity.rawValue, columns: names.map(WorkbookColumn.init))
        let kinds = Dictionary(uniqueKeysWithValues: entity.fields.map { ($0.name, $0.kind) })
        try forEachPage(entity) { page in
            let extraValues = try extra?.values(page)
            for (index, record) in page.enumerated() {
                let values = stored.map { record[$0] ?? .null } + (extraValues?[index] ?? [])
                book.addRow(zip(names, values).map { name, value in Self.cell(value, kind: kinds[name]) })
            }
        }
        try book.finish()
    }

    private static func cell(_ value: StoredValue, kind: Field.Kind?) -> WorkbookCell {
        switch value {
        case .null: return .empty
        case .integer(let number): return .number(Double(number))
        case .number(let number): return .number(number)
        case .decimal(let amount): return .number(Double(amount.description) ?? 0)
        case .text(let text):
            if kind == .date || kind == .timestamp { return .date(text) }
            return .text(text)
        }
    }
}
