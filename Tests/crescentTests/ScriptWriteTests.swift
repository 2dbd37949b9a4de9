import CrescentTestSupport
import Foundation
import Testing

/// Scripts that write, end to end through the built binary on both backends: a run's writes are one
/// transaction (a failure, a limit or a kill leaves nothing), a dry run prints exactly what would
/// change and writes nothing, every change is in the audit trail, and undo reverts a run or
/// refuses, naming the conflicts.
@Suite struct ScriptWriteTests {
    static let script = """
        crm.update("customers", "C1", {owner_id = "R2", vip = ""})
        crm.create("activities", {id = "A1", rep_id = "R2", customer_id = "C1", kind = "visit", occurred_at = "2026-12-01 09:30"})
        print(crm.update_where("customers", {region = "East"}, {status = "active"}))
        crm.delete("customers", "C2")

        """

    func customers(_ cli: CommandLineFixture) throws -> String { try cli.run(["export", "customers"]).stdout }

    @Test(arguments: Backend.available) func aDryRunPrintsTheChangesAndWritesNothing(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("assign.lua", Self.script)
        let before = try customers(cli)
        let dry = try cli.run(["run", "--dry-run", "assign.lua"])
        #expect(dry == .init(status: 0, stdout: """
            2
            Dry run of run assign.lua: nothing was written; changes it would make: 5.

            customers: 2 updated, 1 deleted

            Change   Id  Fields                                                               Where
            updated  C1  owner_id: R1 → R2; vip: yes → —                                      assign.lua:1
            updated  C1  status: — → active                                                   assign.lua:3
            updated  C3  status: — → active                                                   assign.lua:3
            deleted  C2  id: C2 → —; name: Acme Corp → —; region: West → —; owner_id: R2 → —  assign.lua:4

            activities: 1 created

            Change   Id  Fields                                                                                                  Where
            created  A1  id: — → A1; rep_id: — → R2; customer_id: — → C1; kind: — → visit; occurred_at: — → 2026-12-01T09:30:00  assign.lua:2

            """, stderr: ""))
        let json = try cli.run(["run", "--dry-run", "--format", "json", "assign.lua"]).stdout.split(separator: "\n", maxSplits: 1)[1]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["dry_run"] as? Bool == true && object["run"] is NSNull && object["source"] as? String == "run assign.lua")
        let counts = try #require(object["counts"] as? [[String: Any]])
        #expect(counts.map { "\($0["entity"]!):\($0["created"]!)/\($0["updated"]!)/\($0["deleted"]!)" } == ["customers:0/2/1", "activities:1/0/0"])
        let first = try #require((object["changes"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "C1" && first["action"] as? String == "update" && first["place"] as? String == "assign.lua:1")
        #expect((first["fields"] as? [[String: Any]])?.first.map { "\($0["field"]!) \($0["old"]!) \($0["new"]!)" } == "owner_id R1 R2")
        #expect(try customers(cli) == before)
        #expect(try cli.run(["history", "--source", "run "]).stdout == "(no rows)\n")

        // Runs 1 to 3 are the fixture's imports. Run numbers come from a sequence, which a server does not
        // roll back: the dry runs took two there.
        let applied = try cli.run(["run", "assign.lua"]), run = backend == .sqlite ? 4 : 6
        #expect(applied == .init(status: 0, stdout: "2\n", stderr: """
            5 changes written (run \(run); crescent history --run \(run) lists them, crescent undo \(run) reverts them)

            """))
        #expect(try customers(cli).contains("C1,上海明珠贸易有限公司,,,East,R2,,,active") && !customers(cli).contains("C2,"))
    }

    @Test(arguments: Backend.available) func aFailureAfterManyWritesLeavesNothing(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("many.lua", """
            for i = 1, 500 do crm.create("activities", {rep_id = "R1", kind = "call", occurred_at = "2026-12-01"}) end
            crm.update("customers", "C1", {name = "renamed"})
            error("stop after " .. crm.count("activities"))

            """)
        let failed = try cli.run(["run", "many.lua"])
        #expect(failed.status == 70 && failed.stderr.hasPrefix("crescent: many.lua:3: stop after 500\n"), "\(failed)")
        #expect(try cli.run(["export", "activities"]).stdout.split(separator: "\n").count == 1)
        #expect(try customers(cli).contains("上海明珠贸易有限公司") && cli.run(["history", "--source", "run "]).stdout == "(no rows)\n")

        // A bad value is an error at the script's line naming the record and field, and ends the run.
        try cli.write("bad.lua", "crm.update('customers', 'C3', {status = 'ok'})\ncrm.update('customers', 'C1', {employees = 'many'})\n")
        let bad = try cli.run(["run", "bad.lua"])
        #expect(bad.status == 70 && bad.stderr.hasPrefix("crescent: bad.lua:2: customers C1: employees: "), "\(bad)")
        try cli.write("owner.lua", "crm.update('customers', 'C1', {owner_id = 'R9'})\n")
        let owner = try cli.run(["run", "owner.lua"])
        #expect(owner.stderr.hasPrefix("crescent: owner.lua:1: customers C1: owner_id: \"R9\" is not a known"), "\(owner)")
        #expect(try cli.run(["history", "--source", "run "]).stdout == "(no rows)\n")
    }

    @Test(arguments: Backend.available) func overTheWriteLimitNothingIsWrittenEvenWhenTheScriptCatchesIt(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("loop.lua", """
            local ok = 0
            for i = 1, 20 do if pcall(crm.create, "activities", {rep_id = "R1", kind = "call", occurred_at = "2026-12-01"}) then ok = ok + 1 end end
            print(ok)

            """)
        let over = try cli.run(["run", "--max-writes", "10", "loop.lua"])
        #expect(over.status == 70 && over.stdout == "10\n", "\(over)")
        #expect(over.stderr == "crescent: loop.lua:2: the run went over its limit of 10 records written: nothing was written\n")
        #expect(try cli.run(["export", "activities"]).stdout.split(separator: "\n").count == 1)
        #expect(try cli.run(["run", "--max-writes", "20", "loop.lua"]).status == 0)
        #expect(try cli.run(["export", "activities"]).stdout.split(separator: "\n").count == 21)
    }

    @Test(arguments: Backend.available) func undoRevertsARunAndRefusesOneWithLaterChanges(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        let original = try customers(cli)
        try cli.write("assign.lua", Self.script)
        #expect(try cli.run(["run", "assign.lua"]).status == 0)
        let history = try cli.run(["history", "customers", "C1", "--format", "json"]).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]])
        // Run 3 is the fixture's import of the customers, run 4 the script.
        #expect(entries.map { "\($0["run"]!) \($0["action"]!) \($0["place"]!)" }
            == ["3 create <null>", "4 update assign.lua:1", "4 update assign.lua:3"])
        #expect(entries.dropFirst().allSatisfy { $0["source"] as? String == "run assign.lua" && !($0["user"] as? String ?? "").isEmpty })

        #expect(try cli.run(["undo", "4"]).stderr.hasPrefix("5 changes written (run 5;"))
        func sorted(_ text: String) -> [Substring] { text.split(separator: "\n").sorted() }  // C2 comes back last in stored order
        #expect(try sorted(customers(cli)) == sorted(original))
        #expect(try cli.run(["export", "activities"]).stdout.split(separator: "\n").count == 1)
        let again = try cli.run(["undo", "4"])
        #expect(again == .init(status: 75, stdout: "", stderr: "crescent: run 4 was undone already, by run 5\n"))

        try cli.write("vip.lua", "crm.update('customers', 'C3', {status = 'vip'})\n")
        try cli.write("later.lua", "crm.update('customers', 'C3', {status = 'lost'})\n")
        #expect(try cli.run(["run", "vip.lua"]).status == 0 && cli.run(["run", "later.lua"]).status == 0)
        let refused = try cli.run(["undo", "6"])
        #expect(refused == .init(status: 75, stdout: "", stderr: """
            crescent: run 6 is not undone: later runs changed 1 of the same fields: customers C3.status (run 7)

            """))
        #expect(try cli.run(["undo", "7"]).status == 0 && cli.run(["undo", "12"]).status == 64)
        #expect(try cli.run(["history", "--source", "undo", "--format", "json"]).stdout.contains("\"place\":\"undo 7\""))
    }

    /// Killed mid-run, a run leaves nothing behind and the store opens and reads as before.
    @Test(arguments: Backend.available) func aKilledRunLeavesNothing(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("stuck.lua", """
            for i = 1, 300 do crm.create("activities", {rep_id = "R1", kind = "call", occurred_at = "2026-12-01"}) end
            print("written")
            while true do end

            """)
        let process = Process()
        process.executableURL = CommandLineFixture.binary
        process.arguments = ["run", "--store", cli.store, "stuck.lua"]
        process.currentDirectoryURL = cli.folder
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let line = out.fileHandleForReading.availableData  // "written": the writes are made, not committed
        #expect(String(decoding: line, as: UTF8.self) == "written\n")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try cli.run(["export", "activities"]).stdout.split(separator: "\n").count == 1)
        try cli.write("one.lua", "crm.create('activities', {rep_id = 'R1', kind = 'call', occurred_at = '2026-12-02'})\n")
        #expect(try cli.run(["run", "one.lua"]).status == 0)
        #expect(try cli.run(["export", "activities"]).stdout.split(separator: "\n").count == 2)
    }
}
