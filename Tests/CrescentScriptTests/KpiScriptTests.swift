import CrescentCore
import CrescentStore
import Foundation
import LuaKit
import Testing
@testable import CrescentScript

/// crm.kpi from Lua and custom KPIs defined with crm.kpi.define.
@Suite struct KpiScriptTests {
    let folder: URL
    let store: SQLiteStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("kpis"), withIntermediateDirectories: true)
        store = try SQLiteStore.create(at: folder.appendingPathComponent("s.db").path, baseCurrency: "CNY")
        func load(_ entity: Entity, _ csv: String) throws {
            _ = try store.importCSV(entity, bytes: Array(csv.utf8), fileName: "\(entity.rawValue).csv")
        }
        try load(.teams, "id,name\nT1,East\n")
        try load(.reps, "id,name,team_id\nR1,王伟,T1\nR2,Ann,T1\n")
        try load(.customers, "id,name,owner_id\nC1,华为,R1\nC2,Acme,R2\n")
        try load(.orders, "id,customer_id,rep_id,ordered_on,amount\nO1,C1,R1,2026-01-05,300\nO2,C2,R2,2026-02-01,100\nO3,C2,R2,2026-02-03,50\n")
        try load(.activities, "id,rep_id,customer_id,kind,occurred_at\nA1,R1,C1,visit,2026-01-02T10:00\nA2,R1,C1,visit,2026-01-20T10:00\nA3,R2,C2,visit,2026-02-01T09:00\n")
        try load(.targets, "scope,scope_id,metric,period,value\nrep,R1,revenue_per_visit,2026-Q1,100\n")
        try """
            crm.kpi.define {
              name = "revenue_per_visit", unit = "money", description = "revenue / visits",
              compute = function(ctx)
                local revenue, visits, out = ctx.kpi("revenue"), ctx.kpi("activities", { kind = "visit" }), {}
                for group, n in pairs(visits) do out[group] = (revenue[group] or 0) / n end
                return out
              end,
            }
            """.write(to: folder.appendingPathComponent("kpis/per_visit.lua"), atomically: true, encoding: .utf8)
    }

    var environment: ScriptEnvironment {
        ScriptEnvironment(moduleFolders: [], definitionsFolder: folder.path, asOf: CalendarDate(parsing: "2026-03-31")!)
    }

    func run(_ source: String) throws -> [LuaValue] {
        let path = folder.appendingPathComponent("t.lua").path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        return try ScriptRun(environment: environment).run(path: path, store: store)
    }

    @Test func builtInKpisFromLua() throws {
        #expect(try run("local r = crm.kpi('revenue', {period = '2026-Q1', by = 'rep'}); return #r.rows, r.rows[1].key, r.rows[1].value, r.unit")
                == [2, "R1", .number(300), "money"])
        #expect(try run("return crm.kpi('orders', {period = '2026-02', compare = 'previous'}).rows[1].previous") == [.number(1)])  // O1 in January
    }

    @Test func customKpisWorkLikeBuiltInOnes() throws {
        // Both reps make 150 per visit (R1: 300 over 2, R2: 150 over 1); ties are listed by key.
        #expect(try run("local r = crm.kpi('revenue_per_visit', {period = '2026-Q1', by = 'rep', compare = {'target'}}); "
                        + "return r.rows[1].key, r.rows[1].value, r.rows[1].attainment, r.rows[2].key, r.rows[2].attainment")
                == ["R1", .number(150), 1.5, "R2", nil])
    }

    @Test func catalogListsAndReportsCustomKpis() throws {
        let catalog = try KpiCatalog(store: store, environment: environment)
        #expect(catalog.all.last == KpiDefinition(name: "revenue_per_visit", unit: .money, summary: "revenue / visits"))
        let report = try catalog.report("revenue_per_visit", period: Period(parsing: "2026-Q1")!, by: .rep, comparisons: [.target],
                                        ranked: false, options: KpiOptions())
        // R1: 300 over 2 visits; R2: 150 over 1 visit. R1's target is 100.
        #expect(report.rows.map(\.key) == ["R1", "R2"])
        let r1 = try #require(report.rows.first { $0.key == "R1" })
        #expect(r1.value == 150 && r1.target == 100 && r1.attainment == 1.5)
        #expect(report.rows.first { $0.key == "R2" }?.value == 150)
    }

    @Test func funnelTargetsCommissionsAndScoresFromLua() throws {
        #expect(try run("local t = crm.targets{metric = 'revenue_per_visit'}; return #t, t[1].scope, t[1].scope_id, t[1].period, t[1].value")
                == [1, "rep", "R1", "2026-Q1", .number(100)])
        #expect(try run("return crm.funnel{period = '2026'}.won") == [0])
        // 5% of R1's 300 and of R2's 150.
        #expect(try run("local s = crm.commissions(crm.commission_plan{name = 'p', base_rate = 0.05}, {period = '2026-Q1'}); "
                        + "return #s, s[1].rep, s[1].total, s[2].total") == [2, "R1", .number(15), .number(7.5)])
        // Visits: R1 2 of 4 = 50, R2 1 of 4 = 25.
        #expect(try run("""
            local card = crm.scorecard{name = 'c', dimensions = {{name = 'v', weight = 1, measures = {{kpi = 'activities', kind = 'visit', target = 4}}}}}
            local s = crm.scores(card, {period = '2026-Q1'})
            return s[1].rep, s[1].score, s[1].dimensions[1].name, s[1].dimensions[1].score, s[2].rank
            """) == ["R1", .number(50), "v", .number(50), 2])
        let wrong = #expect(throws: LuaError.self) { try run("return crm.commissions({}, {period = '2026'})") }
        #expect(wrong?.message.contains("bad argument #1 to 'commissions' (expected a crm.commission_plan{...} definition, got table)") == true)
    }

    @Test func configuredStagesDriveTheFunnelAndTheWeightedPipeline() throws {
        _ = try store.importCSV(.deals, bytes: Array("""
            id,customer_id,owner_id,amount,stage,status,created_on,expected_close_on
            D1,C1,R1,1000,pitch,open,2026-01-05,2026-03-15
            D2,C2,R2,3000,pitch,open,2026-01-06,2026-03-20
            D3,C2,R2,500,pitch,open,2026-01-07,2026-06-20

            """.utf8), fileName: "deals.csv")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("funnel"), withIntermediateDirectories: true)
        try """
            crm.stages {
              { name = "pitch", probability = 0.3, max_dwell_days = 60, exit = function(d) return d.amount >= 1000 end },
              { name = "signed", probability = 1 },
            }
            """.write(to: folder.appendingPathComponent("funnel/stages.lua"), atomically: true, encoding: .utf8)
        // D1 and D2 close in Q1 and are in "pitch" (30%); only they meet its exit criteria.
        #expect(try run("return crm.kpi('weighted_pipeline', {period = '2026-Q1'}).rows[1].value") == [.number(1200)])
        #expect(try run("local f = crm.funnel{period = '2026'}; return #f.stages, f.stages[1].stage, f.stages[1].ready_to_exit, f.open_deals")
                == [2, "pitch", 2, 3])
        try "crm.stages { { name = 'a', probability = 2 }, { name = 'b', probability = 1 } }"
            .write(to: folder.appendingPathComponent("funnel/stages.lua"), atomically: true, encoding: .utf8)
        let bad = #expect(throws: LuaError.self) { try run("return 1") }
        #expect(bad?.message.hasSuffix("funnel/stages.lua: crm.stages: [1]: 'probability' is a share from 0 to 1") == true)
    }

    @Test func badDefinitionsAndNamesAreClearErrors() throws {
        let unknown = #expect(throws: StoreError.self) {
            try KpiCatalog(store: store, environment: environment).report("revenu", period: Period(parsing: "2026")!, by: .company,
                                                                           comparisons: [], ranked: false, options: KpiOptions())
        }
        #expect(unknown?.description.hasPrefix("unknown KPI 'revenu' (did you mean 'revenue'?); the KPIs are revenue, orders, ") == true)
        #expect(unknown?.text(.zh).hasPrefix("未知指标“revenu”（是否要找“revenue”？）；可用指标：revenue, orders, ") == true)
        let duplicate = #expect(throws: LuaError.self) { try run("crm.kpi.define{name = 'revenue', compute = function() return 1 end}") }
        #expect(duplicate?.message.contains("t.lua:1: crm.kpi.define: there is already a KPI named 'revenue'") == true)
        let badPeriod = #expect(throws: LuaError.self) { try run("return crm.kpi('revenue', {period = '2026-Q5'})") }
        #expect(badPeriod?.message.contains("period: '2026-Q5' is not a period") == true)
        try "crm.kpi.define{name = 'broken', compute = function() return 'x' end}"
            .write(to: folder.appendingPathComponent("kpis/broken.lua"), atomically: true, encoding: .utf8)
        let broken = #expect(throws: LuaError.self) { try run("return crm.kpi('broken', {period = '2026'})") }
        #expect(broken?.message.contains("KPI 'broken': compute must return a number or a table of group -> number, got string") == true)
    }
}
