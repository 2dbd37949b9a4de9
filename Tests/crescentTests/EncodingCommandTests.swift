import Foundation
import Testing

/// Files as Excel and other tools save them: GBK (GB18030) from Chinese Windows, UTF-16 "Unicode
/// text", UTF-8 with a byte-order mark, all written by Python's own codecs; and CSV written back
/// for Excel.
@Suite struct EncodingCommandTests {
    /// Writes `rows` to `name` in `encoding` with CRLF line ends, through Python's codec of that name.
    static func write(_ rows: [String], to name: String, encoding: String, in cli: CommandLineFixture) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = "import sys; open(sys.argv[1], 'w', encoding=sys.argv[2], newline='').write(sys.stdin.read().replace('\\n', '\\r\\n'))"
        process.arguments = ["python3", "-c", script, cli.folder.appendingPathComponent(name).path, encoding]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data((rows.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 could not write \(name)")
    }

    static let customers = ["id,name,region,owner_id", "C7,杭州天成电子有限公司,East,R1", "C8,\"深圳华盛, 电子\",South,R2"]

    @Test(arguments: [("gb18030", "GB18030"), ("gbk", "GB18030"), ("utf-16", "UTF-16"), ("utf-8-sig", "")])
    func aFileAsExcelSavesItImportsAsItIs(_ codec: String, _ readAs: String) throws {
        let cli = try CommandLineFixture().seeded()
        try Self.write(Self.customers, to: "excel.csv", encoding: codec, in: cli)
        let imported = try cli.run(["import", "customers", "excel.csv"])
        let note = readAs.isEmpty ? "" : " (the file was read as \(readAs))"
        #expect(imported == .init(status: 0, stdout: "excel.csv: imported 2 rows into customers\(note)\n", stderr: ""))
        let exported = try cli.run(["export", "customers"]).stdout
        #expect(exported.contains("C7,杭州天成电子有限公司,,,East,R1,") && exported.contains("C8,\"深圳华盛, 电子\",,,South,R2,"), "\(exported)")
        #expect(!exported.contains("\u{FEFF}") && !exported.contains("\r"))
    }

    @Test func aFileReadableInNoEncodingIsRefusedAtItsPlace() throws {
        let cli = try CommandLineFixture().seeded()
        var bytes = Array("id,name\nC9,".utf8)
        bytes += [0xBA, 0xC3]  // 好 in GBK
        bytes += Array("\nC10,".utf8) + [0x80, 0xFF] + Array("\n".utf8)
        try Data(bytes).write(to: cli.folder.appendingPathComponent("broken.csv"))
        #expect(try cli.run(["import", "customers", "broken.csv"]) == .init(status: 65, stdout: "", stderr: """
            crescent: broken.csv:3: not valid UTF-8 or GB18030 text at byte 18: save the file as UTF-8 (or give its encoding)
            broken.csv: 1 problem; nothing was imported

            """))
        #expect(try cli.run(["import", "customers", "broken.csv", "--lang", "zh"]).stderr.hasPrefix(
            "crescent: broken.csv:3: 第 18 字节起不是有效的 UTF-8 或 GB18030 文本"))
        // A GBK file forced to UTF-8 is refused line by line, as any bad UTF-8.
        try Self.write(Self.customers, to: "gbk.csv", encoding: "gbk", in: cli)
        let forced = try cli.run(["import", "customers", "gbk.csv", "--encoding", "utf-8"])
        #expect(forced.status == 65 && forced.stderr.hasPrefix("crescent: gbk.csv:2:4: field 2: not valid UTF-8 (byte 0xBA)"), "\(forced)")
        #expect(try cli.run(["export", "customers"]).stdout.split(separator: "\n").count == 4)  // nothing of either file
        let unknown = try cli.run(["import", "customers", "gbk.csv", "--encoding", "latin1"])
        #expect(unknown.status == 64 && unknown.stderr.contains("not an encoding Crescent reads: 'latin1' (utf-8, gb18030, gbk, utf-16)"))
    }

    /// CSV for Excel: a byte-order mark, CRLF between records, a line break inside a value kept, a
    /// formula written as text; and it imports back as it was.
    @Test func csvForExcelOpensChineseIntactAndImportsBack() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("more.csv", "id,name,region\nC11,\"两行\n地址\",East\nC12,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",West\n")
        #expect(try cli.run(["import", "customers", "more.csv"]).status == 0)
        #expect(try cli.run(["export", "customers", "--excel", "--out", "excel.csv"]).status == 0)
        let bytes = try Data(contentsOf: cli.folder.appendingPathComponent("excel.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("id,name,") && text.contains("\r\nC11,\"两行\n地址\",,,East,") && text.hasSuffix("\r\n"))
        #expect(text.contains("C12,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,,West"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let again = try CommandLineFixture().seeded()
        try Data(bytes).write(to: again.folder.appendingPathComponent("excel.csv"))
        #expect(try again.run(["import", "customers", "excel.csv"]).status == 0)
        #expect(try again.run(["export", "customers"]).stdout == (try cli.run(["export", "customers"]).stdout))
        #expect(try cli.run(["kpi", "--list", "--format", "md", "--excel"]).status == 64)
        let listed = try cli.run(["segment", "list", "--format", "csv", "--excel"])
        #expect(listed.status == 0 && listed.stdout.hasPrefix("\u{FEFF}segment,") && listed.stdout.contains("\r\n"))
    }
}
