import CrescentTestSupport
import Foundation
import Testing

/// `crescent forecast` and `forecast adjust`, end to end, with the shipped stages (proposal is best
/// case, negotiation commit) on both backends.
@Suite struct ForecastCommandTests {
    func fixture(_ backend: Backend) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded().withShippedScripts()
        try cli.write("deals.csv", """
            id,customer_id,owner_id,amount,stage,status,expected_close_on,closed_on,forecast_category
            D1,C1,R1,1000,negotiation,open,2026-11-20,,
            D2,C3,R1,500,proposal,open,2026-12-10,,
            D3,C2,R2,300,lead,open,2026-12-01,,
            D4,C2,R2,2000,won,won,2026-10-01,2026-10-15,
            D5,C1,R1,700,proposal,lost,2026-10-01,2026-10-20,
            D6,C2,R2,400,qualified,open,2026-11-30,,Commit
            D7,C1,R1,9000,negotiation,open,2027-01-10,,
            D8,C3,R1,50,won,won,2026-11-01,2026-11-20,

            """)
        try cli.write("orders.csv", """
            id,customer_id,rep_id,ordered_on,amount
            O1,C1,R1,2026-10-10,1000
            O2,C1,R1,2025-10-10,800
            O3,C1,R1,2025-12-10,1200

            """)
        try cli.write("targets.csv", "scope,scope_id,metric,period,value\nrep,R1,revenue,2026-Q4,5000\nrep,R2,revenue,2026-Q4,3000\n")
        for entity in ["deals", "orders", "targets"] { try cli.run(["import", entity, "\(entity).csv"]) }
        return cli
    }

    func rows(_ result: CommandLineFixture.Result) throws -> [String: [String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        let rows = try #require(object["rows"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["scope"] as! String, $0) })
    }

    @Test(arguments: Backend.available) func categoriesQuotaProjectionAndGapPerRep(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let result = try cli.run(["forecast", "--period", "2026-Q4", "--as-of", "2026-11-15", "--format", "json"])
        #expect(result.status == 0, "\(result)")
        let byScope = try rows(result)
        #expect(Array(byScope.keys).sorted() == ["company", "rep:R1", "rep:R2"])
        // D8 is won after the as-of day: still open then in its stage, which has no category (pipeline).
        #expect(sameJSON(try json(byScope["rep:R1"]!), """
            {"scope": "rep:R1", "name": "王伟", "quota": 5000, "closed": 0, "commit": 1000, "best_case": 500, "pipeline": 0,
             "omitted": 700, "weighted_pipeline": 850, "revenue": 1000, "projection": 2500, "projection_method": "last_year_shape",
             "computed": 1000, "adjusted": null, "forecast": 1000, "gap": 4000}
            """), "\(byScope["rep:R1"]!)")
        // D6's own category (Commit) wins over its stage's.
        #expect(sameJSON(try json(byScope["rep:R2"]!), """
            {"scope": "rep:R2", "name": "Ann Lee", "quota": 3000, "closed": 2000, "commit": 400, "best_case": 0, "pipeline": 300,
             "omitted": 0, "weighted_pipeline": 130, "revenue": 0, "projection": 0, "projection_method": "linear",
             "computed": 2400, "adjusted": null, "forecast": 2400, "gap": 600}
            """), "\(byScope["rep:R2"]!)")
        #expect(byScope["company"]?["computed"] as? Double == 3400 && byScope["company"]?["quota"] as? Double == 8000)
    }

    @Test(arguments: Backend.available) func adjustmentsRollUpRepToTeamToCompany(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let adjusted = try cli.run(["forecast", "adjust", "--scope", "rep:R1", "--period", "2026-Q4", "--value", "1500",
                                    "--note", "大单12月签约", "--as-of", "2026-11-15"])
        #expect(adjusted.status == 0 && adjusted.stdout.hasPrefix("Forecast for rep:R1, 2026-Q4: 1,500.00 (was 1,000.00 computed).\n"),
                "\(adjusted)")
        var byScope = try rows(try cli.run(["forecast", "--period", "2026-Q4", "--by", "team", "--as-of", "2026-11-15", "--format", "json"]))
        #expect(byScope["team:T1"]?["computed"] as? Double == 3900 && byScope["team:T1"]?["forecast"] as? Double == 3900)
        #expect(byScope["company"]?["forecast"] as? Double == 3900)
        // The team's own figure counts above its reps', and the company adds it up.
        try cli.run(["forecast", "adjust", "--scope", "team:T1", "--period", "2026-Q4", "--value", "4200", "--as-of", "2026-11-15"])
        byScope = try rows(try cli.run(["forecast", "--period", "2026-Q4", "--by", "team", "--as-of", "2026-11-15", "--format", "json"]))
        #expect(byScope["team:T1"]?["computed"] as? Double == 3900 && byScope["team:T1"]?["forecast"] as? Double == 4200)
        #expect(byScope["company"]?["computed"] as? Double == 4200 && byScope["company"]?["gap"] as? Double == 3800)
        let rep = try rows(try cli.run(["forecast", "--period", "2026-Q4", "--as-of", "2026-11-15", "--format", "json"]))["rep:R1"]!
        let adjustment = try #require(rep["adjusted"] as? [String: Any])
        #expect(adjustment["value"] as? Double == 1500 && adjustment["note"] as? String == "大单12月签约")
        #expect((adjustment["set_by"] as? String)?.isEmpty == false && (adjustment["set_at"] as? String)?.hasPrefix("20") == true)
        // A later figure replaces it; the earlier one stays in the store.
        try cli.run(["forecast", "adjust", "--scope", "rep:R1", "--period", "2026-Q4", "--value", "1200", "--as-of", "2026-11-15"])
        let later = try rows(try cli.run(["forecast", "--period", "2026-Q4", "--as-of", "2026-11-15", "--format", "json"]))["rep:R1"]!
        #expect((later["adjusted"] as? [String: Any])?["value"] as? Double == 1200 && later["computed"] as? Double == 1000)
    }

    @Test(arguments: Backend.available) func theCallSheetPluginAndLuaReadTheSameForecast(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.run(["forecast", "adjust", "--scope", "rep:R2", "--period", "2026-Q4", "--value", "2600", "--as-of", "2026-11-15"])
        let sheet = try cli.run(["report", "forecast", "--param", "period=2026-Q4", "--as-of", "2026-11-15", "--format", "csv"])
        #expect(sheet.status == 0, "\(sheet)")
        let lines = sheet.stdout.split(separator: "\n").map(String.init)
        // The largest gap first: R1 (4000), then R2 (quota 3000, adjusted to 2600).
        let reps = lines.filter { $0.hasPrefix("R1,") || $0.hasPrefix("R2,") }
        #expect(reps == ["R1,王伟,5000,0,1000,500,1000,,1000,4000", "R2,Ann Lee,3000,2000,400,0,2400,2600,2600,400"], "\(sheet.stdout)")
        try cli.write("forecast.lua", """
            local f = crm.forecast { period = "2026-Q4", by = "team" }
            for _, row in ipairs(f.rows) do print(row.scope, row.computed, row.forecast, row.gap) end
            """)
        let lua = try cli.run(["run", "--as-of", "2026-11-15", "forecast.lua"])
        #expect(lua == .init(status: 0, stdout: "team:T1\t3600.0\t3600.0\t4400.0\ncompany\t3600.0\t3600.0\t4400.0\n", stderr: ""), "\(lua)")
    }

    @Test(arguments: Backend.available) func savedSnapshotsMeasureTheForecastsBiasAndError(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let saved = try cli.run(["forecast", "--period", "2026-Q4", "--as-of", "2026-10-05", "--save"])
        #expect(saved.status == 0 && saved.stdout.hasPrefix("Saved the forecast of 2026-Q4 as of 2026-10-05 (4 rows).\nForecast\n"),
                "\(saved)")
        // A second snapshot of the same day replaces the first; a later one of the same week is the week's.
        for day in ["2026-10-05", "2026-10-07"] {
            #expect(try cli.run(["forecast", "--period", "2026-Q4", "--as-of", day, "--save", "--format", "json"]).status == 0)
        }
        try cli.run(["forecast", "adjust", "--scope", "rep:R1", "--period", "2026-Q4", "--value", "1500", "--as-of", "2026-10-20"])
        try cli.run(["forecast", "--period", "2026-Q4", "--as-of", "2026-10-20", "--by", "team", "--save"])
        // Won in Q4: D4 (R2, 2000 on 10-15) and D8 (R1, 50 on 11-20). R1 was forecast at 1000 (closed 0 + commit
        // 1000), then 1500 adjusted; R2 at 400 (D6's own commit), then 2400 once D4 was won.
        let result = try cli.run(["forecast", "accuracy", "--period", "2026-Q4", "--as-of", "2027-01-10", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        #expect(object["points"] as? [String] == ["2026-10-07", "2026-10-20"] && object["complete"] as? Bool == true, "\(object)")
        let byScope = try rows(result)
        #expect(sameJSON(try json(byScope["rep:R1"]!), """
            {"scope": "rep:R1", "name": "王伟", "actual": 50, "snapshots": 2, "mean_forecast": 1250, "bias": 1200,
             "relative_bias": 24, "mape": 24, "forecasts": [1000, 1500]}
            """), "\(byScope["rep:R1"]!)")
        #expect(sameJSON(try json(byScope["rep:R2"]!), """
            {"scope": "rep:R2", "name": "Ann Lee", "actual": 2000, "snapshots": 2, "mean_forecast": 1400, "bias": -600,
             "relative_bias": -0.3, "mape": 0.5, "forecasts": [400, 2400]}
            """), "\(byScope["rep:R2"]!)")
        #expect(byScope["company"]?["forecasts"] as? [Double] == [1400, 3900] && byScope["company"]?["mape"] as? Double == 0.6098)
        // --at picks the last snapshot at or before each day.
        let early = try rows(try cli.run(["forecast", "accuracy", "--period", "2026-Q4", "--at", "2026-10-06", "--by", "team",
                                          "--as-of", "2027-01-10", "--format", "json"]))
        #expect(early["team:T1"]?["forecasts"] as? [Double] == [1400] && early["team:T1"]?["actual"] as? Double == 2050, "\(early)")
        let table = try cli.run(["forecast", "accuracy", "--period", "2026-Q4", "--as-of", "2026-11-30", "--lang", "zh"])
        #expect(table.status == 0 && table.stdout.hasPrefix("预测准确度\n") && table.stdout.contains("10月20日")
                && table.stdout.contains("本期尚未结束"), "\(table)")
        // The plugin and Lua read the same: R1 the least accurate first.
        let sheet = try cli.run(["report", "forecast-accuracy", "--param", "period=2026-Q4", "--as-of", "2027-01-10", "--format", "csv"])
        let lines = sheet.stdout.split(separator: "\n").map(String.init)
        #expect(sheet.status == 0 && lines.filter { $0.hasPrefix("R1,") || $0.hasPrefix("R2,") }
                == ["R1,王伟,50,1250,1200,24,24", "R2,Ann Lee,2000,1400,-600,-0.3,0.5"], "\(sheet)")
        #expect(lines.contains("mape,0.6098,,"), "\(sheet.stdout)")
        try cli.write("accuracy.lua", """
            local a = crm.forecast_accuracy { period = "2026-Q4", by = "team", at = { "2026-10-06" } }
            print(#a.points, a.points[1], a.rows[1].scope, a.rows[1].forecasts[1])
            print(pcall(crm.forecast_accuracy, { period = "2026-Q4", at = { "soon" } }))
            """)
        let lua = try cli.run(["run", "--as-of", "2027-01-10", "accuracy.lua"])
        #expect(lua.stdout.hasPrefix("1\t2026-10-05\tteam:T1\t1400.0\nfalse\t") && lua.stdout.contains("at: expected a list of days"), "\(lua)")
        let none = try cli.run(["forecast", "accuracy", "--period", "2026-Q3", "--as-of", "2027-01-10"])
        #expect(none.status == 0 && none.stdout.contains("No forecast was saved for 2026-Q3"), "\(none)")
        let bad = try cli.run(["forecast", "accuracy", "--period", "2026-Q4", "--at", "soon"])
        #expect(bad.status == 64 && bad.stderr.contains("--at") && bad.stderr.contains("soon"), "\(bad)")
    }

    @Test func aScheduleKeepsTheForecastOfItsDay() throws {
        let cli = try fixture(.sqlite)
        try cli.write("crescent.toml", "[[schedule]]\nname = \"forecast\"\nforecast = \"this-quarter\"\nevery = \"month\"\n")
        let ran = try cli.run(["schedule", "run-due"])
        let slot = try #require(ran.stdout.firstMatch(of: /forecast: ran for (\d{4}-\d\d-\d\d)/)?.output.1, "\(ran)")
        let accuracy = try cli.run(["forecast", "accuracy", "--period", "this-quarter", "--as-of", String(slot), "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(accuracy.stdout.utf8)) as? [String: Any], "\(accuracy)")
        #expect(object["points"] as? [String] == [String(slot)], "\(object)")
        let list = try cli.run(["schedule", "list", "--format", "json"])
        #expect(list.stdout.contains(#""job":"forecast --period this-quarter --save""#), "\(list)")
        try cli.write("crescent.toml", "[[schedule]]\nname = \"f\"\nforecast = \"next-year\"\nevery = \"month\"\n")
        let bad = try cli.run(["schedule", "list"])
        #expect(bad.status == 64 && bad.stderr.contains("schedule[1].forecast: not a period"), "\(bad)")
    }

    @Test func badInputIsRefusedSayingWhere() throws {
        let cli = try fixture(.sqlite)
        let grouping = try cli.run(["forecast", "--period", "2026-Q4", "--by", "region"])
        #expect(grouping.status == 64 && grouping.stderr.contains("by rep, team or company"), "\(grouping)")
        let value = try cli.run(["forecast", "adjust", "--scope", "rep:R1", "--period", "2026-Q4", "--value", "lots"])
        #expect(value.status == 64 && value.stderr.contains("lots"), "\(value)")
        let unknown = try cli.run(["forecast", "adjust", "--scope", "rep:R9", "--period", "2026-Q4", "--value", "10"])
        #expect(unknown.status != 0 && unknown.stderr.contains("rep:R9"), "\(unknown)")
        let chinese = try cli.run(["forecast", "--period", "2026-Q4", "--as-of", "2026-11-15", "--lang", "zh"])
        #expect(chinese.status == 0 && chinese.stdout.hasPrefix("销售预测\n") && chinese.stdout.contains("最佳情况"), "\(chinese)")
    }

    private func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
