import Foundation

/// A worksheet read row by row: its XML is inflated and parsed in chunks as rows are asked for,
/// so a sheet of a million rows never sits in memory. Merged cells (their ranges come at the end
/// of a sheet's XML) are found in a first, quick pass over the inflated bytes.
public final class SheetReader: @unchecked Sendable {
    public let name: String
    public let fileName: String
    /// The sheet's merged ranges; a merged range's value is in its top-left cell.
    public let mergedRanges: [CellRange]
    private let stream: ZipEntryStream
    private let parser: XMLStream
    private let cells: SheetCells
    private let totalBytes: Int
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var ended = false

    init(workbook: Workbook, name: String, part: String, archive: ZipArchive) throws(WorkbookError) {
        self.name = name
        fileName = workbook.fileName
        mergedRanges = try Self.mergedRanges(archive, part: part, fileName: workbook.fileName)
        guard let stream = try archive.open(part) else {
            throw WorkbookError(.sheet(workbook.fileName, name), Message("workbook.no_sheet_part", ["part": part]))
        }
        self.stream = stream
        totalBytes = max(archive.size(of: part) ?? 1, 1)
        cells = SheetCells(strings: workbook.strings, styles: workbook.styles, date1904: workbook.date1904,
                           place: { cell in .cell(workbook.fileName, name, cell) })
        parser = XMLStream(cells)
    }

    /// The size of the sheet's XML, inflated.
    public var xmlSize: Int { totalBytes }

    /// How far through the sheet reading is, from 0 to 1.
    public var progress: Double { Double(stream.offset) / Double(totalBytes) }

    /// The next row that has a non-empty cell, or nil after the last.
    public func nextRow() throws(WorkbookError) -> SheetRow? {
        while true {
            if let fault = cells.fault { throw fault }
            if let row = cells.takeRow() { return row }
            if ended { return nil }
            let count = try stream.read(into: &chunk)
            ended = count == 0
            do {
                try parser.feed(chunk, count: count, last: count == 0)
            } catch {
                throw WorkbookError(.sheet(fileName, name), Message("workbook.bad_xml", ["line": error.line, "reason": error.reason]))
            }
        }
    }

    /// The sheet's `<mergeCell ref>` ranges. The inflated XML is first searched for the word (fast,
    /// and most sheets have none); only a sheet that has it is parsed for them.
    private static func mergedRanges(_ archive: ZipArchive, part: String, fileName: String) throws(WorkbookError) -> [CellRange] {
        guard let stream = try archive.open(part) else { return [] }
        let word = Array("mergeCell".utf8)
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        var carried = 0  // the end of the previous chunk, moved to the front: the word may straddle two
        var found = false
        while !found {
            let count = try stream.read(into: &buffer, at: carried)
            if count == 0 { break }
            let end = carried + count
            buffer.withUnsafeMutableBytes { bytes in
                found = contains(word, in: UnsafeRawBufferPointer(rebasing: bytes[..<end]))
                carried = min(word.count - 1, end)
                memmove(bytes.baseAddress!, bytes.baseAddress! + end - carried, carried)
            }
        }
        guard found else { return [] }
        var ranges: [CellRange] = []
        try archive.parse(part, with: ElementVisitor { element, attributes in
            if element.is("mergeCell"), let ref = attributes.string("ref"), let range = CellRange(ref) { ranges.append(range) }
        }, fileName: fileName)
        return ranges
    }
}

/// Whether `word` occurs in `bytes` (memchr finds each candidate first byte).
private func contains(_ word: [UInt8], in bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress, bytes.count >= word.count else { return false }
    var offset = 0
    let last = bytes.count - word.count
    while offset <= last, let hit = memchr(base + offset, Int32(word[0]), last - offset + 1) {
        let at = base.distance(to: UnsafeRawPointer(hit))
        if memcmp(base + at, word, word.count) == 0 { return true }
        offset = at + 1
    }
    return false
}
