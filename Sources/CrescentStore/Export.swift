import Foundation

/// Export formats.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json, jsonl
    /// An Excel workbook, written to a file by `exportWorkbook`.
    case xlsx
}

/// Columns an export writes after the stored ones, computed by the caller from each page of records
/// (the computed fields of scripts, which the store knows nothing of).
public struct ExtraColumns {
    public var names: [String]
    /// One row of values per record, in `names` order.
    public var values: ([Record]) throws -> [[StoredValue]]

    public init(names: [String], values: @escaping ([Record]) throws -> [[StoredValue]]) {
        self.names = names
        self.values = values
    }
}

extension RecordStore {
    /// Writes every record of `entity`: canonical columns first, then custom fields, then `extra`.
    public func export(_ entity: Entity, format: ExportFormat, to output: TextSink, extra: ExtraColumns? = nil) throws {
        let stored = entity.fields.map(\.name) + (try customFields(of: entity))
        let names = stored + (extra?.names ?? [])
        if format == .csv { output.write(CSVWriter.line(names)) }
        if format == .json { output.write("[") }
        var first = true
        try forEachPage(entity) { page in
            let extraValues = try extra?.values(page)
            for (index, record) in page.enumerated() {
                let values = stored.map { record[$0] ?? .null } + (extraValues?[index] ?? [])
                switch format {
                case .csv:
                    output.write(CSVWriter.line(values.map(\.text)))
                case .xlsx:
                    preconditionFailure("a workbook is a file: exportWorkbook(_:to:) writes it")
                case .json, .jsonl:
                    let fields = zip(names, values).map { JSONText.string($0) + ":" + JSONText.value($1) }
                    let object = "{" + fields.joined(separator: ",") + "}"
                    output.write(format == .json ? (first ? "\n" : ",\n") + object : object + "\n")
                }
                first = false
            }
        }
        if format == .json { output.write(first ? "]\n" : "\n]\n") }
        output.flush()
    }
}

/// Where exported text goes: standard output, or a file that appears only once it is complete.
public final class TextSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// For a file: where it is written, and where `finish()` moves it.
    private let file: (partial: String, final: String)?
    /// What the text goes through on its way out (a terminal's escaping of control characters).
    private let filter: ((String) -> String)?
    /// Whether records end in CRLF, for Excel (`asExcelCSV`).
    private var excel = false

    init(handle: FileHandle, file: (partial: String, final: String)? = nil, filter: ((String) -> String)? = nil) {
        self.handle = handle
        self.file = file
        self.filter = filter
    }

    /// Standard output, through `filter` when one is given.
    public static func standardOutput(filter: ((String) -> String)? = nil) -> TextSink { TextSink(handle: .standardOutput, filter: filter) }

    /// A sink for the file at `path`: written beside it, then moved into place by `finish()`, so that
    /// a failed export leaves an existing file as it was and never a half-written one.
    public static func file(_ path: String) throws(StoreError) -> TextSink {
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw .failure(Message("file.cannot_write", ["file": path]))
        }
        return TextSink(handle: handle, file: (partial, path))
    }

    /// Writes what is buffered and, for a file, puts it in place.
    public func finish() throws(StoreError) {
        flush()
        guard let file else { return }
        try? handle.close()
        guard rename(file.partial, file.final) == 0 else {
            throw .failure(Message("file.cannot_write_because", ["file": file.final, "reason": String(cString: strerror(errno))]))
        }
    }

    deinit {
        if let file { unlink(file.partial) }
    }

    /// From here on, CSV as Excel on Windows opens it: a UTF-8 byte-order mark first (else Excel
    /// reads Chinese as the machine's code page), each record ending in CRLF. Written text must be
    /// whole records, as `CSVWriter.line` makes them.
    public func asExcelCSV() -> TextSink {
        excel = true
        buffer.append(contentsOf: TextDecoding.utf8BOM)
        return self
    }

    public func write(_ text: String) {
        let shown = filter?(text) ?? text
        buffer.append(contentsOf: (excel ? CSVWriter.withCRLF(shown) : shown).utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
