import CrescentTestSupport
import Foundation
import Testing

@Suite struct ScorecardCommandTests {
    @Test(arguments: Backend.available) func repsAreScoredRankedAndPlacedOnTheLadder(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.csv", "id,customer_id,rep_id,ordered_on,amount\nO1,C1,R1,2026-01-10,1500\nO2,C2,R2,2026-02-10,400\n")
        try cli.write("activities.csv", "id,rep_id,customer_id,kind,occurred_at\nA1,R2,C2,visit,2026-01-05T10:00\nA2,R2,C2,visit,2026-01-06T10:00\n")
        try cli.run(["import", "orders", "orders.csv"])
        try cli.run(["import", "activities", "activities.csv"])
        try cli.write("card.lua", """
            return crm.scorecard {
              name = "review",
              dimensions = {
                { name = "results", weight = 2, measures = { { kpi = "revenue", target = 1000 } } },
                { name = "visits", weight = 1, measures = { { kpi = "activities", kind = "visit", target = 4 } } },
                { name = "teamwork", weight = 1, score = function(rep) return rep.name == "Ann Lee" and 90 or nil end },
              },
              ladder = { { level = "junior", promote_at = 60 }, { level = "mid" }, { level = "senior", at_risk_below = 70 } },
            }
            """)
        // 王伟 (senior): revenue 150% → 100, no visits (0 of 4 → 0): (200 + 0) / 3 = 66.7, below 70: at risk.
        // Ann Lee (junior): 40, visits 2 of 4 → 50, teamwork 90: (80 + 50 + 90) / 4 = 55, short of 60.
        let table = try cli.run(["scorecard", "card.lua", "--period", "2026-Q1", "--as-of", "2026-06-30"])
        #expect(table == .init(status: 0, stdout: """
            Scorecard "review"
            period 2026-Q1 · as of 2026-06-30

            rep  name     team  level   results  visits  teamwork  score  rank  ladder
            R1   王伟     T1    senior    100.0     0.0             66.7     1  at risk
            R2   Ann Lee  T1    junior     40.0    50.0      90.0   55.0     2

            """, stderr: ""), "\(table)")
        let zh = try cli.run(["scorecard", "card.lua", "--period", "2026-Q1", "--as-of", "2026-06-30", "--lang", "zh"])
        #expect(zh.stdout.contains("R1    王伟     T1    高级    100.0     0.0                66.7     1  待改进（有降级风险）"), "\(zh)")
        let json = try cli.run(["scorecard", "card.lua", "--period", "2026-Q1", "--format", "json", "--as-of", "2026-06-30"])
        #expect(jsonMatches(json.stdout, """
            {"scorecard": "review", "period": "2026-Q1", "as_of": "2026-06-30", "reps": [{}, {"rep": "R2", "name": "Ann Lee", "team": "T1", \
            "level": "junior", "score": 55.00, "rank": 2, "ladder": "", "dimensions": [{"name": "results", "weight": 2.00, "score": 40.00, \
            "measures": [{"kpi": "revenue", "value": 400.00, "target": 1000.00, "score": 40.00}]}]}]}
            """), "\(json)")
        try cli.write("bad.lua", "return crm.scorecard { name = 'x', dimensions = { { name = 'd', weight = 1, measures = { { kpi = 'revenu' } } } } }")
        let bad = try cli.run(["scorecard", "bad.lua", "--period", "2026"])
        #expect(bad.status == 70 && bad.stderr.hasPrefix("crescent: bad.lua: crm.scorecard: unknown KPI 'revenu' (did you mean 'revenue'?)"))
    }
}
