import CrescentTestSupport
import Foundation
import Testing

/// `schedule run-due` and `schedule list` through the built binary: a report reaches a WeCom group
/// as the robot shows it, a slot that ran does not run again, and a bad entry is refused naming its key.
/// (Monthly entries: a slot boundary between two calls here would take a month, not a second.)
@Suite struct ScheduleCommandTests {
    @Test func theWeeklyReportReachesTheGroupOnceASlot() throws {
        let cli = try CommandLineFixture(.sqlite).withShippedScripts().seeded()
        let server = try LoopbackServer()
        server.answer = #"{"errcode":0,"errmsg":"ok"}"#
        try cli.write("crescent.toml", """
            [channels.sales]
            type = "wecom"
            url = "http://127.0.0.1:\(server.port)/cgi-bin/webhook/send?key=k"

            [[schedule]]
            name = "weekly-sales"
            report = "weekly-sales"
            params = { team = "T1" }
            every = "month"
            at = "00:00"
            to = ["sales"]

            [[schedule]]
            name = "alerts"
            alerts = true
            every = "month"

            """)
        let first = try cli.run(["schedule", "run-due"])
        #expect(first.status == 0 && first.stdout.contains("weekly-sales: ran for ") && first.stdout.contains("alerts: ran for "), "\(first)")
        #expect(server.received.count == 1, "\(server.received)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data((server.received.first ?? "").utf8)) as? [String: Any])
        let content = try #require((body["markdown"] as? [String: Any])?["content"] as? String)
        #expect(content.hasPrefix("**Weekly sales report**\n") && content.contains("team T1") && !content.contains("|---"), "\(content)")

        let again = try cli.run(["schedule", "run-due"])
        #expect(again == .init(status: 0, stdout: "", stderr: "nothing due\n") && server.received.count == 1)
        let list = try cli.run(["schedule", "list", "--format", "json"])
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(lines.map { $0["name"] as? String } == ["weekly-sales", "alerts"] && lines.allSatisfy { $0["last_status"] as? String == "done" })
        #expect(lines.first?["job"] as? String == "report weekly-sales team=T1" && lines.first?["every"] as? String == "month")
        #expect((lines.first?["next_slot"] as? String ?? "") > (lines.first?["last_slot"] as? String ?? "~"))

        try cli.write("crescent.toml", "[[schedule]]\nname = \"x\"\nreport = \"weekly-sales\"\nevery = \"fortnight\"\n")
        let bad = try cli.run(["schedule", "list"])
        #expect(bad.status == 64 && bad.stderr.contains("crescent.toml: schedule[1].every: expected hour, day, month, or a weekday"), "\(bad)")
    }
}
