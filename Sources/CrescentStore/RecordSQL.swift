import Foundation

/// Records to and from SQL, the same for both backends: a record decoded from a row, a field's
/// value as a parameter, and the WHERE clause of a filter of field equalities.
enum RecordSQL {
    /// The record a row of its table holds (`SELECT *`). A value the field cannot hold throws.
    static func record(_ entity: Entity, from row: SQLRow) throws(StoreError) -> Record {
        try record(entity, from: row, fields: entity.fields, prefix: "")
    }

    /// The record of `fields` a row holds in columns named `prefix` and the field's column (and
    /// `prefix` + `extra` for its custom fields).
    static func record(_ entity: Entity, from row: SQLRow, fields: [Field], prefix: String) throws(StoreError) -> Record {
        var values: [String: StoredValue] = [:]
        for field in fields {
            switch (try row.value(prefix + field.column), field.kind) {
            case (.null, _): values[field.name] = .null
            case (.integer(let i), .decimal): values[field.name] = .decimal(Decimal4(units: i))
            case (.integer(let i), .number): values[field.name] = .number(Double(i))
            case (.integer(let i), _): values[field.name] = .integer(i)
            case (.real(let d), .number), (.real(let d), .integer): values[field.name] = .number(d)
            case (.real(let d), _): throw SQLRow.mismatch(field.column, "an exact value", found: String(d))
            case (.text(let s), _): values[field.name] = s.isEmpty ? .null : .text(s)
            }
        }
        var custom: [String: String] = [:]
        if let extra = try row.optionalText(prefix + "extra"), !extra.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(extra.utf8)) as? [String: Any] else {
                throw SQLRow.mismatch(prefix + "extra", "a JSON object", found: extra)
            }
            for (key, value) in object { custom[key] = value as? String ?? "\(value)" }
        }
        return Record(entity: entity, values: values, custom: custom)
    }

    /// A value of `field` as its column keeps it: decimals in ten-thousandths, key fields never NULL.
    static func parameter(_ value: StoredValue, for field: Field, in entity: Entity) -> SQLValue {
        switch (field.kind, value) {
        case (_, .null): return entity.key.contains(field.name) ? .text("") : .null
        case (.decimal, .integer(let i)): return .integer(i * Decimal4.scale)
        case (.decimal, .number(let d)): return .integer(Int64((d * Double(Decimal4.scale)).rounded()))
        case (.decimal, .decimal(let d)): return .integer(d.units)
        case (.integer, .integer(let i)): return .integer(i)
        case (.integer, .number(let d)), (.number, .number(let d)): return .real(d)
        case (.number, .integer(let i)): return .real(Double(i))
        default: return .text(value.text)
        }
    }

    /// Custom fields as the JSON object kept in `extra`, or NULL when there are none.
    static func extra(_ custom: [String: String]) -> SQLValue {
        guard !custom.isEmpty else { return .null }
        return .text("{" + custom.sorted { $0.key < $1.key }.map { JSONText.string($0.key) + ":" + JSONText.string($0.value) }
            .joined(separator: ",") + "}")
    }

    /// ` WHERE ...` for records whose fields equal `filter`'s values ("" for none); a name that is
    /// neither a field nor one of `custom` is an error with a suggestion.
    static func whereClause(_ entity: Entity, _ filter: [String: StoredValue], custom: [String], dialect: SQLDialect)
        throws(StoreError) -> (sql: String, values: [SQLValue]) {
        var conditions: [String] = [], values: [SQLValue] = []
        for (name, value) in filter.sorted(by: { $0.key < $1.key }) {
            if let field = entity.field(named: name) {
                if !value.isNull {
                    conditions.append("\(field.column) = ?")
                    values.append(parameter(value, for: field, in: entity))
                } else if [.integer, .number, .decimal].contains(field.kind) {
                    conditions.append("\(field.column) IS NULL")
                } else {
                    conditions.append("(\(field.column) IS NULL OR \(field.column) = '')")
                }
                continue
            }
            guard custom.contains(name) else {
                throw .usage(unknownFieldMessage(name, of: entity, among: entity.fields.map(\.name) + custom))
            }
            let path = dialect.customField
            conditions.append(value.isNull ? "\(path.sql) IS NULL" : "\(path.sql) = ?")
            values.append(.text(path.argument(name)))
            if !value.isNull { values.append(.text(value.text)) }
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), values)
    }
}
