import CrescentTestSupport
import Foundation
import Testing

/// Imports and target commands in the audit trail, end to end on both backends: one run per file,
/// an entry per record created and the changed fields of each record changed; a file that changes
/// nothing is no run; undo reverts an import unless a later run touched what it wrote.
@Suite struct ImportAuditTests {
    /// `run record action fields` of each change, through `crescent history --format json`.
    func history(_ cli: CommandLineFixture, _ arguments: [String] = []) throws -> [String] {
        let json = try cli.run(["history", "--format", "json"] + arguments).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]], Comment(rawValue: json))
        return entries.map { entry in
            let fields = (entry["fields"] as? [[String: Any]] ?? []).map { "\($0["field"]!):\($0["old"]!)>\($0["new"]!)" }
            return "\(entry["source"]!) \(entry["entity"]!) \(entry["id"]!) \(entry["action"]!) \(fields.joined(separator: ","))"
        }
    }

    @Test(arguments: Backend.available) func anImportIsOneRunOfItsCreatesAndChanges(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        #expect(try history(cli, ["--source", "import customers.csv"]) == [
            "import customers.csv customers C1 create id:<null>>C1", "import customers.csv customers C2 create id:<null>>C2",
            "import customers.csv customers C3 create id:<null>>C3",
        ])
        let before = try history(cli)
        #expect(before.count == 6)  // a team, two reps, three customers
        #expect(try cli.run(["import", "customers", "customers.csv"]).status == 0)
        #expect(try history(cli) == before)  // the same file again changes nothing: no run

        try cli.write("changes.csv", "id,name,region,owner_id,vip\nC1,上海明珠贸易有限公司,West,R1,yes\nC3,東京商事,East,R1,yes\nC5,新客户,North,R2,\n")
        #expect(try cli.run(["import", "customers", "changes.csv"]).status == 0)
        #expect(try history(cli, ["--source", "changes.csv"]) == [
            "import changes.csv customers C1 update region:East>West", "import changes.csv customers C3 update vip:no>yes",
            "import changes.csv customers C5 create id:<null>>C5",
        ])
        let run = try #require(try cli.run(["history", "--source", "changes.csv", "--format", "json"]).stdout
            .firstMatch(of: /"run":(\d+)/).map { String($0.1) })

        // A later change to the record the import created stands in the way of undoing it.
        try cli.write("rename.lua", "crm.update('customers', 'C5', {name = 'Renamed'})\n")
        #expect(try cli.run(["run", "rename.lua"]).status == 0)
        let refused = try cli.run(["undo", run])
        #expect(refused.status == 75 && refused.stderr.contains("customers C5.name"), "\(refused)")
        let renamed = try #require(try history(cli, ["--source", "rename.lua"]).first)
        #expect(renamed == "run rename.lua customers C5 update name:新客户>Renamed")
        let script = try #require(try cli.run(["history", "--source", "rename.lua", "--format", "json"]).stdout
            .firstMatch(of: /"run":(\d+)/).map { String($0.1) })
        #expect(try cli.run(["undo", script]).status == 0 && cli.run(["undo", run]).status == 0)
        #expect(try cli.run(["export", "customers"]).stdout == """
            id,name,industry,employees,region,owner_id,created_on,source,status,vip
            C1,上海明珠贸易有限公司,,,East,R1,,,,yes
            C2,Acme Corp,,,West,R2,,,,
            C3,東京商事,,,East,R1,,,,no

            """)
    }

    /// A first load large enough for the server's bulk path records its creates too.
    @Test(arguments: Backend.available) func aLargeFirstLoadRecordsEveryCreate(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend)
        try cli.run(["init", "--currency", "CNY"])
        let rows = (1...30_000).map { "P\($0),Product \($0) with a name long enough to make the file large,Widgets,12.5\n" }
        try cli.write("products.csv", "id,name,category,list_price\n" + rows.joined())
        #expect(try cli.run(["import", "products", "products.csv"]).status == 0)
        let entries = try history(cli, ["--source", "products.csv"])
        #expect(Set(entries) == Set((1...30_000).map { "import products.csv products P\($0) create id:<null>>P\($0)" }) && entries.count == 30_000)
    }

    @Test(arguments: Backend.available) func targetsSetAndSplitAreRunsOfTheirOwn(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        #expect(try cli.run(["targets", "set", "--scope", "team:T1", "--metric", "revenue", "--period", "2027", "--value", "1200000"]).status == 0)
        #expect(try cli.run(["targets", "set", "--scope", "team:T1", "--metric", "revenue", "--period", "2027", "--value", "1500000"]).status == 0)
        #expect(try cli.run(["targets", "split", "--scope", "team:T1", "--metric", "revenue", "--period", "2027", "--into", "quarters"]).status == 0)
        let entries = try history(cli, ["--source", "targets"])
        #expect(entries.prefix(2) == ["targets set team:T1 revenue 2027 targets team/T1/revenue/2027 create value:<null>>1200000",
                                      "targets set team:T1 revenue 2027 targets team/T1/revenue/2027 update value:1200000>1500000"], "\(entries)")
        #expect(entries.count == 6 && entries.last == "targets split team:T1 revenue 2027 targets team/T1/revenue/2027-Q4 create value:<null>>375000",
                "\(entries)")
    }
}
