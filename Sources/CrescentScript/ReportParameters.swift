import CrescentReport
import CrescentCore
import CrescentStore
import LuaKit

/// Checks and converts the parameters given to a report (`--param key=value`) by the types the
/// plugin declares; a wrong one is a usage error that shows the plugin's parameters.
struct ReportParameters {
    let plugin: ReportPlugin
    let crm: CrmModule

    /// A parameter's value for Lua, and as text for the report's header (nil when not given).
    struct Value {
        let lua: LuaValue?
        let text: String?
    }

    func resolve(_ given: [String: String]) throws -> [(String, Value)] {
        let names = plugin.parameters.map(\.name)
        if let unknown = given.keys.sorted().first(where: { !names.contains($0) }) {
            throw refusal(Message("param.unknown", ["param": unknown, "hint": didYouMean(unknown, among: names)]))
        }
        return try plugin.parameters.map { parameter in
            guard let text = given[parameter.name] ?? parameter.defaultValue else {
                if parameter.required { throw refusal(Message("param.required", ["param": parameter.name])) }
                return (parameter.name, Value(lua: nil, text: nil))
            }
            return (parameter.name, try convert(text, parameter))
        }
    }

    private func convert(_ text: String, _ parameter: ReportParameter) throws -> Value {
        func bad(_ expected: Message) -> StoreError { refusal(Message("param.bad", ["param": parameter.name, "value": text, "expected": expected])) }
        switch parameter.type {
        case "number":
            guard let number = Double(text), number.isFinite else { throw bad(Message("param.expected_number")) }
            return Value(lua: .number(number), text: text)
        case "integer":
            guard let number = Int64(text) else { throw bad(Message("param.expected_integer")) }
            return Value(lua: .integer(number), text: text)
        case "boolean":
            switch text.lowercased() {
            case "true", "yes", "1": return Value(lua: .boolean(true), text: "yes")
            case "false", "no", "0": return Value(lua: .boolean(false), text: "no")
            default: throw bad(Message("param.expected_boolean"))
            }
        case "date":
            guard CalendarDate(parsing: text) != nil else { throw bad(Message("param.expected_date")) }
            return Value(lua: .string(text), text: text)
        case "period":
            guard let period = PeriodSpec(parsing: text)?.period(asOf: crm.asOf) else { throw bad(Message("param.expected_period", ["forms": PeriodSpec.forms])) }
            return Value(lua: .string(period.description), text: Words(crm.language).period(period))
        case "team", "rep":
            let entity: Entity = parameter.type == "team" ? .teams : .reps
            let known = try crm.store.names(of: entity)
            guard known[text] != nil else { throw bad(Message("param.expected_id", ["type": parameter.type, "hint": didYouMean(text, among: Array(known.keys))])) }
            return Value(lua: .string(text), text: "\(text) \(known[text]!)")
        case "customer":
            // Looked up by id alone: a store of a million customers is not searched for a likeness.
            guard let customer = try crm.store.record(.customers, id: text) else {
                throw bad(Message("param.expected_id", ["type": parameter.type, "hint": ""]))
            }
            return Value(lua: .string(text), text: [text, customer.text("name")].compactMap { $0 }.joined(separator: " "))
        case "segment":
            let saved = try crm.store.savedSegmentations().map(\.latest.segment)
            guard saved.contains(text) else {
                throw bad(Message("param.expected_segment", ["hint": didYouMean(text, among: saved), "saved": saved.joined(separator: ", ")]))
            }
            return Value(lua: .string(text), text: text)
        default:
            return Value(lua: .string(text), text: text)
        }
    }

    private func refusal(_ problem: Message) -> StoreError {
        .usage(Message("param.refused", ["report": plugin.name, "problem": problem, "parameters": plugin.parameterList]))
    }
}
