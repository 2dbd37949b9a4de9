import CrescentWorkbook

/// What an import reads: CSV text in memory, or one sheet of a workbook (read as it is imported).
/// A source can be opened more than once (a backend that starts again reads it again).
public struct ImportSource: @unchecked Sendable {
    /// The file, for messages.
    public let fileName: String
    /// The encoding CSV text was read in (a workbook's text is always Unicode).
    public let encoding: TextEncoding
    /// The bytes of the CSV text or of the sheet's XML: how large the import is.
    public let size: Int
    /// At most about this many records (for sizing indexes and batches).
    let rowEstimate: Int
    /// The sheet, for a workbook.
    public let sheet: String?
    private let opening: () throws(CSVError) -> any RecordSource

    /// CSV text (already UTF-8).
    public static func csv(_ bytes: [UInt8], fileName: String, encoding: TextEncoding = .utf8) -> ImportSource {
        ImportSource(fileName: fileName, encoding: encoding, size: bytes.count, rowEstimate: lineCount(bytes), sheet: nil) {
            CSVReader(bytes: bytes)
        }
    }

    /// Sheet `sheet` (a name, or a number from 1; nil: the first) of the workbook at `path`, its
    /// header on row `headerRow` (nil: found). An unknown sheet is a usage error; a file that is no
    /// workbook is bad data.
    public static func workbook(path: String, sheet choice: String?, headerRow: Int? = nil,
                                entity: Entity) throws(StoreError) -> ImportSource {
        let workbook: Workbook
        let first: SheetReader
        do {
            workbook = try Workbook(path: path)
            first = try workbook.sheet(choice)
        } catch {
            if case .file = error.place, error.message.key == "workbook.no_sheet" { throw .usage(Message("workbook.error", ["error": error])) }
            var report = ImportReport(entity: entity, file: path)
            report.add(.init(file: path, line: 0, column: nil, message: error.message, sheet: choice, cell: nil))
            throw .badData(report)
        }
        let name = first.name
        let size = first.xmlSize
        var unread: SheetReader? = first
        return ImportSource(fileName: path, encoding: .utf8, size: size, rowEstimate: size / 100, sheet: name) { () throws(CSVError) in
            defer { unread = nil }
            let reader: SheetReader
            if let fresh = unread {
                reader = fresh
            } else {
                do throws(WorkbookError) { reader = try workbook.sheet(name) } catch { throw CSVError(error) }
            }
            return try WorkbookRecords(sheet: reader, headerRow: headerRow)
        }
    }

    private init(fileName: String, encoding: TextEncoding, size: Int, rowEstimate: Int, sheet: String?,
                 opening: @escaping () throws(CSVError) -> any RecordSource) {
        self.fileName = fileName
        self.encoding = encoding
        self.size = size
        self.rowEstimate = rowEstimate
        self.sheet = sheet
        self.opening = opening
    }

    /// The records from the first (the header) on.
    func open() throws(CSVError) -> any RecordSource { try opening() }
}
