import CrescentStore
import Foundation
import NIOCore
import PostgresNIO

/// Reading large results as they stream from the server, each row decoded once into
/// `ScanCells`: the server sends, postgres-nio decodes and this thread computes, all at once, and
/// only a few thousand rows wait in memory in between.
extension PostgresLink {
    /// Runs `sql` and calls `body` with each row. One statement sees one snapshot by itself.
    func forEachRow(_ sql: String, _ parameters: [String?] = [], _ body: (ScanCells) throws -> Void) throws(StoreError) {
        turn.lock()
        defer { turn.unlock() }
        let query = Self.statement(sql, parameters), connection = connection, logger = logger
        // Bounded: a slow reader holds the server back instead of filling memory.
        let handoff = BoundedHandoff<[PostgresRow]>(capacity: 8)
        let task = WaitedTask {
            defer { handoff.finish() }
            var chunk: [PostgresRow] = []
            chunk.reserveCapacity(1000)
            for try await row in try await connection.query(query, logger: logger) {
                chunk.append(row)
                if chunk.count == 1000 {
                    guard handoff.put(chunk) else { return }
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { _ = handoff.put(chunk) }
        }
        let cells = ScanCells()
        var failure: StoreError?
        reading: while let chunk = handoff.take() {
            for row in chunk {
                Self.decode(row, into: cells)
                do { try body(cells) } catch {
                    failure = (error as? StoreError) ?? StoreError.failure(Message("store.failed", ["store": "\(address)", "reason": "\(error)"]))
                    handoff.stop()
                    break reading
                }
            }
        }
        let error = task.wait()
        if let failure { throw failure }
        if let error { throw storeError(error) }
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
