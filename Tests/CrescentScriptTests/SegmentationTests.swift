import CrescentCore
import CrescentStore
import Foundation
import LuaKit
import CrescentTestSupport
import Testing
@testable import CrescentScript

/// A store small enough to check every derived metric by hand (as of 2026-06-30, so the
/// 12-month window starts 2025-06-30).
@Suite struct SegmentationTests {
    let folder: URL
    let store: SQLiteStore
    static let valueTiers = """
        return crm.segmentation {
          name = "value-tier",
          tiers = {
            { name = "A", when = function(c) return c.revenue_12m >= 20000 and (c.days_since_last_order or math.huge) <= 90 end, follow_up_days = 30 },
            { name = "B", when = function(c) return c.revenue_12m >= 5000 and (c.days_since_last_order or math.huge) <= 180 end },
            { name = "C", when = function(c) return (c.days_since_last_order or math.huge) <= 365 end },
          },
          default = "D",
        }
        """

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fields"), withIntermediateDirectories: true)
        store = try SQLiteStore.create(at: folder.appendingPathComponent("s.db").path, baseCurrency: "CNY")
        func load(_ entity: Entity, _ csv: String) throws {
            _ = try store.importCSV(entity, bytes: Array(csv.utf8), fileName: "\(entity.rawValue).csv")
        }
        try load(.fxRates, "currency,rate_to_base,valid_from\nUSD,7.0,2026-01-01\n")
        try load(.customers, "id,name,employees,created_on\nC1,华为,300,2025-01-01\nC2,Acme,,2024-06-30\nC3,New Co,,2026-06-01\nC4,Old Co,,2023-01-01\n")
        try load(.orders, """
            id,customer_id,ordered_on,amount,currency
            O1,C1,2026-06-20,15000,
            O2,C1,2025-06-30,10000,CNY
            O3,C1,2025-06-29,1000,
            O4,C1,2026-07-01,99999,
            O5,C2,2026-03-01,100,USD
            O6,C2,2026-01-15,5000,
            O7,C4,2024-01-10,3000,

            """)
        try load(.deals, """
            id,customer_id,amount,stage,status,created_on,closed_on
            D1,C2,20000,proposal,open,2026-05-01,
            D2,C1,5000,won,won,2026-01-01,2026-02-01
            D3,C1,8000,lead,open,2026-07-05,

            """)
        try load(.reps, "id,name\nR1,Li\n")
        try load(.activities, """
            id,rep_id,customer_id,kind,occurred_at
            A1,R1,C2,call,2026-06-29T10:00:00
            A2,R1,C2,visit,2026-04-01T09:00:00
            A3,R1,C2,visit,2026-03-31T09:00:00

            """)
        try load(.surveys, "customer_id,score,responded_on\nC1,4,2026-01-10\nC1,5,2026-02-10\nC1,1,2026-07-02\n")
    }

    func write(_ name: String, _ source: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func environment(_ asOf: String) -> ScriptEnvironment {
        ScriptEnvironment(moduleFolders: [], definitionsFolder: folder.path, asOf: CalendarDate(parsing: asOf)!)
    }

    func run(_ source: String, asOf: String = "2026-06-30", workers: Int? = nil, block: Int = SegmentEvaluation.block,
             save: Bool = true) throws -> SegmentRunReport {
        let evaluation = try SegmentEvaluation(scriptPath: try write("seg.lua", source), environment: environment(asOf), store: store,
                                               workers: workers, block: block)
        let previous = try PreviousMembership(store: store, segment: evaluation.segmentation.name, ids: evaluation.facts.ids)
        let report = SegmentRunReport(segmentation: evaluation.segmentation, facts: evaluation.facts, assignment: evaluation.assignment, previous: previous)
        if save { _ = try report.save(to: store, segmentation: evaluation.segmentation, previous: previous.run) }
        return report
    }

    /// Every derived metric of every customer, as a script reads them.
    /// (The customer value fields need a fit of the models: ClvCommandTests read them.)
    @Test func derivedMetricsMatchAHandComputation() throws {
        let predicted: Set<DerivedMetric> = [.pAlive, .expectedOrders90d, .expectedOrderValue, .clv12m]
        let fields = DerivedMetric.allCases.filter { !predicted.contains($0) }.map(\.rawValue)
        let script = """
            local fields = {\(fields.map { "'\($0)'" }.joined(separator: ","))}
            local out = {}
            for _, id in ipairs({'C1','C2','C3','C4'}) do
              local c = crm.get('customers', id)
              for _, f in ipairs(fields) do out[#out + 1] = id .. '.' .. f .. '=' .. tostring(c[f]) end
            end
            return table.concat(out, ' ')
            """
        let result = try ScriptRun(environment: environment("2026-06-30")).run(path: try write("m.lua", script), store: store)
        guard case .string(let text) = result.first else { Issue.record("no result"); return }
        let values = Dictionary(uniqueKeysWithValues: text.split(separator: " ").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        })
        let expected: [String: String] = [
            "C1.revenue_12m": "25000.0", "C1.orders_12m": "2", "C1.revenue_total": "26000.0", "C1.orders_total": "3",
            "C1.first_order_on": "2025-06-29", "C1.last_order_on": "2026-06-20", "C1.days_since_last_order": "10",
            "C1.tenure_days": "545", "C1.open_pipeline": "0.0", "C1.won_deals_12m": "1", "C1.activities_90d": "0",
            "C1.days_since_last_activity": "nil", "C1.satisfaction": "4.5", "C1.r_score": "3", "C1.f_score": "1", "C1.m_score": "3",
            "C2.revenue_12m": "5700.0", "C2.orders_12m": "2", "C2.days_since_last_order": "121", "C2.open_pipeline": "20000.0",
            "C2.activities_90d": "2", "C2.days_since_last_activity": "1", "C2.satisfaction": "nil", "C2.tenure_days": "730",
            "C2.r_score": "1", "C2.f_score": "1", "C2.m_score": "1", "C2.avg_order_value": "2850.0",
            "C3.revenue_12m": "0.0", "C3.orders_total": "0", "C3.days_since_last_order": "nil", "C3.avg_order_value": "nil",
            "C3.first_order_on": "nil", "C3.r_score": "nil", "C3.tenure_days": "29",
            "C4.revenue_12m": "0.0", "C4.revenue_total": "3000.0", "C4.days_since_last_order": "902", "C4.r_score": "nil",
        ]
        for (key, value) in expected { #expect(values[key] == value, "\(key)") }
        #expect(values["C1.avg_order_value"]?.hasPrefix("8666.66") == true)
    }

    @Test func tiersCountsRevenueAndMovesAcrossRuns() throws {
        let first = try run(Self.valueTiers)
        #expect(first.tiers.map(\.name) == ["A", "B", "C", "D"])
        #expect(first.tiers.map(\.count) == [1, 1, 0, 2])
        #expect(first.tiers.map(\.revenue12m) == [250_000_000, 57_000_000, 0, 0])
        #expect(first.moves.isEmpty)
        // The saved run keeps its summary as the typed value's encoding, read back typed (and as the old JSON shape).
        let saved = try #require(try store.segmentRuns(segment: "value-tier").last)
        #expect(jsonMatches(saved.summary, """
            {"segment": "value-tier", "as_of": "2026-06-30", "customers": 4, "tiers": [{"name": "A", "count": 1, "share": 0.2500, "revenue_12m": 25000}, \
            {"name": "B", "count": 1, "share": 0.2500, "revenue_12m": 5700}, {"name": "C", "count": 0, "share": 0.0000, "revenue_12m": 0}, \
            {"name": "D", "count": 2, "share": 0.5000, "revenue_12m": 0}], "moves": []}
            """), "\(saved.summary)")
        let typed = try SegmentSummary(saved: saved, currency: "CNY")
        #expect(typed.run == saved.id && typed.tiers.map(\.revenue12m) == [25_000, 5_700, 0, 0] && typed.currency == "CNY")
        // A summary saved by an earlier version (without currency, follow-up or strategy) still reads.
        var old = saved
        old.summary = #"{"segment": "value-tier", "as_of": "2026-06-30", "customers": 4, "tiers": [{"name": "A", "count": 1, "share": 0.25, "revenue_12m": 25000}], "moves": []}"#
        #expect(try SegmentSummary(saved: old, currency: "CNY").tiers.first?.followUpDays == nil)
        old.summary = "{not json"
        #expect(throws: StoreError.self) { try SegmentSummary(saved: old, currency: "CNY") }
        let later = try run(Self.valueTiers, asOf: "2026-09-30")
        #expect(later.tiers.map(\.count) == [0, 1, 1, 2])
        #expect(later.moves == [.init(from: "A", to: "B", count: 1), .init(from: "B", to: "C", count: 1)])
        #expect(later.changes.pairs.map(\.customerID) == ["C1", "C2"])
        let again = try run(Self.valueTiers, asOf: "2026-09-30")
        #expect(again.changes.isEmpty && again.moves.isEmpty)
        #expect(try store.segmentRuns(segment: "value-tier").count == 3)
        #expect(try store.currentMembers(segment: "value-tier").map(\.tier) == ["B", "C", "D", "D"])
        #expect(try store.tierHistory(segment: "value-tier", customerID: "C1").map(\.tier) == ["A", "B"])
        #expect(try store.tierMoves(segment: "value-tier", since: "2026-07-01").map { "\($0.customerID):\($0.from ?? "-")>\($0.to)" } == ["C1:A>B", "C2:B>C"])
    }

    @Test func savedTiersAreReadableFromLua() throws {
        _ = try run(Self.valueTiers)
        let script = """
            local s = crm.segment('value-tier')
            local c = crm.get('customers', 'C1')
            return s:tier_of('C2'), #s:members('D'), s:members('A')[1].name, c.tiers['value-tier'], #s:history('C1'), #s:moves{since = '2026-01-01'}
            """
        #expect(try ScriptRun(environment: environment("2026-06-30")).run(path: try write("r.lua", script), store: store) == ["B", 2, "华为", "A", 1, 0])
    }

    @Test func workersAgreeWithOneState() throws {
        let one = try run(Self.valueTiers, workers: 1, save: false)
        let three = try run(Self.valueTiers, workers: 3, save: false)
        #expect(one == three)
        // A customer a block: each field is fetched again for every block, some first read mid-range.
        #expect(try run(Self.valueTiers, workers: 1, block: 1, save: false) == one)
        #expect(try run(Self.valueTiers, workers: 2, block: 1, save: false) == one)
    }

    /// A segmentation may build on another's saved tiers (read once for all workers).
    @Test func tiersCanReadAnotherSegmentationsSavedTiers() throws {
        _ = try run(Self.valueTiers)  // C1 A, C2 B, C3 and C4 D
        let script = """
            return crm.segmentation { name = "care", tiers = {
              { name = "keep", when = function(c) return c.tiers['value-tier'] == 'A' or c.tiers['value-tier'] == 'B' end },
              { name = "unsegmented", when = function(c) return c.tiers['no-such'] ~= nil end } }, default = "watch" }
            """
        for workers in [1, 3] {
            let report = try run(script, workers: workers, save: false)
            #expect(report.tiers.map(\.name) == ["keep", "unsegmented", "watch"])
            #expect(report.tiers.map(\.count) == [2, 0, 2], "\(workers) workers")
        }
    }

    @Test func computedFieldsWorkInTiersAndRecords() throws {
        _ = try write("fields/score.lua", """
            crm.field.define { entity = "customers", name = "score", compute = function(c) return (c.open_pipeline > 0 and 50 or 0) + c.orders_12m * 10 end }
            """)
        let report = try run("""
            return crm.segmentation { name = "score", tiers = { { name = "hot", when = function(c) return c.score >= 50 end } }, default = "cold" }
            """)
        #expect(report.tiers.map(\.count) == [1, 3])
        #expect(try ScriptRun(environment: environment("2026-06-30")).run(path: try write("f.lua", "return crm.get('customers', 'C2').score"), store: store) == [70])
    }

    @Test func errorsNameTheScriptTierAndCustomerAndSaveNothing() throws {
        let runtime = #expect(throws: LuaError.self) {
            try run("return crm.segmentation { name = 'x', tiers = { { name = 'A', when = function(c)\n return c.days_since_last_order < 100 end } } }")
        }
        #expect(runtime?.message.hasSuffix("seg.lua:2: attempt to compare nil with number (tier 'A', customer C3)") == true)
        let inItsBlock = #expect(throws: LuaError.self) {
            try run("return crm.segmentation { name = 'x', tiers = { { name = 'A', when = function(c)\n return c.days_since_last_order < 100 end } } }",
                    workers: 1, block: 2)
        }
        #expect(inItsBlock?.message.hasSuffix("(tier 'A', customer C3)") == true, "\(inItsBlock?.message ?? "")")
        let type = #expect(throws: LuaError.self) {
            try run("return crm.segmentation { name = 'x', tiers = { { name = 'A', when = function(c) return c.orders_total end } } }")
        }
        #expect(type?.message.hasSuffix("seg.lua:1: 'when' returned a number, expected true, false or nil (tier 'A', customer C1)") == true)
        let unknown = #expect(throws: LuaError.self) {
            try run("return crm.segmentation { name = 'x', tiers = { { name = 'A', when = function(c) return c.revenu_12m > 0 end } } }")
        }
        #expect(unknown?.message.contains("unknown field 'revenu_12m' of customers (did you mean 'revenue_12m'?)") == true)
        let definition = #expect(throws: LuaError.self) {
            try run("return crm.segmentation { name = 'x', tiers = { { name = 'A' } } }")
        }
        #expect(definition?.message.contains("seg.lua: crm.segmentation: tiers[1].when (tier 'A') must be a function, got nil") == true)
        #expect(throws: LuaError.self) { try run("return {}") }
        #expect(try store.segmentRuns().isEmpty)
    }

    @Test func timeLimitStopsARun() throws {
        let evaluation = {
            try SegmentEvaluation(scriptPath: try write("slow.lua", "return crm.segmentation { name = 'x', tiers = { { name = 'A', when = function(c) while true do end end } } }"),
                                  environment: ScriptEnvironment(limits: LuaLimits(seconds: 0.2, memoryBytes: 1 << 28), moduleFolders: [], asOf: CalendarDate(parsing: "2026-06-30")!),
                                  store: store)
        }
        let error = #expect(throws: LuaError.self) { _ = try evaluation() }
        #expect(error?.kind == .timeLimit)
    }

    @Test func memoryLimitStopsARunAndNothingIsSaved() throws {
        let path = try write("hog.lua", "return crm.segmentation { name = 'x', tiers = { { name = 'A', when = function(c) local t = {} for i = 1, 1e9 do t[i] = i end end } } }")
        let environment = ScriptEnvironment(limits: LuaLimits(seconds: 30, memoryBytes: 32 << 20), moduleFolders: [], asOf: CalendarDate(parsing: "2026-06-30")!)
        let error = #expect(throws: LuaError.self) { _ = try SegmentEvaluation(scriptPath: path, environment: environment, store: store) }
        #expect(error?.kind == .memoryLimit)
        #expect(error?.message.contains("memory limit of 32 MiB exceeded") == true)
        #expect(try store.segmentRuns().isEmpty)
    }
}
