import CrescentStore
import LuaKit

/// Records reach Lua as read-only views of tables of their fields (a field read is one table
/// lookup; an assignment is an error: writes go through the host, never through a record) whose
/// metatable resolves what the table does not hold: computed fields, derived metrics, and an
/// error naming the closest real field for a field that does not exist, instead of a silent nil.
struct RecordBinding {
    unowned let state: LuaState
    let entity: Entity
    /// Registry reference of this entity's record metatable.
    private let metatableRef: LuaReference

    /// Registry reference of the records' `__tostring`.
    private let tostringRef: LuaReference

    /// Expects the entity's `__index` function on the stack, and pops it.
    init(state: LuaState, entity: Entity) {
        self.state = state
        self.entity = entity
        state.newTable(fields: 2)
        state.insert(at: -2)
        state.setField("__index", inTableAt: -2)
        state.push(entity.rawValue)
        state.setField("__name", inTableAt: -2)
        metatableRef = state.reference()
        let entityName = entity.rawValue
        state.pushFunction { call in
            // The record's fields, read raw (a missing name is no error here).
            if !call.state.pushViewContents(at: 1) { call.state.pushValue(at: 1) }
            func field(_ name: String) -> String? {
                call.push(.string(name))
                call.state.rawGet(inTableAt: -2)
                defer { call.state.pop(1) }
                return call.state.string(at: -1)
            }
            let id = field("id") ?? "?", name = field("name")
            call.state.pop(1)
            call.push(.string("\(entityName) \(id)" + (name.map { " (\($0))" } ?? "")))
            return 1
        }
        tostringRef = state.reference()
    }

    /// Pushes a record: a read-only view of a table of its fields, whose metatable resolves what
    /// the table does not hold (computed fields, derived metrics, unknown-field errors).
    func push(_ record: Record) {
        state.balanced(leaving: 1) { fill(record) }
    }

    private func fill(_ record: Record) {
        state.reserve(6)
        state.newTable(fields: record.values.count + record.custom.count + 6)
        for (name, value) in record.values where !value.isNull {
            Self.push(value, state: state)
            state.setField(name, inTableAt: -2)
        }
        for (name, text) in record.custom {
            Self.pushCustom(text, state: state)
            state.setField(name, inTableAt: -2)
        }
        state.push(entity.rawValue)
        state.setField("__name", inTableAt: -2)
        state.push(tostringRef)
        state.setField("__tostring", inTableAt: -2)
        state.push(metatableRef)
        state.setMetatable(at: -2)
        state.pushReadOnlyView()
    }

    static func push(_ value: StoredValue, state: LuaState) {
        switch value {
        case .null: state.pushNil()
        case .text(let s): state.push(s)
        case .integer(let i): state.pushInteger(i)
        case .number(let d): state.pushNumber(d)
        case .decimal(let d): state.pushNumber(d.doubleValue)
        }
    }

    /// Custom fields are text; a plain decimal number ("42", "-3.5", not "007") reads as a number.
    static func pushCustom(_ text: String, state: LuaState) {
        if looksNumeric(text), let number = Double(text) {
            if let integer = Int64(text) { state.pushInteger(integer) } else { state.pushNumber(number) }
        } else {
            state.push(text)
        }
    }

    static func looksNumeric(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber) else { return false }
        if whole.count > 1 && whole.first == "0" { return false }
        if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && $0.isNumber } }
        return true
    }
}
