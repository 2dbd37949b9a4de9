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
        let startLine = line
        fieldBounds.removeAll(keepingCapacity: true)
        try bytes.withUnsafeBufferPointer { (buffer) throws(CSVError) in
            try readFields(buffer, startLine: startLine)
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
                    guard p < b.count else { throw CSVError(line: startLine, message: "a quoted field is never closed") }
                    if b[p] == quote {
                        if p + 1 < b.count, b[p + 1] == quote { p += 2; continue }
                        break
                    }
                    if b[p] == lf { line += 1 }
                    p += 1
                }
                fieldBounds.append((start, p, true))
                p += 1
                // Anything between the closing quote and the separator is kept out, as most readers do.
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

public struct CSVError: Error, Equatable {
    public let line: Int
    public let message: String
}

/// Writing CSV fields, quoted only when they must be.
public enum CSVWriter {
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}
