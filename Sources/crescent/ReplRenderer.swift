import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation
import LuaKit

/// REPL results for people: a record as a field list, records and lists of tables as aligned
/// tables cut to a screenful, numbers with thousands separators, results (`crm.kpi`, `crm.funnel`...) as their commands show them.
struct ReplRenderer {
    /// The language results are laid out in.
    var language = Language.en
    /// Rows shown of a long list before "... and N more".
    var screenful = 20

    func render(_ value: SessionValue) -> String {
        switch value {
        case .record(let entity, let fields): return fieldList(ordered(fields, entity: entity))
        case .records(let entity, let rows): return table(rows, columns: columns(of: rows, entity: entity), note: entity)
        case .result(let result):
            let shown = result.document(language).rendered(.table).trimmingSuffix("\n")
            // A saved segmentation is also an object: say what it can do.
            return result is SavedSegment ? shown + "\n\nmethods: :members(tier), :tier_of(id), :moves{since = day}, :history(id)" : shown
        case .plain(let value): return render(value)
        }
    }

    func render(_ value: LuaValue) -> String {
        switch value {
        case .map(let fields): return fields.isEmpty ? "{}" : fieldList(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        case .array(let items):
            if items.isEmpty { return "{}" }
            let maps = items.compactMap { item -> [String: LuaValue]? in if case .map(let m) = item { m } else { nil } }
            if maps.count == items.count {
                let keys = Set(maps.flatMap(\.keys))
                return table(maps, columns: keys.sorted { (rank($0), $0) < (rank($1), $1) }, note: nil)
            }
            return list(items)
        default: return scalar(value)
        }
    }

    /// Names people look for first come first.
    private func rank(_ key: String) -> Int { ["id", "key", "name", "label", "rep", "stage"].firstIndex(of: key) ?? 99 }

    func scalar(_ value: LuaValue) -> String {
        switch value {
        case .nil: return "nil"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return thousands(Int(i))
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { return thousands(Int(d)) }
            return abs(d) >= 1 ? thousands(d) : String(format: "%.4g", d)
        case .string(let s): return TerminalText.safeLines(s)
        case .array(let items): return "{\(items.count) items}"
        case .map(let fields): return "{\(fields.count) fields}"
        case .opaque(let type): return type
        }
    }

    private func ordered(_ fields: [String: LuaValue], entity: String) -> [(String, LuaValue)] {
        let canonical = Entity(rawValue: entity)?.fields.map(\.name) ?? []
        return canonical.compactMap { name in fields[name].map { (name, $0) } }
            + fields.keys.filter { !canonical.contains($0) }.sorted().map { ($0, fields[$0]!) }
    }

    private func fieldList(_ pairs: [(String, LuaValue)]) -> String {
        var table = TextTable(["field", "value"])
        for (name, value) in pairs { table.add([name, scalar(value)]) }
        return table.render().split(separator: "\n").dropFirst().joined(separator: "\n")
    }

    /// The canonical fields any of the shown rows fills, then custom ones.
    private func columns(of rows: [[String: LuaValue]], entity: String) -> [String] {
        let shown = rows.prefix(screenful)
        let filled = Set(shown.flatMap { row in row.compactMap { $0.value == .nil ? nil : $0.key } })
        let canonical = (Entity(rawValue: entity)?.fields.map(\.name) ?? []).filter(filled.contains)
        return canonical + filled.subtracting(canonical).sorted()
    }

    private func table(_ rows: [[String: LuaValue]], columns: [String], note: String?) -> String {
        let shown = rows.prefix(screenful)
        let numeric = Set(columns.indices.filter { i in
            shown.allSatisfy { row in
                switch row[columns[i]] ?? .nil {
                case .integer, .number, .nil: return true
                default: return false
                }
            }
        })
        var table = TextTable(columns, rightAligned: numeric)
        for row in shown { table.add(columns.map { row[$0].map(scalar) ?? "" }.map { $0 == "nil" ? "" : $0 }) }
        var out = table.render()
        let what = note.map { " \($0)" } ?? ""
        if rows.count > shown.count { out += "... and \(thousands(rows.count - shown.count)) more (\(thousands(rows.count))\(what) in all)\n" }
        else if let note { out += "(\(rows.count) \(note))\n" }
        return out.trimmingSuffix("\n")
    }

    private func list(_ items: [LuaValue]) -> String {
        let shown = items.prefix(screenful).enumerated().map { "\($0.offset + 1)  \(scalar($0.element))" }
        return (shown + (items.count > screenful ? ["... and \(items.count - screenful) more"] : [])).joined(separator: "\n")
    }
}
