import CrescentTestSupport
import Foundation
import Testing

/// Follow-up tasks end to end through the built binary on both backends: a segmentation's tiers
/// make one open task per customer and rule for its owner, which a dry run shows and does not
/// write, a re-run never duplicates, a move out of the tier cancels, a new owner takes over and
/// an activity of the task's kind closes (making the next); reps list and complete their tasks.
@Suite struct FollowUpTaskTests {
    static let segmentation = """
        return crm.segmentation {
          name = "east",
          tiers = {
            { name = "key", label = { en = "Key", zh = "重点" }, when = function(c) return c.region == "East" end,
              follow_up = { every_days = 14, kind = "visit", subject = { en = "Fortnightly visit", zh = "双周拜访" } } },
          },
          default = "rest",
        }

        """

    /// The seeded store, a customer without an owner, C1's last visit on 20 November and a call to C3.
    func fixture(_ backend: Backend) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("more.csv", "id,name,region\nC4,No Owner Ltd,East\n")
        try cli.write("activities.csv", "id,rep_id,customer_id,kind,occurred_at\nA1,R1,C1,visit,2026-11-20 10:00\nA2,R1,C3,call,2026-11-28 10:00\n")
        try cli.run(["import", "customers", "more.csv"])
        try cli.run(["import", "activities", "activities.csv"])
        try cli.write("seg.lua", Self.segmentation)
        return cli
    }

    /// The tasks as `tasks list --format json` gives them: `id customer owner status due_on`, ids as `T-?`.
    func tasks(_ cli: CommandLineFixture, _ arguments: [String] = ["--status", "all"]) throws -> [String] {
        let json = try cli.run(["tasks", "list", "--format", "json"] + arguments).stdout
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return items.map { item in
            ["id", "customer_id", "owner_id", "status", "due_on"].map { item[$0] as? String ?? "-" }.joined(separator: " ")
        }
    }

    func ids(_ cli: CommandLineFixture, customer: String, status: String = "open") throws -> [String] {
        try tasks(cli, ["--customer", customer, "--status", status]).map { String($0.split(separator: " ")[0]) }
    }

    /// Task ids are random: `T-` and eight characters.
    func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"T-[0-9A-Z]{8}"#, with: "T-????????", options: .regularExpression)
    }

    @Test(arguments: Backend.available) func tiersKeepOneOpenTaskPerCustomer(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let dry = try cli.run(["segment", "run", "--as-of", "2026-12-01", "--dry-run", "seg.lua"])
        #expect(dry.status == 0 && masked(dry.stdout).hasSuffix("""
            Follow-up tasks

            2 created

            customers without an owner, so without a task: 1

            rep   created  done  handed on  cancelled  open  overdue
            王伟        2     0          0          0     2        0

            the changes
            change  task        customer              tier  rep   kind   subject            due
            create  T-????????  上海明珠贸易有限公司  Key   王伟  visit  Fortnightly visit  2026-12-04
            create  T-????????  東京商事              Key   王伟  visit  Fortnightly visit  2026-12-01

            """), "\(dry)")
        #expect(try tasks(cli) == [] && cli.run(["segment", "list", "--format", "json"]).stdout == "[]\n")

        // C1 is due 14 days after its last visit; C3 has had no visit, so is due on the run's day.
        let applied = try cli.run(["segment", "run", "--as-of", "2026-12-01", "seg.lua"])
        #expect(applied.status == 0 && applied.stdout.contains("2 created (run "), "\(applied)")
        let made = try tasks(cli).map(masked)
        #expect(made == ["T-???????? C3 R1 open 2026-12-01", "T-???????? C1 R1 open 2026-12-04"])
        let again = try cli.run(["segment", "run", "--as-of", "2026-12-01", "seg.lua"])
        #expect(try again.stdout.contains("Follow-up tasks\n\nnothing to change\n") && tasks(cli).map(masked) == made, "\(again)")

        // C3 leaves the tier and C1 changes hands: C3's task is cancelled, C1's goes to its new owner.
        try cli.write("move.lua", "crm.update('customers', 'C3', {region = 'West'})\ncrm.update('customers', 'C1', {owner_id = 'R2'})\n")
        try cli.run(["run", "move.lua"])
        let moved = try cli.run(["segment", "run", "--as-of", "2026-12-01", "--format", "json", "seg.lua"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [String: Any])
        let followUps = try #require(summary["follow_ups"] as? [String: Any])
        let changes = try #require(followUps["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["action"]!) \($0["customer_id"]!) \($0["owner_id"]!) \($0["now_in"]!)" }
            == ["reassigned C1 R2 <null>", "cancelled C3 R1 rest"])
        #expect(followUps["unowned"] as? Int == 1 && followUps["run"] is Int)
        #expect(try tasks(cli).map(masked) == ["T-???????? C3 R1 cancelled 2026-12-01", "T-???????? C1 R2 open 2026-12-04"])

        // A visit after the one C1's task was counted from does it: done that day, the next due 14 days on.
        try cli.write("visit.lua", "crm.create('activities', {rep_id = 'R2', customer_id = 'C1', kind = 'visit', occurred_at = '2026-12-02 15:00'})\n")
        try cli.run(["run", "visit.lua"])
        let visited = try cli.run(["segment", "run", "--as-of", "2026-12-02", "seg.lua"])
        #expect(visited.stdout.contains("1 created, 1 done (run "), "\(visited)")
        #expect(try tasks(cli, ["--customer", "C1", "--status", "all"]).map(masked)
            == ["T-???????? C1 R2 done 2026-12-04", "T-???????? C1 R2 open 2026-12-16"])
        let history = try cli.run(["history", "--source", "segment run east", "--format", "json"]).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]])
        #expect(Set(entries.map { $0["source"] as? String }) == ["segment run east"] && entries.count == 6, "\(entries)")
    }

    @Test(arguments: Backend.available) func repsCompleteAndCancelTheirTasks(_ backend: Backend) throws {
        let cli = try fixture(backend)
        try cli.run(["segment", "run", "--as-of", "2026-12-01", "seg.lua"])
        let c1 = try #require(try ids(cli, customer: "C1").first), c3 = try #require(try ids(cli, customer: "C3").first)

        let overdue = try cli.run(["tasks", "list", "--due", "overdue", "--as-of", "2026-12-05", "--owner", "R1"])
        #expect(masked(overdue.stdout) == """
            Tasks
            status open · rep R1 · due overdue · tasks 2 · as of 2026-12-05

            due         task        rep   customer              kind   subject            status  days overdue
            2026-12-01  T-????????  王伟  東京商事              visit  Fortnightly visit  open               4
            2026-12-04  T-????????  王伟  上海明珠贸易有限公司  visit  Fortnightly visit  open               1

            """, "\(overdue)")
        #expect(try tasks(cli, ["--due", "2026-12-04"]).count == 1 && tasks(cli, ["--due", "this-week", "--as-of", "2026-12-07"]) == [])

        // Done logs the visit that did it; the two are one run, which undo reverts.
        let done = try cli.run(["tasks", "done", c1, "--note", "谈了续约"])
        #expect(done.status == 0 && done.stderr.hasPrefix("2 changes written (run "), "\(done)")
        let activities = try cli.run(["export", "activities"]).stdout
        #expect(activities.split(separator: "\n").count == 4 && activities.contains(",R1,C1,,visit,") && activities.contains("谈了续约"))
        #expect(try tasks(cli, ["--customer", "C1", "--status", "done"]).count == 1)
        let again = try cli.run(["tasks", "done", c1])
        #expect(again == .init(status: 64, stdout: "", stderr: "crescent: task \(c1) is done, not open\n"))
        let run = try #require(done.stderr.firstMatch(of: /run (\d+);/).map { String($0.1) })
        #expect(try cli.run(["undo", run]).status == 0)
        #expect(try ids(cli, customer: "C1") == [c1] && cli.run(["export", "activities"]).stdout.split(separator: "\n").count == 3)

        let cancelled = try cli.run(["tasks", "cancel", c3])
        #expect(try cancelled.status == 0 && tasks(cli, ["--status", "cancelled"]).map(masked) == ["T-???????? C3 R1 cancelled 2026-12-01"])
        let missing = try cli.run(["tasks", "done", "T-NOPE"])
        #expect(missing == .init(status: 64, stdout: "", stderr: "crescent: no tasks T-NOPE that you may change\n"), "\(missing)")
        let bad = try cli.run(["tasks", "list", "--due", "soon"])
        #expect(bad.status == 64 && bad.stderr.contains("--due: 'soon' is not today, overdue, this-week"), "\(bad)")
    }

    @Test func scriptsMakeAndReadTasks() throws {
        let cli = try fixture(.sqlite)
        try cli.write("task.lua", """
            local t = crm.task{customer_id = "C2", kind = "call", subject = "报价跟进", due_on = "2026-12-10"}
            print(t.owner_id, t.status, t.due_on, t.source)
            print(#crm.tasks{owner = "R2"}, #crm.tasks{owner = "R1"}, #crm.tasks{due = "2026-12"})
            print(pcall(crm.tasks, {when = "x"}))
            crm.task{customer_id = "C2", subject = "no kind"}

            """)
        let result = try cli.run(["run", "task.lua"])
        #expect(result.status == 70 && result.stdout == """
            R2\topen\t2026-12-10\trun task.lua
            1\t0\t1
            false\tbad argument #1 to 'crm.tasks' (unknown option 'when'; options: owner, customer, status, due, source)

            """, "\(result)")
        #expect(result.stderr.hasPrefix("crescent: task.lua:5: tasks T-") && result.stderr.contains(": kind: "), "\(result)")
        #expect(try tasks(cli) == [])  // the failing run wrote nothing
    }
}
