import GRDB
import GRDBSQLite

/// Columns derived from the records and kept beside them in `kept_columns` (migration v16), so that
/// a whole-table computation reads a few arrays instead of stepping through millions of rows and
/// matching each to its customer. Each entry is tagged with the versions of the tables it was
/// derived from (`table_versions`, moved by triggers on every write, whoever makes it) as they were
/// in the snapshot it was derived in; it is used only while they have not moved since. So kept
/// columns never disagree with the records: at worst they are derived again.
///
/// An entry is its columns one after the other, each its element count (8 bytes) then its elements'
/// bytes, written and read in place through SQLite's blob handles (no copy of the whole entry).
enum KeptColumns {
    /// The largest entry kept: SQLite's default limit on a value is 1,000,000,000 bytes.
    static let largest = 900_000_000

    /// The versions of `tables` as entries are tagged ("customers=3 orders=12"); nil when the store
    /// has no versions (one made before v16, opened up to an older migration by a test).
    static func versions(_ db: Database, of tables: [String]) -> String? {
        var tags: [String] = []
        for table in tables {
            guard let version = try? Int64.fetchOne(db, sql: "SELECT version FROM table_versions WHERE name = ?",
                                                     arguments: [table]) else { return nil }
            tags.append("\(table)=\(version)")
        }
        return tags.joined(separator: " ")
    }

    /// Entry `name` read by `body` when it is tagged `versions`; nil when it is not kept at those
    /// versions, or is not what `body` expects (then it is derived again, never trusted).
    static func load<T>(_ db: Database, name: String, versions: String, _ body: (inout KeptReader) throws -> T) -> T? {
        guard let row = try? Row.fetchOne(db, sql: "SELECT rowid, versions FROM kept_columns WHERE name = ?", arguments: [name]),
              row["versions"] as String == versions else { return nil }
        var blob: OpaquePointer?
        guard sqlite3_blob_open(db.sqliteConnection, "main", "kept_columns", "data", row["rowid"], 0, &blob) == SQLITE_OK,
              let blob else { return nil }
        defer { sqlite3_blob_close(blob) }
        var reader = KeptReader(blob: blob, size: Int(sqlite3_blob_bytes(blob)))
        guard let value = try? body(&reader), reader.offset == reader.size else { return nil }
        return value
    }

    /// Keeps `columns` as entry `name`, tagged `versions`, in place of what was kept under that name.
    /// An entry too large for one value is not kept.
    static func save(_ db: Database, name: String, versions: String, columns: [any KeptColumn]) throws {
        let size = columns.reduce(0) { $0 + 8 + $1.byteCount }
        guard size <= largest else {
            try db.execute(sql: "DELETE FROM kept_columns WHERE name = ?", arguments: [name])
            return
        }
        try db.execute(sql: "INSERT OR REPLACE INTO kept_columns(name, versions, data) VALUES (?, ?, zeroblob(?))",
                       arguments: [name, versions, size])
        var blob: OpaquePointer?
        guard sqlite3_blob_open(db.sqliteConnection, "main", "kept_columns", "data", db.lastInsertedRowID, 1, &blob) == SQLITE_OK,
              let blob else { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "cannot open kept columns \(name)") }
        defer { sqlite3_blob_close(blob) }
        var offset: Int32 = 0
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            guard bytes.count > 0 else { return }
            guard sqlite3_blob_write(blob, bytes.baseAddress, Int32(bytes.count), offset) == SQLITE_OK else {
                throw DatabaseError(resultCode: .SQLITE_ERROR, message: "cannot write kept columns \(name)")
            }
            offset += Int32(bytes.count)
        }
        for column in columns {
            var count = Int64(column.count)
            try withUnsafeBytes(of: &count) { try write($0) }
            try column.withRawBytes { try write($0) }
        }
    }
}

/// A table's version triggers, dropped for a write of many rows (each would run once per row) and
/// made again after it, the table's version then moved once for all of them.
struct DroppedTriggers {
    private let table: String
    private let definitions: [String]

    init(_ db: Database, on table: String) throws {
        self.table = table
        let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                        arguments: [table])
        definitions = triggers.map { $0["sql"] }
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \((trigger["name"] as String).quotedDatabaseIdentifier)") }
    }

    func restore(_ db: Database) throws {
        for sql in definitions { try db.execute(sql: sql) }
        guard !definitions.isEmpty else { return }
        try db.execute(sql: "UPDATE table_versions SET version = version + 1 WHERE name = ?", arguments: [table])
    }
}

/// A column of plain values, as an entry keeps it.
protocol KeptColumn {
    var count: Int { get }
    var byteCount: Int { get }
    func withRawBytes(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows
}

/// A plain value a kept column holds: its bytes are the value.
protocol KeptElement: BitwiseCopyable {}
extension UInt8: KeptElement {}
extension UInt16: KeptElement {}
extension Int32: KeptElement {}
extension Int64: KeptElement {}
extension Int: KeptElement {}

extension Array: KeptColumn where Element: KeptElement {
    var byteCount: Int { count * MemoryLayout<Element>.stride }
    func withRawBytes(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows { try withUnsafeBytes(body) }
}

/// Reads an entry's columns in the order they were saved.
struct KeptReader {
    struct Malformed: Error {}

    let blob: OpaquePointer
    let size: Int
    fileprivate(set) var offset = 0

    fileprivate init(blob: OpaquePointer, size: Int) {
        self.blob = blob
        self.size = size
    }

    /// The next column, which must hold `T`s.
    mutating func next<T: KeptElement>(_: T.Type) throws -> [T] {
        var count: Int64 = 0
        try withUnsafeMutableBytes(of: &count) { try read(into: $0) }
        let stride = MemoryLayout<T>.stride
        guard count >= 0, Int(count) <= (size - offset) / stride else { throw Malformed() }
        return try [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            try read(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = Int(count)
        }
    }

    /// Where the next column, which must hold `T`s, lies; skipped over, to be read a part at a time.
    mutating func skip<T: KeptElement>(_: T.Type) throws -> KeptSpan<T> {
        var count: Int64 = 0
        try withUnsafeMutableBytes(of: &count) { try read(into: $0) }
        let stride = MemoryLayout<T>.stride
        guard count >= 0, Int(count) <= (size - offset) / stride else { throw Malformed() }
        defer { offset += Int(count) * stride }
        return KeptSpan(count: Int(count), offset: offset)
    }

    /// Elements `range` of a column `skip` found, in `elements` (its buffer reused when it is the same length).
    func read<T>(_ span: KeptSpan<T>, _ range: Range<Int>, into elements: inout [T]) throws {
        guard range.lowerBound >= 0, range.upperBound <= span.count else { throw Malformed() }
        let stride = MemoryLayout<T>.stride
        var at = Int32(span.offset + range.lowerBound * stride)
        func fill(_ bytes: UnsafeMutableRawBufferPointer) throws {
            guard bytes.count > 0 else { return }
            guard sqlite3_blob_read(blob, bytes.baseAddress, Int32(bytes.count), at) == SQLITE_OK else { throw Malformed() }
            at += Int32(bytes.count)
        }
        if elements.count == range.count {
            try elements.withUnsafeMutableBytes { try fill($0) }
        } else {
            elements = try [T](unsafeUninitializedCapacity: range.count) { buffer, initialized in
                try fill(UnsafeMutableRawBufferPointer(buffer))
                initialized = range.count
            }
        }
    }

    private mutating func read(into bytes: UnsafeMutableRawBufferPointer) throws {
        guard bytes.count <= size - offset else { throw Malformed() }
        guard bytes.count > 0 else { return }
        guard sqlite3_blob_read(blob, bytes.baseAddress, Int32(bytes.count), Int32(offset)) == SQLITE_OK else { throw Malformed() }
        offset += bytes.count
    }

    /// The next column of strings, saved by `KeptStrings`.
    mutating func nextStrings() throws -> [String] {
        let bytes = try next(UInt8.self), ends = try next(Int32.self)
        var start = 0
        return try ends.map { end in
            guard Int(end) >= start, Int(end) <= bytes.count else { throw Malformed() }
            defer { start = Int(end) }
            return String(decoding: bytes[start..<Int(end)], as: UTF8.self)
        }
    }
}

/// Where a column of `T`s lies in an entry: how many there are and the offset of the first.
struct KeptSpan<T: KeptElement> {
    let count: Int
    let offset: Int
}

/// A list of strings as two kept columns: their bytes one after the other, and where each ends.
enum KeptStrings {
    static func columns(_ strings: [String]) -> [any KeptColumn] {
        var bytes: [UInt8] = [], ends: [Int32] = []
        for string in strings {
            bytes.append(contentsOf: string.utf8)
            ends.append(Int32(bytes.count))
        }
        return [bytes, ends]
    }
}
