import CrescentTestSupport
import Foundation
import Testing

/// Workbooks as teams keep them, written by openpyxl and by LibreOffice: a title above the header,
/// Chinese headers, merged cells, dates as date-styled serials, and the places of their problems.
@Suite struct WorkbookImportTests {
    /// Writes a workbook with openpyxl: `body` is Python that fills `wb` (its first sheet is `ws`).
    static func workbook(_ name: String, in cli: CommandLineFixture, _ body: String) throws {
        let script = "import sys, datetime, openpyxl\nwb = openpyxl.Workbook(); ws = wb.active\n" + body + "\nwb.save(sys.argv[1])"
        try runPython(script, [cli.folder.appendingPathComponent(name).path])
    }

    static let teamBook = """
        ws.title = '客户'
        ws.append(['2026 年华东客户清单']); ws.merge_cells('A1:F1')
        ws.append(['客户编号', '客户名称', '行业', '区域', '负责人', '微信群'])
        ws.append(['C7', '杭州天成电子有限公司', '制造', 'East', 'R1', '天成-华东'])
        ws.append(['C8', '宁波海通', None, None, 'R2', None]); ws.merge_cells('D3:D4')
        ws.append([1009, 'Wenzhou Trading', None, 'West', 'R1', True])
        """

    @Test(arguments: Backend.available)
    func aTeamsWorkbookImportsAsItIs(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try Self.workbook("客户清单.xlsx", in: cli, Self.teamBook)
        let imported = try cli.run(["import", "customers", "客户清单.xlsx"])
        #expect(imported == .init(status: 0, stdout: "客户清单.xlsx[客户]: imported 3 rows into customers (custom fields: 微信群) "
                                  + "(columns read as: 客户编号 → id, 客户名称 → name, 行业 → industry, 区域 → region, 负责人 → owner_id)\n",
                                  stderr: ""))
        let exported = try cli.run(["export", "customers", "--format", "jsonl"]).stdout
        #expect(exported.contains(#"{"id":"C7","name":"杭州天成电子有限公司","industry":"制造","employees":null,"region":"East","owner_id":"R1""#))
        // the region merged down two rows applies to both; a number id reads as its digits; a boolean as true
        #expect(exported.contains(#"{"id":"C8","name":"宁波海通","industry":null,"employees":null,"region":"East","owner_id":"R2""#), "\(exported)")
        #expect(exported.contains(#""id":"1009""#) && exported.contains(#""微信群":"true""#))
        let json = try cli.run(["import", "customers", "客户清单.xlsx", "--dry-run", "--format", "json"]).stdout
        #expect(jsonMatches(json, #"{"file": "客户清单.xlsx", "sheet": "客户", "rows": 3, "encoding": "utf-8"}"#), "\(json)")
    }

    @Test(arguments: Backend.available)
    func problemsAreToldAtTheirSheetAndCellAndNothingIsImported(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try Self.workbook("orders.xlsx", in: cli, """
            ws.title = '订单'
            ws.append(['id', 'customer_id', 'ordered_on', 'amount'])
            ws.append(['O1', 'C1', datetime.date(2026, 7, 1), 1234.5])
            ws.append(['O2', 'C2', 46204, 'abc'])
            ws.append(['O3', 'C9', '7/1/2026', 5])
            ws.append(['O4', 'C1', None, 6, 'stray'])
            wb.create_sheet('其他')
            """)
        let failed = try cli.run(["import", "orders", "orders.xlsx"])
        #expect(failed == .init(status: 65, stdout: "", stderr: """
            crescent: orders.xlsx[订单]!D3: amount: "abc" is not a number (use digits and a decimal point, at most 4 decimals)
            orders.xlsx[订单]!B4: customer_id: "C9" is not a known customers id
            orders.xlsx[订单]!C4: ordered_on: "7/1/2026" is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)
            orders.xlsx[订单]!E5: "stray" is in a column the header does not name
            orders.xlsx[订单]: 4 problems; nothing was imported

            """))
        #expect(try cli.run(["export", "orders"]).stdout == "id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency\n")
        let chinese = try cli.run(["import", "orders", "orders.xlsx", "--lang", "zh"]).stderr
        #expect(chinese.hasPrefix("crescent: orders.xlsx[订单]!D3: amount: “abc”"), "\(chinese)")
        let unknown = try cli.run(["import", "orders", "orders.xlsx", "--sheet", "2026"])
        #expect(unknown == .init(status: 64, stdout: "", stderr: "crescent: orders.xlsx: no sheet '2026' (its sheets: 订单, 其他)\n"))
        let empty = try cli.run(["import", "orders", "orders.xlsx", "--sheet", "2"])
        #expect(empty == .init(status: 64, stdout: "", stderr: "crescent: orders.xlsx[其他]: the sheet is empty (a header row is needed)\n"))
    }

    @Test func serialDatesAndAChosenHeaderRowImport() throws {
        let cli = try CommandLineFixture().seeded()
        try Self.workbook("book.xlsx", in: cli, """
            ws.title = 'Sheet1'
            wb.create_sheet('订单')
            o = wb['订单']
            o.append(['导出时间', '2026-12-01'])
            o.append(['id', 'customer_id', 'ordered_on', 'amount'])
            o.append(['O1', 'C1', 46204, '¥1,234.50'])
            o.append(['O2', 'C2', datetime.datetime(2026, 7, 2, 18, 0), 99])
            """)
        // the first row names two things: without --header-row it would be taken for the header
        let guessed = try cli.run(["import", "orders", "book.xlsx", "--sheet", "订单"])
        #expect(guessed.status == 65 && guessed.stderr.contains("book.xlsx[订单]!1:1: required column 'id' is missing"), "\(guessed)")
        let imported = try cli.run(["import", "orders", "book.xlsx", "--sheet", "订单", "--header-row", "2"])
        #expect(imported.stdout == "book.xlsx[订单]: imported 2 rows into orders\n", "\(imported)")
        #expect(try cli.run(["export", "orders"]).stdout == """
            id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency
            O1,C1,,,2026-07-01,,1234.5,
            O2,C2,,,2026-07-02,,99,

            """)
        #expect(try cli.run(["import", "orders", "book.xlsx", "--header-row", "0"]).status == 64)
        try cli.write("plain.csv", "id,name\n")
        #expect(try cli.run(["import", "customers", "plain.csv", "--sheet", "1"]).stderr
                == "crescent: plain.csv: a sheet was asked for, but the file is not a workbook\n")
    }

    @Test func aWorkbookSavedByLibreOfficeImports() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("订单.csv", "订单编号,客户编号,下单日期,成交金额\nO1,C1,2026-07-01,\"¥12,000.50\"\nO2,C3,2026/7/3,800\n")
        let book = try convertWithLibreOffice(cli.folder.appendingPathComponent("订单.csv").path, to: "xlsx", in: cli.folder.path)
        try FileManager.default.removeItem(at: cli.folder.appendingPathComponent("订单.csv"))
        let imported = try cli.run(["import", "orders", URL(fileURLWithPath: book).lastPathComponent])
        #expect(imported.status == 0, "\(imported)")
        #expect(try cli.run(["export", "orders"]).stdout == """
            id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency
            O1,C1,,,2026-07-01,,12000.5,
            O2,C3,,,2026-07-03,,800,

            """)
    }

    /// A million rows, written by Python's zipfile as one streamed sheet of inline strings: the import
    /// takes far less memory than the sheet's XML, which it never holds whole.
    @Test func aMillionRowSheetStreams() throws {
        let cli = try CommandLineFixture().seeded()
        let book = cli.folder.appendingPathComponent("million.xlsx").path
        try runPython("""
            import sys, zipfile
            ns = 'http://schemas.openxmlformats.org/'
            parts = {
                '[Content_Types].xml': '<Types xmlns="' + ns + 'package/2006/content-types"><Default Extension="rels" '
                    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                    'ContentType="application/xml"/></Types>',
                '_rels/.rels': '<Relationships xmlns="' + ns + 'package/2006/relationships"><Relationship Id="r1" '
                    'Type="' + ns + 'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
                'xl/workbook.xml': '<workbook xmlns="' + ns + 'spreadsheetml/2006/main" xmlns:r="' + ns + 'officeDocument/2006/'
                    'relationships"><sheets><sheet name="客户" sheetId="1" r:id="r1"/></sheets></workbook>',
                'xl/_rels/workbook.xml.rels': '<Relationships xmlns="' + ns + 'package/2006/relationships"><Relationship Id="r1" '
                    'Type="' + ns + 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
            }
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                for name, text in parts.items():
                    z.writestr(name, text)
                with z.open('xl/worksheets/sheet1.xml', 'w') as sheet:
                    sheet.write(('<worksheet xmlns="' + ns + 'spreadsheetml/2006/main"><sheetData><row r="1">'
                        '<c r="A1" t="inlineStr"><is><t>客户编号</t></is></c><c r="B1" t="inlineStr"><is><t>客户名称</t></is></c>'
                        '<c r="C1" t="inlineStr"><is><t>员工人数</t></is></c><c r="D1" t="inlineStr"><is><t>创建日期</t></is></c>'
                        '</row>').encode())
                    chunk = []
                    for i in range(2, 1000002):
                        chunk.append('<row r="%d"><c r="A%d" t="inlineStr"><is><t>M%07d</t></is></c><c r="B%d" t="inlineStr">'
                                     '<is><t>客户公司%d号</t></is></c><c r="C%d"><v>%d</v></c><c r="D%d"><v>%d</v></c></row>'
                                     % (i, i, i, i, i, i, i % 5000, i, 45000 + i % 2000))
                        if len(chunk) == 10000:
                            sheet.write(''.join(chunk).encode()); chunk = []
                    sheet.write((''.join(chunk) + '</sheetData></worksheet>').encode())
            """, [book])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", CommandLineFixture.binary.path, "import", "customers", "million.xlsx", "--store", cli.store]
        process.currentDirectoryURL = cli.folder
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let timeSaid = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(said.hasPrefix("million.xlsx[客户]: imported 1000000 rows into customers"), "\(said) \(timeSaid)")
        let peakKB = try #require(timeSaid.split(separator: "\n").last.flatMap { Int($0) })
        // the sheet's XML is about 190 MB inflated
        #expect(peakKB < 150_000, "peak memory \(peakKB) KB")
        let last = try cli.run(["export", "customers", "--format", "jsonl"]).stdout.split(separator: "\n").last ?? ""
        #expect(last.hasPrefix(#"{"id":"M1000001","name":"客户公司1000001号","industry":null,"employees":1,"region":null,"owner_id":null,"created_on":"2023-03-16""#), "\(last)")
    }

    @Test func whatIsNotAWorkbookIsBadData() throws {
        let cli = try CommandLineFixture().seeded()
        try Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0]).write(to: cli.folder.appendingPathComponent("broken.xlsx"))
        let failed = try cli.run(["import", "customers", "broken.xlsx"])
        #expect(failed.status == 65 && failed.stderr.hasPrefix("crescent: broken.xlsx: not a workbook"), "\(failed)")
    }
}
