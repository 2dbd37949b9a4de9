import CrescentCore
import CrescentReport
import CrescentStore
import Foundation
import LuaKit

/// A typed parameter a report plugin declares.
public struct ReportParameter: Sendable, Equatable {
    public let name: String
    /// string, number, integer, boolean, date, period, team, rep, customer or segment.
    public let type: String
    public let defaultValue: String?
    public let help: String
    /// What the report's heading calls it: the plugin's `label`, else the catalog's word for a common name.
    public let label: String?
    public let required: Bool
}

/// A report plugin: a Lua file declaring `crm.report.plugin{...}`, loaded into its own Lua state.
public final class ReportPlugin {
    public let path: String
    public let name: String
    public let title: String
    public let description: String
    public let parameters: [ReportParameter]
    private let lua: LuaState
    private let crm: CrmModule
    private let pluginRef: LuaReference

    public init(path: String, environment: ScriptEnvironment, store: any RecordStore) throws {
        self.path = path
        (lua, crm) = try environment.makeState(scriptPath: path, store: store)
        try DefinitionScript.run(try ScriptEnvironment.source(of: path, limit: lua.limits), path: path, in: lua, crm: crm,
                                 check: "is_plugin", constructor: "crm.report.plugin")
        guard case .map(let fields) = try lua.value(at: -1) else { throw LuaError(kind: .runtime, message: "\(path): not a plugin") }
        name = fields["name"]?.stringValue ?? ""
        title = fields["title"]?.stringValue ?? ""
        description = fields["description"]?.stringValue ?? ""
        var parameters: [ReportParameter] = []
        if case .array(let items)? = fields["params"] {
            for case .map(let p) in items {
                parameters.append(ReportParameter(name: p["name"]?.stringValue ?? "", type: p["type"]?.stringValue ?? "string",
                                                  defaultValue: p["default"]?.stringValue, help: p["help"]?.stringValue ?? "",
                                                  label: p["label"]?.stringValue,
                                                  required: p["required"] == .boolean(true)))
            }
        }
        self.parameters = parameters
        pluginRef = lua.reference()
    }

    deinit { lua.release(pluginRef) }

    /// What people read for each parameter, by name: its `label`, else the catalog's word for a common name, else the name.
    public var parameterLabels: [String: String] {
        let words = Words(crm.language)
        return Dictionary(uniqueKeysWithValues: parameters.map { p in
            (p.name, p.label ?? (words.has("param.\(p.name)") ? words.t("param.\(p.name)") : p.name))
        })
    }

    /// Runs the plugin with parameters given as text (`--param key=value`) and returns its document.
    public func run(_ given: [String: String]) throws -> ReportDocument {
        let values = try ReportParameters(plugin: self, crm: crm).resolve(given)
        crm.pushInternal("build_report")
        lua.push(pluginRef)
        lua.push(.map(Dictionary(uniqueKeysWithValues: values.compactMap { name, value in value.lua.map { (name, $0) } })))
        try lua.call(arguments: 2, results: 1)
        defer { lua.pop(1) }
        let blocks: LuaValue
        do { blocks = try lua.value(at: -1) } catch { throw LuaError(kind: error.kind, message: "\(path): its report: \(error.message)") }
        let labels = parameterLabels
        return ReportDocument(name: name, title: title,
                              parameters: values.compactMap { name, value in value.text.map { (labels[name] ?? name, $0) } },
                              currency: try crm.store.baseCurrency(), asOf: crm.asOf.description, language: crm.language,
                              blocks: ReportBlocks.read(blocks))
    }

    /// The parameters as the error messages and `crescent reports` show them, in the plugin's language.
    public var parameterList: String {
        let words = Words(crm.language)
        return parameters.map { p in
            let when = p.defaultValue.map { words.t("param.default", ["value": $0]) } ?? words.t(p.required ? "param.is_required" : "param.optional")
            return words.t(p.help.isEmpty ? "param.line" : "param.line_help", ["name": p.name, "type": p.type, "when": when, "help": p.help])
        }.joined(separator: "\n")
    }
}

/// The blocks a build function left in its document, read into the report model.
enum ReportBlocks {
    /// The cell a `links` entry of the prelude's (`records_link`) names, and where it leads: a tier's
    /// members, a stage's open deals, or the records behind a KPI's value.
    static func link(_ link: [String: LuaValue]) -> (TableCell, ReportLink)? {
        guard let row = link["row"]?.doubleValue, let column = link["column"]?.doubleValue else { return nil }
        let cell = TableCell(row: Int(row), column: Int(column))
        if let segment = link["segment"]?.stringValue { return (cell, .members(segment: segment, tier: link["tier"]?.stringValue ?? "")) }
        if let stage = link["stage"]?.stringValue {
            // The prelude has checked the scope.
            return (cell, .stageDeals(stage, scope: (try? TargetScope(parsing: link["scope"]?.stringValue ?? "company")) ?? .company))
        }
        guard let kpi = link["kpi"]?.stringValue, let period = link["period"]?.stringValue,
              let grouping = link["by"]?.stringValue.flatMap(Grouping.init(rawValue:)) else { return nil }
        return (cell, .records(kpi: kpi, period: period, by: grouping, key: link["key"]?.stringValue ?? ""))
    }

    static func read(_ value: LuaValue) -> [ReportBlock] {
        guard case .array(let blocks) = value else { return [] }
        return blocks.compactMap { block -> ReportBlock? in
            guard case .map(let b) = block else { return nil }
            func text(_ key: String) -> String? { b[key]?.stringValue }
            func kind(_ value: LuaValue?) -> ValueKind { value?.stringValue.flatMap(ValueKind.init(rawValue:)) ?? .number }
            func list(_ key: String) -> [LuaValue] { if case .array(let items)? = b[key] { items } else { [] } }
            switch text("type") {
            case "heading": return .heading(text("text") ?? "", level: Int(b["level"]?.doubleValue ?? 1))
            case "text": return .text(text("text") ?? "")
            case "tiles":
                return .tiles(list("tiles").compactMap { item in
                    guard case .map(let t) = item else { return nil }
                    return ReportTile(label: t["label"]?.stringValue ?? "", value: t["value"]?.doubleValue, kind: kind(t["kind"]),
                                      target: t["target"]?.doubleValue, change: t["change"]?.doubleValue,
                                      direction: t["direction"]?.stringValue.flatMap(ReportTile.Direction.init(rawValue:)), note: t["note"]?.stringValue,
                                      key: t["key"]?.stringValue)
                })
            case "table":
                let columns = list("columns").compactMap { item -> ReportColumn? in
                    guard case .map(let c) = item else { return nil }
                    return ReportColumn(name: c["name"]?.stringValue ?? "", kind: c["kind"]?.stringValue.flatMap(ValueKind.init(rawValue:)) ?? .text,
                                        key: c["key"]?.stringValue)
                }
                let rows = list("rows").map { row -> [ReportValue] in
                    guard case .array(let cells) = row else { return [] }
                    return cells.map { cell in
                        switch cell {
                        case .string(let s): return .text(s)
                        case .integer(let i): return .number(Double(i))
                        case .number(let d): return .number(d)
                        case .map(let coded): return .code(coded["code"]?.stringValue ?? "", label: coded["label"]?.stringValue ?? "")
                        default: return .empty
                        }
                    }
                }
                let links = Dictionary(list("links").compactMap { item -> (TableCell, ReportLink)? in
                    guard case .map(let link) = item else { return nil }
                    return Self.link(link)
                }, uniquingKeysWith: { _, last in last })
                return .table(ReportTable(title: text("title"), columns: columns, rows: rows, links: links))
            case "chart":
                let series = list("series").compactMap { item -> ReportChart.Series? in
                    guard case .map(let s) = item, case .array(let values)? = s["values"] else { return nil }
                    return ReportChart.Series(name: s["name"]?.stringValue ?? "", values: values.map { $0.doubleValue ?? 0 },
                                              key: s["key"]?.stringValue)
                }
                var chart = ReportChart(kind: text("kind").flatMap(ReportChart.Kind.init(rawValue:)) ?? .bar, title: text("title") ?? "",
                                        categories: list("categories").map { $0.stringValue ?? "" }, series: series,
                                        valueKind: kind(b["value_kind"]), xLabel: text("x_label"), yLabel: text("y_label"))
                chart.xKey = text("x_key")
                let keys = list("category_keys").compactMap(\.stringValue)
                chart.categoryKeys = keys.isEmpty ? nil : keys
                return .chart(chart)
            default: return nil
            }
        }
    }
}
