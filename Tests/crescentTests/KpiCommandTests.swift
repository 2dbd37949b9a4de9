import CrescentTestSupport
import Foundation
import Testing

@Suite struct KpiCommandTests {
    func fixture(_ backend: Backend) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.csv", """
            id,customer_id,rep_id,ordered_on,amount
            O1,C1,R1,2026-01-10,1000
            O2,C2,R2,2026-02-10,500.5
            O3,C3,R1,2025-01-15,800

            """)
        try cli.run(["import", "orders", "orders.csv"])
        return cli
    }

    @Test(arguments: Backend.available) func kpiTableAndJsonWithTargetsAndYearOverYear(_ backend: Backend) throws {
        let cli = try fixture(backend)
        #expect(try cli.run(["targets", "set", "--scope", "rep:R1", "--metric", "revenue", "--period", "2026-Q1", "--value", "2000"]).status == 0)
        let table = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "rep", "--compare", "target", "--compare", "yoy", "--as-of", "2026-06-30"])
        #expect(table == .init(status: 0, stdout: """
            revenue by rep
            period 2026-Q1 · compared with 2025-Q1 · as of 2026-06-30

            rep  name     revenue (CNY)  target (CNY)    attainment  2025-Q1 (CNY)  change yoy
            R1   王伟          1,000.00      2,000.00         50.0%         800.00      +25.0%
            R2   Ann Lee         500.50                                       0.00

            """, stderr: ""), "\(table)")
        let json = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "rep", "--compare", "target", "--format", "json", "--as-of", "2026-06-30"])
        #expect(sameJSON(json.stdout, """
            {"kpi": "revenue", "period": "2026-Q1", "by": "rep", "unit": "money", "currency": "CNY", "as_of": "2026-06-30", \
            "span": {"name": "2026-Q1", "period": "2026-Q1", "from": "2026-01-01", "to": "2026-03-31", "days": 90, "to_date": false, "elapsed_share": 1.0000}, \
            "compared": {}, "rows": [\
            {"key": "R1", "label": "王伟", "value": 1000.00, "target": 2000.00, "target_rolled_up": false, "attainment": 0.5000}, \
            {"key": "R2", "label": "Ann Lee", "value": 500.50, "target": null, "target_rolled_up": false, "attainment": null}]}
            """), "\(json)")
    }

    /// A period in progress is compared over the same elapsed days, and says so; -full compares with
    /// the whole earlier period. Q1 2026 as of 14 January: 1-14 January 2026 (O1, 1,000) against
    /// 1-14 January 2025 (nothing: O3 is on the 15th) and against all of Q1 2025 (800).
    @Test(arguments: Backend.available) func aPeriodInProgressIsComparedToDate(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let toDate = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--compare", "previous", "--compare", "yoy", "--as-of", "2026-01-14"])
        #expect(toDate == .init(status: 0, stdout: """
            revenue
            period 2026-Q1 to date (14 days) · compared with 2025-10-01..2025-10-14 and 2025-01-01..2025-01-14 · as of 2026-01-14

            company  name     revenue (CNY)  2025-10-01..2025-10-14 (CNY)  change  2025-01-01..2025-01-14 (CNY)  change yoy
            company  Company       1,000.00                          0.00                                  0.00

            """, stderr: ""), "\(toDate)")
        let full = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--compare", "yoy-full", "--as-of", "2026-01-14", "--format", "csv"])
        #expect(full.stdout == "key,label,value,year_before,change_yoy\ncompany,Company,1000,800,0.25\n", "\(full)")
        let json = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--compare", "yoy", "--compare", "previous-full", "--as-of", "2026-01-20",
                                "--format", "json"])
        #expect(sameJSON(json.stdout, """
            {"kpi": "revenue", "period": "2026-Q1", "by": "company", "unit": "money", "currency": "CNY", "as_of": "2026-01-20", \
            "span": {"name": "2026-Q1 to date (20 days)", "period": "2026-Q1", "from": "2026-01-01", "to": "2026-01-20", "days": 20, "to_date": true, "elapsed_share": 0.2222}, \
            "compared": {"previous": {"name": "2025-Q4", "from": "2025-10-01", "to": "2025-12-31", "days": 92}, \
            "year_before": {"name": "2025-01-01..2025-01-20", "from": "2025-01-01", "to": "2025-01-20", "days": 20}}, "rows": [\
            {"key": "company", "label": "Company", "value": 1000.00, "previous": 0.00, "change": null, "year_before": 800.00, "change_yoy": 0.2500}]}
            """), "\(json)")
        let both = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--compare", "yoy", "--compare", "yoy-full"])
        #expect(both.status == 64 && both.stderr.contains("yoy and yoy-full compare with the same period; give one"), "\(both)")
        // A month: 1 December to date against 1 November, as the heading says.
        let month = try cli.run(["kpi", "orders", "--period", "2026-12", "--compare", "previous", "--as-of", "2026-12-01"])
        #expect(month.stdout.hasPrefix("orders\nperiod 2026-12 to date (1 day) · compared with 2026-11-01..2026-11-01 · as of 2026-12-01\n"),
                "\(month)")
    }

    /// A team without a target of its own shows the sum of its reps' (marked), and the company the
    /// sum of its teams'; attainment says how much of the period has elapsed.
    @Test(arguments: Backend.available) func targetsRollUpFromRepsToTeamsToTheCompany(_ backend: Backend) throws {
        let cli = try fixture(backend)
        for (rep, value) in [("R1", "2000"), ("R2", "1000")] {
            #expect(try cli.run(["targets", "set", "--scope", "rep:\(rep)", "--metric", "revenue", "--period", "2026-Q1", "--value", value]).status == 0)
        }
        let teams = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "team", "--compare", "target", "--as-of", "2026-03-31"])
        #expect(teams.stdout == """
            revenue by team
            period 2026-Q1 · as of 2026-03-31

            team  name      revenue (CNY)  target (CNY)     attainment
            T1    华东一组       1,500.50      3,000.00  Σ       50.0%

            Σ: no target of its own; the sum of its members' targets

            """, "\(teams)")
        let company = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--compare", "target", "--as-of", "2026-02-14", "--format", "csv"])
        #expect(company.stdout == "key,label,value,target,target_rolled_up,attainment\ncompany,Company,1500.5,3000,true,0.5002\n", "\(company)")
        let heading = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--compare", "target", "--as-of", "2026-02-14"])
        #expect(heading.stdout.contains("attainment (50% elapsed)"), "\(heading)")
        // Only one team's reps, in the command and in Lua.
        let scoped = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "rep", "--scope", "rep:R2", "--format", "csv"])
        #expect(scoped.stdout == "key,label,value\nR2,Ann Lee,500.5\n", "\(scoped)")
        try cli.write("scoped.lua", """
            local r = crm.kpi("revenue", { period = "2026-Q1", by = "rep", scope = "team:T1" })
            print(#r.rows, r.rows[1].key, r.span.name)
            """)
        #expect(try cli.run(["run", "--as-of", "2026-06-30", "scoped.lua"]).stdout == "2\tR1\t2026-Q1\n")
    }

    @Test(arguments: Backend.available) func badKpiRequestsSayWhatIsWrong(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let unknown = try cli.run(["kpi", "revnue", "--period", "2026"])
        #expect(unknown.status == 64 && unknown.stderr.hasPrefix("crescent: unknown KPI 'revnue' (did you mean 'revenue'?); the KPIs are revenue, orders, avg_order_value, "))
        let period = try cli.run(["kpi", "revenue", "--period", "2026-Q5"])
        #expect(period.status == 64 && period.stderr.contains("Error: The value '2026-Q5' is invalid for '--period <period>': not a period (2026, 2026-Q3, 2026-07, 2026-W27 or 2026-01-01..2026-03-31, or this-week, last-week, "
                                                                       + "this-month, last-month, this-quarter, last-quarter, this-year, last-year)"))
        let product = try cli.run(["kpi", "win_rate", "--period", "2026", "--by", "product"])
        #expect(product.status == 64 && product.stderr.contains("win_rate is not about orders"))
        let list = try cli.run(["kpi", "--list", "--format", "csv"])
        #expect(list.stdout.contains("retention_rate,retention_rate,ratio,\"of the customers active in the previous period of equal length, the share active in this one\"\n"),
                "\(list)")
    }

    @Test(arguments: Backend.available) func targetsSplitIntoMonthsAndRepsAddUp(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.run(["targets", "set", "--scope", "team:T1", "--metric", "revenue", "--period", "2027", "--value", "100000"])
        let months = try cli.run(["targets", "split", "--scope", "team:T1", "--metric", "revenue", "--period", "2027", "--into", "months"])
        #expect(months.status == 0 && months.stdout.contains("revenue target of team:T1 for 2027: 100,000.00, split evenly, saved\n")
                && months.stdout.contains("team:T1  华东一组  2027-01      8,333.34   8.3%\n"))
        try cli.write("manager.csv", "id,name,team_id,role\nR3,张经理,T1,manager\n")
        try cli.run(["import", "reps", "manager.csv"])  // a manager carries no split target
        try cli.write("weights.csv", "rep,weight\nR1,3\nR2,1\n")
        let reps = try cli.run(["targets", "split", "--scope", "team:T1", "--metric", "revenue", "--period", "2027", "--to", "reps", "--by", "weights", "weights.csv"])
        #expect(reps.status == 0 && reps.stdout.contains("rep:R1  王伟     2027       75,000.00  75.0%\n"))
        let csv = try cli.run(["export", "targets"])
        let values = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let monthly = values.filter { $0[0] == "team" && $0[3].hasPrefix("2027-") }.compactMap { Double($0[4]) }
        #expect(monthly.count == 12 && abs(monthly.reduce(0, +) - 100_000) < 0.000_1)
        #expect(values.filter { $0[0] == "rep" }.map { "\($0[1])=\($0[4])" }.sorted() == ["R1=75000", "R2=25000"])
        let badWeights = try cli.run(["targets", "split", "--scope", "team:T1", "--metric", "revenue", "--period", "2027", "--to", "reps", "--by", "weights", "nope.csv"])
        #expect(badWeights.status == 66)
        let noTarget = try cli.run(["targets", "split", "--scope", "rep:R2", "--metric", "revenue", "--period", "2030", "--into", "quarters"])
        #expect(noTarget.status == 64 && noTarget.stderr.contains("no revenue target of rep:R2 for 2030 to split"))
        let unknownTeam = try cli.run(["targets", "set", "--scope", "team:T9", "--metric", "revenue", "--period", "2027", "--value", "1"])
        #expect(unknownTeam.status == 64 && unknownTeam.stderr == "crescent: there is no team 'T9' in the store\n")
    }

    @Test(arguments: Backend.available) func funnelJsonHasTheStages(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.write("deals.csv", "id,customer_id,owner_id,amount,stage,status,created_on,closed_on\nD1,C1,R1,900,won,won,2026-01-02,2026-02-01\n")
        try cli.write("history.csv", "deal_id,stage,entered_at\nD1,lead,2026-01-02T09:00\nD1,proposal,2026-01-12T09:00\nD1,won,2026-02-01T09:00\n")
        try cli.run(["import", "deals", "deals.csv"])
        try cli.run(["import", "deal_stage_history", "history.csv"])
        let json = try cli.run(["funnel", "--period", "2026-Q1", "--format", "json", "--as-of", "2026-03-31"])
        #expect(json.status == 0)
        #expect(jsonMatches(json.stdout, """
            {"period": "2026-Q1", "as_of": "2026-03-31", "scope": "company", "currency": "CNY", \
            "stages": [{"stage": "lead", "entered": 1, "converted": 1, "conversion": 1.0000, \
            "expected_conversion": 0.6667, "mean_dwell_days": 10.0, "median_dwell_days": 10.0, "max_dwell_days": 14.0, "stalled": 0}, \
            {"stage": "contacted", "entered": 1, "converted": 1, "conversion": 1.0000, "expected_conversion": 0.6000, "mean_dwell_days": null}], \
            "won": 1, "lost": 0, "win_rate": 1.0000, "sales_cycle_days": 30.0, "avg_won_deal_size": 900.00, "open_by_stage": [], "stalled": []}
            """), "\(json)")
    }
}
