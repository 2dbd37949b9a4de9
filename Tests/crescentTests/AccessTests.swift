@testable import CrescentPostgres
import CrescentStore
import CrescentTestSupport
import Foundation
import Testing

/// Per-rep visibility with real roles on a real server: each rep connected as themselves sees only
/// their records, a manager their teams' (sub-teams included), through lists and aggregates alike;
/// reps cannot write. Skipped, and saying so, without a test server.
@Suite(.serialized, .enabled(if: Backend.serverURL != nil, "CRESCENT_TEST_POSTGRES is not set: no PostgreSQL server for the access tests"))
struct AccessTests {
    /// A store where team T1 (managed by M1) has sub-team T3; R2 is in T2.
    func fixture() throws -> CommandLineFixture {
        let cli = try CommandLineFixture(.postgres).withShippedScripts()
        try cli.run(["init", "--currency", "CNY"])
        try cli.write("teams.csv", "id,name,region,manager_id,parent_id\nT1,华东一组,East,M1,\nT2,West,West,,\nT3,East sub-team,East,,T1\n")
        try cli.write("reps.csv", "id,name,team_id,level\nM1,马经理,T1,senior\nR1,王伟,T1,senior\nR2,Ann Lee,T2,junior\nR3,Sam Sub,T3,mid\n")
        try cli.write("customers.csv", "id,name,region,owner_id\nC1,明珠贸易,East,R1\nC2,Acme,West,R2\nC3,Sub Co,East,R3\nC4,经理客户,East,M1\n")
        try cli.write("orders.csv", """
            id,customer_id,rep_id,ordered_on,amount,currency
            O1,C1,R1,2026-02-01,100,CNY
            O2,C2,R2,2026-02-02,200,CNY
            O3,C3,R3,2026-02-03,400,CNY
            O4,C4,M1,2026-02-04,800,CNY

            """)
        for entity in ["teams", "reps", "customers", "orders"] { #expect(try cli.run(["import", entity, "\(entity).csv"]).status == 0) }
        try cli.write("tiers.lua", "return crm.segmentation { name = 'big', tiers = { { name = 'A', when = function(c) return c.revenue_12m >= 300 end } }, default = 'B' }\n")
        #expect(try cli.run(["segment", "run", "tiers.lua", "--as-of", "2026-06-30"]).status == 0)
        try cli.write("rules/orders.lua", """
            crm.alert { name = "order", severity = "info", check = function(emit)
              for _, o in ipairs(crm.find("orders")) do emit { key = o.id, subject = "order " .. o.id, owner = o.rep_id } end
            end }
            """)
        #expect(try cli.run(["alerts", "run", "--rules", "rules"]).status == 0)
        return cli
    }

    @Test func repsSeeTheirOwnRecordsAndManagersTheirTeams() throws {
        let cli = try fixture()
        defer { _ = try? cli.run(["admin", "drop-roles"]) }
        let roles = try cli.run(["admin", "roles"])
        #expect(roles == .init(status: 0, stdout: """
            rep  name     role  sees
            M1   马经理   m1    teams T1 and their sub-teams
            R1   王伟     r1    own records
            R2   Ann Lee  r2    own records
            R3   Sam Sub  r3    own records

            """, stderr: ""))
        #expect(try cli.run(["admin", "policies"]).stdout.hasSuffix(": 4 reps' roles see their own records\n"))

        let server = try #require(cli.database?.url)
        func run(as role: String, _ arguments: [String], input: String? = nil) throws -> CommandLineFixture.Result {
            try cli.run(arguments + ["--store", server.replacingOccurrences(of: "://crescent@", with: "://\(role)@")], input: input)
        }
        func customers(_ role: String) throws -> [String] {
            try run(as: role, ["export", "customers"]).stdout.split(separator: "\n").dropFirst().map { String($0.prefix(2)) }
        }
        func revenue(_ role: String, by grouping: String) throws -> [String: Double] {
            let json = try run(as: role, ["kpi", "revenue", "--period", "2026", "--by", grouping, "--format", "json"]).stdout
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])["rows"] as? [[String: Any]]
            return Dictionary(uniqueKeysWithValues: (rows ?? []).map { ($0["key"] as? String ?? "", $0["value"] as? Double ?? -1) })
        }
        #expect(try customers("r1") == ["C1"] && customers("r2") == ["C2"] && customers("r3") == ["C3"])
        #expect(try customers("m1") == ["C1", "C3", "C4"])  // T1, its sub-team T3, and their own
        #expect(try customers("crescent") == ["C1", "C2", "C3", "C4"])  // the owner sees everything

        // Aggregates count only visible rows: the company's revenue is the rep's own.
        #expect(try revenue("r1", by: "company") == ["company": 100])
        #expect(try revenue("r2", by: "region") == ["West": 200])
        #expect(try revenue("m1", by: "region") == ["East": 1300])
        #expect(try revenue("m1", by: "rep") == ["M1": 800, "R3": 400, "R1": 100])  // not R2, another team's, as a zero
        #expect(try revenue("r2", by: "team") == ["T2": 200])
        // Reps and teams too: a rep sees themselves and their team, a manager their teams' reps.
        func ids(_ role: String, _ entity: String) throws -> [String] {
            try run(as: role, ["export", entity]).stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        }
        #expect(try ids("r1", "reps") == ["R1"] && ids("r1", "teams") == ["T1"])
        #expect(try ids("m1", "reps") == ["M1", "R1", "R3"] && ids("m1", "teams") == ["T1", "T3"])
        let counts = try run(as: "r1", ["repl"], input: "crm.count('orders')\ncrm.count('customers')\n")
        #expect(counts.stdout == "1\n1\n")
        // Reports too: the plugin's totals are the rep's.
        let yoy = ["report", "yoy-revenue", "--param", "period=2026", "--format", "csv", "--as-of", "2026-12-31"]
        #expect(try run(as: "r2", yoy).stdout.hasPrefix("# KPIs\nkpi,value,target,change\nRevenue 2026,200,,\n"))
        #expect(try cli.run(yoy).stdout.hasPrefix("# KPIs\nkpi,value,target,change\nRevenue 2026,1500,,\n"))
        // Segment counts too: the saved run had 4 customers; r1 sees 1 of them.
        #expect(try run(as: "r1", ["segment", "list", "--format", "csv"]).stdout.contains("big,2026-06-30,1,1,1,"))
        #expect(try run(as: "m1", ["segment", "members", "big", "--format", "csv"]).stdout.split(separator: "\n").count == 4)

        // Alerts: a rep lists and acknowledges their own, and no one else's.
        #expect(try run(as: "r1", ["alerts", "list", "--all", "--format", "jsonl"]).stdout.split(separator: "\n").count == 1)
        #expect(try run(as: "m1", ["alerts", "list", "--all", "--format", "jsonl"]).stdout.split(separator: "\n").count == 3)
        let others = try run(as: "r1", ["alerts", "ack", "O2"])
        #expect(others.status != 0 && others.stderr.contains("O2"), "\(others)")
        #expect(try run(as: "r1", ["alerts", "ack", "O1"]).status == 0)
        #expect(try cli.run(["alerts", "list", "--open", "--format", "jsonl"]).stdout.split(separator: "\n").count == 3)  // O2, O3, O4

        // Reps read; writing is the owner's.
        let write = try run(as: "r1", ["targets", "set", "--scope", "company", "--metric", "revenue", "--period", "2026", "--value", "1"])
        #expect(write.status == 77 && write.stderr.hasSuffix("permission denied for table targets\n"))
        #expect(try run(as: "r1", ["segment", "run", "tiers.lua"]).status == 77)

        #expect(try cli.run(["admin", "drop-roles"]).stdout == "dropped 4 roles: m1, r1, r2, r3\n")
        #expect(try run(as: "r1", ["segment", "list"]).status == 69)  // the login is gone
    }

    /// A rep's script writes only the records the rep sees, and keeps them the rep's: a write to
    /// another's record, or one giving a record away, is exit 77 naming it, and nothing of the run
    /// is stored. The audit trail records the rep's login; reps read the history of what they see
    /// and cannot change or remove any of it.
    @Test func repsWriteOnlyWhatTheySeeAndTheAuditTrailIsAppendOnly() throws {
        let cli = try fixture()
        defer { _ = try? cli.run(["admin", "drop-roles"]) }
        #expect(try cli.run(["admin", "roles"]).status == 0 && cli.run(["admin", "policies"]).status == 0)
        let server = try #require(cli.database?.url)
        let r1URL = server.replacingOccurrences(of: "://crescent@", with: "://r1@")
        func run(as role: String, _ arguments: [String]) throws -> CommandLineFixture.Result {  // --store before a script
            try cli.run([arguments[0], "--store", server.replacingOccurrences(of: "://crescent@", with: "://\(role)@")] + arguments.dropFirst())
        }
        try cli.write("own.lua", "crm.update('customers', 'C1', {status = 'vip'})\ncrm.create('activities', {rep_id = 'R1', customer_id = 'C1', kind = 'call', occurred_at = '2026-12-01 10:00'})\n")
        let own = try run(as: "r1", ["run", "own.lua"])
        #expect(own.status == 0 && own.stderr.contains("2 changes written (run 5"), "\(own)")  // runs 1 to 4: the imports

        try cli.write("other.lua", "crm.update('customers', 'C1', {status = 'gold'})\ncrm.update('customers', 'C2', {status = 'mine'})\n")
        let other = try run(as: "r1", ["run", "other.lua"])
        #expect(other.status == 77 && other.stderr.contains("other.lua:2: ") && other.stderr.contains("C2"), "\(other)")
        try cli.write("away.lua", "crm.update('customers', 'C1', {owner_id = 'R2'})\n")
        let away = try run(as: "r1", ["run", "away.lua"])
        #expect(away.status == 77 && away.stderr.contains("away.lua:1: ") && away.stderr.contains("C1"), "\(away)")
        let c1 = try cli.run(["export", "customers", "--format", "jsonl"]).stdout.split(separator: "\n").first { $0.contains("\"C1\"") }
        #expect(c1?.contains("\"status\":\"vip\"") == true && c1?.contains("\"owner_id\":\"R1\"") == true, "\(String(describing: c1))")

        let history = try cli.run(["history", "customers", "C1", "--format", "json"]).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]])
        #expect(entries.count == 2 && entries[0]["action"] as? String == "create" && entries[1]["user"] as? String == "r1"
                && entries[1]["place"] as? String == "own.lua:1", "\(entries)")
        #expect(try run(as: "r1", ["history", "customers", "C1", "--format", "json"]).stdout == history)
        let seen = try run(as: "r2", ["history", "--format", "json"]).stdout  // the imports of R2's records, nothing of R1's
        #expect(seen.contains("\"C2\"") && !seen.contains("\"C1\"") && !seen.contains("own.lua"), "\(seen)")

        let r1 = try PostgresStore(url: r1URL).link
        for statement in ["DELETE FROM record_changes", "UPDATE record_changes SET new_value = 'x'", "UPDATE change_runs SET made_by = 'r2'",
                          "INSERT INTO change_runs(made_at, source, made_by) VALUES ('2026-01-01', 'forged', 'm1')"] {
            #expect(throws: StoreError.self, Comment(rawValue: statement)) { try r1.query(statement) }
        }
        #expect(try cli.run(["history", "--format", "json"]).stdout.contains("forged") == false)
        let undo = try run(as: "r1", ["undo", "5"])
        #expect(undo.status == 0, "\(undo)")
        #expect(try cli.run(["export", "activities"]).stdout.split(separator: "\n").count == 1)  // the header: the activity is gone
    }

    /// The owner's segmentation run makes every rep's tasks; each rep lists and completes only
    /// theirs (a manager their team's too), and another's task is denied (exit 77), naming it.
    @Test func repsSeeAndWorkOnlyTheirTasks() throws {
        let cli = try fixture()
        defer { _ = try? cli.run(["admin", "drop-roles"]) }
        #expect(try cli.run(["admin", "roles"]).status == 0 && cli.run(["admin", "policies"]).status == 0)
        try cli.write("visits.lua", """
            return crm.segmentation { name = 'visits', tiers = { { name = 'all', when = function(c) return true end,
              follow_up = { every_days = 7, kind = 'visit' } } } }

            """)
        #expect(try cli.run(["segment", "run", "visits.lua", "--as-of", "2026-06-30"]).status == 0)
        let server = try #require(cli.database?.url)
        func run(as role: String, _ arguments: [String]) throws -> CommandLineFixture.Result {
            try cli.run(arguments + ["--store", server.replacingOccurrences(of: "://crescent@", with: "://\(role)@")])
        }
        func customers(as role: String) throws -> [String] {
            let json = try run(as: role, ["tasks", "list", "--format", "json"]).stdout
            let tasks = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            return tasks.compactMap { $0["customer_id"] as? String }.sorted()
        }
        #expect(try customers(as: "r1") == ["C1"] && customers(as: "r2") == ["C2"] && customers(as: "m1") == ["C1", "C3", "C4"])
        let all = try cli.run(["tasks", "list", "--format", "json"]).stdout
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(all.utf8)) as? [[String: Any]])
        let byCustomer = Dictionary(uniqueKeysWithValues: tasks.map { ($0["customer_id"] as! String, $0["id"] as! String) })
        let c2 = try #require(byCustomer["C2"]), c1 = try #require(byCustomer["C1"])

        let denied = try run(as: "r1", ["tasks", "done", c2])
        #expect(denied.status == 77 && denied.stderr.contains(c2), "\(denied)")
        let done = try run(as: "r1", ["tasks", "done", c1, "--note", "拜访完成"])
        #expect(done.status == 0, "\(done)")
        let activities = try cli.run(["export", "activities"]).stdout
        #expect(activities.contains(",R1,C1,,visit,") && activities.contains("拜访完成"), "\(activities)")
        #expect(try customers(as: "r1") == [] && run(as: "r2", ["history", "tasks", c1]).stdout == "(no rows)\n")
    }

    /// A manager sets the forecast of the team they manage, in their own name, and sees it roll up;
    /// another team's, or a rep's of another team, is refused. Snapshots are the owner's to save; each
    /// reads those of the scopes they see.
    @Test func managersAdjustTheirTeamsForecastAndReadTheirSnapshots() throws {
        let cli = try fixture()
        defer { _ = try? cli.run(["admin", "drop-roles"]) }
        #expect(try cli.run(["admin", "roles"]).status == 0 && cli.run(["admin", "policies"]).status == 0)
        try cli.write("deals.csv", """
            id,customer_id,owner_id,amount,stage,status,expected_close_on,closed_on
            D1,C1,R1,1000,negotiation,open,2026-03-20,
            D2,C2,R2,700,negotiation,open,2026-03-25,
            D3,C3,R3,300,won,won,2026-02-01,2026-02-05

            """)
        #expect(try cli.run(["import", "deals", "deals.csv"]).status == 0)
        let server = try #require(cli.database?.url)
        func run(as role: String, _ arguments: [String]) throws -> CommandLineFixture.Result {
            try cli.run(arguments + ["--as-of", "2026-02-10", "--store", server.replacingOccurrences(of: "://crescent@", with: "://\(role)@")])
        }
        func forecasts(as role: String, by grouping: String) throws -> [String: [String: Any]] {
            let json = try run(as: role, ["forecast", "--period", "2026-Q1", "--by", grouping, "--format", "json"]).stdout
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])["rows"] as? [[String: Any]]
            return Dictionary(uniqueKeysWithValues: (rows ?? []).map { ($0["scope"] as! String, $0) })
        }
        let adjusted = try run(as: "m1", ["forecast", "adjust", "--scope", "team:T1", "--period", "2026-Q1", "--value", "2500"])
        #expect(adjusted.status == 0, "\(adjusted)")
        let owner = try forecasts(as: "crescent", by: "team")
        #expect(owner["team:T1"]?["computed"] as? Double == 1300 && owner["team:T1"]?["forecast"] as? Double == 2500, "\(owner)")
        #expect((owner["team:T1"]?["adjusted"] as? [String: Any])?["set_by"] as? String == "m1")
        #expect(owner["company"]?["forecast"] as? Double == 3200)  // T1's 2500 and T2's 700
        let otherTeam = try run(as: "m1", ["forecast", "adjust", "--scope", "team:T2", "--period", "2026-Q1", "--value", "1"])
        #expect(otherTeam.status != 0 && otherTeam.stderr.contains("team:T2"), "\(otherTeam)")
        let otherRep = try run(as: "r1", ["forecast", "adjust", "--scope", "rep:R2", "--period", "2026-Q1", "--value", "1"])
        #expect(otherRep.status != 0 && otherRep.stderr.contains("rep:R2"), "\(otherRep)")
        #expect(try forecasts(as: "m1", by: "team").keys.sorted() == ["company", "team:T1", "team:T3"])

        #expect(try cli.run(["forecast", "--period", "2026-Q1", "--as-of", "2026-02-10", "--save"]).status == 0)
        #expect(try run(as: "m1", ["forecast", "--period", "2026-Q1", "--save"]).status == 77)
        let json = try run(as: "m1", ["forecast", "accuracy", "--period", "2026-Q1", "--by", "team", "--format", "json"]).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])["rows"] as? [[String: Any]]
        let read = Dictionary(uniqueKeysWithValues: (rows ?? []).map { ($0["scope"] as! String, $0["forecasts"] as? [Double]) })
        #expect(read == ["team:T1": [2500], "team:T3": [300], "company": [3200]], "\(json)")
    }

    /// Role names are ids in lower case with other characters as _: ids that would share one are refused, and no role is made.
    @Test func repsWhoseRolesWouldClashAreRefused() throws {
        let cli = try CommandLineFixture(.postgres)
        try cli.run(["init"])
        try cli.write("reps.csv", "id,name\n王一,A\n王二,B\nR-1,C\nr_1,D\nQ7,E\n")
        try cli.run(["import", "reps", "reps.csv"])
        let result = try cli.run(["admin", "roles"])
        #expect(result == .init(status: 64, stdout: "", stderr: """
            crescent: reps' ids must give distinct role names (lower case; characters other than a-z and 0-9 become _): \
            王一, 王二 would share role __; R-1, r_1 would share role r_1

            """))
        #expect(try cli.run(["admin", "list"]).stdout == "(no rows)\n")
    }

    /// Passwords come from a CSV file (quoted fields allowed) and reach the server hashed, as the
    /// server itself would hash them; a file naming an unknown rep, or one twice, sets none.
    @Test func passwordsAreStoredAsScramVerifiers() throws {
        let cli = try CommandLineFixture(.postgres)
        defer { _ = try? cli.run(["admin", "drop-roles"]) }
        try cli.run(["init"])
        try cli.write("reps.csv", "id,name\nPW1,A\nPW2,B\n")
        try cli.run(["import", "reps", "reps.csv"])
        try cli.write("unknown.csv", "rep_id,password\nPW1,secret\nPW9,other\n")
        #expect(try cli.run(["admin", "roles", "--passwords", "unknown.csv"])
                == .init(status: 64, stdout: "", stderr: "crescent: unknown.csv:3: no rep PW9 in the store\n"))
        try cli.write("twice.csv", "PW1,one\nPW2,two\nPW1,three\n")
        #expect(try cli.run(["admin", "roles", "--passwords", "twice.csv"])
                == .init(status: 64, stdout: "", stderr: "crescent: twice.csv:3: rep PW1 has a password on line 1 already\n"))
        try cli.write("short.csv", "rep_id,password\nPW1\n")
        #expect(try cli.run(["admin", "roles", "--passwords", "short.csv"]).stderr == "crescent: short.csv:2: expected rep_id,password\n")
        #expect(try cli.run(["admin", "list"]).stdout == "(no rows)\n")  // none of these made a role

        try cli.write("passwords.csv", "rep_id,password\nPW1,\"p,ss \"\"密码\"\"\"\n")
        #expect(try cli.run(["admin", "roles", "--passwords", "passwords.csv"]).status == 0)
        let link = try PostgresStore(url: try #require(cli.database?.url)).link
        let stored = try link.query("SELECT rolname, coalesce(rolpassword, '') FROM pg_authid WHERE rolname IN ('pw1', 'pw2') ORDER BY rolname")
            .map { try $0.decode((String, String).self) }
        #expect(stored.map(\.0) == ["pw1", "pw2"] && stored[1].1 == "")  // PW2 has no password
        let parts = stored[0].1.split(whereSeparator: { $0 == "$" || $0 == ":" })
        let salt = try #require(Data(base64Encoded: String(parts[2])))
        #expect(try ScramVerifier.make(password: "p,ss \"密码\"", salt: Array(salt)) == stored[0].1)
    }

    @Test func adminNeedsAServerStore() throws {
        let cli = try CommandLineFixture()
        let result = try cli.run(["admin", "roles", "--store", "team.db"])
        #expect(result == .init(status: 64, stdout: "",
                                stderr: "crescent: --store: per-rep access needs a PostgreSQL store (postgres://user@host/database); team.db is a file\n"))
    }
}
