import CrescentTestSupport
import Foundation
import Testing

/// Workbooks handed back to Excel: exports and reports as .xlsx, opened by LibreOffice and by
/// openpyxl (readers that are not ours), with typed cells, Chinese intact and formulas kept as text.
@Suite struct WorkbookExportTests {
    static func seeded() throws -> CommandLineFixture {
        let cli = try CommandLineFixture().seeded()
        try cli.write("more.csv", "id,name,region,created_on\nC4,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",West,2026-03-04\nC5,-5 折扣客户,East,\n")
        #expect(try cli.run(["import", "customers", "more.csv"]).status == 0)
        try cli.write("orders.csv", "id,customer_id,rep_id,ordered_on,amount,quantity\nO1,C1,R1,2026-07-01,12000.50,3\nO2,C3,R2,2026-07-09,800,1\n")
        #expect(try cli.run(["import", "orders", "orders.csv"]).status == 0)
        return cli
    }

    @Test func anExportOpensInLibreOfficeWithItsValuesAndFormulasAsText() throws {
        let cli = try Self.seeded()
        #expect(try cli.run(["export", "customers", "--format", "xlsx", "--out", "customers.xlsx"]) == .init(status: 0, stdout: "", stderr: ""))
        let sheets = try sheetsAsLibreOfficeCSV(cli.folder.appendingPathComponent("customers.xlsx").path, in: cli.folder.path)
        let customers = try #require(sheets["customers"])
        #expect(customers.hasPrefix("id,name,industry,employees,region,owner_id,created_on,source,status,vip\n"), "\(customers)")
        #expect(customers.contains("C1,上海明珠贸易有限公司,,,East,R1,,,,yes\n"))
        // the formula is a text cell: LibreOffice shows the text, not the link it would make
        #expect(customers.contains("C4,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,,West,,2026-03-04,,,\n"), "\(customers)")
        #expect(customers.contains("C5,-5 折扣客户,,,East,"))
        #expect(try cli.run(["export", "orders", "--format", "xlsx", "--out", "orders.xlsx"]).status == 0)
        let orders = try #require(try sheetsAsLibreOfficeCSV(cli.folder.appendingPathComponent("orders.xlsx").path, in: cli.folder.path)["orders"])
        #expect(orders == "id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency\nO1,C1,R1,,2026-07-01,3,12000.5,\nO2,C3,R2,,2026-07-09,1,800,\n")
    }

    @Test func cellsAreTypedAndTheSheetIsLaidOutForPeople() throws {
        let cli = try Self.seeded()
        #expect(try cli.run(["export", "orders", "--format", "xlsx", "--out", "orders.xlsx"]).status == 0)
        #expect(try cli.run(["export", "customers", "--format", "xlsx", "--out", "customers.xlsx"]).status == 0)
        try runPython("""
            import sys, datetime, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])['orders']
            assert ws.freeze_panes == 'A2', ws.freeze_panes
            assert ws['E2'].value == datetime.datetime(2026, 7, 1), repr(ws['E2'].value)
            assert ws['E2'].number_format == 'yyyy-mm-dd', ws['E2'].number_format
            assert ws['G2'].value == 12000.5 and ws['F2'].value == 3, (ws['G2'].value, ws['F2'].value)
            assert ws['A1'].font.b, 'the header is bold'
            c = openpyxl.load_workbook(sys.argv[2])['customers']
            assert c['B2'].value == '上海明珠贸易有限公司'
            assert c['B5'].value.startswith('=HYPERLINK') and c['B5'].data_type == 's' and c['B5'].quotePrefix
            # twelve Chinese characters need a column of about 26; the id column stays narrow
            assert c.column_dimensions['B'].width >= 24 and c.column_dimensions['A'].width <= 10, (c.column_dimensions['B'].width, c.column_dimensions['A'].width)
            """, [cli.folder.appendingPathComponent("orders.xlsx").path, cli.folder.appendingPathComponent("customers.xlsx").path])
    }

    @Test func aWorkbookRoundTripsThroughTheStore() throws {
        let cli = try Self.seeded()
        #expect(try cli.run(["export", "customers", "--format", "xlsx", "--out", "customers.xlsx"]).status == 0)
        #expect(try cli.run(["export", "orders", "--format", "xlsx", "--out", "orders.xlsx"]).status == 0)
        let again = try CommandLineFixture()
        try again.run(["init", "--currency", "CNY"])
        for (entity, file) in [("teams", "teams.csv"), ("reps", "reps.csv")] {
            try again.write(file, try String(contentsOf: cli.folder.appendingPathComponent(file), encoding: .utf8))
            #expect(try again.run(["import", entity, file]).status == 0)
        }
        for entity in ["customers", "orders"] {
            try FileManager.default.copyItem(at: cli.folder.appendingPathComponent("\(entity).xlsx"), to: again.folder.appendingPathComponent("\(entity).xlsx"))
            let imported = try again.run(["import", entity, "\(entity).xlsx"])
            #expect(imported.status == 0, "\(imported)")
            #expect(try again.run(["export", entity]).stdout == (try cli.run(["export", entity]).stdout))
        }
    }

    @Test func aReportIsAWorkbookWithACoverSheet() throws {
        let cli = try Self.seeded()
        let json = try cli.run(["kpi", "revenue", "--period", "2026-07", "--by", "rep", "--format", "json"]).stdout
        #expect(try cli.run(["kpi", "revenue", "--period", "2026-07", "--by", "rep", "--lang", "zh", "--format", "xlsx", "--out", "kpi.xlsx"]).status == 0)
        let sheets = try sheetsAsLibreOfficeCSV(cli.folder.appendingPathComponent("kpi.xlsx").path, in: cli.folder.path)
        let cover = try #require(sheets["报告"], "\(sheets.keys)")
        #expect(cover.contains("期间,2026年7月"), "\(cover)")
        let table = try #require(sheets.first { $0.key != "报告" }?.value)
        #expect(table.contains("R1,王伟,12000.5") && table.contains("R2,Ann Lee,800"), "\(table)")
        #expect(json.contains("12000.5") && json.contains("800"))
        // to a pipe, the workbook's bytes; nothing written for a format a workbook cannot be
        let piped = try cli.run(["kpi", "revenue", "--period", "2026-07", "--format", "xlsx"])
        #expect(piped.status == 0 && piped.stdout.hasPrefix("PK"))
        #expect(try cli.run(["export", "orders", "--format", "xlsx", "--excel"]).status == 64)
    }
}
