import CrescentCore
import CrescentStore
import LuaKit

/// Fields a record table does not hold itself: derived customer metrics, saved tiers,
/// stored fields that are empty, and the error for a field that does not exist.
extension CrmModule {
    /// The names a record of `entity` may be read by, besides computed fields.
    func fieldNames(of entity: Entity) throws -> [String] {
        var names = entity.fields.map(\.name) + (try store.customFields(of: entity))
        if entity == .customers { names += DerivedMetric.allCases.map(\.rawValue) + ["tiers"] }
        return names
    }

    /// host.check_field(entity, name) -> ok, message: may a computed field take this name?
    func checkField(_ call: LuaCall) throws -> Int32 {
        let entityName = try call.string(1), name = try call.string(2)
        func refuse(_ message: String) -> Int32 {
            call.state.pushBoolean(false)
            state.push(message)
            return 2
        }
        let entity: Entity
        do { entity = try Entity.named(entityName) } catch { return refuse(error.description) }
        guard name.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
            return refuse("'\(name)' is not a field name (letters, digits and '_', not starting with a digit)")
        }
        if try fieldNames(of: entity).contains(name) {
            return refuse("\(entityName) already has a field '\(name)'")
        }
        call.state.pushBoolean(true)
        return 1
    }

    /// host.record_field(entity, record, key) -> true, value | false, message
    func recordField(_ call: LuaCall) throws -> Int32 {
        let entity = try Entity.named(try call.string(1))
        guard let key = call.state.string(at: 3), call.state.type(at: 3) == .string else {
            call.state.pushBoolean(true)
            call.state.pushNil()
            return 2
        }
        if entity == .customers, try pushCustomerField(key, record: 2) {
            call.state.pushValue(at: -1)
            call.state.setField(key, inTableAt: 2)  // cached in the record
            call.state.pushBoolean(true)
            call.state.insert(at: -2)
            return 2
        }
        let names = try fieldNames(of: entity)
        if names.contains(key) {
            call.state.pushBoolean(true)
            call.state.pushNil()
            return 2
        }
        call.state.pushBoolean(false)
        state.push(unknownFieldMessage(key, of: entity, among: names + computedFieldNames(of: entity)).text(language))
        return 2
    }

    /// Pushes a derived field of the customer record at `index` and returns true, or false when `key` is none.
    private func pushCustomerField(_ key: String, record index: Int32) throws -> Bool {
        state.getField("id", inTableAt: index)
        let id = state.string(at: -1) ?? ""
        state.pop(1)
        if key == "tiers" {
            state.push(.map(try store.currentTiers(customerID: id).mapValues { .string($0) }))
            return true
        }
        guard DerivedMetric(rawValue: key) != nil else { return false }
        let facts = try facts()
        guard let column = try facts.column(key), let ordinal = facts.ids.ordinal(of: id) else {
            state.pushNil()
            return true
        }
        RecordBinding.push(column(ordinal), state: state)
        return true
    }

    /// Names of the computed fields defined for `entity`.
    func computedFieldNames(of entity: Entity) -> [String] {
        pushInternal("computed")
        state.getField(entity.rawValue, inTableAt: -1)
        defer { state.pop(2) }
        guard case .map(let fields)? = try? state.value(at: -1) else { return [] }
        return fields.keys.sorted()
    }
}
