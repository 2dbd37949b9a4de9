import CrescentTestSupport
import Foundation
import Testing

@Suite struct AlertCommandTests {
    static let eastRule = """
        crm.alert {
          name = "east-customer", severity = "info",
          check = function(emit)
            for _, c in ipairs(crm.find("customers", { region = "East" })) do
              emit { key = c.id, subject = c.name .. " is in the East", owner = c.owner_id, data = { region = c.region } }
            end
          end,
        }
        """

    func fixture(_ backend: Backend) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("rules/east.lua", Self.eastRule)
        return cli
    }

    @Test(arguments: Backend.available) func newAlertsOnceThenClosedWhenTheConditionIsGone(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let first = try cli.run(["alerts", "run", "--rules", "rules", "--format", "jsonl", "--as-of", "2026-06-30"])
        #expect(first.status == 0)
        #expect(first.stdout == """
            {"data":{"region":"East"},"key":"C3","message":"","owner":"R1","raised_on":"2026-06-30","rule":"east-customer","severity":"info","status":"open","subject":"東京商事 is in the East"}
            {"data":{"region":"East"},"key":"C1","message":"","owner":"R1","raised_on":"2026-06-30","rule":"east-customer","severity":"info","status":"open","subject":"上海明珠贸易有限公司 is in the East"}

            """)
        let second = try cli.run(["alerts", "run", "--rules", "rules", "--as-of", "2026-07-01"])
        #expect(second.status == 0 && second.stdout == "(no rows)\n")
        #expect(second.stderr == "0 new alerts; 2 found by 1 rule\n")
        // C3 moves West: its alert closes; C1's stays open.
        try cli.write("move.csv", "id,name,region\nC3,東京商事,West\n")
        try cli.run(["import", "customers", "move.csv"])
        try cli.run(["alerts", "run", "--rules", "rules", "--as-of", "2026-07-02"])
        let all = try cli.run(["alerts", "list", "--all", "--format", "jsonl"]).stdout
        #expect(all.contains(#"{"data":{"region":"East"},"key":"C3","message":"","owner":"R1","raised_on":"2026-06-30","rule":"east-customer","severity":"info","status":"closed","subject":"東京商事 is in the East"}"#))
        #expect(try cli.run(["alerts", "list"]).stdout.split(separator: "\n").count == 2)
        // Acknowledged: still listed, not open, not raised again.
        #expect(try cli.run(["alerts", "ack", "C1"]).stdout == "acknowledged east-customer/C1\n")
        #expect(try cli.run(["alerts", "list", "--open"]).stdout.split(separator: "\n").count == 1)
        #expect(try cli.run(["alerts", "run", "--rules", "rules", "--format", "jsonl"]).stdout.isEmpty)
        let none = try cli.run(["alerts", "ack", "C9"])
        #expect(none.status == 64 && none.stderr == "crescent: no open alert with key 'C9'\n")
    }

    @Test(arguments: Backend.available) func aFailingRuleIsReportedAndTheOthersStillRun(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.write("rules/broken.lua", """
            crm.alert { name = "broken", severity = "warning", check = function(emit)
              emit { key = "x", subject = 42 }
            end }
            """)
        try cli.write("rules/slow.lua", "crm.alert { name = 'slow', severity = 'critical', check = function() while true do end end }")
        let run = try cli.run(["alerts", "run", "--rules", "rules", "--timeout", "0.5", "--format", "jsonl"])
        #expect(run.status == 70)
        #expect(run.stdout.split(separator: "\n").count == 2)  // east-customer still raised its two
        #expect(run.stderr.contains("crescent: alert rule failed: rules/broken.lua:2: emit: 'subject' must be a string (rule broken)"))
        #expect(run.stderr.contains("crescent: alert rule failed: rules/slow.lua"))
        #expect(run.stderr.contains("time limit"))
    }

    @Test(arguments: Backend.available) func webhookPostsEachAlertAndRetriesAFailedOne(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let server = try LoopbackServer()
        server.status = 500
        let failed = try cli.run(["alerts", "run", "--rules", "rules", "--webhook", server.url, "--format", "jsonl"])
        #expect(failed.status == 70 && failed.stderr.contains("not delivered (HTTP 500); it will be retried on the next run"))
        #expect(server.received.count == 2)
        server.status = 200
        let retried = try cli.run(["alerts", "run", "--rules", "rules", "--webhook", server.url, "--format", "jsonl"])
        #expect(retried.status == 0 && retried.stdout.isEmpty)  // nothing new, but both delivered now
        #expect(server.received.count == 4)
        #expect(try JSONSerialization.jsonObject(with: Data(server.received[3].utf8)) as? [String: Any] != nil
                && server.received[3].contains(#""rule":"east-customer""#))
        let again = try cli.run(["alerts", "run", "--rules", "rules", "--webhook", server.url])
        #expect(again.status == 0 && server.received.count == 4)  // delivered alerts are not posted twice
    }

    /// A webhook that never answers costs each post its timeout and the run its deadline, no more;
    /// what was not delivered goes out on the next run.
    @Test func anUnresponsiveWebhookCannotStallARun() throws {
        let cli = try fixture(.sqlite)
        try cli.write("rules/many.lua", """
            crm.alert { name = "many", severity = "info", check = function(emit)
              for i = 1, 6 do emit { key = "k" .. i, subject = "alert " .. i } end
            end }
            """)
        let server = try LoopbackServer()
        server.status = 0
        let start = Date()
        let stalled = try cli.run(["alerts", "run", "--rules", "rules", "--webhook", server.url,
                                   "--webhook-timeout", "0.5", "--webhook-deadline", "1.2", "--format", "jsonl"])
        let seconds = Date().timeIntervalSince(start)
        #expect(stalled.status == 70 && seconds < 5, "\(seconds) s: \(stalled)")
        #expect(stalled.stderr.contains("not delivered (no answer within 0.5 s); it will be retried on the next run"), "\(stalled.stderr)")
        #expect(stalled.stderr.contains("alerts not posted: the run's 1.2 s for posting had passed; they stay pending for the next run"),
                "\(stalled.stderr)")
        let raised = stalled.stdout.split(separator: "\n").count
        #expect(raised == 8)  // the fixture's two and these six, all saved
        server.status = 200
        let delivered = try cli.run(["alerts", "run", "--rules", "rules", "--webhook", server.url])
        #expect(delivered.status == 0, "\(delivered)")
        #expect(Set(server.received.suffix(raised)).count == raised)  // every one, once, on the next run
    }

    /// A rule's writes are a run of their own: stored when it ends well, not at all when it fails.
    @Test(arguments: Backend.available) func rulesThatActWriteAllOrNothing(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("rules/act.lua", """
            crm.alert { name = "visit-east", severity = "warning", check = function(emit)
              for _, c in ipairs(crm.find("customers", { region = "East" })) do
                if #crm.tasks { customer = c.id, source = "alerts visit-east" } == 0 then
                  crm.task { customer_id = c.id, kind = "visit", subject = "Visit " .. c.name }
                end
                emit { key = c.id, subject = c.name }
              end
            end }
            crm.alert { name = "broken", severity = "info", check = function(emit)
              crm.update("customers", "C2", { status = "touched" })
              error("broken after a write")
            end }

            """)
        let run = try cli.run(["alerts", "run", "--rules", "rules", "--format", "jsonl"])
        #expect(run.status == 70 && run.stderr.contains("broken after a write (rule broken)"), "\(run)")
        #expect(run.stderr.contains("2 changes written (run 4;"), "\(run)")  // runs 1 to 3: the fixture's imports
        let tasks = try cli.run(["tasks", "list", "--format", "json"]).stdout
        #expect(tasks.contains("\"customer_id\":\"C1\"") && tasks.contains("\"customer_id\":\"C3\"") && tasks.contains("\"source\":\"alerts visit-east\""))
        #expect(try !cli.run(["export", "customers"]).stdout.contains("touched"))  // the failing rule's write is gone
        #expect(try cli.run(["history", "--source", "alerts", "--format", "json"]).stdout.contains("\"source\":\"alerts visit-east\""))
        let again = try cli.run(["alerts", "run", "--rules", "rules"])
        #expect(!again.stderr.contains("changes written"), "\(again)")  // the rule looked first: no second task
    }
}
