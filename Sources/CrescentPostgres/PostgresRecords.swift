import CrescentStore
import Foundation
import PostgresNIO

/// Reading records back from the PostgreSQL store, decoded as the SQLite store decodes them.
extension PostgresStore {
    /// The record with this id, or nil.
    public func record(_ entity: Entity, id: String) throws(StoreError) -> Record? {
        guard entity.field(named: "id") != nil else { throw .usage(Message("records.no_id", ["entity": entity.label])) }
        return try link.query("SELECT * FROM \(entity.rawValue) WHERE id = $1", [id]).first.map { Self.record(entity, from: $0) }
    }

    /// How many records match the filter.
    public func count(_ entity: Entity, where filter: [String: StoredValue] = [:]) throws(StoreError) -> Int {
        let (clause, parameters) = try whereClause(entity, filter)
        return try link.query("SELECT count(*) FROM \(entity.rawValue)\(clause)", parameters).first.flatMap { try? $0.decode(Int.self) } ?? 0
    }

    static func record(_ entity: Entity, from row: PostgresRow) -> Record {
        let cells = PostgresRandomAccessRow(row)
        var values: [String: StoredValue] = [:]
        for field in entity.fields {
            guard cells.contains(field.column) else { continue }
            let cell = cells[field.column]
            switch field.kind {
            case .decimal: values[field.name] = (try? cell.decode(Int64?.self)).flatMap { $0 }.map { .decimal(Decimal4(units: $0)) } ?? .null
            case .integer: values[field.name] = (try? cell.decode(Int64?.self)).flatMap { $0 }.map { .integer($0) } ?? .null
            case .number: values[field.name] = (try? cell.decode(Double?.self)).flatMap { $0 }.map { .number($0) } ?? .null
            default:
                let text = (try? cell.decode(String?.self)).flatMap { $0 } ?? ""
                values[field.name] = text.isEmpty ? .null : .text(text)
            }
        }
        var custom: [String: String] = [:]
        if cells.contains("extra"), let extra = (try? cells["extra"].decode(String?.self)).flatMap({ $0 }),
           let object = try? JSONSerialization.jsonObject(with: Data(extra.utf8)) as? [String: Any] {
            for (key, value) in object { custom[key] = value as? String ?? "\(value)" }
        }
        return Record(entity: entity, values: values, custom: custom)
    }
}

extension PostgresStore {
    /// Records whose fields equal the given values (canonical or custom fields), in stored order.
    public func find(_ entity: Entity, where filter: [String: StoredValue] = [:], limit: Int? = nil) throws(StoreError) -> [Record] {
        let (clause, parameters) = try whereClause(entity, filter)
        let sql = "SELECT * FROM \(entity.rawValue)\(clause) ORDER BY row_order" + (limit.map { " LIMIT \($0)" } ?? "")
        return try link.query(sql, parameters).map { Self.record(entity, from: $0) }
    }

    private func whereClause(_ entity: Entity, _ filter: [String: StoredValue]) throws(StoreError) -> (String, [String?]) {
        var conditions: [String] = [], parameters: [String?] = []
        var custom: [String]?
        for (name, value) in filter.sorted(by: { $0.key < $1.key }) {
            if let field = entity.field(named: name) {
                if value.isNull {
                    conditions.append(field.kind == .text || field.kind == .date ? "(\(field.column) IS NULL OR \(field.column) = '')" : "\(field.column) IS NULL")
                } else {
                    parameters.append(Self.parameter(value, for: field))
                    conditions.append("\(field.column) = CAST($\(parameters.count) AS \(Self.sqlType(field.kind)))")
                }
                continue
            }
            if custom == nil { custom = try customFields(of: entity) }
            guard custom!.contains(name) else {
                throw .usage(unknownFieldMessage(name, of: entity, among: entity.fields.map(\.name) + custom!))
            }
            parameters.append(name)
            let path = "(extra::jsonb ->> $\(parameters.count))"
            if value.isNull { conditions.append("\(path) IS NULL") } else {
                parameters.append(value.text)
                conditions.append("\(path) = $\(parameters.count)")
            }
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), parameters)
    }

    /// Id to display name of every record of `entity` (teams, reps, products, customers).
    public func names(of entity: Entity) throws(StoreError) -> [String: String] {
        var names: [String: String] = [:]
        for row in try link.query("SELECT id, name FROM \(entity.rawValue)") {
            if let (id, name) = try? row.decode((String, String?).self) { names[id] = names[id] ?? name ?? "" }
        }
        return names
    }

    /// Each rep's team (reps without one are left out).
    public func repTeams() throws(StoreError) -> [String: String] {
        var teams: [String: String] = [:]
        for row in try link.query("SELECT id, team_id FROM reps WHERE team_id IS NOT NULL AND team_id <> ''") {
            if let (id, team) = try? row.decode((String, String).self) { teams[id] = team }
        }
        return teams
    }

    /// The column type of a field kind: integers and decimals (ten-thousandths) as BIGINT, numbers as DOUBLE PRECISION.
    static func sqlType(_ kind: Field.Kind) -> String {
        switch kind {
        case .integer, .decimal: return "BIGINT"
        case .number: return "DOUBLE PRECISION"
        default: return "TEXT"
        }
    }

    /// A filter value as the text of the column's type (decimals in ten-thousandths).
    static func parameter(_ value: StoredValue, for field: Field) -> String {
        switch (field.kind, value) {
        case (.decimal, .integer(let i)): return String(i * Decimal4.scale)
        case (.decimal, .number(let d)): return String(Int64((d * Double(Decimal4.scale)).rounded()))
        case (.decimal, .decimal(let d)): return String(d.units)
        default: return value.text
        }
    }
}
