import CrescentTestSupport
import Foundation
import Testing

/// Results in Chinese: the same numbers, every label in the domain's words, money with its sign,
/// figures in 万 and 亿 on tiles; the language from --lang, CRESCENT_LANG or the locale.
@Suite struct LanguageCommandTests {
    func fixture(_ backend: Backend = .sqlite) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.csv", "id,customer_id,rep_id,ordered_on,amount\nO1,C1,R1,2026-01-10,1000\nO2,C2,R2,2026-02-10,500.5\nO3,C3,R1,2025-01-15,800\n")
        try cli.write("deals.csv", "id,customer_id,owner_id,amount,stage,status,created_on,closed_on\n"
                      + "D1,C1,R1,900,won,won,2026-01-02,2026-02-01\nD2,C2,R2,120000,proposal,open,2026-01-05,\n")
        try cli.write("history.csv", "deal_id,stage,entered_at\nD1,lead,2026-01-02T09:00\nD1,proposal,2026-01-12T09:00\nD1,won,2026-02-01T09:00\n"
                      + "D2,lead,2026-01-05T09:00\nD2,proposal,2026-01-20T09:00\n")
        for (entity, file) in [("orders", "orders.csv"), ("deals", "deals.csv"), ("deal_stage_history", "history.csv")] {
            try cli.run(["import", entity, file])
        }
        try cli.run(["targets", "set", "--scope", "rep:R1", "--metric", "revenue", "--period", "2026-Q1", "--value", "2000"])
        return cli
    }

    @Test(arguments: Backend.available) func aKpiInChinese(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let table = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "rep", "--compare", "target", "--compare", "yoy",
                                 "--as-of", "2026-02-14", "--lang", "zh"])
        #expect(table == .init(status: 0, stdout: """
            销售额（按销售）
            期间 2026年第一季度至今（45天） · 对比 2025-01-01至2025-02-14 · 数据截至 2026-02-14

            销售  名称        销售额       目标    目标完成率（时间进度50%）  去年同期（2025-01-01至2025-02-14）    同比
            R1    王伟     ¥1,000.00  ¥2,000.00                        50.0%                             ¥800.00  +25.0%
            R2    Ann Lee    ¥500.50                                                                       ¥0.00

            """, stderr: ""), "\(table)")
        // Machines read the same names and numbers in either language.
        let english = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "rep", "--compare", "target", "--format", "csv", "--as-of", "2026-03-31"])
        let chinese = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "rep", "--compare", "target", "--format", "csv", "--as-of", "2026-03-31",
                                   "--lang", "zh"])
        #expect(chinese.stdout == english.stdout && chinese.stdout == "key,label,value,target,target_rolled_up,attainment\nR1,王伟,1000,2000,false,0.5\n"
                + "R2,Ann Lee,500.5,,false,\n", "\(chinese)")
        let json = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--format", "json", "--lang", "zh", "--as-of", "2026-03-31"])
        #expect(sameJSON(json.stdout, try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--format", "json", "--as-of", "2026-03-31"]).stdout))
    }

    @Test func theFunnelInChineseFromTheLocale() throws {
        let cli = try fixture()
        let funnel = try cli.run(["funnel", "--period", "2026-Q1", "--as-of", "2026-03-31"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(funnel.status == 0 && funnel.stderr.isEmpty)
        #expect(funnel.stdout.hasPrefix("""
            销售漏斗
            期间 2026年第一季度 · 范围 公司 · 数据截至 2026-03-31

            各阶段
            阶段      进入数  推进数  转化率  预期转化率  平均停留天数  停留天数中位数  停留上限（天）  停滞商机
            线索           2       2  100.0%       66.7%          12.5            12.5            14.0         0
            """), "\(funnel.stdout)")
        for line in ["赢单平均金额            ¥900", "商机金额            ¥12.00万", "瓶颈阶段：无（各阶段转化与推进均符合设定）",
                     "方案报价       1  ¥120,000.00  ¥48,000.00", "D2    C2 Acme Corp  ¥120,000.00  R2 Ann Lee  方案报价      70.6    30"] {
            #expect(funnel.stdout.contains(line), "\(line)")
        }
        // CRESCENT_LANG wins over the locale, --lang over both; a language Crescent lacks is refused.
        let english = try cli.run(["funnel", "--period", "2026-Q1", "--as-of", "2026-03-31"], environment: ["LANG": "zh_CN.UTF-8", "CRESCENT_LANG": "en"])
        #expect(english.stdout.hasPrefix("Sales funnel\nperiod 2026-Q1 · scope company · as of 2026-03-31\n"), "\(english)")
        let flag = try cli.run(["funnel", "--period", "2026-Q1", "--lang", "zh"], environment: ["CRESCENT_LANG": "en"])
        #expect(flag.stdout.hasPrefix("销售漏斗\n"))
        let french = try cli.run(["funnel", "--period", "2026-Q1"], environment: ["CRESCENT_LANG": "fr"])
        #expect(french.status == 64 && french.stderr.contains("CRESCENT_LANG: 'fr' is not a language Crescent has (en, zh)"), "\(french)")
    }

    @Test func targetsWithTheirProgressInBothLanguages() throws {
        let cli = try fixture()
        let csv = try cli.run(["targets", "show", "--format", "csv", "--as-of", "2026-03-31"])
        #expect(csv.stdout == "scope,name,metric,period,target,actual,attainment\nrep:R1,王伟,revenue,2026-Q1,2000,1000,0.5\n", "\(csv)")
        let zh = try cli.run(["targets", "show", "--as-of", "2026-03-31", "--lang", "zh"])
        #expect(zh.stdout == """
            目标
            数据截至 2026-03-31

            范围     名称  指标    期间                 目标   实际完成  目标完成率
            销售 R1  王伟  销售额  2026年第一季度  ¥2,000.00  ¥1,000.00       50.0%

            """, "\(zh)")
    }

    /// A script's mistake in calling the crm module is told in the script's language, at its line.
    @Test func crmArgumentErrorsInBothLanguages() throws {
        let cli = try fixture()
        try cli.write("filter.lua", "local a = 1\nreturn crm.find('customers', { region = {} })\n")
        let english = try cli.run(["run", "filter.lua"])
        #expect(english.status == 70 && english.stderr.contains("filter.lua:2: bad argument #2 to 'find' (filter value for 'region' must be a string or a number)"),
                "\(english)")
        let chinese = try cli.run(["run", "--lang", "zh", "filter.lua"])
        #expect(chinese.status == 70 && chinese.stderr.contains("filter.lua:2: bad argument #2 to 'find' ('region' 的筛选值必须是字符串或数字)"),
                "\(chinese)")
    }

    /// A Chinese HTML report in Debian's headless Chromium: the page says it is Chinese, its Chinese
    /// text is drawn with a CJK font (each character about one em wide, not a missing-glyph box),
    /// and its tables hold the figures of the JSON form, as Chinese readers write them.
    @Test(.enabled(if: DemoReportsAndAlertsTests.chromium != nil, "chromium is not installed (.ci/setup installs it)"))
    func aChineseHtmlReportDrawsItsCharacters() throws {
        let cli = try fixture()
        let html = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "rep", "--compare", "target", "--format", "html",
                                "--out", "kpi.html", "--lang", "zh", "--as-of", "2026-03-31"])
        #expect(html.status == 0 && html.stdout.isEmpty, "\(html)")
        let page = try String(contentsOf: cli.folder.appendingPathComponent("kpi.html"), encoding: .utf8)
        #expect(page.contains("<html lang=\"zh-Hans\">"))
        let probe = """
            <script>window.addEventListener('load', () => {
              const h1 = document.querySelector('h1'), range = document.createRange();
              range.selectNodeContents(h1);
              const size = parseFloat(getComputedStyle(h1).fontSize), width = range.getBoundingClientRect().width;
              const chars = [...h1.textContent].filter(c => /[\\u4e00-\\u9fff]/.test(c)).length;
              const cells = [...document.querySelectorAll('td')].map(td => td.textContent);
              const pre = document.createElement('pre'); pre.id = 'probe';
              pre.textContent = JSON.stringify({ lang: document.documentElement.lang, size, width, chars, cells });
              document.body.appendChild(pre);
            });</script>
            """
        try cli.write("probe.html", page.replacingOccurrences(of: "</body>", with: probe + "</body>"))
        let dom = try Self.chromium(["--dump-dom", "file://" + cli.folder.appendingPathComponent("probe.html").path])
        let screenshot = cli.folder.appendingPathComponent("kpi.png").path
        _ = try Self.chromium(["--screenshot=" + screenshot, "--window-size=1000,600", "file://" + cli.folder.appendingPathComponent("kpi.html").path])
        let shot = try #require(FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int)
        #expect(shot > 5_000, "a screenshot of the report")
        let text = try #require(dom.range(of: "<pre id=\"probe\">").flatMap { start in
            dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex).map { String(dom[start.upperBound..<$0.lowerBound]) }
        }, "no probe in the DOM")
        let data = Data(text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&").utf8)
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(result["lang"] as? String == "zh-Hans")
        let size = try #require(result["size"] as? Double), width = try #require(result["width"] as? Double)
        let chars = try #require(result["chars"] as? Int)
        #expect(chars == 6, "销售额（按销售）has six Chinese characters")
        // Full-width punctuation takes an em too: 8 characters in all.
        #expect(width >= 0.9 * size * 8 && width <= 1.1 * size * 8, "the title is drawn \(width) px wide at \(size) px")
        let cells = result["cells"] as? [String] ?? []
        for cell in ["王伟", "¥1,000.00", "¥2,000.00", "50.0%", "Ann Lee", "¥500.50"] { #expect(cells.contains(cell), "\(cell) in \(cells)") }
    }

    /// Runs headless Chromium with `arguments` and returns what it printed (the DOM for `--dump-dom`).
    static func chromium(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DemoReportsAndAlertsTests.chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
