@testable import CrescentPostgres
import CrescentTestSupport
import Foundation
import Testing

/// The workbench with sign-in: on a shared PostgreSQL store everyone signs in as their rep's role
/// (the server checks the password: the test server asks it of members of crescent_signin); on a
/// SQLite store served with `--users`, as a user of that file. Every page, drill-down and download
/// is computed as the rep, so a rep sees only their records and a manager their team's, on both.
/// Sign-in is rate-limited and its form protected; sessions end on sign-out.
@Suite(.serialized)
struct WorkbenchSignInTests {
    static let serverMissing = "CRESCENT_TEST_POSTGRES is not set: no PostgreSQL server for the sign-in tests on a shared store"

    /// Team T1 (managed by WM1) with WR1; WR2 in T2, whose name is hostile markup; an order each in February 2026.
    func fixture(_ backend: Backend = .postgres) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).withShippedScripts()
        try cli.run(["init", "--currency", "CNY"])
        try cli.write("teams.csv", "id,name,region,manager_id\nT1,华东一组,East,WM1\nT2,West,West,\n")
        try cli.write("reps.csv", "id,name,team_id,level\nWM1,马经理,T1,senior\nWR1,王伟,T1,senior\nWR2,\"</svg><script>alert(1)</script>\",T2,junior\n")
        try cli.write("customers.csv", "id,name,region,owner_id\nC1,明珠贸易,East,WR1\nC2,Acme,West,WR2\n")
        try cli.write("orders.csv", "id,customer_id,rep_id,ordered_on,amount,currency\nO1,C1,WR1,2026-02-03,100,CNY\nO2,C1,WR1,2026-02-05,20.5,CNY\nO3,C2,WR2,2026-02-04,200,CNY\n")
        try cli.write("activities.csv", """
            id,rep_id,customer_id,kind,occurred_at,outcome
            A1,WR1,C1,visit,2026-02-03T10:00:00Z,<b>good</b>
            A2,WR1,C1,call,2026-02-04T10:00:00Z,
            A3,WR2,C2,visit,2026-02-05T10:00:00Z,

            """)
        for entity in ["teams", "reps", "customers", "orders", "activities"] {
            #expect(try cli.run(["import", entity, "\(entity).csv"]).status == 0)
        }
        try cli.write("rules/orders.lua", """
            crm.alert { name = "order", severity = "info", check = function(emit)
              for _, o in ipairs(crm.find("orders")) do emit { key = o.id, subject = "order " .. o.id, owner = o.rep_id } end
            end }
            """)
        #expect(try cli.run(["alerts", "run", "--rules", "rules"]).status == 0)
        try cli.write("passwords.csv", "rep_id,password\nWM1,manager secret\nWR1,rep one\nWR2,\"p,ss 密码\"\n")
        if backend == .sqlite {
            #expect(try cli.run(["admin", "users", "--passwords", "passwords.csv", "--users", "users.csv"])
                    == .init(status: 0, stdout: "users.csv: 3 given a new password; 3 can sign in\n", stderr: ""))
            return cli
        }
        #expect(try cli.run(["admin", "roles", "--passwords", "passwords.csv"]).status == 0)
        #expect(try cli.run(["admin", "policies"]).status == 0)
        try PostgresStore(url: try #require(cli.database?.url)).link.query("GRANT crescent_signin TO wm1, wr1, wr2")
        return cli
    }

    /// Signs `web` in through the sign-in page; the answer to the form.
    func signIn(_ web: WebClient, _ login: String, _ password: String, next: String = "/") throws -> WebAnswer {
        let form = try web.get("/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        let token = try #require(WebClient.field("csrf", in: form.text), "\(form)")
        return try web.post("/login", [("csrf", token), ("next", next), ("login", login), ("password", password)])
    }

    /// The server of `cli`: a SQLite store's with its users file.
    func server(_ cli: CommandLineFixture, _ backend: Backend) throws -> WebServer {
        try WebServer(cli, arguments: backend == .sqlite ? ["--users", "users.csv"] : [])
    }

    /// SQLite always; PostgreSQL when there is a test server.
    static let backends = Backend.available

    @Test(arguments: backends)
    func aManagerSeesTheTeamAndARepOnlyTheirOwn(_ backend: Backend) throws {
        let cli = try fixture(backend)
        defer { if backend == .postgres { _ = try? cli.run(["admin", "drop-roles"]) } }
        let server = try server(cli, backend)

        // Nothing without signing in: pages send to the sign-in page, the API says 401.
        let manager = try server.client()
        let first = try manager.get("/reports/weekly-sales?week=2026-02")
        #expect(first.status == 303 && first.header("location") == "/login?next=/reports/weekly-sales%3Fweek%3D2026-02", "\(first)")
        #expect(try manager.get("/api/alerts").status == 401)
        #expect(try signIn(manager, "WM1", "wrong").status == 401)
        #expect(try signIn(manager, "WM1", "").status == 401)  // never an empty password, whatever the server would accept

        // The manager signs in, reads the dashboard in Chinese and the team's weekly report.
        let signed = try signIn(manager, "WM1", "manager secret", next: "/reports/weekly-sales?week=2026-02&team=T1")
        #expect(signed.status == 303 && signed.header("location") == "/reports/weekly-sales?week=2026-02&team=T1", "\(signed)")
        let cookie = try #require(signed.header("set-cookie"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.hasPrefix("crescent_session="), "\(cookie)")
        let dashboard = try manager.get("/?lang=zh&period=2026-Q1")
        #expect(dashboard.status == 200 && dashboard.text.contains("<title>销售仪表盘</title>") && dashboard.text.contains("WM1"), "\(dashboard)")
        let weekly = try manager.get("/reports/weekly-sales?week=2026-02&team=T1&lang=en")
        #expect(weekly.text.contains("WR1") && !weekly.text.contains("WR2"), "\(weekly)")
        let link = try #require(weekly.text.firstMatch(of: /<a href="(\/kpis\/revenue\/records\?[^"]*key=WR1)">([0-9,.]+)<\/a>/), "\(weekly)")
        #expect(link.2 == "120.50")
        let orders = try manager.get(String(link.1).replacingOccurrences(of: "&amp;", with: "&") + "&format=json")
        let listed = try #require(parsedJSON(orders.text) as? [String: Any], "\(orders)")
        #expect((listed["rows"] as? [[String: Any]])?.map { $0["id"] as? String } == ["O1", "O2"] && listed["total"] as? Double == 120.5)
        let workbook = try manager.get("/reports/weekly-sales?week=2026-02&team=T1&format=xlsx")
        #expect(workbook.status == 200 && workbook.body.prefix(2) == Data("PK".utf8))
        #expect(try manager.get("/api/alerts").text.contains("O1") && !manager.get("/api/alerts").text.contains("O3"))
        // A kept page never outlives a commit, by anyone: the owner acknowledges O2 from another process.
        #expect(try cli.run(["alerts", "ack", "O2"]).status == 0)
        let fresh = try manager.get("/api/alerts")
        let acked = (parsedJSON(fresh.text) as? [[String: Any]])?.first { $0["key"] as? String == "O2" }?["status"] as? String
        #expect(acked == "acked" && fresh.header("x-crescent-cache") == "miss", "\(fresh)")

        // A rep sees their own records everywhere: pages, drill-downs, downloads, alerts; and markup stays text.
        let rep = try server.client()
        #expect(try signIn(rep, "WR2", "p,ss 密码").status == 303)
        let own = try rep.get("/reports/weekly-sales?week=2026-02&format=csv")
        #expect(own.text.contains("WR2") && !own.text.contains("WR1") && !own.text.contains("WM1"), "\(own)")
        let page = try rep.get("/reports/weekly-sales?week=2026-02")
        #expect(page.text.contains("&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;") && !page.text.contains("<script>"), "\(page)")
        let theirs = try rep.get("/api/kpis/revenue/records?period=2026-02&by=rep&key=WR1")
        #expect((parsedJSON(theirs.text) as? [String: Any])?["count"] as? Int == 0, "\(theirs)")
        let company = try rep.get("/api/kpis/revenue/records?period=2026-02")
        #expect((parsedJSON(company.text) as? [String: Any])?["total"] as? Double == 200, "\(company)")
        // The activities behind a count, likewise: a rep sees none of another's.
        func activities(_ web: WebClient, _ query: String) throws -> [String] {
            let answer = try web.get("/api/kpis/activities/records?period=2026-02&" + query)
            return try #require(parsedJSON(answer.text) as? [String: Any], "\(answer)")["rows"].flatMap { $0 as? [[String: Any]] }?
                .compactMap { $0["id"] as? String } ?? []
        }
        #expect(try activities(manager, "by=rep&key=WR1") == ["A1", "A2"] && activities(manager, "by=rep&key=WR1&kind=visit") == ["A1"])
        #expect(try activities(rep, "by=rep&key=WR1") == [] && activities(rep, "by=company") == ["A3"])
        let explorer = try manager.get("/kpis/activities?period=2026-02&by=rep&kind=visit")
        #expect(explorer.text.contains("<a href=\"/kpis/activities/records?period=2026-02&amp;by=rep&amp;key=WR1&amp;kind=visit\">1</a>"),
                "\(explorer)")
        let activityPage = try manager.get("/kpis/activities/records?period=2026-02&by=rep&key=WR1")
        #expect(activityPage.text.contains("activities 1 to 2 of 2") && activityPage.text.contains("&lt;b&gt;good&lt;/b&gt;"), "\(activityPage)")
        let alerts = try rep.get("/api/alerts").text
        #expect(alerts.contains("O3") && !alerts.contains("O1"), "\(alerts)")
        // ...and acknowledges only their own alerts.
        let token = try #require(WebClient.field("csrf", in: try rep.get("/alerts").text))
        #expect(try rep.post("/alerts/ack", [("csrf", token), ("rule", "order"), ("key", "O1")]).status == 400)
        #expect(try rep.post("/alerts/ack", [("csrf", token), ("rule", "order"), ("key", "O3")]).status == 303)

        // Signing out ends the session: its cookie opens nothing any more.
        #expect(try rep.post("/logout", [("csrf", "forged")]).status == 403)
        #expect(try rep.post("/logout", [("csrf", token)]).status == 303)
        #expect(try rep.get("/").status == 303)
    }

    @Test(arguments: backends)
    func signInIsRateLimitedAndItsFormProtected(_ backend: Backend) throws {
        let cli = try fixture(backend)
        defer { if backend == .postgres { _ = try? cli.run(["admin", "drop-roles"]) } }
        let server = try server(cli, backend)
        let web = try server.client()
        // A form posted without the page's token (a cross-site page cannot read it) is refused.
        #expect(try web.post("/login", [("login", "WR1"), ("password", "rep one")]).status == 403)
        #expect(try web.post("/login", [("csrf", "made-up"), ("login", "WR1"), ("password", "rep one")]).status == 403)
        for _ in 1...5 { #expect(try signIn(web, "WR1", "guess").status == 401) }
        // The sixth attempt waits, even with the right password, and says how long.
        let limited = try signIn(web, "WR1", "rep one")
        #expect(limited.status == 429 && Int(limited.header("retry-after") ?? "") ?? 0 > 0, "\(limited)")
        #expect(limited.text.contains("Too many failed sign-ins"))
        // Another login from elsewhere is not blocked by it; after signing in the next address is only ever on this server.
        let other = try server.client()
        let signed = try signIn(other, "WM1", "manager secret", next: "//evil.example/")
        #expect(signed.status == 303 && signed.header("location") == "/", "\(signed)")
    }

    /// Where the browser test's screenshots go: $CRESCENT_SCREENSHOTS, else .build/screenshots/workbench.
    static let screenshots = ProcessInfo.processInfo.environment["CRESCENT_SCREENSHOTS"]
        ?? CommandLineFixture.repository.appendingPathComponent(".build/screenshots/workbench").path

    @Test(.enabled(if: DemoReportsAndAlertsTests.chromium != nil, "chromium is not installed (.ci/setup installs it)"),
          .enabled(if: Backend.serverURL != nil, Comment(rawValue: serverMissing)))
    func theManagersDayInARealBrowser() throws {
        let cli = try fixture()
        defer { _ = try? cli.run(["admin", "drop-roles"]) }
        let server = try WebServer(cli)
        print("workbench screenshots: \(Self.screenshots)")
        let script = CommandLineFixture.repository.appendingPathComponent("Tests/browser/workbench.py").path
        try runPython("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
                      [script, server.base, "WM1", "manager secret", Self.screenshots])
        let taken = try FileManager.default.contentsOfDirectory(atPath: Self.screenshots).filter { $0.hasSuffix(".png") }
        #expect(taken.count >= 6, "\(taken)")
        #expect(try cli.run(["alerts", "list", "--format", "json"]).stdout.contains(#""status":"acked""#))
    }
}
