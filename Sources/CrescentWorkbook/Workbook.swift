/// An Excel workbook (`.xlsx`, `.xlsm`) opened for reading: its sheets by name, each read as a
/// stream of rows of typed cells. Only what a sheet's values need is read up front (the sheet
/// list, the shared strings, the cell styles); a sheet's own XML is inflated and parsed as it is read.
public final class Workbook: @unchecked Sendable {
    /// The file as given, for messages.
    public let fileName: String
    /// The sheets in the workbook's order.
    public let sheetNames: [String]
    private let sheetParts: [String]
    private let archive: ZipArchive
    let date1904: Bool
    let strings: SharedStrings
    let styles: CellStyles

    public init(path: String) throws(WorkbookError) {
        fileName = path
        archive = try ZipArchive(path: path)
        let packageLinks = try archive.relationships("_rels/.rels", folder: "", fileName: path)
        let main = packageLinks.values.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard archive.contains(main) else { throw WorkbookError(.file(path), Message("workbook.no_workbook_part")) }
        let folder = main.split(separator: "/").dropLast().joined(separator: "/")
        let name = main.split(separator: "/").last.map(String.init) ?? "workbook.xml"
        let links = try archive.relationships(folder + "/_rels/" + name + ".rels", folder: folder, fileName: path)
        var names: [String] = [], parts: [String] = [], uses1904 = false
        try archive.parse(main, with: ElementVisitor { element, attributes in
            if element.is("sheet"), let sheet = attributes.string("name"), let id = attributes.string("id"),
               let link = links[id], link.type.hasSuffix("/worksheet") {
                names.append(sheet)
                parts.append(link.target)
            } else if element.is("workbookPr") {
                uses1904 = ["1", "true"].contains(attributes.string("date1904") ?? "")
            }
        }, fileName: path)
        sheetNames = names
        sheetParts = parts
        date1904 = uses1904
        strings = SharedStrings()
        if let part = links.values.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target {
            try archive.parse(part, with: strings, fileName: path)
        }
        if let part = links.values.first(where: { $0.type.hasSuffix("/styles") })?.target {
            styles = try CellStyles(archive: archive, part: part, fileName: path)
        } else {
            styles = CellStyles()
        }
    }

    /// The sheet named `choice`, or numbered so (from 1), or the first; an unknown one throws,
    /// listing the sheets there are.
    public func sheet(_ choice: String?) throws(WorkbookError) -> SheetReader {
        let index: Int
        if let choice {
            if let named = sheetNames.firstIndex(of: choice) {
                index = named
            } else if let number = Int(choice), number >= 1, number <= sheetNames.count {
                index = number - 1
            } else {
                throw WorkbookError(.file(fileName), Message("workbook.no_sheet", ["sheet": choice,
                                                                                   "sheets": sheetNames.joined(separator: ", ")]))
            }
        } else {
            guard !sheetNames.isEmpty else { throw WorkbookError(.file(fileName), Message("workbook.no_sheets")) }
            index = 0
        }
        return try SheetReader(workbook: self, name: sheetNames[index], part: sheetParts[index], archive: archive)
    }
}
