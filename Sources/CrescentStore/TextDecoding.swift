import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The encodings an imported file may be in: UTF-8 (with or without a byte-order mark), GB18030
/// (the superset of GBK that Excel on Chinese Windows writes) and UTF-16 (Excel's "Unicode text").
public enum TextEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8", gb18030, utf16 = "utf-16"

    /// The name iconv knows it by.
    var iconvName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        case .utf16: return "UTF-16"
        }
    }

    /// How messages name it.
    public var label: String { iconvName }

    /// Accepts `utf8`, `UTF-8`, `gbk` (read as GB18030, its superset), `utf16`...
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312": self = .gb18030
        case "utf16": self = .utf16
        default: return nil
        }
    }
}

/// Turning a file's bytes into the UTF-8 the importer reads, through glibc's iconv.
public enum TextDecoding {
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The UTF-8 text of `bytes` and the encoding it was in: `forced`, or else UTF-8 when it has a
    /// byte-order mark or is valid UTF-8, UTF-16 when it has a UTF-16 byte-order mark, else GB18030.
    /// A file valid in none is refused (bad data, nothing imported) with the line and byte where it
    /// stops being readable.
    public static func utf8(_ bytes: [UInt8], entity: Entity, file: String,
                            forced: TextEncoding? = nil) throws(StoreError) -> ([UInt8], TextEncoding) {
        if bytes.starts(with: utf8BOM), forced == nil || forced == .utf8 { return (Array(bytes.dropFirst(3)), .utf8) }
        let encoding = forced ?? guess(bytes)
        // UTF-8 is checked where it is read (CSVReader names the line, character and field of a bad byte).
        guard encoding != .utf8 else { return (bytes, .utf8) }
        let (text, failedAt) = convert(bytes, from: encoding)
        if let text { return (text, encoding) }
        let line = 1 + bytes[..<failedAt].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let tried: any MessageValue = forced == nil ? Message("encoding.any") : encoding.rawValue
        var report = ImportReport(entity: entity, file: file)
        report.add(.init(file: file, line: line, column: nil, message: Message("encoding.invalid", ["tried": tried, "offset": failedAt])))
        throw .badData(report)
    }

    /// The encoding a file without a forced one is most likely in. A file with more bytes that are
    /// not UTF-8 than characters that are is GB18030; a UTF-8 file with a few bad bytes stays UTF-8,
    /// so that each bad byte is reported at its place instead of the whole file read as GB18030.
    static func guess(_ bytes: [UInt8]) -> TextEncoding {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return .utf16 }
        var valid = 0, invalid = 0, i = 0
        while i < bytes.count {
            let lead = bytes[i]
            guard lead >= 0x80 else { i += 1; continue }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
            if length > 0, i + length <= bytes.count, (1..<length).allSatisfy({ bytes[i + $0] & 0xC0 == 0x80 }) {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return invalid > valid ? .gb18030 : .utf8
    }

    /// `bytes` from `encoding` to UTF-8, or nil and the offset of the first byte not valid in it.
    static func convert(_ bytes: [UInt8], from encoding: TextEncoding) -> (text: [UInt8]?, failedAt: Int) {
        let descriptor = iconv_open("UTF-8", encoding.iconvName)
        guard descriptor != iconv_t(bitPattern: -1) else { return (nil, 0) }
        defer { iconv_close(descriptor) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var written = 0, left = input.count
        let stopped: Bool = input.withUnsafeMutableBufferPointer { source in
            var inPointer = source.baseAddress
            while left > 0 {
                var room = output.count - written, full = false
                let failed = output.withUnsafeMutableBytes { target -> Bool in
                    let start = target.baseAddress!.advanced(by: written)
                    var outPointer: UnsafeMutablePointer<CChar>? = start.assumingMemoryBound(to: CChar.self)
                    let before = room
                    let result = iconv(descriptor, &inPointer, &left, &outPointer, &room)
                    written += before - room
                    full = result == -1 && errno == E2BIG
                    return result == -1 && !full
                }
                if failed { return true }
                if full { output.append(contentsOf: repeatElement(0, count: output.count)) }
            }
            return false
        }
        return stopped ? (nil, input.count - left) : (Array(output[..<written]), 0)
    }
}
