import Foundation

/// Writes an Excel workbook (`.xlsx`) sheet by sheet, row by row: each sheet's rows go to a file
/// as they come (an export of a million records is never held in memory), with text as inline
/// strings, numbers, money, percentages and dates typed, the header row frozen, and column widths
/// fitted to what was written (East Asian characters count double). `finish()` zips the parts and
/// puts the workbook in place; until then nothing is at `path`.
public final class WorkbookWriter {
    private let path: String
    private let folder: String
    private let currency: String
    private var sheets: [(name: String, file: String)] = []
    private var current: SheetOutput?

    /// A workbook for `path`; money cells show `currency`'s sign (`CNY`: ¥).
    public init(path: String, currency: String) throws(WorkbookError) {
        self.path = path
        self.currency = currency
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("crescent-xlsx-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WorkbookError(.file(path), Message("workbook.unwritable", ["reason": error.localizedDescription]))
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Starts a sheet (its name made one a spreadsheet takes: at most 31 characters, none of `[]:*?/\`,
    /// unique), with a header row of `columns` unless it is empty.
    public func addSheet(_ name: String, columns: [WorkbookColumn]) throws(WorkbookError) {
        try current?.close()
        let file = folder + "/sheet\(sheets.count + 1).rows"
        let sheet = try SheetOutput(file: file, place: path, frozenHeader: !columns.isEmpty)
        sheets.append((uniqueSheetName(name), file))
        current = sheet
        if !columns.isEmpty { sheet.add(columns.map { .text($0.title) }, style: .header) }
    }

    /// Adds a row to the current sheet.
    public func addRow(_ cells: [WorkbookCell]) {
        current?.add(cells, style: nil)
    }

    /// Adds a row in bold (a title on a cover sheet).
    public func addHeadingRow(_ cells: [WorkbookCell]) {
        current?.add(cells, style: .header)
    }

    /// Zips the workbook and moves it to `path` (written beside it first, so a failure leaves nothing half-written).
    public func finish() throws(WorkbookError) {
        try current?.close()
        current = nil
        if sheets.isEmpty { try addSheet("Sheet1", columns: []); try current?.close() }
        let partial = path + ".partial-\(getpid())"
        let zip = try ZipWriter(path: partial)
        try zip.add("[Content_Types].xml", text: PackageParts.contentTypes(sheets: sheets.count))
        try zip.add("_rels/.rels", text: PackageParts.packageRelationships)
        try zip.add("xl/workbook.xml", text: PackageParts.workbook(sheetNames: sheets.map(\.name)))
        try zip.add("xl/_rels/workbook.xml.rels", text: PackageParts.workbookRelationships(sheets: sheets.count))
        try zip.add("xl/styles.xml", text: stylesXML(currency: currency))
        for (index, sheet) in sheets.enumerated() {
            try zip.add("xl/worksheets/sheet\(index + 1).xml", file: sheet.file + ".xml")
        }
        try zip.close()
        guard rename(partial, path) == 0 else {
            unlink(partial)
            throw WorkbookError(.file(path), Message("workbook.unwritable", ["reason": String(cString: strerror(errno))]))
        }
    }

    private func uniqueSheetName(_ wanted: String) -> String {
        var name = String(wanted.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        if name.trimmingCharacters(in: .whitespaces).isEmpty { name = "Sheet\(sheets.count + 1)" }
        var candidate = name, number = 2
        while sheets.contains(where: { $0.name.lowercased() == candidate.lowercased() }) {
            let suffix = " (\(number))"
            candidate = String(name.prefix(31 - suffix.count)) + suffix
            number += 1
        }
        return candidate
    }
}
