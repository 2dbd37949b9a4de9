import Foundation
import Testing

/// The README's first tour, read from the README itself and run line by line on a demo store made
/// as the README says (`crescent demo`, as of today): every line works as written.
@Suite struct ReadmeTourTests {
    /// The commands of the tour's first code block, without their comments.
    static func tourLines() throws -> [[String]] {
        let readme = try String(contentsOf: CommandLineFixture.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let tour = try #require(readme.range(of: "## A first tour"), "the README has no first tour")
        let rest = readme[tour.upperBound...]
        let start = try #require(rest.range(of: "```sh\n")), end = try #require(rest[start.upperBound...].range(of: "```"))
        return rest[start.upperBound..<end.lowerBound].split(separator: "\n").map { line in
            let command = line.range(of: " # ").map { line[..<$0.lowerBound] } ?? line[...]
            return shellWords(String(command))
        }
    }

    /// Splits a command line as the shell would for the tour's simple quoting ("a b" stays one word).
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = [], word = "", quoted = false, inWord = false
        for character in line {
            if character == "\"" { quoted.toggle(); inWord = true } else if character == " " && !quoted {
                if inWord { words.append(word) }
                word = ""; inWord = false
            } else { word.append(character); inWord = true }
        }
        if inWord { words.append(word) }
        return words
    }

    @Test func everyLineOfTheTourWorksOnTheDemo() throws {
        let lines = try Self.tourLines()
        #expect(lines.count >= 15, "\(lines)")
        let cli = try CommandLineFixture().withShippedScripts()
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CommandLineFixture.repository.appendingPathComponent("docs/examples"),
                                        to: cli.folder.appendingPathComponent("docs/examples"))
        let demo = try cli.run(["demo"])
        try #require(demo.status == 0, "\(demo.stderr)")
        for words in lines where words.first == "crescent" {
            let arguments = Array(words.dropFirst())
            // Interactive, or a server that runs until stopped: ReplTests types into the one, ServeCommandTests browse the other.
            if arguments == ["repl"] || arguments == ["serve"] { continue }
            let result = try cli.run(arguments)
            #expect(result.status == 0, "crescent \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        #expect(lines.first == ["swift", "build", "&&", "alias", "crescent=.build/debug/crescent"])
    }

    /// English a person would read if a table, heading or message were left untranslated.
    static let english = ["as of", "revenue (CNY)", "attainment", "Top customers", "imported", "target of", "Bottleneck",
                          "Sales funnel", "into customers", "known customers", "severity", "split ", "rows of", "Weekly sales", "Error:", "Usage:"]

    /// A Chinese manager's tour: the same lines in a Chinese locale read in Chinese, tables, notes and
    /// errors alike (ids, codes and the data's own names stay as they are).
    @Test func theTourReadsInChineseInAChineseLocale() throws {
        let lines = try Self.tourLines().filter { $0.first == "crescent" && $0 != ["crescent", "repl"] && $0 != ["crescent", "serve"] }
        let cli = try CommandLineFixture().withShippedScripts()
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CommandLineFixture.repository.appendingPathComponent("docs/examples"),
                                        to: cli.folder.appendingPathComponent("docs/examples"))
        let chinese = ["LANG": "zh_CN.UTF-8"]
        let demo = try cli.run(["demo", "--customers", "400"], environment: chinese)
        try #require(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("演示公司（数据截至 ") && demo.stdout.contains("销售漏斗") && demo.stdout.contains("瓶颈阶段"))
        for words in lines {
            let arguments = Array(words.dropFirst())
            let result = try cli.run(arguments, environment: chinese)
            let command = "crescent " + arguments.joined(separator: " ")
            // The dry run of a vendor's export names customers this smaller demo does not have: its problems, in Chinese.
            #expect(result.status == 0 || arguments.contains("--dry-run"), "\(command): \(result.stderr)")
            let shown = arguments.contains("--out") || arguments.contains("csv") ? result.stderr : result.stdout + result.stderr
            for phrase in Self.english { #expect(!shown.contains(phrase), "\(command) shows '\(phrase)':\n\(shown)") }
            if !shown.isEmpty { #expect(shown.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(command): \(shown)") }
        }
        // Mistakes are told in Chinese too, with the same exit codes.
        let unknown = try cli.run(["kpi", "revenu", "--period", "2026"], environment: chinese)
        #expect(unknown.status == 64 && unknown.stderr.hasPrefix("crescent: 未知指标“revenu”（是否要找“revenue”？）；可用指标：revenue, orders, "))
        let missing = try cli.run(["import", "customers", "nope.csv"], environment: chinese)
        #expect(missing.status == 66 && missing.stderr == "crescent: 无法读取 nope.csv：文件不存在\n")
        let option = try cli.run(["kpi", "revenue", "--period", "2026", "--bogus"], environment: chinese)
        #expect(option.status == 64 && option.stderr.hasPrefix("错误：未知选项“--bogus”"))
        let period = try cli.run(["kpi", "revenue", "--period", "2026-Q5"], environment: chinese)
        #expect(period.status == 64 && period.stderr.hasPrefix("错误：“--period <period>”的值“2026-Q5”无效：不是期间（"))
    }
}
