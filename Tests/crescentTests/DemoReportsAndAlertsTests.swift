import CrescentTestSupport
import Foundation
import Testing

/// The shipped plugins and alert rules on a demo store, and the plugin contract, run through the built binary.
@Suite(.serialized) struct DemoReportsAndAlertsTests {
    static let shipped = ["activity-report", "funnel", "quota-leaderboard", "rep-scorecard", "stalled-deals", "tier-distribution",
                          "weekly-sales", "yoy-revenue", "forecast", "clv-tracking", "forecast-accuracy"]
    static let asOf = ["--as-of", "2026-11-20"]

    /// A demo store made with the repository's scripts and plugins, once for the suite.
    static let demo: CommandLineFixture = {
        let cli = try! CommandLineFixture().withShippedScripts()
        let made = try! cli.run(["demo", "--customers", "300", "--seed", "3"] + asOf)
        precondition(made.status == 0, made.stderr)
        return cli
    }()

    @Test func reportsListsTheShippedPlugins() throws {
        let listed = try Self.demo.run(["reports"] + Self.asOf)
        #expect(listed.status == 0 && listed.stderr.isEmpty)
        for name in Self.shipped { #expect(listed.stdout.contains("\(name) — "), "\(name)") }
        #expect(listed.stdout.contains("weekly-sales — Weekly sales report\n  Revenue, orders and new customers of a week against target"))
        #expect(listed.stdout.contains("    week (period), default last-week: the week (or any period)\n    team (team), optional: only this team's reps\n"))
    }

    @Test(arguments: shipped) func everyShippedPluginRendersInEveryFormat(_ name: String) throws {
        for format in ["table", "md", "csv", "json", "html"] {
            let result = try Self.demo.run(["report", name, "--format", format] + Self.asOf)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(name) \(format): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(name) \(format)")
        }
    }

    @Test func shippedAlertRulesRaiseOnceAndNotAgain() throws {
        let first = try Self.demo.run(["alerts", "run", "--format", "jsonl"] + Self.asOf)
        #expect(first.status == 0, "\(first.stderr)")
        let rules = Set(first.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["rule"] as? String
        })
        #expect(!rules.isEmpty, "\(first.stdout)")  // which rules, and how many: DemoPropertiesTests, on the default demo
        let second = try Self.demo.run(["alerts", "run"] + Self.asOf)
        #expect(second.status == 0 && second.stderr.hasPrefix("0 new alerts; "))
    }

    /// The questions of docs/repl.md, asked through the REPL on the demo store, answer without an error.
    @Test func theManagersQuestionsOfTheReplGuideAnswer() throws {
        let guide = try String(contentsOf: CommandLineFixture.repository.appendingPathComponent("docs/repl.md"), encoding: .utf8)
        let snippets = guide.components(separatedBy: "```lua\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(snippets.count == 3)
        let rep = try Self.demo.run(["repl"] + Self.asOf, input: "crm.find('reps', {role = 'rep'})[1].name\n").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let answers = try Self.demo.run(["repl"] + Self.asOf, input: snippets.joined().replacingOccurrences(of: "马丽丽", with: rep))
        #expect(answers.status == 0, "\(answers.stdout)")
        #expect(!answers.stdout.contains("error:"))
        #expect(answers.stdout.contains("customers in all)") || answers.stdout.contains(" customers)"))  // the quiet A-tier customers
        #expect(answers.stdout.contains("weighted_pipeline by ") && answers.stdout.contains("quota_attainment by "), "\(answers.stdout)")
        #expect(answers.stdout.contains("team  rank  percentile"))
    }

    /// A plugin declares its texts per language; the report and `crescent reports` show the one asked for.
    @Test func aPluginSpeaksTheLanguageAskedFor() throws {
        let zh = try Self.demo.run(["report", "weekly-sales", "--lang", "zh"] + Self.asOf)
        #expect(zh.status == 0 && zh.stdout.hasPrefix("销售周报\n"), "\(zh)")
        for text in ["数据截至 2026-11-20", "销售额  ", "按销售", "目标完成率", "环比上周"] { #expect(zh.stdout.contains(text), "\(text)") }
        // A custom KPI names itself per language too.
        let custom = try Self.demo.run(["kpi", "revenue_per_visit", "--period", "2026-Q3", "--by", "team", "--lang", "zh"] + Self.asOf)
        #expect(custom.stdout.hasPrefix("单次拜访销售额（按团队）\n"), "\(custom)")
        let listed = try Self.demo.run(["reports", "--lang", "zh"] + Self.asOf)
        #expect(listed.stdout.contains("weekly-sales — 销售周报\n  一周的销售额"), "\(listed)")
        // Machines read the same CSV in either language.
        let csv = ["report", "weekly-sales", "--format", "csv"] + Self.asOf
        #expect(try Self.demo.run(csv + ["--lang", "zh"]).stdout.contains("\nrep,name,revenue,target,attainment,vs_last_week,orders,new_customers\n"))
        let cli = Self.demo
        try cli.write("t.lua", "print(crm.t{en = 'Hello', zh = '你好'}, crm.t'plain') local bad = crm.t(42)")
        let t = try cli.run(["run", "--lang", "zh", "t.lua"])
        #expect(t.stdout == "你好\tplain\n" && t.status == 70, "\(t)")
        #expect(t.stderr.contains("t.lua:1: crm.t: expected a string or a table of texts by language ({en = ..., zh = ...}), got number"), "\(t)")
    }

    @Test func badParametersShowThePluginsParameters() throws {
        let unknown = try Self.demo.run(["report", "weekly-sales", "--param", "teem=T1"] + Self.asOf)
        #expect(unknown.status == 64)
        #expect(unknown.stderr == """
            crescent: report weekly-sales: unknown parameter 'teem' (did you mean 'team'?)
            parameters of weekly-sales:
              week (period), default last-week: the week (or any period)
              team (team), optional: only this team's reps

            """)
        let period = try Self.demo.run(["report", "funnel", "--param", "period=2026-Q5"] + Self.asOf)
        #expect(period.status == 64 && period.stderr.contains("period: '2026-Q5' is not a period (2026, 2026-Q3"))
        let team = try Self.demo.run(["report", "funnel", "--param", "team=T9"] + Self.asOf)
        #expect(team.status == 64 && team.stderr.contains("team: 'T9' is not a team id"))
        let plugin = try Self.demo.run(["report", "weekly-sale"] + Self.asOf)
        #expect(plugin.status == 64 && plugin.stderr.hasPrefix("crescent: no report plugin 'weekly-sale' (did you mean 'weekly-sales'?)"))
    }

    @Test func aDroppedInPluginIsFoundAndABrokenOneIsSetAside() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("mine/hello.lua", """
            return crm.report.plugin {
              name = "hello", title = "客户数", params = { { name = "n", type = "integer", default = 2 } },
              build = function(report, p)
                report:tiles { { label = "customers", value = crm.count("customers") * p.n, kind = "integer" } }
                report:table { columns = { "name", "region" }, rows = { { "王伟", "East" }, { "Ann", nil } } }
              end,
            }
            """)
        try cli.write("mine/broken.lua", "return crm.report.plugin { name = 'broken' }")
        let listed = try cli.run(["reports", "--plugins", "mine"])
        #expect(listed.stdout.contains("hello — 客户数\n    n (integer), default 2\n"))
        #expect(listed.stderr.contains("crescent: skipped mine/broken.lua: mine/broken.lua: crm.report.plugin: 'title' must be a string"))
        let json = try cli.run(["report", "hello", "--plugins", "mine", "--param", "n=10", "--format", "json"])
        #expect(jsonMatches(json.stdout, """
            {"blocks": [{"type": "tiles", "tiles": [{"label": "customers", "value": 30, "kind": "integer"}]}, \
            {"type": "table", "rows": [["王伟", "East"], ["Ann", null]]}]}
            """), "\(json)")
        try cli.write("mine/fails.lua", """
            return crm.report.plugin { name = "fails", title = "x", build = function(report) report:table { columns = {"a"}, rows = { { {} } } } end }
            """)
        let fails = try cli.run(["report", "fails", "--plugins", "mine", "--out", "out.html", "--format", "html"])
        #expect(fails.status == 70 && fails.stderr.hasPrefix("crescent: mine/fails.lua:1: report:table: rows[1][1]: a table cell is {code = ..., label = ...}"))
        #expect(!FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("out.html").path))
    }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The HTML in a real browser: every chart drawn with a size, and the tables hold the numbers.
    @Test(.enabled(if: chromium != nil, "chromium is not installed (.ci/setup installs it)"))
    func htmlReportsDrawInHeadlessChromium() throws {
        let cli = Self.demo
        for name in ["yoy-revenue", "funnel"] {
            let html = try cli.run(["report", name, "--format", "html"] + Self.asOf).stdout
            let json = try cli.run(["report", name, "--format", "json"] + Self.asOf).stdout
            let probe = """
                <script>window.addEventListener('load', () => {
                  const charts = [...document.querySelectorAll('svg.chart')].map(svg => {
                    const box = svg.getBoundingClientRect();
                    const marks = [...svg.querySelectorAll('rect.bar')].map(m => { const b = m.getBoundingClientRect(); return [b.width, b.height, Number(m.dataset.value)]; });
                    return { width: box.width, height: box.height, marks };
                  });
                  const cells = [...document.querySelectorAll('td')].map(td => td.textContent);
                  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify({ charts, cells });
                  document.body.appendChild(pre);
                });</script>
                """
            try cli.write("\(name).html", html.replacingOccurrences(of: "</body>", with: probe + "</body>"))
            let page = cli.folder.appendingPathComponent("\(name).html").path
            let dom = try LanguageCommandTests.chromium(["--dump-dom", "file://" + page])
            let text = try #require(dom.range(of: "<pre id=\"probe\">").flatMap { start in
                dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex).map { String(dom[start.upperBound..<$0.lowerBound]) }
            }, "\(name): no probe in the DOM")
            let probeData = try #require(text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&").data(using: .utf8))
            let result = try #require(try JSONSerialization.jsonObject(with: probeData) as? [String: Any])
            let charts = try #require(result["charts"] as? [[String: Any]])
            #expect(!charts.isEmpty, "\(name)")
            for chart in charts {
                #expect((chart["width"] as? Double ?? 0) > 100 && (chart["height"] as? Double ?? 0) > 100, "\(name)")
                let marks = chart["marks"] as? [[Double]] ?? []
                #expect(!marks.isEmpty && marks.allSatisfy { $0[0] > 0 }, "\(name): bars have a width")
                #expect(marks.filter { $0[2] > 0 }.allSatisfy { $0[1] > 0 }, "\(name): every positive value has a height")
            }
            // Every number of the JSON's first table is in the browser's table cells, formatted.
            let cells = result["cells"] as? [String] ?? []
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let table = try #require((document["blocks"] as? [[String: Any]])?.first { $0["type"] as? String == "table" })
            let rows = table["rows"] as? [[Any]] ?? []
            #expect(!rows.isEmpty, "\(name)")
            for row in rows { if let first = row.first as? String { #expect(cells.contains(first), "\(name): \(first)") } }
        }
    }
}

/// Every JSON that a command or plugin writes parses with a strict parser, on the demo store.
extension DemoReportsAndAlertsTests {
    static let jsonCommands: [[String]] = [
        ["kpi", "revenue", "--period", "2026-Q3", "--by", "rep", "--compare", "target", "--compare", "yoy", "--rank", "--format", "json"],
        ["kpi", "win_rate", "--period", "2026", "--by", "team", "--format", "json"],
        ["kpi", "revenue_per_visit", "--period", "2026-Q3", "--by", "rep", "--format", "json"],
        ["funnel", "--period", "2026", "--format", "json"],
        ["scorecard", "scripts/scorecards/rep-review.lua", "--period", "2026-Q3", "--format", "json"],
        ["commission", "run", "scripts/plans/standard.lua", "--period", "2026-Q3", "--format", "json"],
        ["segment", "list", "--format", "json"],
        ["segment", "members", "rfm", "--format", "json"],
        ["segment", "moves", "rfm", "--format", "json"],
        ["targets", "show", "--period", "2026", "--format", "json"],
    ] + ["teams", "reps", "products", "customers", "contacts", "orders", "deals", "deal_stage_history", "activities", "targets",
         "surveys", "fx_rates"].flatMap { entity in
        [["export", entity, "--format", "json"], ["export", entity, "--format", "jsonl"]]
    } + shipped.map { ["report", $0, "--format", "json"] }

    /// Commands that write (a segmentation run, an alert run) on a demo store of their own.
    @Test func jsonOfCommandsThatWriteParsesStrictly() throws {
        let cli = try CommandLineFixture().withShippedScripts()
        #expect(try cli.run(["demo", "--customers", "120", "--seed", "5"] + Self.asOf).status == 0)
        for command in [["segment", "run", "scripts/segments/rfm.lua", "--format", "json"], ["alerts", "run", "--format", "jsonl"],
                        ["alerts", "list", "--all", "--format", "jsonl"]] {
            let result = try cli.run(command + Self.asOf.filter { _ in command[1] != "list" })
            #expect(result.status == 0, "\(command): \(result.stderr)")
            let documents = command.last == "jsonl" ? result.stdout.split(separator: "\n").map(String.init) : [result.stdout]
            #expect(!documents.isEmpty, "\(command)")
            for document in documents {
                #expect((try? JSONSerialization.jsonObject(with: Data(document.utf8))) != nil, "\(command): not JSON: \(document.prefix(300))")
            }
        }
    }

    @Test(arguments: jsonCommands) func everyJsonOutputParsesStrictly(_ command: [String]) throws {
        let result = try Self.demo.run(command + (["export", "segment"].contains(command.first) ? [] : Self.asOf))
        #expect(result.status == 0, "\(command): \(result.stderr)")
        let documents = command.last == "jsonl" ? result.stdout.split(separator: "\n").map(String.init) : [result.stdout]
        #expect(command.last == "jsonl" || !documents[0].isEmpty, "\(command)")  // no rows is an empty JSONL
        for document in documents {
            do {
                _ = try JSONSerialization.jsonObject(with: Data(document.utf8), options: [])
            } catch {
                Issue.record("\(command): not JSON: \(error) in \(document.prefix(300))")
            }
        }
    }
}
