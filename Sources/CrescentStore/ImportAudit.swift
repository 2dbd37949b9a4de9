import Foundation

/// The audit trail of one import, written once for both backends: one run per file (`import
/// customers.csv`), the key of each record the file creates (in `record_creates`: its values are the
/// file's) and, for each stored record it changes, the fields changed with their old and new
/// values. A file that changes nothing records no run. Each backend says which rows are new and
/// hands over the stored records its rows change, as it finds them.
public final class ImportAudit {
    let entity: Entity
    /// The fields the file gives.
    let fields: [Field]
    let source: String
    let user: String
    private var run: Int64?
    /// Rows of `record_changes` not inserted yet, nine values each.
    private var pending: [SQLValue] = []

    private static let columns = "run_id, change_no, entity, record_id, action, field, old_value, new_value, place"
    private static let rowsPerInsert = 500

    public init(_ entity: Entity, fields: [Field], fileName: String, user: String) {
        self.entity = entity
        self.fields = fields
        source = "import " + fileName
        self.user = user
    }

    /// The record a file's row makes of `old` (what the upsert stores: the file's fields, its
    /// custom fields added to the stored ones), and the entry of the fields that differ.
    func changed(_ old: Record, order: Int64, incoming: Record, _ sql: any SQLSession) throws(StoreError) {
        var new = old
        for field in fields where !entity.key.contains(field.name) { new.values[field.name] = incoming.values[field.name] ?? .null }
        new.custom.merge(incoming.custom) { _, file in file }
        let differences = RecordWriter.differences(old, new)
        guard !differences.isEmpty else { return }
        let run = try self.run(sql)
        for field in differences {
            pending += [.integer(run), .integer(order), .text(entity.rawValue), .text(RecordWriter.key(of: old)), .text("update"),
                        .text(field.field), SQLValue(field.old), SQLValue(field.new), .null]
        }
        if pending.count >= 9 * Self.rowsPerInsert { try flush(sql) }
    }

    /// Notes what the rows of a batch change of the records stored before the import (those
    /// numbered up to `stored` in stored order), read by key before the batch is written.
    func changes(in rows: CheckedRows, storedUpTo last: Int64, _ sql: any SQLSession) throws(StoreError) {
        let keyIndexes = entity.key.compactMap { key in fields.firstIndex { $0.name == key } }
        let keyColumns = entity.fields.filter { entity.key.contains($0.name) }.map(\.column)
        let order = sql.dialect.storedOrder
        let incoming = (0..<rows.count).map { row in
            self.incoming(rows.values[(row * rows.width)..<((row + 1) * rows.width)], extra: rows.extras[row])
        }
        for start in stride(from: 0, to: incoming.count, by: Self.rowsPerInsert) {
            let part = incoming[start..<min(incoming.count, start + Self.rowsPerInsert)]
            let tuple = "(" + Array(repeating: "?", count: keyColumns.count).joined(separator: ", ") + ")"
            let values = part.flatMap { record in
                keyIndexes.map { RecordSQL.parameter(record.values[fields[$0].name] ?? .null, for: fields[$0], in: entity) }
            }
            var stored: [String: (Record, Int64)] = [:]
            try sql.forEachRow("""
                SELECT *, \(order) AS stored_order FROM \(entity.rawValue)
                WHERE (\(keyColumns.joined(separator: ", "))) IN (VALUES \(Array(repeating: tuple, count: part.count).joined(separator: ", ")))
                AND \(order) <= ?
                """, values + [.integer(last)]) { row throws(StoreError) in
                let record = try RecordSQL.record(entity, from: row)
                stored[RecordWriter.key(of: record)] = (record, try row.int64("stored_order"))
            }
            for record in part {
                guard let (old, number) = stored[RecordWriter.key(of: record)] else { continue }
                try changed(old, order: number, incoming: record, sql)
            }
        }
    }

    /// Notes what the rows of `staged` (a table of the file's rows, one per key, in the entity's
    /// columns) change of the records stored, before they are merged.
    public func changes(staged: String, _ sql: any SQLSession) throws(StoreError) {
        let keyColumns = entity.fields.filter { entity.key.contains($0.name) }.map(\.column)
        let incoming = (fields.map(\.column) + ["extra"]).map { "s.\($0) AS new_\($0)" }.joined(separator: ", ")
        let rows = try sql.rows("""
            SELECT t.*, t.\(sql.dialect.storedOrder) AS stored_order, \(incoming) FROM \(staged) s
            JOIN \(entity.rawValue) t ON \(keyColumns.map { "t.\($0) = s.\($0)" }.joined(separator: " AND "))
            ORDER BY t.\(sql.dialect.storedOrder)
            """)
        for row in rows {
            try changed(try RecordSQL.record(entity, from: row), order: try row.int64("stored_order"),
                        incoming: try RecordSQL.record(entity, from: row, fields: fields, prefix: "new_"), sql)
        }
    }

    /// Records as created each row of `table` (as `alias`, with the entity's columns) that
    /// `condition` selects, by key: one row per key, as a table's rows or a file's latest rows are.
    public func created(from table: String, as alias: String, where condition: String, _ values: [SQLValue],
                        _ sql: any SQLSession) throws(StoreError) {
        let found = try sql.row("SELECT count(*) AS n FROM \(table) \(alias) WHERE \(condition)", values)
        guard try found?.int64("n") ?? 0 > 0 else { return }
        let run = try self.run(sql)
        let id = entity.fields.filter { entity.key.contains($0.name) }.map { "\(alias).\($0.column)" }.joined(separator: " || '/' || ")
        try sql.execute("""
            INSERT INTO record_creates(entity, record_id, run_id) SELECT ?, \(id), ? FROM \(table) \(alias) WHERE \(condition)
            """, [.text(entity.rawValue), .integer(run)] + values)
    }

    /// Inserts the entries noted so far.
    public func flush(_ sql: any SQLSession) throws(StoreError) {
        let width = 9
        for start in stride(from: 0, to: pending.count, by: width * Self.rowsPerInsert) {
            let values = Array(pending[start..<min(pending.count, start + width * Self.rowsPerInsert)])
            let rows = Array(repeating: "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")", count: values.count / width)
            try sql.execute("INSERT INTO record_changes(\(Self.columns)) VALUES \(rows.joined(separator: ", "))", values)
        }
        pending = []
    }

    /// A file's row as a record of the fields it gives (`values` in `fields` order, custom fields as a JSON object).
    func incoming(_ values: ArraySlice<StoredValue>, extra: String?) -> Record {
        var record = Record(entity: entity, values: Dictionary(uniqueKeysWithValues: zip(fields.map(\.name), values)))
        if let extra, let object = try? JSONSerialization.jsonObject(with: Data(extra.utf8)) as? [String: Any] {
            for (key, value) in object { record.custom[key] = value as? String ?? "\(value)" }
        }
        return record
    }

    private func run(_ sql: any SQLSession) throws(StoreError) -> Int64 {
        if let run { return run }
        let made = try ChangeLog.startRun(source: source, user: user, undoes: nil, sql)
        run = made
        return made
    }
}
