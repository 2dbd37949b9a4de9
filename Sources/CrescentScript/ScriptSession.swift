import CrescentCore
import CrescentReport
import CrescentStore
import Foundation
import LuaKit

/// A value an interactive session shows: records keep their entity so that they can be shown as
/// field lists and tables.
public enum SessionValue: Equatable {
    case plain(LuaValue)
    /// One record: its entity and raw fields.
    case record(entity: String, fields: [String: LuaValue])
    /// A list of records of one entity.
    case records(entity: String, rows: [[String: LuaValue]])
    /// A result (`crm.kpi`, `crm.funnel`...), or a list of its rows as the script left them
    /// (filtered, sorted): shown in the layout of its command.
    case result(any ReportResult)

    public static func == (a: SessionValue, b: SessionValue) -> Bool {
        switch (a, b) {
        case let (.plain(x), .plain(y)): return x == y
        case let (.record(e1, f1), .record(e2, f2)): return e1 == e2 && f1 == f2
        case let (.records(e1, r1), .records(e2, r2)): return e1 == e2 && r1 == r2
        case let (.result(x), .result(y)):
            return type(of: x).resultName == type(of: y).resultName && JSONText.encode(x) == JSONText.encode(y)
        default: return false
        }
    }
}

/// What one input gave.
public enum SessionOutcome: Equatable {
    /// The input is not finished (an open `function`, `if`, table or string): read more lines.
    case incomplete
    case values([SessionValue])
    /// The error message; `interrupted` when Ctrl-C stopped it.
    case failure(String, interrupted: Bool)
}

/// An interactive Lua session on the store with the `crm` module: expressions give their values,
/// statements run as statements, unfinished input asks for more. One state, one owner thread.
public final class ScriptSession {
    public private(set) var environment: ScriptEnvironment
    private let store: any RecordStore
    private var lua: LuaState
    private var crm: CrmModule
    /// Registry references of the inputs' environment and of the set of the session's local names.
    private var environmentRef: LuaReference!, declaredRef: LuaReference!, localValuesRef: LuaReference!

    public init(environment: ScriptEnvironment, store: any RecordStore) throws {
        self.environment = environment
        self.store = store
        (lua, crm) = try environment.makeState(scriptPath: "", store: store)
        try makeInputEnvironment()
    }

    /// The environment every input runs in: the session's locals (`SessionLocals`), then the globals.
    private func makeInputEnvironment() throws(LuaError) {
        try lua.load("""
            local G, declared, values = _G, {}, {}
            return setmetatable({}, {
              __index = function(_, name) if declared[name] then return values[name] end return G[name] end,
              __newindex = function(_, name, value) if declared[name] then values[name] = value else G[name] = value end end,
            }), declared, values
            """, chunkName: "=session")
        try lua.call(arguments: 0, results: 3)
        localValuesRef = lua.reference()
        declaredRef = lua.reference()
        environmentRef = lua.reference()
    }

    /// Evaluates one input: as an expression first (`return ...`), else as statements, with its
    /// top-level locals kept for the inputs after it.
    public func evaluate(_ source: String, chunkName: String = "repl") -> SessionOutcome {
        let base = lua.top
        do {
            do {
                try lua.load("return " + source, chunkName: chunkName)
            } catch {
                let (statements, names) = SessionLocals.hoisted(source)
                try lua.load(statements, chunkName: chunkName)
                declare(names)
            }
        } catch {
            return error.message.hasSuffix("<eof>") ? .incomplete : .failure(error.message, interrupted: false)
        }
        lua.push(environmentRef)
        lua.setUpvalue(1, ofFunctionAt: -2)  // the chunk's _ENV
        do {
            try lua.interruptible { try lua.call(arguments: 0, results: LuaState.allResults) }
        } catch let error as LuaError {
            lua.setTop(base)
            if error.isLimit { restart() }
            let note = error.isLimit ? " (the session starts afresh: globals set before are gone)" : ""
            return .failure(error.message + note, interrupted: error.kind == .interrupted)
        } catch {
            lua.setTop(base)
            return .failure("\(error)", interrupted: false)
        }
        defer { lua.setTop(base) }
        let top = lua.top
        do {
            return .values(top > base ? try ((base + 1)...top).map { (index) throws(LuaError) in try value(at: index) } : [])
        } catch {
            return .failure("\(chunkName): its value: \(error.message)", interrupted: false)
        }
    }

    /// Runs a script file in the session (its globals stay).
    public func run(file path: String) -> SessionOutcome {
        guard let source = try? ScriptEnvironment.source(of: path, limit: lua.limits) else { return .failure("cannot read \(path)", interrupted: false) }
        switch evaluate(source, chunkName: path) {
        case .incomplete: return .failure("\(path): the file ends in the middle of a statement", interrupted: false)
        case let other: return other
        }
    }

    /// Derived metrics are recomputed as of `day`; globals set so far are kept.
    public func setAsOf(_ day: CalendarDate) {
        environment.asOf = day
        crm.setAsOf(day)
    }

    /// The completions of the name being typed at the end of `line`: whole names, with what precedes them.
    public func completions(for line: String) -> [String] {
        let token = String(line.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == ":" }.reversed())
        var chain = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var partial = chain.removeLast()
        var separator = "."
        if let colon = partial.firstIndex(of: ":") {
            chain.append(String(partial[..<colon]))
            partial = String(partial[partial.index(after: colon)...])
            separator = ":"
        }
        guard chain.allSatisfy({ !$0.isEmpty && !$0.contains(":") }) else { return [] }
        crm.pushInternal("completions")
        lua.newTable(array: 2)  // the session's locals, then the globals
        lua.push(localValuesRef)
        lua.rawSet(1, inTableAt: -2)
        lua.pushGlobals()
        lua.rawSet(2, inTableAt: -2)
        lua.push(.array(chain.map { .string($0) }))
        guard (try? lua.call(arguments: 2, results: 1)) != nil else { return [] }
        defer { lua.pop(1) }
        guard case .array(let names)? = try? lua.value(at: -1) else { return [] }
        var candidates = names.compactMap(\.stringValue)
        if chain.isEmpty { candidates = (candidates + Self.keywords).sorted() }
        let prefix = chain.isEmpty ? "" : chain.joined(separator: ".") + separator
        return candidates.filter { $0.hasPrefix(partial) }.map { prefix + $0 }
    }

    static let keywords = ["and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
                           "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"]

    /// Marks names as the session's locals.
    private func declare(_ names: [String]) {
        guard !names.isEmpty else { return }
        lua.push(declaredRef)
        for name in names {
            lua.pushBoolean(true)
            lua.setField(name, inTableAt: -2)
        }
        lua.pop(1)
    }

    /// After a time or memory limit the state is finished: start a new one.
    private func restart() {
        guard let fresh = try? environment.makeState(scriptPath: "", store: store) else { return }
        (lua, crm) = fresh
        try? makeInputEnvironment()
    }

    /// The value at `index`, with records recognised by their metatable's entity name, and
    /// results (or lists of their rows) by their tag.
    private func value(at index: Int32) throws(LuaError) -> SessionValue {
        if let entity = entityName(at: index), case .map(let fields) = try lua.value(at: index) {
            return .record(entity: entity, fields: fields)
        }
        if let result = try? crm.result(at: index) { return .result(result) }
        // A list of records: a plain table whose first element is a record.
        if isPlainTable(at: index), let entity = firstElementEntity(at: index), case .array(let items) = try lua.value(at: index) {
            let rows = items.compactMap { item -> [String: LuaValue]? in if case .map(let fields) = item { fields } else { nil } }
            if rows.count == items.count { return .records(entity: entity, rows: rows) }
        }
        return .plain(try lua.value(at: index))
    }

    /// A table without a metatable.
    private func isPlainTable(at index: Int32) -> Bool {
        guard lua.type(at: index) == .table else { return false }
        guard lua.pushMetatable(at: index) else { return true }
        lua.pop(1)
        return false
    }

    private func firstElementEntity(at index: Int32) -> String? {
        lua.rawGet(1, inTableAt: index)
        defer { lua.pop(1) }
        return entityName(at: -1)
    }

    /// The entity of a record (a table whose metatable is named after an entity), or nil.
    private func entityName(at index: Int32) -> String? {
        guard lua.type(at: index) == .table, lua.pushMetatable(at: index) else { return nil }
        lua.getField("__name", inTableAt: -1)
        defer { lua.pop(2) }
        guard let name = lua.string(at: -1), Entity(rawValue: name) != nil else { return nil }
        return name
    }
}
