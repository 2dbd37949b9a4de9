import CrescentCore
import CrescentStore
import LuaKit

/// A scorecard script, loaded into its own Lua state, scoring every rep (not managers) for a period.
public final class ScorecardRun {
    public let card: Scorecard
    private let lua: LuaState
    private let crm: CrmModule
    private let cardRef: LuaReference

    public convenience init(scriptPath path: String, environment: ScriptEnvironment, store: any RecordStore) throws {
        let (lua, crm) = try environment.makeState(scriptPath: path, store: store)
        try DefinitionScript.run(try ScriptEnvironment.source(of: path, limit: lua.limits), path: path, in: lua, crm: crm,
                                 check: "is_scorecard", constructor: "crm.scorecard")
        try self.init(lua: lua, crm: crm, place: path)
    }

    /// The scorecard on top of the stack of `lua` (popped), already checked to be one; `place`
    /// names it in errors.
    init(lua: LuaState, crm: CrmModule, place: String) throws {
        self.lua = lua
        self.crm = crm
        card = Self.card(from: try lua.value(at: -1))
        cardRef = lua.reference()
        for measure in card.dimensions.flatMap(\.measures) {
            do { _ = try crm.kpiDefinition(measure.kpi) } catch {
                throw LuaError(kind: .runtime, message: "\(place): crm.scorecard: \(error)")
            }
        }
    }

    deinit { lua.release(cardRef) }

    /// Every rep's scores for `period`, best first.
    public func scores(period: Period) throws -> [RepScore] {
        let records = try crm.store.find(.reps).filter { $0["role"]?.text != "manager" }
        let reps = records.map {
            ScoredRep(id: $0["id"]?.text ?? "", name: $0["name"]?.text ?? "", team: $0["team_id"]?.text ?? "", level: $0["level"]?.text ?? "")
        }
        // A rep with no orders or activities has 0 of a sum or a count, not a missing value.
        let values = try card.dimensions.map { dimension in
            try dimension.measures.map { measure -> KpiValues in
                var values = try crm.kpiValues(measure.kpi, period: period, by: .rep, options: measure.options)
                if try crm.kpiDefinition(measure.kpi).unit.isAdditive {
                    for rep in reps where values[rep.id] == nil { values[rep.id] = 0 }
                }
                return values
            }
        }
        var scripted: [Int: [String: Double]] = [:]
        for (d, dimension) in card.dimensions.enumerated() where dimension.measures.isEmpty {
            scripted[d] = try scriptedScores(d, records: records)
        }
        let book = try crm.salesKpis().targets()
        return ScorecardScoring.score(card, reps: reps, values: values, targets: { d, m, rep in
            book.value(scope: .rep(rep), metric: self.card.dimensions[d].measures[m].kpi, period: period)
        }, scripted: scripted)
    }

    /// The scores a scripted dimension's `score(rep)` gives each rep.
    private func scriptedScores(_ d: Int, records: [Record]) throws -> [String: Double] {
        crm.pushInternal("dimension_scores")
        lua.push(cardRef)
        lua.pushInteger(d + 1)
        try crm.pushRecords(records, of: .reps)
        try lua.call(arguments: 3, results: 1)
        defer { lua.pop(1) }
        guard case .array(let scores) = try lua.value(at: -1) else { return [:] }
        var out: [String: Double] = [:]
        for (record, score) in zip(records, scores) {
            if let value = score.doubleValue, let id = record["id"]?.text { out[id] = value }
        }
        return out
    }

    /// The scorecard from the checked definition table (score functions stay in Lua).
    private static func card(from value: LuaValue) -> Scorecard {
        guard case .map(let fields) = value else { return Scorecard(name: "", dimensions: []) }
        func items(_ value: LuaValue?) -> [[String: LuaValue]] {
            guard case .array(let list)? = value else { return [] }
            return list.compactMap { if case .map(let item) = $0 { item } else { nil } }
        }
        let dimensions = items(fields["dimensions"]).map { d in
            Scorecard.Dimension(name: d["name"]?.stringValue ?? "", label: d["label"]?.stringValue, weight: d["weight"]?.doubleValue ?? 0, measures: items(d["measures"]).map { m in
                Scorecard.Measure(kpi: m["kpi"]?.stringValue ?? "", weight: m["weight"]?.doubleValue ?? 1, target: m["target"]?.doubleValue,
                                  options: KpiOptions(kind: m["kind"]?.stringValue, stage: m["stage"]?.stringValue),
                                  lowerIsBetter: m["lower_is_better"] == .boolean(true))
            })
        }
        let ladder = items(fields["ladder"]).map {
            Scorecard.Rung(level: $0["level"]?.stringValue ?? "", promoteAt: $0["promote_at"]?.doubleValue, atRiskBelow: $0["at_risk_below"]?.doubleValue)
        }
        return Scorecard(name: fields["name"]?.stringValue ?? "", description: fields["description"]?.stringValue ?? "",
                         dimensions: dimensions, ladder: ladder)
    }
}
