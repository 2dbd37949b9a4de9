/// One row as a database server sent it, its cells decoded once into a buffer reused from row to
/// row: what `ScanRow` reads for a server backend, so that scans need no record per row there either.
public final class ScanCells {
    public enum Cell: Equatable {
        case null
        case integer(Int64)
        case number(Double)
        /// Text: where its bytes are in the row's text buffer.
        case text(offset: Int, count: Int)
    }

    private var cells: [Cell] = []
    private var text: UnsafeMutableRawBufferPointer
    private var used = 0

    public init() { text = .allocate(byteCount: 4096, alignment: 1) }
    deinit { text.deallocate() }

    public subscript(index: Int) -> Cell { cells[index] }
    public var count: Int { cells.count }

    /// Starts the next row.
    public func removeAll() {
        cells.removeAll(keepingCapacity: true)
        used = 0
    }

    public func append(_ cell: Cell) { cells.append(cell) }

    public func appendText(_ bytes: UnsafeRawBufferPointer) {
        if used + bytes.count > text.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(text.count * 2, used + bytes.count), alignment: 1)
            grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: text[0..<used]))
            text.deallocate()
            text = grown
        }
        if !bytes.isEmpty { UnsafeMutableRawBufferPointer(rebasing: text[used..<used + bytes.count]).copyMemory(from: bytes) }
        cells.append(.text(offset: used, count: bytes.count))
        used += bytes.count
    }

    /// A cell as an integer (a number truncated, a text parsed), or nil when NULL.
    public func int64(_ index: Int) -> Int64? {
        switch cells[index] {
        case .null: return nil
        case .integer(let i): return i
        case .number(let d): return Int64(d)
        case .text: return Int64(String(decoding: bytes(index), as: UTF8.self)) ?? 0
        }
    }

    /// A cell as a floating-point number (a text parsed), or nil when NULL.
    public func double(_ index: Int) -> Double? {
        switch cells[index] {
        case .null: return nil
        case .integer(let i): return Double(i)
        case .number(let d): return d
        case .text: return Double(String(decoding: bytes(index), as: UTF8.self)) ?? 0
        }
    }

    /// A cell as text (numbers written out), or nil when NULL or empty.
    public func string(_ index: Int) -> String? {
        switch cells[index] {
        case .null: return nil
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .text: return bytes(index).isEmpty ? nil : String(decoding: bytes(index), as: UTF8.self)
        }
    }

    /// A text cell's bytes (empty for the other cells), valid until the next row.
    public func bytes(_ index: Int) -> UnsafeRawBufferPointer {
        guard case .text(let offset, let count) = cells[index] else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: text[offset..<offset + count])
    }
}
