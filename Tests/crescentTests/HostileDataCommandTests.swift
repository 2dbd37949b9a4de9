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
            crescent: bad.csv:2:7: field 2: not valid UTF-8 (byte 0xFF): save the file as UTF-8, or convert it first (iconv -f GBK -t UTF-8)
            bad.csv:3:8: field 2: text after the closing quote (a quote inside a quoted field is written twice: "")
            bad.csv:4:7: field 2: a NUL byte (0x00): the file is binary, or UTF-16 (save it as UTF-8)
            bad.csv:7:4: field 2: text after the closing quote (a quote inside a quoted field is written twice: "")
            bad.csv:8:7: field 2: not valid UTF-8 (byte 0xE4): save the file as UTF-8, or convert it first (iconv -f GBK -t UTF-8)
            bad.csv:9:8: field 2: not valid UTF-8 (byte 0xC0): save the file as UTF-8, or convert it first (iconv -f GBK -t UTF-8)
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
}
