import CrescentCore
import CrescentStore
import Foundation
import LuaKit

/// One Lua state evaluating a segmentation script over a range of customers, a block at a time.
/// The customer the `when` functions see is one reused table, filled for each customer from the
/// columns of the fields the script has read: a field read for the first time is fetched for the
/// whole block (and for every later block), so that no call into the host is made per customer.
/// A state has one owner: each worker thread makes and uses its own.
final class SegmentWorker {
    let lua: LuaState
    private let crm: CrmModule
    private let facts: CustomerFacts
    let segmentation: Segmentation
    /// `script:line` of each tier's `when`, for errors.
    private let whenPlaces: [String]
    /// How to push each field the script has read. A closure kept in a struct, not as a dictionary
    /// value: a closure stored back after each read would gain a reabstraction thunk each time.
    private struct Pusher { let push: (Int) -> Void }
    private var pushers: [String: Pusher] = [:]
    private var evaluateRef: LuaReference!, positionRef: LuaReference!
    /// The table each block's tiers are written to, reused: a block leaves no garbage behind.
    private var resultsRef: LuaReference?

    init(path: String, source: String, environment: ScriptEnvironment, store: any RecordStore, facts: CustomerFacts, quiet: Bool) throws {
        (lua, crm) = try environment.makeState(scriptPath: path, store: store)
        self.facts = facts
        if quiet { try lua.run("print = function() end", chunkName: "=quiet") }
        try DefinitionScript.run(source, path: path, in: lua, crm: crm, check: "is_segmentation", constructor: "crm.segmentation")
        let state = lua
        let language = crm.language
        (segmentation, whenPlaces) = try state.balanced { try Self.readDefinition(state, at: state.top, language: language) }
        try makeEvaluator(definition: lua.top)
        lua.pop(1)
    }

    /// Reads name, description, tiers and default from the definition table, and where each `when` is.
    private static func readDefinition(_ lua: LuaState, at index: Int32, language: Language) throws(LuaError) -> (Segmentation, [String]) {
        var whenPlaces: [String] = []
        func field(_ name: String, of table: Int32) throws(LuaError) -> LuaValue {
            lua.getField(name, inTableAt: table)
            defer { lua.pop(1) }
            return try lua.value(at: -1)
        }
        func text(_ value: LuaValue) -> String? { if case .string(let s) = value { return s } else { return nil } }
        var tiers: [Segmentation.Tier] = []
        lua.getField("tiers", inTableAt: index)
        let count = lua.length(at: -1)
        for i in 1...count {
            lua.rawGet(i, inTableAt: -1)
            let tier = lua.top
            var days: Int?
            if case .integer(let n) = try field("follow_up_days", of: tier) { days = Int(n) }
            let name = text(try field("name", of: tier)) ?? "", label = text(try field("label", of: tier))
            var rule: FollowUpRule?
            if case .map(let spec) = try field("follow_up", of: tier), case .integer(let every)? = spec["every_days"],
               case .string(let kind)? = spec["kind"] {
                let subject = spec["subject"].flatMap(text) ?? Message("follow_up.subject", ["tier": label ?? name, "kind": kind]).text(language)
                rule = FollowUpRule(everyDays: Int(every), kind: kind, subject: subject)
            }
            tiers.append(Segmentation.Tier(name: name, label: label, strategy: text(try field("strategy", of: tier)), followUpDays: days,
                                           followUp: rule))
            lua.getField("when", inTableAt: tier)
            whenPlaces.append(lua.popFunctionPlace())
            lua.pop(1)  // the tier
        }
        lua.pop(1)
        var segmentation = Segmentation(name: text(try field("name", of: index)) ?? "", description: text(try field("description", of: index)) ?? "",
                                        tiers: tiers, defaultTier: text(try field("default", of: index)) ?? "other")
        segmentation.defaultLabel = text(try field("default_label", of: index))
        return (segmentation, whenPlaces)
    }

    /// Builds the evaluator from the definition table at `index` and keeps it in the registry.
    private func makeEvaluator(definition index: Int32) throws {
        crm.pushInternal("evaluator")
        lua.newTable(array: segmentation.tiers.count, fields: 0)
        lua.getField("tiers", inTableAt: index)
        for i in 1...segmentation.tiers.count {
            lua.rawGet(i, inTableAt: -1)
            lua.getField("when", inTableAt: -1)
            lua.rawSet(i, inTableAt: -4)
            lua.pop(1)
        }
        lua.pop(1)
        lua.pushInteger(segmentation.tierNames.firstIndex(of: segmentation.defaultTier)! + 1)
        lua.pushFunction { [unowned self] call in try fetch(call) }
        lua.pushFunction { [unowned self] call in try badResult(call) }
        try lua.call(arguments: 4, results: 2)
        positionRef = lua.reference()
        evaluateRef = lua.reference()
    }

    /// Evaluates customers `range`, `block` at a time, and writes each one's tier index into `out` (indexed by ordinal).
    func evaluate(_ range: Range<Int>, block size: Int = SegmentEvaluation.block,
                  into out: UnsafeMutableBufferPointer<UInt8>) throws {
        for start in stride(from: range.lowerBound, to: range.upperBound, by: size) {
            let block = start..<min(start + size, range.upperBound)
            try lua.balanced { try evaluateOnStack(block, into: out) }
        }
    }

    private func evaluateOnStack(_ block: Range<Int>, into out: UnsafeMutableBufferPointer<UInt8>) throws {
        lua.push(evaluateRef)
        lua.pushInteger(block.lowerBound)
        lua.pushInteger(block.upperBound - 1)
        let results = resultsTable(holding: block.count)
        lua.push(results)
        do {
            try lua.call(arguments: 3, results: 0)
        } catch {
            throw located(error)
        }
        lua.push(results)
        for (offset, c) in block.enumerated() {
            lua.rawGet(offset + 1, inTableAt: -1)
            out[c] = UInt8((lua.integer(at: -1) ?? 0) - 1)
            lua.pop(1)
        }
        lua.pop(1)
    }

    /// The table of a block's tiers, made as large as the first block.
    private func resultsTable(holding count: Int) -> LuaReference {
        if let resultsRef { return resultsRef }
        lua.newTable(array: count, fields: 0)
        let made = lua.reference()
        resultsRef = made
        return made
    }

    /// The error of a `when`, with the tier and the customer it failed on.
    private func located(_ error: LuaError) -> LuaError {
        var tier = 0, customer: Int?
        if !error.isLimit {
            lua.push(positionRef)
            if (try? lua.call(arguments: 0, results: 2)) != nil {
                tier = Int(lua.integer(at: -2) ?? 0)
                customer = (lua.integer(at: -1)).map(Int.init)
                lua.pop(2)
            }
        }
        let place = tier > 0 ? "tier '\(segmentation.tiers[tier - 1].name)', " : ""
        let who = customer.flatMap { (0..<facts.count).contains($0) ? facts.ids.id($0) : nil } ?? "?"
        return LuaError(kind: error.kind, message: error.message + " (\(place)customer \(who))", traceback: error.traceback)
    }

    /// fetch(key, first, last[, into]) -> true, column | false, message: field `key` of customers
    /// first..last, written into table `into` when given (the column of the block before).
    private func fetch(_ call: LuaCall) throws -> Int32 {
        guard call.state.type(at: 1) == .string, let key = lua.string(at: 1) else {
            call.state.pushBoolean(true)
            call.state.pushNil()
            return 2
        }
        guard let push = try pushers[key]?.push ?? pusher(for: key) else {
            let names = try crm.fieldNames(of: .customers) + crm.computedFieldNames(of: .customers)
            call.state.pushBoolean(false)
            lua.push(unknownFieldMessage(key, of: .customers, among: names).text(crm.language))
            return 2
        }
        if pushers[key] == nil { pushers[key] = Pusher(push: push) }
        let first = Int(call.state.integer(at: 2) ?? 0), last = Int(call.state.integer(at: 3) ?? -1)
        call.state.pushBoolean(true)
        if call.state.type(at: 4) == .table {
            call.state.pushValue(at: 4)
        } else {
            lua.newTable(array: max(0, last - first + 1), fields: 0)
        }
        for c in stride(from: first, through: last, by: 1) {
            push(c)
            call.state.rawSet(c - first + 1, inTableAt: -2)
        }
        return 2
    }

    /// How to push field `key` of a customer, or nil when customers have no such field.
    private func pusher(for key: String) throws -> ((Int) -> Void)? {
        let lua = lua
        if key == "tiers" {
            let columns = try facts.savedTiers()
            return { c in
                let tiers = columns.compactMap { name, tiers in tiers.tier(c).map { (name, LuaValue.string($0)) } }
                lua.push(.map(Dictionary(uniqueKeysWithValues: tiers)))
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
        let k = Int((call.state.integer(at: 1) ?? 0))
        throw LuaError(kind: .runtime, message: "\(whenPlaces[k - 1]): 'when' returned a \(lua.typeName(at: 2)), expected true, false or nil")
    }
}
