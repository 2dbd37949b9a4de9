import CrescentStore
import Foundation
import PostgresNIO

/// Reading records back from the PostgreSQL store, decoded as the SQLite store decodes them.
extension PostgresStore {
    /// The record with this id, or nil.
    public func record(_ entity: Entity, id: String) throws(StoreError) -> Record? {
        guard entity.field(named: "id") != nil else { throw .usage("\(entity.rawValue) records have no id") }
        return try link.query("SELECT * FROM \(entity.rawValue) WHERE id = $1", [id]).first.map { Self.record(entity, from: $0) }
    }

    /// How many records `entity` holds.
    public func count(_ entity: Entity) throws(StoreError) -> Int {
        try link.query("SELECT count(*) FROM \(entity.rawValue)").first.flatMap { try? $0.decode(Int.self) } ?? 0
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
