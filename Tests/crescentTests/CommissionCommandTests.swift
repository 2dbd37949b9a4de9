import CrescentTestSupport
import Foundation
import Testing

@Suite struct CommissionCommandTests {
    static let plan = """
        return crm.commission_plan {
          name = "test plan",
          base_rate = 0.05,
          tiers = { { from = 0, to = 0.5, multiplier = 0.5 }, { from = 0.5, multiplier = 1 } },
          spiffs = { { name = "big order", on = "orders", amount = 50, when = function(o) return o.amount >= 1000 end } },
          cap = 1000,
        }
        """

    func fixture(_ backend: Backend) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.csv", """
            id,customer_id,rep_id,ordered_on,amount
            O1,C1,R1,2026-01-10,1000
            O2,C2,R2,2026-02-10,500.40
            O3,C1,R1,2026-03-01,-100

            """)
        try cli.run(["import", "orders", "orders.csv"])
        try cli.run(["targets", "set", "--scope", "rep:R1", "--metric", "revenue", "--period", "2026-Q1", "--value", "2000"])
        try cli.write("plan.lua", Self.plan)
        return cli
    }

    @Test(arguments: Backend.available) func statementsExplainEveryAmountAndAddUp(_ backend: Backend) throws {
        let cli = try fixture(backend)
        // R1: 1,000 fills half of the 2,000 target: 5% x 0.5 = 25; the refund takes back 5% of 100;
        // O1 is a big order: 50. R2 has no target: 5% of 500.40.
        let json = try cli.run(["commission", "run", "plan.lua", "--period", "2026-Q1", "--format", "json", "--as-of", "2026-06-30"])
        #expect(json.status == 0 && json.stderr.isEmpty)
        #expect(sameJSON(json.stdout, """
            {"plan": "test plan", "period": "2026-Q1", "as_of": "2026-06-30", "currency": "CNY", "statements": [\
            {"rep": "R1", "name": "王伟", "revenue": 900.00, "target": 2000.00, "attainment": 0.4500, "lines": [\
            {"kind": "tier", "text": "attainment 0%–50% of 2,000.00: 1,000.00 revenue, 50.00 at plan rates × 0.5", "amount": 25}, \
            {"kind": "clawback", "text": "1 refund of -100.00 at plan rates", "amount": -5}, \
            {"kind": "spiff", "text": "spiff 'big order': 1 order × 50.00 (O1)", "amount": 50}], "total": 70}, \
            {"rep": "R2", "name": "Ann Lee", "revenue": 500.40, "target": null, "attainment": null, "lines": [\
            {"kind": "base", "text": "1 order, 500.40 revenue at plan rates (no revenue target: attainment tiers do not apply)", "amount": 25.02}], "total": 25.02}], "total": 95.02}
            """), "\(json)")
        let csv = try cli.run(["commission", "run", "plan.lua", "--period", "2026-Q1", "--format", "csv", "--rep", "R2", "--as-of", "2026-06-30"])
        #expect(csv.stdout.hasSuffix("# Statement lines\nrep,name,kind,line,amount\n"
                + "R2,Ann Lee,base,\"1 order, 500.40 revenue at plan rates (no revenue target: attainment tiers do not apply)\",25.02\n"
                + "R2,Ann Lee,total,,25.02\n"), "\(csv)")
        #expect(csv.stdout.hasPrefix("# Commission by rep\nrep,name,revenue,target,attainment,commission\nR2,Ann Lee,500.4,,,25.02\n"), "\(csv)")
        // In Chinese, each line says how it was reached in Chinese, with its amounts signed.
        let zh = try cli.run(["commission", "run", "plan.lua", "--period", "2026-Q1", "--rep", "R2", "--as-of", "2026-06-30", "--lang", "zh"])
        #expect(zh.stdout.contains("R2    Ann Lee  基础提成  1 笔订单，销售额 ¥500.40，按方案比例提成（未设销售目标，不适用完成率阶梯）  ¥25.02"), "\(zh)")
    }

    @Test(arguments: Backend.available) func badPlansNameTheScriptAndWhatIsWrong(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.write("bad.lua", "return crm.commission_plan { name = 'x', base_rate = 0.05, tiers = { { from = 0.2, multiplier = 1 } } }")
        let bad = try cli.run(["commission", "run", "bad.lua", "--period", "2026-Q1"])
        #expect(bad.status == 70 && bad.stderr.hasPrefix("crescent: bad.lua: crm.commission_plan: tiers[1]: tiers must start at 0"))
        try cli.write("rule.lua", "return crm.commission_plan { name = 'x', base_rate = 0.05, spiffs = { { name = 's', on = 'orders', amount = 1, "
                      + "when = function(o) return o.amout > 1 end } } }")
        let rule = try cli.run(["commission", "run", "rule.lua", "--period", "2026-Q1", "--as-of", "2026-06-30"])
        #expect(rule.status == 70 && rule.stderr.hasPrefix("crescent: rule.lua:1: unknown field 'amout' of orders (did you mean 'amount'?)"))
        try cli.write("none.lua", "return 42")
        let none = try cli.run(["commission", "run", "none.lua", "--period", "2026"])
        #expect(none.status == 70 && none.stderr == "crescent: none.lua: the script must return crm.commission_plan{...}, it returned number\n")
    }
}
