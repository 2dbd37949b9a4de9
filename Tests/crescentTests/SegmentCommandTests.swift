import CrescentTestSupport
import Foundation
import Testing

@Suite struct SegmentCommandTests {
    static let tiers = """
        return crm.segmentation {
          name = "value-tier",
          description = "By 12-month revenue",
          tiers = {
            { name = "A", when = function(c) return c.revenue_12m >= 20000 end, strategy = "Monthly visit", follow_up_days = 30 },
            { name = "B", when = function(c) return c.revenue_12m > 0 end },
          },
          default = "D",
        }
        """

    func fixture(_ backend: Backend) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.csv", "id,customer_id,ordered_on,amount\nO1,C1,2026-06-01,25000\nO2,C2,2026-05-01,1200.5\nO3,C1,2025-01-01,9000\n")
        try cli.run(["import", "orders", "orders.csv"])
        try cli.write("tiers.lua", Self.tiers)
        return cli
    }

    @Test(arguments: Backend.available) func runPrintsTiersAndSavesThem(_ backend: Backend) throws {
        let cli = try fixture(backend)
        #expect(try cli.run(["segment", "run", "tiers.lua", "--as-of", "2026-06-30"]) == .init(status: 0, stdout: """
            value-tier
            customers 3 · run 1, saved · as of 2026-06-30

            By 12-month revenue

            tier  customers  share  revenue 12m (CNY)  revenue share  follow-up  strategy
            A             1  33.3%          25,000.00          95.4%  30 d       Monthly visit
            B             1  33.3%           1,200.50           4.6%
            D             1  33.3%               0.00           0.0%

            first saved run of value-tier: no moves to show

            """, stderr: ""))
        let later = try cli.run(["segment", "run", "tiers.lua", "--as-of", "2027-06-15", "--allow-future", "--format", "json"])
        #expect(jsonMatches(later.stdout, """
            {"segment": "value-tier", "as_of": "2027-06-15", "customers": 3, "tiers": [{"name": "A", "count": 0, "share": 0.0000, "revenue_12m": 0}, \
            {"name": "B", "count": 0, "share": 0.0000, "revenue_12m": 0}, {"name": "D", "count": 3, "share": 1.0000, "revenue_12m": 0}], \
            "moves": [{"from": "A", "to": "D", "count": 1}, {"from": "B", "to": "D", "count": 1}], \
            "run": 2, "previous_run": {"id": 1, "as_of": "2026-06-30"}, "currency": "CNY", "description": "By 12-month revenue"}
            """), "\(later)")
        #expect(try cli.run(["segment", "list", "--format", "csv"]).stdout == """
            segment,as_of,customers,runs,last_run,description
            value-tier,2027-06-15,3,2,2,By 12-month revenue

            """)
        #expect(try cli.run(["segment", "members", "value-tier", "--format", "csv"]).stdout == """
            customer_id,name,tier,since,owner_id,owner
            C1,上海明珠贸易有限公司,D,2027-06-15,R1,王伟
            C2,Acme Corp,D,2027-06-15,R2,Ann Lee
            C3,東京商事,D,2026-06-30,R1,王伟

            """)
        #expect(try cli.run(["segment", "moves", "value-tier", "--since", "2027-01-01"]).stdout == """
            as_of       run  customer_id  from  to  owner_id  owner
            2027-06-15    2  C1           A     D   R1        王伟
            2027-06-15    2  C2           B     D   R2        Ann Lee

            """)
    }

    @Test(arguments: Backend.available) func dryRunSavesNothing(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let result = try cli.run(["segment", "run", "tiers.lua", "--as-of", "2026-06-30", "--dry-run"])
        #expect(result.status == 0 && result.stdout.hasPrefix("value-tier\ncustomers 3 · run not saved (dry run) · as of 2026-06-30\n"))
        #expect(try cli.run(["segment", "list", "--format", "csv"]).stdout == "segment,as_of,customers,runs,last_run,description\n")
    }

    @Test(arguments: Backend.available) func failuresExplainThemselvesAndSaveNothing(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.write("broken.lua", Self.tiers.replacingOccurrences(of: "c.revenue_12m >= 20000", with: "c.revenu_12m >= 20000"))
        let broken = try cli.run(["segment", "run", "broken.lua"])
        #expect(broken.status == 70)
        #expect(broken.stderr.hasPrefix("crescent: broken.lua:5: unknown field 'revenu_12m' of customers (did you mean 'revenue_12m'?) (tier 'A', customer C1)\n"))
        #expect(try cli.run(["segment", "list", "--format", "csv"]).stdout == "segment,as_of,customers,runs,last_run,description\n")
        #expect(try cli.run(["segment", "members", "value-teir"]) == .init(
            status: 64, stdout: "", stderr: "crescent: no saved segmentation 'value-teir'; saved: none\n"))
        #expect(try cli.run(["segment", "run", "tiers.lua", "--as-of", "2026-13-01"]).status == 64)
        #expect(try cli.run(["segment", "run", "missing.lua"]).status == 66)
    }
}
