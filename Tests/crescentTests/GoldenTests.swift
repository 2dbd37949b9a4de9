import Foundation
import Testing

/// Every built-in command and shipped plugin, in both languages and every format, on one fixed demo
/// store (seed 7, as of 2026-09-30): exact stdout, stderr and exit code against the files in
/// Goldens/. The JSON of each parses with Foundation's parser, and its keys (and CSV's headers)
/// are the same in either language. `CRESCENT_UPDATE_GOLDENS=1 swift test --filter GoldenTests` rewrites the files
/// after a deliberate change; review the diff before committing it.
@Suite(.serialized) struct GoldenTests {
    static let asOf = ["--as-of", "2026-09-30"]
    static let folder = CommandLineFixture.repository.appendingPathComponent("Tests/crescentTests/Goldens")
    static let updating = ProcessInfo.processInfo.environment["CRESCENT_UPDATE_GOLDENS"] == "1"

    /// The store every golden is taken on, made once.
    static let demo: CommandLineFixture = {
        let cli = try! CommandLineFixture().withShippedScripts()
        let made = try! cli.run(["demo", "--customers", "60", "--seed", "7"] + asOf)
        precondition(made.status == 0, made.stderr)
        try! cli.write("new-customers.csv", "id,name,region,owner_id,wechat_group\nC9001,杭州新客户有限公司,East,R101,华东VIP群\n")
        precondition(try! cli.run(["alerts", "run"] + asOf).status == 0)
        return cli
    }()

    /// Each command that prints a result, by the name of its golden file.
    static let commands: [(name: String, arguments: [String])] = builtin + DemoReportsAndAlertsTests.shipped.map { ("report-\($0)", ["report", $0] + asOf) }

    static let builtin: [(name: String, arguments: [String])] = [
        ("kpi", ["kpi", "revenue", "--period", "2026-Q3", "--by", "team", "--compare", "target", "--compare", "yoy"] + asOf),
        ("kpi-rank", ["kpi", "quota_attainment", "--period", "2026-Q3", "--by", "rep", "--rank"] + asOf),
        ("kpi-list", ["kpi", "--list"] + asOf),
        ("funnel", ["funnel", "--period", "2026-Q3"] + asOf),
        ("forecast", ["forecast", "--period", "2026-Q4", "--by", "team"] + asOf),
        ("segment-run", ["segment", "run", "scripts/segments/value-tier.lua", "--dry-run"] + asOf),
        ("segment-list", ["segment", "list"]),
        ("segment-members", ["segment", "members", "value-tier", "--tier", "A"]),
        ("segment-moves", ["segment", "moves", "rfm"]),
        ("commission", ["commission", "run", "scripts/plans/standard.lua", "--period", "2026-Q2"] + asOf),
        ("scorecard", ["scorecard", "scripts/scorecards/rep-review.lua", "--period", "2026-Q2"] + asOf),
        ("targets-show", ["targets", "show", "--scope", "team:T1", "--period", "2026"] + asOf),
        ("targets-split", ["targets", "split", "--scope", "team:T1", "--metric", "revenue", "--period", "2026", "--into", "quarters",
                           "--by", "seasonal", "--dry-run"] + asOf),
        ("alerts-list", ["alerts", "list", "--all"]),
        ("import", ["import", "customers", "new-customers.csv", "--dry-run"]),
    ]

    /// Mistakes, in both languages: exact message and exit code.
    static let mistakes: [(name: String, arguments: [String])] = [
        ("mistake-kpi", ["kpi", "revenu", "--period", "2026"]),
        ("mistake-period", ["funnel", "--period", "2026-Q5"]),
        ("mistake-option", ["segment", "list", "--formt", "json"]),
        ("mistake-file", ["import", "orders", "nope.csv"]),
        ("mistake-tier", ["segment", "members", "value-tier", "--tier", "Z"]),
        ("mistake-report", ["report", "funnel", "--param", "period=2026-Q5"] + asOf),
        ("mistake-split", ["targets", "split", "--scope", "team:T1", "--metric", "revenue", "--period", "2026-07", "--into", "quarters"] + asOf),
    ]

    /// One run as its golden file keeps it.
    static func section(_ arguments: [String], _ result: CommandLineFixture.Result) -> String {
        "=== crescent \(arguments.joined(separator: " "))\n--- exit \(result.status)\n\(result.stdout)\n--- stderr\n\(result.stderr)\n"
    }

    /// Compares `text` with the golden file `name` (or writes it when updating), naming the first line that differs.
    static func check(_ name: String, _ text: String) throws {
        let url = folder.appendingPathComponent(name + ".golden")
        if updating {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard expected != text else { return }
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        Issue.record("""
            \(name).golden differs at line \(line + 1):
              expected: \(line < want.count ? String(want[line]) : "(end)")
              got:      \(line < got.count ? String(got[line]) : "(end)")
            """)
    }

    @Test(arguments: commands.map(\.name)) func everyFormatInBothLanguages(_ name: String) throws {
        let arguments = try #require(Self.commands.first { $0.name == name }).arguments
        var golden = ""
        var machine: [String: String] = [:]
        for language in ["en", "zh"] {
            for format in ["table", "md", "csv", "json", "html"] {
                let run = arguments + ["--lang", language, "--format", format]
                let result = try Self.demo.run(run)
                #expect(result.status == 0, "\(run.joined(separator: " ")): \(result.stderr)")
                golden += Self.section(run, result)
                guard format == "csv" || format == "json" else { continue }
                // For machines, the keys are the same in either language (the texts for people follow it).
                let keys = format == "json" ? try Self.keyPaths(result.stdout) : Self.csvHeaders(result.stdout)
                if let english = machine[format] { #expect(keys == english, "\(name) \(format): the keys differ by language") }
                machine[format] = keys
            }
        }
        try Self.check(name, golden)
    }

    /// Every key path of a JSON text (`rows[].value`), sorted: what a tool reading it relies on.
    static func keyPaths(_ text: String) throws -> String {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        var paths = Set<String>()
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                // A document's parameters are named for people (期间): their keys follow the language.
                for (key, inner) in object where path != ".parameters" { paths.insert(path + "." + key); walk(inner, path + "." + key) }
            } else if let array = value as? [Any] {
                for inner in array { walk(inner, path + "[]") }
            }
        }
        walk(value, "")
        return paths.sorted().joined(separator: "\n")
    }

    /// The header rows of a CSV text (a document's tables each have one; `#` lines are titles for people).
    static func csvHeaders(_ text: String) -> String {
        var headers: [Substring] = [], afterBreak = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { afterBreak = true; continue }
            if line.hasPrefix("# ") { continue }
            if afterBreak { headers.append(line) }
            afterBreak = false
        }
        return headers.joined(separator: "\n")
    }

    @Test func mistakesInBothLanguages() throws {
        var golden = ""
        for (_, arguments) in Self.mistakes {
            for language in ["en", "zh"] {
                let run = arguments + ["--lang", language]
                let result = try Self.demo.run(run)
                #expect(result.status != 0 && result.stdout.isEmpty, "\(run.joined(separator: " "))")
                golden += Self.section(run, result)
            }
        }
        try Self.check("mistakes", golden)
    }
}
