import CrescentTestSupport
import Foundation
import Testing

/// `crescent serve` on a SQLite store (one analyst, no sign-in), through the built binary: the
/// dashboard, the reports with their parameter forms and downloads, the records behind a number
/// adding up to it, alerts acknowledged by a form that needs its token, every value escaped, the
/// language from the browser, the address or the switch, and pages that say what is wrong.
@Suite struct ServeCommandTests {
    /// A store whose rep R1 sold three orders in February 2026 (one in USD) and R2 one, with an alert whose subject is hostile.
    func fixture() throws -> CommandLineFixture {
        let cli = try CommandLineFixture(.sqlite).withShippedScripts().seeded()
        try cli.write("orders.csv", """
            id,customer_id,rep_id,ordered_on,amount,currency
            O1,C1,R1,2026-02-02,1000.50,CNY
            O2,C3,R1,2026-02-10,250,CNY
            O3,C1,R1,2026-02-20,100,USD
            O4,C2,R2,2026-02-11,999,CNY
            O5,C1,R1,2026-03-01,7,CNY

            """)
        try cli.write("fx_rates.csv", "currency,valid_from,rate_to_base\nUSD,2026-01-01,7.1\n")
        for entity in ["fx_rates", "orders"] { #expect(try cli.run(["import", entity, "\(entity).csv"]).status == 0) }
        try cli.write("rules/odd.lua", """
            crm.alert { name = "odd", severity = "critical", check = function(emit)
              emit { key = "x", subject = "<script>alert(1)</script> \\"quoted\\" </svg>", owner = "R1" }
            end }

            """)
        #expect(try cli.run(["alerts", "run", "--rules", "rules"]).status == 0)
        return cli
    }

    @Test func pagesDownloadsAndDrillDown() throws {
        let cli = try fixture()
        let server = try WebServer(cli)
        let web = try server.client()

        let dashboard = try web.get("/")
        #expect(dashboard.status == 200 && dashboard.header("content-type") == "text/html; charset=utf-8", "\(dashboard)")
        #expect(dashboard.text.contains("<title>Sales dashboard</title>") && dashboard.text.contains("<a href=\"/reports\">"))
        #expect(dashboard.header("content-security-policy")?.hasPrefix("default-src 'none'") == true)
        let index = try web.get("/reports")
        #expect(index.text.contains("<a href=\"/reports/weekly-sales\">Weekly sales report</a>"), "\(index)")

        // The report's form holds its parameters; its numbers link to the records they sum.
        let weekly = try web.get("/reports/weekly-sales?week=2026-02&team=T1")
        #expect(weekly.status == 200 && weekly.text.contains("<input name=\"week\" value=\"2026-02\""), "\(weekly)")
        let link = try #require(weekly.text.firstMatch(of: /<a href="(\/kpis\/revenue\/records\?[^"]*key=R1)">([0-9,.]+)<\/a>/), "\(weekly)")
        let href = String(link.1).replacingOccurrences(of: "&amp;", with: "&")
        #expect(href == "/kpis/revenue/records?period=2026-02&by=rep&key=R1")
        #expect(link.2 == "1,960.50")  // 1000.50 + 250 + 100 USD at 7.1
        let records = try web.get("/api" + href)
        let object = try #require(parsedJSON(records.text) as? [String: Any], "\(records)")
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["O1", "O2", "O3"])
        #expect(abs(rows.compactMap { $0["base_amount"] as? Double }.reduce(0, +) - 1960.5) < 0.005 && object["total"] as? Double == 1960.5)
        let page = try web.get(href)
        #expect(page.text.contains("orders 1 to 3 of 3, in all 1,960.50") && page.text.contains("¥") == false && page.text.contains("710.00"), "\(page)")

        // The KPI explorer: its values and the previous period's link to their orders; the form keeps what was chosen.
        let kpi = try web.get("/kpis/revenue?period=2026-02&by=rep&compare=previous")
        #expect(kpi.status == 200 && kpi.text.contains("<option value=\"rep\" selected>") && kpi.text.contains("value=\"previous\" checked"), "\(kpi)")
        #expect(kpi.text.contains("<a href=\"/kpis/revenue/records?period=2026-02&amp;by=rep&amp;key=R1\">1,960.50</a>"), "\(kpi)")
        #expect(kpi.text.contains("/kpis/revenue/records?period=2026-01&amp;by=rep&amp;key=R1"))
        #expect(kpi.text.contains("<a href=\"/kpis/orders?by=rep&amp;period=2026-02&amp;compare=previous\">"))
        let funnel = try web.get("/funnel?period=2026")
        #expect(funnel.status == 200 && funnel.text.contains("<title>Sales funnel</title>") && funnel.text.contains("name=\"period\" value=\"2026\""), "\(funnel)")

        // A page is computed once while the store stays the same, and again once anyone writes to it.
        let again = try web.get("/kpis/revenue?period=2026-02&by=rep&compare=previous")
        #expect(again.header("x-crescent-cache") == "hit" && again.text == kpi.text && kpi.header("x-crescent-cache") == "miss")
        try cli.write("more.csv", "id,customer_id,rep_id,ordered_on,amount,currency\nO6,C1,R1,2026-02-25,39.5,CNY\n")
        #expect(try cli.run(["import", "orders", "more.csv"]).status == 0)
        let fresh = try web.get("/kpis/revenue?period=2026-02&by=rep&compare=previous")
        #expect(fresh.header("x-crescent-cache") == "miss" && fresh.text.contains(">2,000.00</a>"), "\(fresh)")
        #expect(try web.get("/api/kpis/revenue/records?period=2026-02&by=rep&key=R1").text.contains(#""total":2000"#))

        // Downloads: CSV (formula-safe), JSON, a workbook, a page to print without the navigation.
        let csv = try web.get("/reports/weekly-sales?week=2026-02&format=csv")
        #expect(csv.status == 200 && csv.header("content-type") == "text/csv; charset=utf-8" && csv.text.contains("R1,王伟,2000"), "\(csv)")
        #expect(csv.header("content-disposition") == "attachment; filename=\"weekly-sales.csv\"")
        let xlsx = try web.get("/reports/weekly-sales?week=2026-02&format=xlsx")
        #expect(xlsx.status == 200 && xlsx.body.prefix(2) == Data("PK".utf8) && xlsx.header("content-disposition") == "attachment; filename=\"weekly-sales.xlsx\"")
        let printed = try web.get("/reports/weekly-sales?week=2026-02&format=print")
        #expect(printed.text.contains("<h1>Weekly sales report</h1>") && !printed.text.contains("<nav"))
        let json = try web.get("/api/reports/weekly-sales?week=2026-02")
        #expect((parsedJSON(json.text) as? [String: Any])?["report"] as? String == "weekly-sales")

        // A segmentation's tier counts link to their members, as many as the count says.
        try cli.write("tiers.lua", "return crm.segmentation { name = 'big', tiers = { { name = 'A', when = function(c) return c.revenue_12m >= 1000 end } }, default = 'B' }\n")
        #expect(try cli.run(["segment", "run", "tiers.lua", "--as-of", "2026-06-30"]).status == 0)
        let segment = try web.get("/segments/big")
        let tier = try #require(segment.text.firstMatch(of: /<a href="\/segments\/big\/members\?tier=B">(\d+)<\/a>/), "\(segment)")
        let members = try web.get("/api/segments/big/members?tier=B")
        #expect((parsedJSON(members.text) as? [[String: Any]])?.count == Int(tier.1) && Int(tier.1) == 2, "\(members)")
        let tierA = try web.get("/segments/big/members?tier=A").text
        #expect(tierA.contains("<p class=\"pager\">customers 1 to 1 of 1</p>"), "\(tierA)")
        let beyond = try web.get("/segments/big/members?tier=A&page=2").text
        #expect(beyond.contains("<a rel=\"prev\" href=\"/segments/big/members?page=1&amp;tier=A\">← previous</a>") && !beyond.contains("rel=\"next\""),
                "\(beyond)")
        #expect(try web.get("/segments/nope?lang=en").status == 404)

        // A customer's page, linked from the orders behind a number and from a tier's members.
        #expect(page.text.contains("<a href=\"/customers/C1\">C1 上海明珠贸易有限公司</a>"), "\(page)")
        #expect(try web.get("/segments/big/members?tier=A").text.contains("<a href=\"/customers/C1\">C1</a>"))
        let customer = try web.get("/customers/C1")
        #expect(customer.status == 200 && customer.text.contains("<h3>上海明珠贸易有限公司</h3>") && customer.text.contains("王伟 (R1)"), "\(customer)")
        #expect(customer.text.contains("<td>O5</td>") && customer.text.contains("<td>big</td><td>A</td>"), "\(customer)")
        let customerJSON = try #require(parsedJSON(try web.get("/api/customers/C1").text) as? [String: Any])
        #expect(customerJSON["report"] as? String == "customer")
        let unknown = try web.get("/customers/C9?lang=en")
        #expect(unknown.status == 404 && unknown.text.contains("C9") && !unknown.text.contains("traceback"), "\(unknown)")

        // Every value escaped; alerts are acknowledged by a form carrying the page's token.
        let alerts = try web.get("/alerts")
        #expect(alerts.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &lt;/svg&gt;"), "\(alerts)")
        #expect(!alerts.text.contains("<script>") && !alerts.text.contains("</svg> "))
        let token = try #require(WebClient.field("csrf", in: alerts.text))
        #expect(try web.post("/alerts/ack", [("rule", "odd"), ("key", "x")]).status == 403)
        #expect(try web.post("/alerts/ack", [("csrf", token), ("rule", "odd"), ("key", "x")], headers: ["Origin": "http://evil.example"]).status == 403)
        #expect(try cli.run(["alerts", "list", "--format", "json"]).stdout.contains(#""status":"open""#))
        let acked = try web.post("/alerts/ack", [("csrf", token), ("rule", "odd"), ("key", "x")])
        #expect(acked.status == 303 && acked.header("location") == "/alerts", "\(acked)")
        #expect(try cli.run(["alerts", "list", "--format", "json"]).stdout.contains(#""status":"acked""#))
        #expect(try web.post("/alerts/ack", [("csrf", token), ("rule", "odd"), ("key", "x")]).status == 400)
    }

    @Test func languagesAndErrors() throws {
        let cli = try fixture()
        let server = try WebServer(cli)
        let web = try server.client()
        let chinese = try web.get("/reports", headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"])
        #expect(chinese.text.contains("<html lang=\"zh-Hans\">") && chinese.text.contains("<h1>报告</h1>"), "\(chinese)")
        #expect(try web.get("/reports", headers: ["Accept-Language": "en-US,zh;q=0.5"]).text.contains("<h1>Reports</h1>"))
        // The switch on the page: the address chooses, and a cookie keeps the choice for the next pages.
        let switched = try web.get("/reports/weekly-sales?week=2026-02&lang=zh")
        #expect(switched.text.contains("<title>销售周报</title>") && switched.text.contains("href=\"/reports/weekly-sales?lang=en&amp;week=2026-02\""),
                "\(switched)")
        #expect(try web.get("/", headers: ["Accept-Language": "en"]).text.contains("<title>销售仪表盘</title>"))

        let missing = try web.get("/reports/nope?lang=en")
        #expect(missing.status == 404 && missing.text.contains("no report plugin 'nope'") && !missing.text.contains("Error Domain"), "\(missing)")
        let bad = try web.get("/kpis/revenue/records?period=someday&lang=en")
        #expect(bad.status == 400 && bad.text.contains("period: 'someday' is not valid"), "\(bad)")
        let unknown = try web.get("/kpis/win_rate/records?period=2026")
        #expect(unknown.status == 404 && unknown.text.contains("win_rate"), "\(unknown)")
        #expect(try web.get("/login").status == 303)  // nobody signs in to a file of one's own
    }

    /// The funnel's open pipeline links each stage's count to the deals behind it, which add up to the
    /// stage's value; a stalled deal's customer links to the customer's page.
    @Test func aStageLinksToItsOpenDeals() throws {
        let cli = try fixture()
        try cli.write("deals.csv", """
            id,customer_id,owner_id,name,amount,currency,stage,status,created_on
            D1,C1,R1,<b>大单</b>,5000,CNY,proposal,open,2026-01-05
            D2,C3,R1,Small,100,USD,proposal,open,2026-01-06
            D3,C2,R2,Other,700,CNY,negotiation,open,2026-01-07
            D4,C2,R2,Lost one,50,CNY,proposal,lost,2026-01-08

            """)
        #expect(try cli.run(["import", "deals", "deals.csv"]).status == 0)
        let server = try WebServer(cli)
        let web = try server.client()
        let funnel = try web.get("/funnel?period=2026")
        let link = try #require(funnel.text.firstMatch(of: /<a href="(\/funnel\/deals\?stage=proposal)">2<\/a>/), "\(funnel)")
        let page = try web.get(String(link.1))
        #expect(page.status == 200 && page.text.contains("deals 1 to 2 of 2, worth 5,710.00 in all"), "\(page)")
        #expect(page.text.contains("&lt;b&gt;大单&lt;/b&gt;") && page.text.contains("<a href=\"/customers/C1\">"), "\(page)")
        let json = try #require(parsedJSON(try web.get("/api/funnel/deals?stage=proposal").text) as? [String: Any])
        #expect((json["rows"] as? [[String: Any]])?.map { $0["id"] as? String } == ["D1", "D2"])  // largest first
        #expect(json["count"] as? Int == 2 && json["value"] as? Double == 5710 && json["weighted"] as? Double == 2284)
        let team = try #require(parsedJSON(try web.get("/api/funnel/deals?stage=negotiation&scope=rep:R1").text) as? [String: Any])
        #expect(team["count"] as? Int == 0 && (team["rows"] as? [Any])?.isEmpty == true)
        let missing = try web.get("/api/funnel/deals")
        #expect(missing.status == 400 && missing.text.contains("stage"), "\(missing)")
        // The dashboard's funnel links each stage's open deals too.
        let dashboard = try web.get("/?period=2026")
        #expect(dashboard.text.contains("<a href=\"/funnel/deals?stage=proposal\">2</a>"), "\(dashboard)")
    }

    /// A customer count links to the customers it counts: new customers (first order in the period) and
    /// active ones (an order in it), per group, as many as the KPI says.
    @Test func customerCountsLinkToTheirCustomers() throws {
        let cli = try fixture()
        let server = try WebServer(cli)
        let web = try server.client()
        let explorer = try web.get("/kpis/new_customers?period=2026-02&by=rep")
        let link = try #require(explorer.text.firstMatch(of: /<a href="(\/kpis\/new_customers\/records\?[^"]*key=R1)">2<\/a>/), "\(explorer)")
        func ids(_ href: String) throws -> [String] {
            let answer = try web.get("/api" + href.replacingOccurrences(of: "&amp;", with: "&"))
            return (try #require(parsedJSON(answer.text) as? [String: Any], "\(answer)")["rows"] as? [[String: Any]])?
                .compactMap { $0["id"] as? String } ?? []
        }
        #expect(try ids(String(link.1)) == ["C1", "C3"])
        #expect(try ids("/kpis/active_customers/records?period=2026-03&by=rep&key=R1") == ["C1"])
        #expect(try ids("/kpis/new_customers/records?period=2026-03") == [])  // C1 was no longer new
        let page = try web.get(String(link.1).replacingOccurrences(of: "&amp;", with: "&"))
        #expect(page.text.contains("customers 1 to 2 of 2") && page.text.contains("<a href=\"/customers/C3\">"), "\(page)")
        let none = try web.get("/api/kpis/win_rate/records?period=2026-02")
        #expect(none.status == 404 && none.text.contains("new_customers, active_customers"), "\(none)")
    }

    /// The moves of a segmentation between two runs: how many made each move, each count linked to those
    /// customers; the runs chosen in the address (either order), a run that is none a 400 naming the saved ones.
    @Test func movesBetweenTwoRuns() throws {
        let cli = try fixture()
        try cli.write("tiers.lua", "return crm.segmentation { name = 'big', tiers = { { name = 'A', when = function(c) return c.revenue_12m >= 1000 end } }, default = 'B' }\n")
        #expect(try cli.run(["segment", "run", "tiers.lua", "--as-of", "2026-01-31"]).status == 0)
        try cli.write("more.csv", "id,name,region,owner_id\nC4,<i>新客户</i>,East,R2\n")
        #expect(try cli.run(["import", "customers", "more.csv"]).status == 0)
        #expect(try cli.run(["segment", "run", "tiers.lua", "--as-of", "2026-02-28"]).status == 0)
        let server = try WebServer(cli)
        let web = try server.client()
        #expect(try web.get("/segments/big").text.contains("<a href=\"/segments/big/moves\">moves between runs</a>"))

        let json = try #require(parsedJSON(try web.get("/api/segments/big/moves").text) as? [String: Any])
        #expect((json["from"] as? [String: Any])?["run"] as? Int == 1 && (json["to"] as? [String: Any])?["run"] as? Int == 2)
        let counts = (json["counts"] as? [[String: Any]])?.map { "\($0["from"] as? String ?? "-")>\($0["to"] as? String ?? "-") \($0["count"] as? Int ?? 0)" }
        #expect(counts == ["->B 1", "B>A 1"], "\(json)")
        let page = try web.get("/segments/big/moves?from=2&to=1")  // either order
        #expect(page.status == 200 && page.text.contains("<option value=\"1\" selected>run 1, as of 2026-01-31</option>"), "\(page)")
        let link = try #require(page.text.firstMatch(of: /<a href="(\/segments\/big\/moves\?[^"]*to_tier=A)">1<\/a>/), "\(page)")
        let one = try web.get(String(link.1).replacingOccurrences(of: "&amp;", with: "&") + "&format=json")
        let rows = try #require(parsedJSON(one.text) as? [String: Any])["rows"] as? [[String: Any]]
        #expect(rows?.map { $0["customer_id"] as? String } == ["C1"], "\(one)")
        #expect(page.text.contains("&lt;i&gt;新客户&lt;/i&gt;") && page.text.contains("(new)"), "\(page)")
        let none = try web.get("/api/segments/big/moves?from=7")
        #expect(none.status == 404 && none.text.contains("no saved run 7; its runs are 1, 2"), "\(none)")
    }

    /// A plugin's cell links to a stage's deals with `records = {stage, scope}`; a scope that is none is an
    /// error naming the cell.
    @Test func aPluginLinksACellToAStagesDeals() throws {
        let cli = try CommandLineFixture(.sqlite).withShippedScripts().seeded()
        func plugin(_ scope: String) throws {
            try cli.write("plugins/open.lua", """
                return crm.report.plugin { name = "open", title = "Open", build = function(report)
                  report:table { columns = { "stage", "deals" }, rows = { { "proposal", { value = 2, records = { stage = "proposal", scope = \(scope) } } } } }
                end }
                """)
        }
        try plugin("'team:T1'")
        let json = try cli.run(["report", "open", "--plugins", "plugins", "--format", "json"])
        #expect(json.stdout.contains(#""links":[{"column":1,"href":"/funnel/deals?stage=proposal&scope=team:T1","row":0}]"#), "\(json)")
        try plugin("'teams'")
        let bad = try cli.run(["report", "open", "--plugins", "plugins"])
        #expect(bad.status != 0 && bad.stderr.contains("rows[1][2].records: expected {stage = name, scope = 'team:ID' or 'rep:ID'}"), "\(bad)")
    }

    /// A SQLite store is served beyond this machine only with sign-in; the users file is written from reps'
    /// passwords, hashed, kept for the others, and read back strictly: each error names the file and line.
    @Test func usersFileAndWhatServeRefuses() throws {
        let cli = try CommandLineFixture(.sqlite).seeded()
        let open = try cli.run(["serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(open == .init(status: 64, stdout: "", stderr: """
            crescent: --host 0.0.0.0: a SQLite store served beyond this machine needs --users FILE, so that people sign in

            """))
        try cli.write("pw.csv", "rep_id,password\nR1,one\n")
        #expect(try cli.run(["admin", "users", "--passwords", "pw.csv", "--users", "users.csv"]).stdout == "users.csv: 1 given a new password; 1 can sign in\n")
        try cli.write("pw2.csv", "R2,two\nR9,nine\n")
        let unknown = try cli.run(["admin", "users", "--passwords", "pw2.csv", "--users", "users.csv"])
        #expect(unknown.status == 64 && unknown.stderr.contains("pw2.csv:2") && unknown.stderr.contains("R9"), "\(unknown)")
        try cli.write("pw2.csv", "R2,two\n")
        #expect(try cli.run(["admin", "users", "--passwords", "pw2.csv", "--users", "users.csv"]).stdout == "users.csv: 1 given a new password; 2 can sign in\n")
        let users = try String(contentsOf: cli.folder.appendingPathComponent("users.csv"), encoding: .utf8)
        #expect(users.hasPrefix("login,rep_id,password\nr1,R1,SCRAM-SHA-256$4096:") && users.contains("\nr2,R2,SCRAM-SHA-256$") && !users.contains("one"))
        let mode = try FileManager.default.attributesOfItem(atPath: cli.folder.appendingPathComponent("users.csv").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        try cli.write("bad.csv", users + "r3,R3,secret\n")
        let bad = try cli.run(["serve", "--port", "0", "--users", "bad.csv"])
        #expect(bad.status == 64 && bad.stderr.hasPrefix("crescent: bad.csv:4: expected login,rep_id,password"), "\(bad)")
    }
}
