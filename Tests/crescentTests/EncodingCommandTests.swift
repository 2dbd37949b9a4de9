import CrescentTestSupport
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
    /// A workbook's own Chinese headers, and a CRM export's English ones, read as the canonical
    /// columns, and the import says which; a file that has the column itself keeps a synonym as custom.
    @Test func knownHeadersMapByThemselvesAndTheImportSaysSo() throws {
        let cli = try CommandLineFixture().seeded()
        try Self.write(["客户编号,客户名称,所属行业,区域,负责人,微信群", "C21,成都天府软件有限公司,软件,West,R1,西部群"], to: "客户.csv",
                       encoding: "gb18030", in: cli)
        #expect(try cli.run(["import", "customers", "客户.csv", "--lang", "zh"]) == .init(status: 0, stdout: """
            客户.csv：已导入 1 行客户数据（自定义字段：微信群）（文件按 GB18030 编码读取）\
            （列按以下标准列读取：客户编号 → id、客户名称 → name、所属行业 → industry、区域 → region、负责人 → owner_id）

            """, stderr: ""))
        try cli.write("accounts.csv", "Account ID,Account Name,Industry,Account Owner,Created Date\nC22,Initech,Software,R2,2026-01-05\n")
        let salesforce = try cli.run(["import", "customers", "accounts.csv", "--format", "json"])
        #expect(sameJSON(salesforce.stdout, """
            {"columns_read_as": {"Account ID": "id", "Account Name": "name", "Industry": "industry", "Account Owner": "owner_id",
             "Created Date": "created_on"}, "custom_fields": [], "dry_run": false, "encoding": "utf-8", "entity": "customers",
             "file": "accounts.csv", "rows": 1, "sheet": null}
            """), "\(salesforce)")
        let exported = try cli.run(["export", "customers"]).stdout
        #expect(exported.contains("C21,成都天府软件有限公司,软件,,West,R1,") && exported.contains("C22,Initech,Software,,,R2,2026-01-05,"))
        try cli.write("both.csv", "id,name,客户名称\nC23,Both Ltd,别名\n")
        #expect(try cli.run(["import", "customers", "both.csv"]).stdout == "both.csv: imported 1 row into customers (custom fields: 客户名称)\n")
    }
    /// An order export as a Chinese team keeps it: dates written 2026/7/1 or 2026年7月2日, amounts
    /// with ¥ and thousands separators; an amount that is not one is still refused at its place.
    @Test func datesAndAmountsAsPeopleWriteThem() throws {
        let cli = try CommandLineFixture().seeded()
        try Self.write(["订单编号,客户编号,下单日期,金额", "O1,C1,2026/7/1,\"￥1,234.50\"", "O2,C2,2026年7月2日,\"1,000元\"",
                        "O3,C3,2026-07-03 10:30,$99"], to: "订单.csv", encoding: "gbk", in: cli)
        let imported = try cli.run(["import", "orders", "订单.csv"])
        #expect(imported.status == 0, "\(imported)")
        let orders = try cli.run(["export", "orders"]).stdout
        #expect(orders.contains("O1,C1,,,2026-07-01,,1234.5,") && orders.contains("O2,C2,,,2026-07-02,,1000,")
                && orders.contains("O3,C3,,,2026-07-03,,99,"), "\(orders)")
        try cli.write("bad.csv", "id,customer_id,ordered_on,amount\nO4,C1,7/1/2026,\"1,23\"\n")
        #expect(try cli.run(["import", "orders", "bad.csv"]) == .init(status: 65, stdout: "", stderr: """
            crescent: bad.csv:2: ordered_on: "7/1/2026" is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)
            bad.csv:2: amount: "1,23" is not a number (use digits and a decimal point, at most 4 decimals)
            bad.csv: 2 problems; nothing was imported

            """))
    }
}
