import Foundation

/// One sheet being written: rows appended to a file as XML, column widths measured as they go;
/// `close()` puts the sheet's XML together (its frozen pane and widths come before the rows).
final class SheetOutput {
    private let file: String
    private let place: String
    private let frozenHeader: Bool
    private let output: UnsafeMutablePointer<FILE>
    private var rowNumber = 0
    private var widths: [Int] = []
    private var buffer = ""

    init(file: String, place: String, frozenHeader: Bool) throws(WorkbookError) {
        guard let output = fopen(file, "w") else {
            throw WorkbookError(.file(place), Message("workbook.unwritable", ["reason": String(cString: strerror(errno))]))
        }
        self.file = file
        self.place = place
        self.frozenHeader = frozenHeader
        self.output = output
    }

    func add(_ cells: [WorkbookCell], style: WrittenStyle?) {
        rowNumber += 1
        buffer += "<row r=\"\(rowNumber)\">"
        for (column, cell) in cells.enumerated() {
            let (xml, width) = Self.xml(cell, at: CellReference.cell(column: column, row: rowNumber), style: style)
            buffer += xml
            if column >= widths.count { widths.append(contentsOf: repeatElement(0, count: column - widths.count + 1)) }
            widths[column] = max(widths[column], width)
        }
        buffer += "</row>"
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    private func flush() {
        buffer.withCString { _ = fputs($0, output) }
        buffer = ""
    }

    /// A cell's XML, and the width its value needs.
    private static func xml(_ cell: WorkbookCell, at ref: String, style: WrittenStyle?) -> (String, Int) {
        func styled(_ own: WrittenStyle) -> String {
            let chosen = style ?? own
            return chosen == .plain ? "" : " s=\"\(chosen.rawValue)\""
        }
        switch cell {
        case .empty:
            return ("", 0)
        case .text(let text):
            // Text is an inline string, never a formula; one a spreadsheet would take for a formula keeps its quote prefix.
            let risky = text.first.map { "=+-@\t\r".contains($0) } ?? false
            let longest = text.split(separator: "\n").map { displayWidth(String($0)) }.max() ?? 0
            return ("<c r=\"\(ref)\" t=\"inlineStr\"\(styled(risky ? .textKeptAsText : .plain))><is><t xml:space=\"preserve\">"
                    + xmlEscaped(text) + "</t></is></c>", longest)
        case .number(let value), .money(let value), .percent(let value):
            guard value.isFinite else { return ("", 0) }
            let own: WrittenStyle
            switch cell {
            case .money: own = .money
            case .percent: own = .percent
            default: own = value == value.rounded() && abs(value) >= 1000 ? .integer : .plain
            }
            let shown = own == .percent ? 7 : String(format: "%.2f", value).count + (own == .money ? 4 : 0)
            return ("<c r=\"\(ref)\"\(styled(own))><v>\(number(value))</v></c>", shown)
        case .date(let text):
            guard let (serial, withTime) = serial(text) else { return xml(.text(text), at: ref, style: style) }
            return ("<c r=\"\(ref)\"\(styled(withTime ? .dateTime : .date))><v>\(number(serial))</v></c>", withTime ? 19 : 10)
        case .boolean(let flag):
            return ("<c r=\"\(ref)\" t=\"b\"\(styled(.plain))><v>\(flag ? 1 : 0)</v></c>", 5)
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// The serial of `2026-07-01` or `2026-07-01T09:30:00` (or with a space), and whether it has a time.
    private static func serial(_ text: String) -> (Double, Bool)? {
        let parts = text.split(maxSplits: 1, whereSeparator: { $0 == "T" || $0 == " " })
        guard !parts.isEmpty else { return nil }
        let day = parts[0].split(separator: "-").compactMap { Int($0) }
        guard day.count == 3, parts[0].count == 10, (1...12).contains(day[1]), (1...31).contains(day[2]) else { return nil }
        var serial = Double(ExcelDate.serial(year: day[0], month: day[1], day: day[2]))
        guard parts.count == 2 else { return (serial, false) }
        let clock = parts[1].prefix(8).split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2 else { return nil }
        let seconds: Int = clock[0] * 3600 + clock[1] * 60 + (clock.count > 2 ? clock[2] : 0)
        serial += Double(seconds) / 86_400
        return (serial, clock != [0, 0, 0] && clock != [0, 0])
    }

    /// Writes the sheet's XML to `file.xml`: its views and widths, then the rows written so far.
    func close() throws(WorkbookError) {
        flush()
        fclose(output)
        var head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        if frozenHeader {
            head += #"<sheetViews><sheetView workbookViewId="0">"#
                + #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
                + #"<selection pane="bottomLeft"/></sheetView></sheetViews>"#
        }
        if !widths.isEmpty {
            head += "<cols>" + widths.enumerated().map { index, width in
                "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(min(60, max(8, width + 2)))\" customWidth=\"1\"/>"
            }.joined() + "</cols>"
        }
        head += "<sheetData>"
        guard let sheet = fopen(file + ".xml", "w"), let rows = fopen(file, "r") else {
            throw WorkbookError(.file(place), Message("workbook.unwritable", ["reason": String(cString: strerror(errno))]))
        }
        defer { fclose(sheet); fclose(rows) }
        fputs(head, sheet)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, rows)
            if count == 0 { break }
            fwrite(chunk, 1, count, sheet)
        }
        fputs("</sheetData></worksheet>", sheet)
        if ferror(sheet) != 0 {
            throw WorkbookError(.file(place), Message("workbook.unwritable", ["reason": String(cString: strerror(errno))]))
        }
    }
}
