import Foundation
import Testing

/// Data a supplier could send to harm the store or whoever opens Crescent's output: files that
/// would be changed silently on the way in, and values that would run as formulas in a spreadsheet.
@Suite struct HostileDataCommandTests {
    @Test func filesThatWouldBeChangedSilentlyAreRefusedWithTheirPlace() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("bad.csv", "")
        let bytes: [UInt8] = Array("id,name\nB1,bad".utf8) + [0xFF, 0xFE] + Array("\nB2,\"ab\"cd\nB3,nul".utf8) + [0]
            + Array("x\nB4,fine\nB5,\"多行\n文本\"x\nB6,\"半个".utf8) + [0xE4, 0xB8] + Array("\"\nB7,over".utf8) + [0xC0, 0xAF] + Array("\n".utf8)
        try Data(bytes).write(to: cli.folder.appendingPathComponent("bad.csv"))
        #expect(try cli.run(["import", "customers", "bad.csv"]) == .init(status: 65, stdout: "", stderr: """
            crescent: bad.csv:2:7: field 2: not valid UTF-8 (byte 0xFF): save the file as UTF-8, or give the encoding it is in
            bad.csv:3:8: field 2: text after the closing quote (a quote inside a quoted field is written twice: "")
            bad.csv:4:7: field 2: a NUL byte (0x00): the file is binary, or UTF-16 (save it as UTF-8)
            bad.csv:7:4: field 2: text after the closing quote (a quote inside a quoted field is written twice: "")
            bad.csv:8:7: field 2: not valid UTF-8 (byte 0xE4): save the file as UTF-8, or give the encoding it is in
            bad.csv:9:8: field 2: not valid UTF-8 (byte 0xC0): save the file as UTF-8, or give the encoding it is in
            bad.csv: 6 problems; nothing was imported

            """))
        #expect(try cli.run(["export", "customers"]).stdout.split(separator: "\n").count == 4)  // the seeded three, nothing more
    }

    @Test func whatIsNotAFileIsNamedForWhatItIs() throws {
        let cli = try CommandLineFixture().seeded()
        #expect(try cli.run(["import", "customers", "/dev/zero"]).stderr.hasPrefix("crescent: cannot read /dev/zero: it is a device, not a file"))
        #expect(try cli.run(["import", "customers", "/"]) == .init(status: 66, stdout: "", stderr: "crescent: cannot read /: it is a folder, not a file\n"))
        // A pipe is read to its end.
        let piped = try cli.run(["import", "customers", "/dev/stdin"], input: "id,name\nP1,Piped 管道\n")
        #expect(piped.status == 0, "\(piped)")
        #expect(try cli.run(["export", "customers"]).stdout.contains("P1,Piped 管道"))
    }

    /// Values that a spreadsheet would run are written as text in every CSV people open; numbers stay
    /// numbers; an export imports back unchanged.
    @Test func csvOutputIsSafeInASpreadsheetAndImportsBack() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("evil.csv", """
            id,name,region,owner_id,note
            X1,"=HYPERLINK(""http://x"",""y"")",East,R1,-2+3
            X2,+cmd|' /C calc'!A0,West,R1,@SUM(1)
            X3,-2,East,R1,-2.5
            X4,@Mention,East,R1,'@already marked
            X5,普通客户,East,R1,'plain

            """)
        #expect(try cli.run(["import", "customers", "evil.csv"]).status == 0)
        let exported = try cli.run(["export", "customers"]).stdout
        #expect(exported.contains(#"X1,"'=HYPERLINK(""http://x"",""y"")",,,East,R1,,,,'-2+3"#), "\(exported)")
        #expect(exported.contains("X2,'+cmd|' /C calc'!A0,,,West,R1,,,,'@SUM(1)"))
        #expect(exported.contains("X3,-2,,,East,R1,,,,-2.5"))  // numbers as numbers
        #expect(exported.contains("X4,'@Mention,,,East,R1,,,,'@already marked"))  // a file's own mark is taken as one
        #expect(exported.contains("X5,普通客户,,,East,R1,,,,'plain"))  // a quote before plain text is text
        try cli.write("back.csv", exported)
        #expect(try cli.run(["import", "customers", "back.csv"]).status == 0)
        #expect(try cli.run(["export", "customers"]).stdout == exported)
        let json = try cli.run(["export", "customers", "--format", "jsonl"]).stdout
        #expect(json.contains(#""name":"=HYPERLINK(\"http://x\",\"y\")""#) && json.contains(#""note":"@already marked""#))

        // Every other CSV people open: segment members, report tables.
        try cli.write("tiers.lua", "return crm.segmentation { name = 'all', tiers = { { name = '=1+1', when = function() return true end } } }\n")
        #expect(try cli.run(["segment", "run", "tiers.lua"]).status == 0)
        let members = try cli.run(["segment", "members", "all", "--format", "csv"]).stdout
        #expect(members.contains("'=HYPERLINK") && members.contains("'+cmd") && members.contains("'=1+1") && !members.contains(",=1+1"), "\(members)")
        try cli.write("plugins/names.lua", """
            return crm.report.plugin { name = "names", title = "Names", build = function(report)
              local rows = {}
              for _, c in ipairs(crm.find("customers")) do rows[#rows + 1] = { c.id, c.name, -1.5 } end
              rows[#rows + 1] = { "tab", "\tcmd", 2 }
              report:table { columns = { "id", "name", { name = "n", type = "number" } }, rows = rows }
            end }
            """)
        let report = try cli.run(["report", "names", "--plugins", "plugins", "--format", "csv"])
        #expect(report.stdout.contains("X1,\"'=HYPERLINK") && report.stdout.contains("X2,'+cmd") && report.stdout.contains(",-1.5\n")
                && report.stdout.contains("tab,'\tcmd,2\n"), "\(report)")
    }

    static let title = "\u{1B}]0;pwned\u{07}"
    static let clear = "\u{1B}[2J"

    /// Control characters in the data reach no terminal raw, in any command: they show escaped.
    @Test func controlCharactersInDataAreShownEscaped() throws {
        let cli = try CommandLineFixture().withShippedScripts()
        try cli.run(["init", "--currency", "CNY"])
        try cli.write("teams.csv", "id,name,region\nT1,Team\(Self.clear),East\n")
        try cli.write("reps.csv", "id,name,team_id,level\nR1,Rep\(Self.title),T1,senior\n")
        try cli.write("customers.csv", "id,name,region,owner_id,note\(Self.clear)\nC1,Cust\(Self.title)\u{9B}31m\u{202E}x,East,R1,n\n")
        try cli.write("orders.csv", "id,customer_id,rep_id,ordered_on,amount,currency\nO1,C1,R1,2026-07-01,100,CNY\n")
        var outputs: [(String, CommandLineFixture.Result)] = []
        for entity in ["teams", "reps", "customers", "orders"] { outputs.append(("import", try cli.run(["import", entity, "\(entity).csv"]))) }
        try cli.write("bad.csv", "id,name,employees\nC9,x,\(Self.clear)12\n")
        outputs.append(("import error", try cli.run(["import", "customers", "bad.csv"])))
        outputs.append(("kpi", try cli.run(["kpi", "revenue", "--period", "2026-Q3", "--by", "rep", "--as-of", "2026-09-30"])))
        try cli.write("tiers.lua", "return crm.segmentation { name = 'all', tiers = { { name = 'A', when = function() return true end } } }\n")
        outputs.append(("segment run", try cli.run(["segment", "run", "tiers.lua"])))
        outputs.append(("segment members", try cli.run(["segment", "members", "all"])))
        try cli.write("plugins/names.lua", """
            return crm.report.plugin { name = "names", title = "Names", build = function(report)
              local rows = {}
              for _, c in ipairs(crm.find("customers")) do rows[#rows + 1] = { c.id, c.name } end
              report:heading(rows[1][2])
              report:text(rows[1][2])
              report:table { columns = { "id", "name" }, rows = rows }
            end }
            """)
        outputs.append(("report", try cli.run(["report", "names"])))
        try cli.write("rules/r.lua", """
            crm.alert { name = "r", severity = "info", check = function(emit)
              for _, c in ipairs(crm.find("customers")) do emit { key = c.id, subject = c.name, owner = c.owner_id } end
            end }
            """)
        outputs.append(("alerts run", try cli.run(["alerts", "run", "--rules", "rules"])))
        outputs.append(("alerts list", try cli.run(["alerts", "list", "--all"])))
        outputs.append(("alerts ack", try cli.run(["alerts", "ack", "C1"])))
        outputs.append(("repl", try cli.run(["repl"], input: "crm.get('customers', 'C1')\ncrm.find('customers')\ncrm.get('customers', 'C1').name\nerror(crm.get('reps', 'R1').name)\n")))
        // On a terminal (script(1) gives one): a script's print, and data formats such as CSV; to a file or pipe they stay exact.
        try cli.write("show.lua", "print(crm.get('customers', 'C1').name)\n")
        outputs.append(("run on a terminal", try onATerminal(cli, ["run", "show.lua"])))
        outputs.append(("export on a terminal", try onATerminal(cli, ["export", "customers"])))
        for (name, result) in outputs {
            let text = result.stdout + result.stderr
            #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{9B}" || $0 == "\u{202E}" },
                    "\(name): \(text.debugDescription)")
        }
        let shown = outputs.map { $0.1.stdout + $0.1.stderr }
        #expect(shown[0].contains("Team\\x1b[2J") == false)  // imports say only the file and counts
        #expect(shown[2].contains("custom fields: note\\x1b[2J"), "\(shown[2])")
        #expect(shown[4].contains("\"\\x1b[2J12\" is not a whole number"), "\(shown[4])")
        #expect(shown[5].contains("Rep\\x1b]0;pwned\\x07"), "\(shown[5])")
        for i in [7, 8, 9, 10, 12] { #expect(shown[i].contains("Cust\\x1b]0;pwned\\x07\\u{9b}31m\\u{202e}x"), "\(outputs[i].0): \(shown[i])") }
        for i in [13, 14] { #expect(shown[i].contains("Cust\\x1b]0;pwned\\x07\\u{9b}31m"), "\(outputs[i].0): \(shown[i])") }
        #expect(try cli.run(["export", "customers"]).stdout.contains("Cust\(Self.title)"))
        #expect(try cli.run(["run", "show.lua"]).stdout == "Cust\(Self.title)\u{9B}31m\u{202E}x\n")  // a pipe gets the data as it is
    }

    /// A command run with a pseudo-terminal as its standard output.
    func onATerminal(_ cli: CommandLineFixture, _ arguments: [String]) throws -> CommandLineFixture.Result {
        let terminal = Process()
        terminal.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        terminal.arguments = ["-qec", "exec \(CommandLineFixture.binary.path) \(arguments.joined(separator: " "))", "/dev/null"]
        terminal.currentDirectoryURL = cli.folder
        let out = Pipe()
        terminal.standardOutput = out
        try terminal.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        terminal.waitUntilExit()
        return .init(status: terminal.terminationStatus, stdout: text, stderr: "")
    }

    /// A name holding HTML is text in a Markdown report, not markup; links and emphasis are escaped too.
    @Test func markdownReportsEscapeWhatAViewerWouldRun() throws {
        let cli = try CommandLineFixture().withShippedScripts()
        try cli.run(["init"])
        try cli.write("customers.csv", "id,name\nC1,\"</svg><script>alert(1)</script>\"\nC2,[click](javascript:alert(1)) *bold* a|b & c\n")
        try cli.run(["import", "customers", "customers.csv"])
        try cli.write("plugins/names.lua", """
            return crm.report.plugin { name = "names", title = "Names <b>", build = function(report)
              local rows = {}
              for _, c in ipairs(crm.find("customers")) do rows[#rows + 1] = { c.id, c.name } end
              report:heading(rows[1][2])
              report:text(rows[2][2] .. "\\n" .. rows[1][2])
              report:table { title = rows[1][2], columns = { "id", "name" }, rows = rows }
            end }
            """)
        let md = try cli.run(["report", "names", "--format", "md"]).stdout
        #expect(!md.contains("<") && !md.contains("click]("), "\(md)")
        #expect(md.hasPrefix("# Names &lt;b&gt;\n"), "\(md)")
        #expect(md.contains("| C1 | &lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt; |"), "\(md)")
        #expect(md.contains("| C2 | \\[click\\](javascript:alert(1)) \\*bold\\* a\\|b &amp; c |"), "\(md)")
        #expect(md.contains("\\[click\\](javascript:alert(1)) \\*bold\\* a\\|b &amp; c\n&lt;/svg&gt;"), "\(md)")  // text keeps its lines
    }
}
