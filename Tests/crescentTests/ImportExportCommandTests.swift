import CrescentTestSupport
import Foundation
import Testing

@Suite struct ImportExportCommandTests {
    @Test func initImportExportRoundTrip() throws {
        let cli = try CommandLineFixture()
        #expect(try cli.run(["init", "--currency", "cny"]) == .init(status: 0, stdout: "store ready: crescent.db (base currency CNY, time zone \(TimeZone.current.identifier))\n", stderr: ""))
        try cli.write("teams.csv", "\u{FEFF}id,name,region,slogan\r\nT1,\"华东, 一组\",East,冲刺\r\nT2,North,North,\r\n")
        #expect(try cli.run(["import", "teams", "teams.csv"]) == .init(
            status: 0, stdout: "teams.csv: imported 2 rows into teams (custom fields: slogan)\n", stderr: ""))
        #expect(try cli.run(["export", "teams"]) == .init(status: 0, stdout: """
            id,name,region,parent_id,manager_id,slogan
            T1,"华东, 一组",East,,,冲刺
            T2,North,North,,,

            """, stderr: ""))
        #expect(try cli.run(["export", "teams", "--format", "jsonl", "--out", "teams.jsonl"]).status == 0)
        #expect(try cli.read("teams.jsonl").hasPrefix(#"{"id":"T1","name":"华东, 一组","region":"East","#))
    }

    @Test(arguments: Backend.available) func badFileIsRejectedWholeWithLinesAndExitCode65(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.csv", "id,customer_id,ordered_on,amount\nO1,C1,2026-01-05,100\nO2,C9,2026-01-06,12\nO3,C1,2026-02-30,\"12,5O\"\n")
        let result = try cli.run(["import", "orders", "orders.csv"])
        #expect(result == .init(status: 65, stdout: "", stderr: """
            crescent: orders.csv:3: customer_id: "C9" is not a known customers id
            orders.csv:4: ordered_on: "2026-02-30" is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)
            orders.csv:4: amount: "12,5O" is not a number (use digits and a decimal point, at most 4 decimals)
            orders.csv: 3 problems; nothing was imported

            """))
        #expect(try cli.run(["export", "orders"]).stdout == "id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency\n")
    }

    @Test(arguments: Backend.available) func mapRenamesColumnsAndDryRunWritesNothing(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("crm-export.csv", "Order No,Client,Date,Total\nO1,C1,2026-01-05,99.90\n")
        let args = ["import", "orders", "crm-export.csv", "--map", "Order No=id", "--map", "Client=customer_id",
                    "--map", "Date=ordered_on", "--map", "Total=amount"]
        #expect(try cli.run(args + ["--dry-run"]).stdout == "crm-export.csv: 1 row of orders is valid; nothing was written (dry run)\n")
        #expect(try cli.run(["export", "orders"]).stdout.split(separator: "\n").count == 1)
        #expect(try cli.run(args).status == 0)
        #expect(try cli.run(["export", "orders"]).stdout.contains("O1,C1,,,2026-01-05,,99.9,\n"))
    }

    @Test func usageErrorsExit64AndMissingFilesExit66() throws {
        let cli = try CommandLineFixture().seeded()
        let unknown = try cli.run(["import", "custmers", "x.csv"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("crescent: unknown entity 'custmers' (did you mean 'customers'?)"))
        #expect(try cli.run(["import", "teams", "missing.csv"]) == .init(
            status: 66, stdout: "", stderr: "crescent: cannot read missing.csv: no such file\n"))
        #expect(try cli.run(["export", "teams", "--format", "xml"]).status == 64)
        let noStore = try cli.run(["export", "teams", "--store", "elsewhere.db"])
        #expect(noStore.status == 66)
        #expect(noStore.stderr.contains("no store at elsewhere.db"))
    }

    @Test func storeComesFromEnvironmentWhenNotGiven() throws {
        let cli = try CommandLineFixture()
        #expect(try cli.run(["init"], environment: ["CRESCENT_STORE": "team.db"]).stdout.contains("team.db"))
        try cli.write("teams.csv", "id,name\nT1,x\n")
        #expect(try cli.run(["import", "teams", "teams.csv"], environment: ["CRESCENT_STORE": "team.db"]).status == 0)
        #expect(try cli.run(["export", "teams", "--store", "team.db"]).stdout.contains("T1,x"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("crescent.db").path))
    }
}
