import CrescentTestSupport
import Foundation
import Testing

@Suite struct ComputedExportTests {
    static let bigField = """
        crm.field.define { entity = "customers", name = "big", compute = function(c) return c.revenue_total >= 20000 end }
        crm.field.define { entity = "customers", name = "revenue_k", compute = function(c) return c.revenue_total // 1000 end }
        """

    func fixture(_ backend: Backend) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.csv", "id,customer_id,ordered_on,amount\nO1,C1,2026-06-01,25000\nO2,C2,2026-05-01,1200.5\n")
        try cli.run(["import", "orders", "orders.csv"])
        try cli.write("scripts/fields/big.lua", Self.bigField)
        return cli
    }

    @Test(arguments: Backend.available) func computedFieldsFollowTheStoredOnes(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let csv = try cli.run(["export", "customers", "--computed", "--as-of", "2026-06-30"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix(",big,revenue_k") == true)
        #expect(lines.dropFirst().map { $0.split(separator: ",").suffix(2).joined(separator: ",") } == ["true,25", "false,1", "false,0"])
        let plain = try cli.run(["export", "customers"])
        #expect(!plain.stdout.contains("revenue_k"))
    }

    @Test(arguments: Backend.available) func aFailingFieldNamesTheRecordAndLeavesTheOutputFileAlone(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.write("out.csv", "earlier export\n")
        try cli.write("scripts/fields/broken.lua", """
            crm.field.define { entity = "customers", name = "broken", compute = function(c)
              if c.id == "C2" then error("no ratio for " .. c.name) end
              return 1
            end }
            """)
        let result = try cli.run(["export", "customers", "--computed", "--out", "out.csv"])
        #expect(result.status == 70)
        #expect(result.stderr.hasPrefix("crescent: scripts/fields/broken.lua:2: no ratio for Acme Corp (customers C2)"))
        #expect(try cli.read("out.csv") == "earlier export\n")
        #expect(!FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("out.csv.partial").path))
    }

    @Test(arguments: Backend.available) func aTableValueIsRefusedWithTheFieldName(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.write("scripts/fields/tags.lua", #"crm.field.define { entity = "customers", name = "tags", compute = function() return {} end }"#)
        let result = try cli.run(["export", "customers", "--computed"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("computed field 'tags' of customers C1 is a table"))
    }
}
