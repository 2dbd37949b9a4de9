import CrescentTestSupport
@testable import CrescentWorkbook
import Foundation
import Testing

/// Workbooks written by openpyxl and by LibreOffice, read back cell by cell with their types.
@Suite struct SheetReaderTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Every row's cells as `column:kind:text`.
    static func cells(_ sheet: SheetReader) throws -> [[String]] {
        var rows: [[String]] = []
        while let row = try sheet.nextRow() {
            rows.append(row.cells.map { "\(CellReference.cell(column: $0.column, row: row.number)):\($0.kind):" +
                String(decoding: row.text($0), as: UTF8.self) })
        }
        return rows
    }

    @Test func openpyxlCellsReadWithTheirTypes() throws {
        let path = folder + "/types.xlsx"
        try runPython("""
        import sys, datetime, openpyxl
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = '客户'
        ws.append(['客户编号', '客户名称', '金额', '下单日期', '时间', '有效', '备注'])
        ws.append(['C1', '杭州天成电子', 1234.5, datetime.date(2026, 7, 1), datetime.datetime(2026, 7, 1, 9, 30), True, None])
        ws.append(['C2', '=HYPERLINK("http://x","y")', 1001.0, datetime.date(1900, 1, 1), None, False, '第一行\\n第二行'])
        ws['D3'].number_format = 'yyyy"年"m"月"d"日"'
        ws.append([])
        ws.append(['C3', None, 0.1, None, None, None, 'x'])
        wb.create_sheet('第二页')['B2'] = 7
        wb.save(sys.argv[1])
        """, [path])
        let workbook = try Workbook(path: path)
        #expect(workbook.sheetNames == ["客户", "第二页"])
        let rows = try Self.cells(workbook.sheet(nil))
        #expect(rows == [
            ["A1:text:客户编号", "B1:text:客户名称", "C1:text:金额", "D1:text:下单日期", "E1:text:时间", "F1:text:有效", "G1:text:备注"],
            ["A2:text:C1", "B2:text:杭州天成电子", "C2:number:1234.5", "D2:date:2026-07-01", "E2:date:2026-07-01 09:30:00",
             "F2:boolean:true"],
            // openpyxl stores a text that starts with = as a formula: its cell has no cached value, so it reads as empty
            ["A3:text:C2", "C3:number:1001", "D3:date:1900-01-01", "F3:boolean:false", "G3:text:第一行\n第二行"],
            ["A5:text:C3", "C5:number:0.1", "G5:text:x"],
        ])
        #expect(try Self.cells(workbook.sheet("2")) == [["B2:number:7"]])
        #expect(try Self.cells(workbook.sheet("第二页")) == [["B2:number:7"]])
    }

    @Test func mergedCellsAreFoundAtTheEndOfTheSheet() throws {
        let path = folder + "/merged.xlsx"
        try runPython("""
        import sys, openpyxl
        wb = openpyxl.Workbook(); ws = wb.active
        ws.append(['2026 年客户清单']); ws.merge_cells('A1:C1')
        ws.append(['区域', '客户编号', '客户名称'])
        ws.append(['华东', 'C1', '甲']); ws.append([None, 'C2', '乙']); ws.merge_cells('A3:A4')
        wb.save(sys.argv[1])
        """, [path])
        let sheet = try Workbook(path: path).sheet(nil)
        #expect(sheet.mergedRanges.count == 2)
        #expect(try Self.cells(sheet)[0] == ["A1:text:2026 年客户清单"])
    }

    @Test func aWorkbookWrittenByLibreOfficeReads() throws {
        let csv = folder + "/office.csv"
        try "id,name,amount,ordered_on\nO1,华盛电子,\"1,234.50\",2026-07-01\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let path = try convertWithLibreOffice(csv, to: "xlsx", in: folder)
        let rows = try Self.cells(Workbook(path: path).sheet(nil))
        #expect(rows == [["A1:text:id", "B1:text:name", "C1:text:amount", "D1:text:ordered_on"],
                         ["A2:text:O1", "B2:text:华盛电子", "C2:number:1234.5", "D2:date:2026-07-01"]])
    }

    @Test func whatIsNotAWorkbookIsRefusedSayingWhy() throws {
        let text = folder + "/not.xlsx"
        try "id,name\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: WorkbookError.self) { try Workbook(path: text) }
        do {
            _ = try Workbook(path: text)
        } catch {
            #expect(error.description == "\(text): not a workbook: an .xlsx file is a ZIP archive and this one is not "
                    + "(an .xls from before Excel 2007? save it as .xlsx)")
        }
        let path = folder + "/one.xlsx"
        try runPython("import sys, openpyxl; wb = openpyxl.Workbook(); wb.active.title = 'A'; wb.save(sys.argv[1])", [path])
        do {
            _ = try Workbook(path: path).sheet("B")
            Issue.record("an unknown sheet was read")
        } catch {
            #expect(error.description == "\(path): no sheet 'B' (its sheets: A)")
        }
    }

    @Test(arguments: [("yyyy-mm-dd", "date"), ("m/d/yy h:mm", "dateTime"), ("h:mm:ss", "time"), ("[$¥-804]#,##0.00", "number"),
                      ("yyyy\"年\"m\"月\"d\"日\"", "date"), ("0.00%", "number"), ("General", "number"), ("[h]:mm", "time"),
                      ("\"day\" 0", "number")])
    func formatCodesThatShowDates(_ code: String, _ shown: String) {
        #expect("\(CellStyles.shown(byCode: code))" == shown)
    }
}
