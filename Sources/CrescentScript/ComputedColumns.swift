import CrescentStore
import LuaKit

/// The computed fields of one entity (from the fields folder), evaluated for pages of records so
/// that exports can write them beside the stored fields. One Lua state, used by one thread.
public final class ComputedColumns {
    /// The computed field names, sorted.
    public let names: [String]
    private let lua: LuaState
    private let crm: CrmModule
    private let entity: Entity
    private var readRef: LuaReference!, positionRef: LuaReference!

    public init(entity: Entity, environment: ScriptEnvironment, store: any RecordStore) throws {
        (lua, crm) = try environment.makeState(scriptPath: "", store: store)
        self.entity = entity
        names = crm.computedFieldNames(of: entity)
        crm.pushInternal("field_reader")
        try lua.call(arguments: 0, results: 2)
        positionRef = lua.reference()
        readRef = lua.reference()
    }

    /// The columns to hand to `RecordStore.export`.
    public var extraColumns: ExtraColumns {
        ExtraColumns(names: names) { [self] records in try values(of: records) }
    }

    /// Each record's computed fields, in `names` order.
    public func values(of records: [Record]) throws -> [[StoredValue]] {
        guard !names.isEmpty else { return records.map { _ in [] } }
        lua.push(readRef)
        try crm.pushRecords(records, of: entity)
        lua.push(.array(names.map { .string($0) }))
        do {
            try lua.call(arguments: 2, results: 1)
        } catch {
            throw located(error, in: records)
        }
        defer { lua.pop(1) }
        return try records.indices.map { index in
            lua.rawGet(index + 1, inTableAt: -1)
            defer { lua.pop(1) }
            return try names.indices.map { column in
                lua.rawGet(column + 1, inTableAt: -1)
                defer { lua.pop(1) }
                return try storedValue(at: -1, field: names[column], record: records[index])
            }
        }
    }

    private func storedValue(at index: Int32, field: String, record: Record) throws -> StoredValue {
        switch try lua.value(at: index) {
        case .nil: return .null
        case .boolean(let flag): return .text(flag ? "true" : "false")
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .string(let s): return .text(s)
        default:
            throw LuaError(kind: .runtime, message: "computed field '\(field)' of \(describe(record)) is a \(lua.typeName(at: index)); "
                           + "only strings, numbers, booleans and nil can be exported")
        }
    }

    /// The error of a compute function, with the record it failed on.
    private func located(_ error: LuaError, in records: [Record]) -> LuaError {
        guard !error.isLimit else { return error }
        lua.push(positionRef)
        guard (try? lua.call(arguments: 0, results: 1)) != nil else { return error }
        let position = Int((lua.integer(at: -1) ?? 0))
        lua.pop(1)
        guard records.indices.contains(position - 1) else { return error }
        return LuaError(kind: error.kind, message: error.message + " (\(describe(records[position - 1])))", traceback: error.traceback)
    }

    private func describe(_ record: Record) -> String {
        "\(entity.rawValue) \(record["id"]?.text ?? "?")"
    }
}
