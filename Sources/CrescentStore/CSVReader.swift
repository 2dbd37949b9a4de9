/// A fast RFC 4180 reader over the bytes of a whole file.
///
/// It accepts a UTF-8 byte-order mark, LF or CRLF line ends, and quoted fields
/// holding commas, quotes (`""`) and line breaks. Each record knows the physical
/// line it starts on, so errors can point at the right line of the file.
/// (Hand-written rather than a CSV package: none available gives line numbers,
/// and imports of millions of rows need to parse bytes without copying.)
public struct CSVReader: Sendable {
    private let bytes: [UInt8]
    private var position: Int
    private var line = 1
    /// Field boundaries of the current record, reused between records.
    private var fieldBounds: [(start: Int, end: Int, quoted: Bool)] = []
    /// Where text follows a closing quote in the current record.
    private var trailingText: Int?

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = hasBOM ? 3 : 0
    }

    /// How far through the input the reader is, from 0 to 1.
    public var progress: Double { bytes.isEmpty ? 1 : Double(position) / Double(bytes.count) }

    /// Reads the next record: its first line and its fields, or nil at the end.
    /// Blank lines are skipped. Throws on a quote that is never closed.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        while position < bytes.count, bytes[position] == UInt8(ascii: "\n") || bytes[position] == UInt8(ascii: "\r") {
            if bytes[position] == UInt8(ascii: "\n") { line += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let startLine = line, start = position
        fieldBounds.removeAll(keepingCapacity: true)
        trailingText = nil
        try bytes.withUnsafeBufferPointer { (buffer) throws(CSVError) in
            try readFields(buffer, startLine: startLine)
            // The record is read whatever its faults, so the caller may go on to the next one; the first fault is told.
            let badByte = Self.firstBadByte(buffer, from: start, to: position)
            if let offset = trailingText, offset < badByte?.0 ?? Int.max {
                throw error(at: offset, in: buffer, startLine: startLine, start: start, Message("csv.text_after_quote"))
            }
            if let (offset, reason) = badByte { throw error(at: offset, in: buffer, startLine: startLine, start: start, reason) }
        }
        return CSVRecord(line: startLine, fields: fieldBounds.map { bounds in
            bounds.quoted ? Self.unescape(bytes[bounds.start..<bounds.end]) : bytes[bounds.start..<bounds.end]
        })
    }

    private mutating func readFields(_ b: UnsafeBufferPointer<UInt8>, startLine: Int) throws(CSVError) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var p = position
        while true {
            if p < b.count, b[p] == quote {
                let start = p + 1
                p = start
                while true {
                    guard p < b.count else { throw CSVError(line: startLine, message: Message("csv.quote_never_closed")) }
                    if b[p] == quote {
                        if p + 1 < b.count, b[p + 1] == quote { p += 2; continue }
                        break
                    }
                    if b[p] == lf { line += 1 }
                    p += 1
                }
                fieldBounds.append((start, p, true))
                p += 1
                if p < b.count, b[p] != comma, b[p] != lf, b[p] != cr, trailingText == nil { trailingText = p }
                while p < b.count, b[p] != comma, b[p] != lf, b[p] != cr { p += 1 }
            } else {
                let start = p
                while p < b.count, b[p] != comma, b[p] != lf, b[p] != cr { p += 1 }
                fieldBounds.append((start, p, false))
            }
            if p < b.count, b[p] == comma { p += 1; continue }
            if p < b.count, b[p] == cr { p += 1 }
            if p < b.count, b[p] == lf { p += 1; line += 1 }
            break
        }
        position = p
    }

    /// The first byte of `b[from..<to]` that is a NUL or not valid UTF-8, and what is wrong with it.
    static func firstBadByte(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (Int, Message)? {
        var i = from
        let raw = UnsafeRawPointer(b.baseAddress!)
        while i < to {
            // Eight bytes at a time while they are ASCII and none is NUL: the common case.
            if i + 8 <= to {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
                if word & high == 0 && (word &- ones) & ~word & high == 0 { i += 8; continue }
            }
            let lead = b[i]
            if lead &- 1 < 0x7F { i += 1; continue }
            if lead == 0 { return (i, Message("csv.nul_byte")) }
            let length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
            var valid = length > 0 && i + length <= to
            if valid {
                let second = b[i + 1]
                let low: UInt8 = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80  // no overlong forms
                let high: UInt8 = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF  // no surrogates, nothing past U+10FFFF
                valid = second >= low && second <= high && (2..<length).allSatisfy { b[i + $0] & 0xC0 == 0x80 }
            }
            if !valid {
                return (i, Message("csv.not_utf8", ["byte": String(lead, radix: 16, uppercase: true)]))
            }
            i += length
        }
        return nil
    }

    /// The error at byte `offset` of the record starting at `start`: its physical line, column
    /// (in characters) and field.
    private func error(at offset: Int, in b: UnsafeBufferPointer<UInt8>, startLine: Int, start: Int, _ reason: Message) -> CSVError {
        var lineStart = offset
        while lineStart > 0, b[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        let line = startLine + (start..<max(start, lineStart)).reduce(0) { $0 + (b[$1] == UInt8(ascii: "\n") ? 1 : 0) }
        let column = 1 + (lineStart..<offset).reduce(0) { $0 + (b[$1] & 0xC0 == 0x80 ? 0 : 1) }
        let field = 1 + (fieldBounds.lastIndex { $0.start <= offset } ?? 0)
        return CSVError(line: line, column: column, message: Message("csv.in_field", ["field": field, "reason": reason]))
    }

    private static func unescape(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard slice.contains(UInt8(ascii: "\"")) else { return slice }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = slice.startIndex
        while i < slice.endIndex {
            out.append(slice[i])
            i += slice[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return out[...]
    }
}

/// One record of a CSV file.
public struct CSVRecord: Sendable {
    /// The physical line the record starts on (1 is the header).
    public let line: Int
    /// The raw bytes of each field, unquoted (slices of the file's bytes where no unescaping was needed).
    public let fields: [ArraySlice<UInt8>]

    public func string(_ index: Int) -> String {
        index < fields.count ? String(decoding: fields[index], as: UTF8.self) : ""
    }
}

/// Why a record could not be read, and where: a line (and character) of a CSV file, or a cell of a sheet.
public struct CSVError: Error, Equatable {
    public let line: Int
    /// The column in characters, when the fault is at one place of the line.
    public let column: Int?
    /// The sheet's cell (`D17`), when a sheet's cell is at fault.
    public let cell: String?
    public let message: Message
    /// Whether the reader is past the faulty record and may read on (a quote never closed ends the file).
    public let readsOn: Bool

    public init(line: Int, column: Int? = nil, message: Message) {
        self.line = line
        self.column = column
        self.message = message
        cell = nil
        readsOn = column != nil
    }

    /// A fault of a sheet: at a cell (`readsOn`: the next rows may be read), or of the whole sheet.
    init(row: Int, cell: String?, message: Message, readsOn: Bool) {
        line = row
        column = nil
        self.cell = cell
        self.message = message
        self.readsOn = readsOn
    }
}

/// Records to import, one after another: the rows of a CSV file or of a sheet.
protocol RecordSource: Sendable {
    /// The next record, nil at the end; a fault says where it is and whether reading may go on.
    mutating func next() throws(CSVError) -> CSVRecord?
    /// How far through its input the source is, from 0 to 1.
    var progress: Double { get }
    /// Where a sheet's records are, when the source is a sheet.
    var layout: SheetLayout? { get }
}

extension CSVReader: RecordSource {
    var layout: SheetLayout? { nil }
}
