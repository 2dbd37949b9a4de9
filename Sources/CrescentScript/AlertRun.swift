import CrescentStore
import Foundation
import LuaKit

/// One run of the alert rules: every `*.lua` of the rule folders in its own Lua state, so that a
/// rule that fails (an error, a time or memory limit) is reported and the others still run.
public struct AlertRun {
    /// What the rules emitted, tagged with their rule and severity.
    public private(set) var emitted: [RaisedAlert] = []
    /// The rules that ran to the end: only their alerts may be closed.
    public private(set) var ran: Set<String> = []
    /// Rule files or rules that failed, with the message (file and line where Lua knows them).
    public private(set) var failures: [String] = []

    /// The writes of the rules that wrote (`crm.create`, `crm.task`...), one run each.
    public private(set) var changes: [ChangeSet] = []

    /// Runs every rule; each rule's writes (at most `writeLimit` records) are a run of their own,
    /// stored when the rule ends well and not at all when it fails.
    public init(folders: [String], environment: ScriptEnvironment, store: any RecordStore, writeLimit: Int = ScriptWrites.defaultLimit) {
        for path in folders.flatMap(ScriptEnvironment.luaFiles) { run(path: path, environment: environment, store: store, writeLimit: writeLimit) }
    }

    /// Saves the run: new alerts are raised (marked for delivery when `deliver`), those the rules
    /// that ran no longer find are closed; returns the new ones.
    public func record(in store: any RecordStore, asOf day: CalendarDate, deliver: Bool) throws(StoreError) -> [AlertRecord] {
        try store.recordAlertRun(asOf: day.description, ran: ran, emitted: emitted, deliver: deliver)
    }

    private mutating func run(path: String, environment: ScriptEnvironment, store: any RecordStore, writeLimit: Int) {
        let lua: LuaState, crm: CrmModule
        do {
            (lua, crm) = try environment.makeState(scriptPath: path, store: store)
            try lua.run(try ScriptEnvironment.source(of: path, limit: lua.limits), chunkName: path)
        } catch {
            failures.append(Self.describe(error, path: path))
            return
        }
        crm.pushInternal("alert_rules")
        defer { lua.pop(1) }
        let rules: LuaValue
        do { rules = try lua.value(at: -1) } catch {
            failures.append(Self.describe(error, path: path))
            return
        }
        guard case .array(let list) = rules else { return }
        for (k, rule) in list.enumerated() {
            guard case .map(let fields) = rule, let name = fields["name"]?.stringValue else { continue }
            let severity = fields["severity"]?.stringValue ?? "warning"
            do {
                var result = LuaValue.nil
                let written = try store.writing(source: "alerts \(name)", limit: writeLimit, dryRun: false) { writer in
                    crm.writer = writer
                    defer { crm.writer = nil }
                    crm.pushInternal("run_alert_rule")
                    lua.pushInteger(k + 1)
                    try lua.call(arguments: 1, results: 1)
                    result = try lua.value(at: -1)
                    lua.pop(1)
                    if let ending = writer.runEnding { throw ending.error }  // even when the rule caught it
                }
                if !written.changes.isEmpty { changes.append(written) }
                guard case .array(let alerts) = result else { ran.insert(name); continue }
                for case .map(let a) in alerts {
                    emitted.append(RaisedAlert(rule: name, key: a["key"]?.stringValue ?? "", severity: severity, subject: a["subject"]?.stringValue ?? "",
                                               message: a["message"]?.stringValue ?? "", owner: a["owner"]?.stringValue, data: Self.json(a["data"] ?? .nil)))
                }
                ran.insert(name)
            } catch {
                failures.append(Self.describe(error, path: path, rule: name))
                if (error as? LuaError)?.isLimit == true { return }  // the state is finished
            }
        }
    }

    private static func describe(_ error: Error, path: String, rule: String? = nil) -> String {
        let message = (error as? LuaError)?.message ?? (error as? StoreError)?.text(.en) ?? "\(error)"
        let place = message.hasPrefix(path) ? "" : path + ": "
        return place + message + (rule.map { " (rule \($0))" } ?? "")
    }

    /// A Lua value as JSON (tables as arrays or objects).
    static func json(_ value: LuaValue) -> String {
        switch value {
        case .nil, .opaque: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return d.isFinite ? String(d) : "null"
        case .string(let s): return JSONText.string(s)
        case .array(let items): return items.isEmpty ? "{}" : "[" + items.map(json).joined(separator: ", ") + "]"
        case .map(let fields): return "{" + fields.keys.sorted().map { JSONText.string($0) + ": " + json(fields[$0]!) }.joined(separator: ", ") + "}"
        }
    }
}
