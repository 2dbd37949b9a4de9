import CrescentCore
import CrescentReport
import CrescentStore
import LuaKit

/// The `crm` Lua module: the narrow, documented surface scripts see of the store
/// (docs/lua-api.md). Every function checks its arguments and raises a Lua error
/// that names the script line on bad input.
/// The state owns the module through its registered functions; the module only borrows the state.
final class CrmModule {
    unowned let state: LuaState
    let store: any RecordStore
    /// The day derived customer metrics are computed as of.
    private(set) var asOf: CalendarDate
    private var bindings: [Entity: RecordBinding] = [:]
    /// Registry reference of the prelude's internals table.
    private(set) var internalsRef: LuaReference!
    private var customerFacts: CustomerFacts?
    private var salesKpisCache: SalesKpis?
    private var clvScorerCache: ClvScorer?
    /// The results behind the tables `crm.kpi`, `crm.funnel`... returned, by the id in their tag (ResultTables.swift).
    var results: [Int: any ReportResult] = [:]
    var nextResult = 0
    /// The methods `crm.segment` tables share, once made (CrmSegments.swift).
    var segmentMethodsRef: LuaReference?

    /// Where the run's writes go; nil where scripts only read (reports, the REPL without --write).
    var writer: RecordWriter?
    /// Notifications the run has queued (CrmNotify.swift).
    var notified = 0

    /// The language asked for (`crm.lang`).
    let language: Language

    init(state: LuaState, store: any RecordStore, asOf: CalendarDate, language: Language = .en) {
        self.state = state
        self.store = store
        self.asOf = asOf
        self.language = language
        // What the store or core refuse reads in the script's language, as on the command line.
        state.describeError = { error in (error as? any Worded)?.text(language) ?? String(describing: error) }
    }

    /// Creates the global `crm` table and registers it as `require("crm")`.
    func install() throws {
        try state.withGlobalTable("crm") { table in
            state.register("get", inTableAt: table) { call in try self.get(call) }
            state.register("find", inTableAt: table) { call in try self.find(call) }
            state.register("count", inTableAt: table) { call in try self.count(call) }
            state.register("rep", inTableAt: table) { call in try self.rep(call) }
            state.register("segment", inTableAt: table) { call in try self.segment(call) }
            state.register("segments", inTableAt: table) { call in try self.segments(call) }
            registerWrites(inTableAt: table)
            registerTasks(inTableAt: table)
            registerAlerts(inTableAt: table)
            registerNotify(inTableAt: table)
            registerPerformance(inTableAt: table)
            registerClv(inTableAt: table)
            state.push(.array(Entity.allCases.map { .string($0.rawValue) }))
            state.setField("entities", inTableAt: table)
            state.push(try store.baseCurrency())
            state.setField("base_currency", inTableAt: table)
            state.push(asOf.description)
            state.setField("as_of", inTableAt: table)
            state.push(language.rawValue)
            state.setField("lang", inTableAt: table)
            state.setLoaded("crm", valueAt: table)
            try runPrelude(table)
        }
    }

    private func runPrelude(_ table: Int32) throws {
        try state.load(crmPrelude, chunkName: "=crm")
        state.pushValue(at: table)
        state.newTable(fields: 2)
        state.register("check_field", inTableAt: -1) { call in try self.checkField(call) }
        state.register("record_field", inTableAt: -1) { call in try self.recordField(call) }
        state.register("entity_fields", inTableAt: -1) { call in
            let names = (try? Entity.named(try call.string(1))).map { (try? self.fieldNames(of: $0)) ?? [] } ?? []
            call.push(.array(names.map { .string($0) }))
            return 1
        }
        registerKpiHooks(inTableAt: state.top)
        try state.call(arguments: 2, results: 1)
        // Why a value cannot be copied to the host (too deep, too large), or nil: for checks that name the script's line.
        state.register("value_problem", inTableAt: -1) { call in
            do { _ = try call.value(1); return 0 } catch { call.push(.string("\(error)")); return 1 }
        }
        internalsRef = state.reference()
        for (prelude, name) in [(planPrelude, "=crm.plans"), (reportPrelude, "=crm.report"), (alertPrelude, "=crm.alerts")] {
            try state.load(prelude, chunkName: name)
            state.pushValue(at: table)
            state.push(internalsRef)
            try state.call(arguments: 2, results: 0)
        }
        try guardUnknownMembers(table)
    }

    /// Reading a member `crm` does not have is an error naming the closest one (`crm.insert` is
    /// not silently nil). Set last, once every part of the module is in place.
    private func guardUnknownMembers(_ table: Int32) throws {
        try state.load("""
            local crm, suggest = ...
            setmetatable(crm, { __name = "crm", __index = function(t, key)
              local names = {}
              for name in pairs(t) do if type(name) == "string" then names[#names + 1] = name end end
              error("crm." .. tostring(key) .. " does not exist" .. suggest(tostring(key), names) .. " (docs/lua-api.md lists the crm module)", 2)
            end })
            """, chunkName: "=crm")
        state.pushValue(at: table)
        state.pushFunction { call in
            guard case .array(let names) = try call.value(2) else { return 0 }
            call.push(.string(didYouMean(try call.string(1), among: names.compactMap(\.stringValue)).description))
            return 1
        }
        try state.call(arguments: 2, results: 0)
    }

    /// An error in argument `index` of a crm function, worded in the script's language (`crm.arg.*`).
    func argumentError(_ index: Int32, _ key: String, _ values: KeyValuePairs<String, any MessageValue> = [:]) -> LuaArgumentError {
        LuaArgumentError(index: index, message: Message(key, values).text(language))
    }

    /// Pushes `internals[name]`.
    func pushInternal(_ name: String) {
        state.push(internalsRef)
        state.getField(name, inTableAt: -1)
        state.remove(at: -2)
    }

    /// Every customer's derived metrics, computed on first use (one pass per table).
    func facts() throws -> CustomerFacts {
        if let customerFacts { return customerFacts }
        let facts = try CustomerFacts(store: store, asOf: asOf)
        customerFacts = facts
        return facts
    }

    /// Computes metrics as of another day from now on (`crm.as_of` follows).
    func setAsOf(_ day: CalendarDate) {
        asOf = day
        customerFacts = nil
        salesKpisCache = nil
        clvScorerCache = nil
        state.pushGlobal("crm")
        state.push(day.description)
        state.setField("as_of", inTableAt: -2)
        state.pop(1)
    }

    /// The latest customer value fit with the purchases as of `asOf`, read on first use.
    func clvScorer() throws -> ClvScorer {
        if let clvScorerCache { return clvScorerCache }
        let scorer = try ClvScorer(store: store, ids: try store.sortedIDs(.customers), fx: try FxRates(store: store), asOf: asOf)
        clvScorerCache = scorer
        return scorer
    }

    /// The built-in KPIs as of `asOf`, made on first use.
    func salesKpis() throws -> SalesKpis {
        if let salesKpisCache { return salesKpisCache }
        let kpis = try SalesKpis(store: store, asOf: asOf, stages: configuredStages() ?? .standard)
        salesKpisCache = kpis
        return kpis
    }

    /// The funnel stages of `crm.stages{...}` in `scripts/funnel/`, when configured.
    func configuredStages() throws -> FunnelStages? {
        pushInternal("stages")
        try state.call(arguments: 0, results: 1)
        defer { state.pop(1) }
        guard case .map(let config) = try state.value(at: -1), case .array(let list)? = config["stages"] else { return nil }
        let stages = list.compactMap { item -> FunnelStage? in
            guard case .map(let stage) = item, let name = stage["name"]?.stringValue else { return nil }
            return FunnelStage(name: name, probability: stage["probability"]?.doubleValue ?? 0, maxDwellDays: stage["max_dwell_days"]?.doubleValue,
                               hasExitCriteria: stage["exit"] != nil,
                               forecastCategory: stage["forecast"]?.stringValue.flatMap(ForecastCategory.init(rawValue:)))
        }
        return FunnelStages(stages: stages, lostStage: config["lost"]?.stringValue ?? "lost")
    }

    /// crm.get(entity, id) -> record or nil
    private func get(_ call: LuaCall) throws -> Int32 {
        let entity = try entityArgument(call, 1)
        let id = try idArgument(call, 2)
        guard let record = try store.record(entity, id: id) else {
            call.state.pushNil()
            return 1
        }
        try binding(entity).push(record)
        return 1
    }

    /// crm.find(entity [, filter]) -> list of records
    private func find(_ call: LuaCall) throws -> Int32 {
        let entity = try entityArgument(call, 1)
        let filter = try filterArgument(call, 2)
        try pushRecords(store.find(entity, where: filter), of: entity)
        return 1
    }

    /// Pushes a list of records.
    func pushRecords(_ records: [Record], of entity: Entity) throws {
        let binding = try binding(entity)
        state.balanced(leaving: 1) {
            state.newTable(array: records.count, fields: 0)
            for (index, record) in records.enumerated() {
                binding.push(record)
                state.rawSet(index + 1, inTableAt: -2)
            }
        }
    }

    /// crm.rep(id or name) -> the rep: by id, else by exact name; a name that several reps share,
    /// or none has, is an error naming the candidates.
    private func rep(_ call: LuaCall) throws -> Int32 {
        let given = try call.string(1)
        if let record = try store.record(.reps, id: given) {
            try binding(.reps).push(record)
            return 1
        }
        let named = try store.find(.reps, where: ["name": .text(given)], limit: nil)
        guard named.count == 1 else {
            if named.isEmpty {
                let names = try store.names(of: .reps)
                let hint = didYouMean(given, among: Array(names.keys) + Array(names.values))
                throw LuaArgumentError(index: 1, message: Message("rep.unknown", ["rep": given, "hint": hint]).text(language))
            }
            let candidates = named.map { r in
                let team = r["team_id"]?.text ?? ""
                return (r["id"]?.text ?? "?") + (team.isEmpty ? "" : " (team \(team))")
            }
            throw argumentError(1, "crm.arg.reps_named", ["count": named.count, "name": given, "reps": candidates.joined(separator: ", ")])
        }
        try binding(.reps).push(named[0])
        return 1
    }

    /// crm.count(entity [, filter]) -> integer
    private func count(_ call: LuaCall) throws -> Int32 {
        let entity = try entityArgument(call, 1)
        let filter = try filterArgument(call, 2)
        call.state.pushInteger(try store.count(entity, where: filter))
        return 1
    }

    func binding(_ entity: Entity) throws -> RecordBinding {
        if let binding = bindings[entity] { return binding }
        pushInternal("record_index")
        state.push(entity.rawValue)
        try state.call(arguments: 1, results: 1)
        let binding = RecordBinding(state: state, entity: entity)
        bindings[entity] = binding
        return binding
    }

    func entityArgument(_ call: LuaCall, _ index: Int32) throws -> Entity {
        let name = try call.string(index)
        do {
            return try Entity.named(name)
        } catch {
            throw LuaArgumentError(index: index, message: error.description)
        }
    }

    func idArgument(_ call: LuaCall, _ index: Int32) throws -> String {
        switch try call.value(index) {
        case .string(let s): return s
        case .integer(let i): return String(i)
        default: throw argumentError(index, "crm.arg.id", ["got": state.typeName(at: index)])
        }
    }

    /// A table of field = value equalities; values are strings, numbers or booleans.
    func filterArgument(_ call: LuaCall, _ index: Int32) throws -> [String: StoredValue] {
        if call.isNil(index) { return [:] }
        _ = try call.table(index)
        guard case .map(let fields) = try call.value(index) else {
            if case .array(let items) = try call.value(index), items.isEmpty { return [:] }
            throw argumentError(index, "crm.arg.filter")
        }
        var filter: [String: StoredValue] = [:]
        for (name, value) in fields {
            switch value {
            case .string(let s): filter[name] = .text(s)
            case .integer(let i): filter[name] = .integer(i)
            case .number(let d): filter[name] = .number(d)
            case .boolean(let b): filter[name] = .text(b ? "true" : "false")
            default: throw argumentError(index, "crm.arg.filter_value", ["field": name])
            }
        }
        return filter
    }
}
