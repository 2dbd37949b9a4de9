import Foundation

/// Export formats.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json, jsonl
}

extension SQLiteStore {
    /// Writes every record of `entity`: canonical columns first, then custom fields.
    public func export(_ entity: Entity, format: ExportFormat, to output: TextSink) throws(StoreError) {
        let custom = try customFields(of: entity)
        let names = entity.fields.map(\.name) + custom
        if format == .csv { output.write(CSVWriter.line(names)) }
        if format == .json { output.write("[") }
        var first = true
        try forEach(entity) { record in
            let values = names.map { record[$0] ?? .null }
            switch format {
            case .csv:
                output.write(CSVWriter.line(values.map(\.text)))
            case .json, .jsonl:
                let fields = zip(names, values).map { JSONText.string($0) + ":" + JSONText.value($1) }
                let object = "{" + fields.joined(separator: ",") + "}"
                output.write(format == .json ? (first ? "\n" : ",\n") + object : object + "\n")
            }
            first = false
        }
        if format == .json { output.write(first ? "]\n" : "\n]\n") }
        output.flush()
    }
}

/// Where exported text goes: a buffered file or standard output.
public final class TextSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    public init(handle: FileHandle) { self.handle = handle }

    public static func standardOutput() -> TextSink { TextSink(handle: .standardOutput) }

    /// A sink writing to a new file at `path` (replaced when it exists).
    public static func file(_ path: String) throws(StoreError) -> TextSink {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw .failure("cannot write \(path)")
        }
        return TextSink(handle: handle)
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
