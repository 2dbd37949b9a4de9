import CrescentStore
import Foundation
import NIOCore
import PostgresNIO

/// Reading large results a batch at a time through a server-side cursor, each row decoded once
/// into `ScanCells`, so that a scan of a million rows needs neither a million rows in memory nor
/// a record per row.
extension PostgresLink {
    /// Runs `sql` and calls `body` with each row, fetching `batch` rows at a time. Outside a
    /// transaction it opens a read-only repeatable-read one, so that every batch sees the same data.
    func forEachRow(_ sql: String, _ parameters: [String?] = [], batch: Int = 5000,
                    _ body: (ScanCells) throws -> Void) throws(StoreError) {
        turn.lock()
        defer { turn.unlock() }
        let cells = ScanCells()
        cursors += 1
        let cursor = "crescent_scan_\(cursors)"
        func fetch() throws(StoreError) {
            // Every row will be read: plan for the whole result, not for its first tenth (a cursor's default).
            try query("SET LOCAL cursor_tuple_fraction = 1.0")
            try query("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", parameters)
            while true {
                let rows = try query("FETCH FORWARD \(batch) FROM \(cursor)")
                for row in rows {
                    Self.decode(row, into: cells)
                    do { try body(cells) } catch let error as StoreError { throw error } catch {
                        throw StoreError.failure("store \(address): \(error)")
                    }
                }
                if rows.count < batch { break }
            }
            try query("CLOSE \(cursor)")
        }
        if inTransaction { try fetch() } else { try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fetch) }
    }

    /// A row's cells as `ScanRow` reads them: integers, floating-point numbers, text, NULL.
    static func decode(_ row: PostgresRow, into cells: ScanCells) {
        cells.removeAll()
        for cell in row {
            guard var bytes = cell.bytes else { cells.append(.null); continue }
            guard cell.format == .binary else { bytes.withUnsafeReadableBytes { cells.appendText($0) }; continue }
            switch cell.dataType {
            case .int8: cells.append(.integer(bytes.readInteger(as: Int64.self) ?? 0))
            case .int4: cells.append(.integer(Int64(bytes.readInteger(as: Int32.self) ?? 0)))
            case .int2: cells.append(.integer(Int64(bytes.readInteger(as: Int16.self) ?? 0)))
            case .bool: cells.append(.integer(Int64(bytes.readInteger(as: UInt8.self) ?? 0)))
            case .float8: cells.append(.number(Double(bitPattern: bytes.readInteger(as: UInt64.self) ?? 0)))
            case .float4: cells.append(.number(Double(Float(bitPattern: bytes.readInteger(as: UInt32.self) ?? 0))))
            case .numeric:  // sum() of a bigint: queries cast it back where an exact integer matters
                cells.append((try? cell.decode(Decimal.self)).map { .number(NSDecimalNumber(decimal: $0).doubleValue) } ?? .null)
            default:
                // text, varchar, name, json: the bytes are the UTF-8 text (jsonb has a version byte first).
                if cell.dataType == .jsonb { bytes.moveReaderIndex(forwardBy: 1) }
                bytes.withUnsafeReadableBytes { cells.appendText($0) }
            }
        }
    }
}
