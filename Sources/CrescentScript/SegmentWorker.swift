import CLuaBridge
import CrescentCore
import CrescentStore
import Foundation
import LuaKit

/// One Lua state evaluating a segmentation script over a range of customers. The customer the
/// `when` functions see is one reused table: `load` fills it with the fields the script has read
/// so far, and a field read for the first time is fetched, then filled for every later customer.
/// A state has one owner: each worker thread makes and uses its own.
final class SegmentWorker {
    let lua: LuaState
    private let crm: CrmModule
    private let facts: CustomerFacts
    let segmentation: Segmentation
    /// `script:line` of each tier's `when`, for errors.
    private let whenPlaces: [String]
    private var ordinal = 0
    /// How to fill each field the script has read, in the order first read.
    private var prefill: [(key: String, push: (Int) -> Void)] = []
    private var evaluateRef: Int32 = 0, positionRef: Int32 = 0
    /// Customers evaluated so far (read by the progress display on another thread).
    private(set) var done = 0

    init(path: String, source: String, environment: ScriptEnvironment, store: any RecordStore, facts: CustomerFacts, quiet: Bool) throws {
        (lua, crm) = try environment.makeState(scriptPath: path, store: store)
        self.facts = facts
        if quiet { try lua.run("print = function() end", chunkName: "=quiet") }
        try DefinitionScript.run(source, path: path, in: lua, crm: crm, check: "is_segmentation", constructor: "crm.segmentation")
        (segmentation, whenPlaces) = try Self.readDefinition(lua, at: lua_gettop(lua.L))
        try makeEvaluator(definition: lua_gettop(lua.L))
        cb_pop(lua.L, 1)
    }

    /// Reads name, description, tiers and default from the definition table, and where each `when` is.
    private static func readDefinition(_ lua: LuaState, at index: Int32) throws(LuaError) -> (Segmentation, [String]) {
        let L = lua.L
        var whenPlaces: [String] = []
        func field(_ name: String, of table: Int32) throws(LuaError) -> LuaValue {
            lua_getfield(L, table, name)
            defer { cb_pop(L, 1) }
            return try lua.value(at: -1)
        }
        func text(_ value: LuaValue) -> String? { if case .string(let s) = value { return s } else { return nil } }
        var tiers: [Segmentation.Tier] = []
        lua_getfield(L, index, "tiers")
        let count = luaL_len(L, -1)
        for i in 1...count {
            lua_rawgeti(L, -1, i)
            let tier = lua_gettop(L)
            var followUp: Int?
            if case .integer(let days) = try field("follow_up_days", of: tier) { followUp = Int(days) }
            tiers.append(Segmentation.Tier(name: text(try field("name", of: tier)) ?? "", strategy: text(try field("strategy", of: tier)),
                                           followUpDays: followUp))
            lua_getfield(L, tier, "when")
            var info = lua_Debug()
            lua_getinfo(L, ">S", &info)
            let source = info.source.map { String(cString: $0) } ?? "?"
            whenPlaces.append((source.hasPrefix("@") ? String(source.dropFirst()) : source) + ":\(info.linedefined)")
            cb_pop(L, 1)
        }
        cb_pop(L, 1)
        return (Segmentation(name: text(try field("name", of: index)) ?? "", description: text(try field("description", of: index)) ?? "",
                             tiers: tiers, defaultTier: text(try field("default", of: index)) ?? "other"), whenPlaces)
    }

    /// Builds the evaluator from the definition table at `index` and keeps it in the registry.
    private func makeEvaluator(definition index: Int32) throws {
        let L = lua.L
        crm.pushInternal("evaluator")
        lua_createtable(L, Int32(segmentation.tiers.count), 0)
        lua_getfield(L, index, "tiers")
        for i in 1...segmentation.tiers.count {
            lua_rawgeti(L, -1, lua_Integer(i))
            lua_getfield(L, -1, "when")
            lua_rawseti(L, -4, lua_Integer(i))
            cb_pop(L, 1)
        }
        cb_pop(L, 1)
        lua_pushinteger(L, lua_Integer(segmentation.tierNames.firstIndex(of: segmentation.defaultTier)! + 1))
        lua.pushFunction { [unowned self] call in load(call) }
        lua.pushFunction { [unowned self] call in try fetch(call) }
        lua.pushFunction { [unowned self] call in try badResult(call) }
        try lua.call(arguments: 5, results: 2)
        positionRef = luaL_ref(L, cb_registryindex())
        evaluateRef = luaL_ref(L, cb_registryindex())
    }

    /// Evaluates customers `range` and writes each one's tier index into `out` (indexed by ordinal).
    func evaluate(_ range: Range<Int>, into out: UnsafeMutableBufferPointer<UInt8>) throws {
        guard !range.isEmpty else { return }
        let L = lua.L
        lua_rawgeti(L, cb_registryindex(), lua_Integer(evaluateRef))
        lua_pushinteger(L, lua_Integer(range.lowerBound))
        lua_pushinteger(L, lua_Integer(range.upperBound - 1))
        lua_createtable(L, Int32(range.count), 0)
        lua_pushvalue(L, -1)
        let results = luaL_ref(L, cb_registryindex())
        defer { luaL_unref(L, cb_registryindex(), results) }
        do {
            try lua.call(arguments: 3, results: 0)
        } catch {
            throw located(error)
        }
        lua_rawgeti(L, cb_registryindex(), lua_Integer(results))
        for (offset, c) in range.enumerated() {
            lua_rawgeti(L, -1, lua_Integer(offset + 1))
            out[c] = UInt8(lua_tointegerx(L, -1, nil) - 1)
            cb_pop(L, 1)
        }
        cb_pop(L, 1)
    }

    /// The error of a `when`, with the tier and the customer it failed on.
    private func located(_ error: LuaError) -> LuaError {
        var tier = 0
        if !error.isLimit {
            lua_rawgeti(lua.L, cb_registryindex(), lua_Integer(positionRef))
            if (try? lua.call(arguments: 0, results: 1)) != nil {
                tier = Int(lua_tointegerx(lua.L, -1, nil))
                cb_pop(lua.L, 1)
            }
        }
        let place = tier > 0 ? "tier '\(segmentation.tiers[tier - 1].name)', " : ""
        return LuaError(kind: error.kind, message: error.message + " (\(place)customer \(facts.ids.id(ordinal)))", traceback: error.traceback)
    }

    /// load(view, i): makes customer i current and fills the view with the fields read so far.
    private func load(_ call: LuaCall) -> Int32 {
        ordinal = Int(lua_tointegerx(call.L, 2, nil))
        done += 1
        for (key, push) in prefill {
            lua.push(key)
            push(ordinal)
            lua_rawset(call.L, 1)
        }
        return 0
    }

    /// fetch(view, key, prefilled) -> true, value | false, message: the first read of a field.
    private func fetch(_ call: LuaCall) throws -> Int32 {
        let L = call.L
        guard lua_type(L, 2) == LUA_TSTRING, let key = lua.string(at: 2) else {
            lua_pushboolean(L, 1)
            lua_pushnil(L)
            return 2
        }
        guard let push = try pusher(for: key) else {
            let names = try crm.fieldNames(of: .customers) + crm.computedFieldNames(of: .customers)
            lua_pushboolean(L, 0)
            lua.push(unknownFieldMessage(key, of: .customers, among: names).text(crm.language))
            return 2
        }
        prefill.append((key, push))
        lua_pushboolean(L, 1)
        lua_setfield(L, 3, key)
        lua.push(key)
        push(ordinal)
        lua_rawset(L, 1)
        lua_pushboolean(L, 1)
        lua.push(key)
        lua_rawget(L, 1)
        return 2
    }

    /// How to push field `key` of a customer, or nil when customers have no such field.
    private func pusher(for key: String) throws -> ((Int) -> Void)? {
        let lua = lua
        if key == "tiers" {
            let columns = try facts.savedTiers()
            return { c in
                lua.push(.map(Dictionary(uniqueKeysWithValues: columns.compactMap { name, tiers in tiers[c].map { (name, LuaValue.string($0)) } })))
            }
        }
        guard let column = try facts.column(key) else { return nil }
        let custom = facts.customFields.contains(key)
        return { c in
            let value = column(c)
            if custom, case .text(let text) = value { RecordBinding.pushCustom(text, state: lua) } else { RecordBinding.push(value, state: lua) }
        }
    }

    /// bad(k, result): a `when` returned something other than a boolean or nil.
    private func badResult(_ call: LuaCall) throws -> Int32 {
        let k = Int(lua_tointegerx(call.L, 1, nil))
        throw LuaError(kind: .runtime, message: "\(whenPlaces[k - 1]): 'when' returned a \(lua.typeName(at: 2)), expected true, false or nil")
    }
}
