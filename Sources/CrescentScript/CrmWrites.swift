import CrescentStore
import LuaKit

/// `crm.create`, `crm.update`, `crm.upsert`, `crm.delete`, `crm.update_where` and `crm.history`:
/// writes go through the run's `RecordWriter` (checked as an import, audited, counted against the
/// run's limit, committed with the run or not at all); a bad value raises an error at the script's line.
extension CrmModule {
    func registerWrites(inTableAt table: Int32) {
        state.register("create", inTableAt: table) { call in
            let entity = try self.entityArgument(call, 1)
            let record = try self.writing(call).create(entity, try self.fieldsArgument(call, 2), place: call.callerPlace)
            try self.binding(entity).push(record)
            return 1
        }
        state.register("update", inTableAt: table) { call in
            let entity = try self.entityArgument(call, 1)
            let id = try self.idArgument(call, 2)
            let record = try self.writing(call).update(entity, id: id, try self.fieldsArgument(call, 3), place: call.callerPlace)
            try self.binding(entity).push(record)
            return 1
        }
        state.register("upsert", inTableAt: table) { call in
            let entity = try self.entityArgument(call, 1)
            let record = try self.writing(call).upsert(entity, try self.fieldsArgument(call, 2), place: call.callerPlace)
            try self.binding(entity).push(record)
            return 1
        }
        state.register("delete", inTableAt: table) { call in
            let entity = try self.entityArgument(call, 1)
            try self.writing(call).delete(entity, id: try self.idArgument(call, 2), place: call.callerPlace)
            return 0
        }
        state.register("update_where", inTableAt: table) { call in
            let entity = try self.entityArgument(call, 1)
            _ = try call.table(2)
            let filter = try self.filterArgument(call, 2)
            let changed = try self.writing(call).updateWhere(entity, filter, try self.fieldsArgument(call, 3), place: call.callerPlace)
            call.state.pushInteger(changed)
            return 1
        }
        state.register("history", inTableAt: table) { call in
            let entity = try self.entityArgument(call, 1)
            let entries = try self.store.changes(ChangeFilter(entity: entity, id: try self.idArgument(call, 2)))
            call.push(.array(entries.map(Self.luaValue)))
            return 1
        }
    }

    /// The run's writer; a script that may not write (a report) gets an error saying where writes are allowed.
    func writing(_ call: LuaCall) throws -> RecordWriter {
        guard let writer else { throw LuaScriptError(Message("write.not_here").text(language)) }
        return writer
    }

    /// A table of field = value: strings, numbers or booleans ("" clears a field).
    func fieldsArgument(_ call: LuaCall, _ index: Int32) throws -> [String: StoredValue] {
        _ = try call.table(index)
        switch try call.value(index) {
        case .array(let items) where items.isEmpty: return [:]
        case .map(let fields):
            var values: [String: StoredValue] = [:]
            for (name, value) in fields {
                switch value {
                case .string(let s): values[name] = .text(s)
                case .integer(let i): values[name] = .integer(i)
                case .number(let d): values[name] = .number(d)
                case .boolean(let b): values[name] = .text(b ? "true" : "false")
                default:
                    throw LuaArgumentError(index: index, message: Message("write.bad_lua_value", ["field": name]).text(language))
                }
            }
            return values
        default:
            throw LuaArgumentError(index: index, message: Message("write.fields_expected").text(language))
        }
    }

    /// A change of the audit trail as scripts read it: `{run, at, user, source, action, place, fields = {name = {old, new}}}`.
    static func luaValue(_ entry: ChangeEntry) -> LuaValue {
        var fields: [String: LuaValue] = [:]
        for field in entry.change.fields {
            fields[field.field] = .map(["old": field.old.map { .string($0) } ?? .nil, "new": field.new.map { .string($0) } ?? .nil])
        }
        return .map(["run": .integer(entry.run), "at": .string(entry.at), "user": .string(entry.user), "source": .string(entry.source),
                     "action": .string(entry.change.action.rawValue), "place": entry.change.place.map { .string($0) } ?? .nil,
                     "fields": .map(fields)])
    }
}
