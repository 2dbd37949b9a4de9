import Foundation
import GRDB

extension SQLiteStore {
    /// The record of `entity` with this id, or nil.
    public func record(_ entity: Entity, id: String) throws(StoreError) -> Record? {
        guard entity.key == ["id"] else { throw .usage(Message("records.no_single_id", ["entity": entity.label])) }
        return try find(entity, where: ["id": .text(id)], limit: 1).first
    }

    /// Records whose fields equal the given values (canonical or custom fields), in stored order.
    public func find(_ entity: Entity, where filter: [String: StoredValue] = [:], limit: Int? = nil) throws(StoreError) -> [Record] {
        let (clause, arguments) = try whereClause(entity, filter)
        let sql = "SELECT * FROM \(entity.rawValue)\(clause) ORDER BY rowid" + (limit.map { " LIMIT \($0)" } ?? "")
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { RecordDecoder.record(entity, from: $0) }
        }
    }

    /// The records with these ids, in the order given (ids with no record are left out).
    public func records(_ entity: Entity, ids: [String]) throws(StoreError) -> [Record] {
        var byID: [String: Record] = [:]
        try read { db in
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(entity.rawValue) WHERE id IN (\(marks))", arguments: StatementArguments(chunk)) {
                    let record = RecordDecoder.record(entity, from: row)
                    byID[record.values["id"]?.text ?? ""] = record
                }
            }
        }
        return ids.compactMap { byID[$0] }
    }

    /// How many records match the filter.
    public func count(_ entity: Entity, where filter: [String: StoredValue] = [:]) throws(StoreError) -> Int {
        let (clause, arguments) = try whereClause(entity, filter)
        return try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(entity.rawValue)\(clause)", arguments: arguments) ?? 0 }
    }

    /// Visits every record of `entity` in stored order, a page at a time, so that memory stays
    /// bounded and `body` runs outside any read: it may use the store itself.
    public func forEachPage(_ entity: Entity, size: Int = 2000, _ body: ([Record]) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let (page, last) = try read { db in
                let rows = try Row.fetchAll(db, sql: "SELECT rowid AS _rowid, * FROM \(entity.rawValue) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                            arguments: [after, size])
                return (rows.map { RecordDecoder.record(entity, from: $0) }, rows.last.map { $0["_rowid"] as Int64 })
            }
            guard let last else { return }
            try body(page)
            after = last
        }
    }

    private func whereClause(_ entity: Entity, _ filter: [String: StoredValue]) throws(StoreError) -> (String, StatementArguments) {
        guard !filter.isEmpty else { return ("", []) }
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible?] = []
        var customNames: [String]?
        for (name, value) in filter.sorted(by: { $0.key < $1.key }) {
            if let field = entity.field(named: name) {
                conditions.append(value.isNull ? "(\(field.column) IS NULL OR \(field.column) = '')" : "\(field.column) = ?")
                if !value.isNull { arguments.append(Self.argument(value, for: field)) }
                continue
            }
            if customNames == nil { customNames = try customFields(of: entity) }
            let custom = customNames ?? []
            guard custom.contains(name) else {
                throw .usage(unknownFieldMessage(name, of: entity, among: entity.fields.map(\.name) + custom))
            }
            conditions.append(value.isNull ? "json_extract(extra, ?) IS NULL" : "json_extract(extra, ?) = ?")
            arguments.append("$.\"\(name)\"")
            if !value.isNull { arguments.append(value.text) }
        }
        return (" WHERE " + conditions.joined(separator: " AND "), StatementArguments(arguments))
    }

    private static func argument(_ value: StoredValue, for field: Field) -> DatabaseValueConvertible {
        switch (field.kind, value) {
        case (.decimal, .integer(let i)): return i * Decimal4.scale
        case (.decimal, .number(let d)): return Int64((d * Double(Decimal4.scale)).rounded())
        case (.decimal, .decimal(let d)): return d.units
        case (.integer, .integer(let i)): return i
        case (.integer, .number(let d)): return d
        case (.number, .integer(let i)): return Double(i)
        case (.number, .number(let d)): return d
        case (_, .text(let s)): return s
        default: return value.text
        }
    }
}

/// Turns a stored row back into a record.
enum RecordDecoder {
    static func record(_ entity: Entity, from row: Row) -> Record {
        var values: [String: StoredValue] = [:]
        for field in entity.fields {
            let dbValue: DatabaseValue = row[field.column]
            switch (dbValue.storage, field.kind) {
            case (.null, _): values[field.name] = .null
            case (.int64(let i), .decimal): values[field.name] = .decimal(Decimal4(units: i))
            case (.int64(let i), _): values[field.name] = .integer(i)
            case (.double(let d), _): values[field.name] = .number(d)
            case (.string(let s), _): values[field.name] = s.isEmpty ? .null : .text(s)
            case (.blob, _): values[field.name] = .null
            }
        }
        var custom: [String: String] = [:]
        if let extra: String = row["extra"], let data = extra.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for (key, value) in object { custom[key] = value as? String ?? "\(value)" }
        }
        return Record(entity: entity, values: values, custom: custom)
    }
}
