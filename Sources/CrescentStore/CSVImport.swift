import Foundation
import GRDB
import GRDBSQLite

/// How a CSV file's columns land in an entity.
public struct ImportOptions: Sendable {
    /// Source column -> canonical column.
    public var renames: [String: String] = [:]
    /// Check everything, write nothing.
    public var dryRun = false
    /// The store's time zone, which timestamps with an offset are moved to (set by the store).
    public var timeZone: TimeZone?
    /// The file's encoding, when it is not to be recognised (`TextDecoding.utf8`).
    public var encoding: TextEncoding?
    public init(renames: [String: String] = [:], dryRun: Bool = false, encoding: TextEncoding? = nil) {
        self.renames = renames
        self.dryRun = dryRun
        self.encoding = encoding
    }
}

extension RecordStore {
    /// Imports a CSV file into `entity`, upserting on the entity's key; the file may be in UTF-8,
    /// GB18030 (GBK) or UTF-16 (`TextDecoding`), and the report says which it was read as.
    /// All or nothing: on any problem, nothing of the file is stored and the problems are thrown.
    public func importCSV(
        _ entity: Entity, file: String, options: ImportOptions = ImportOptions(),
        progress: ((Double) -> Void)? = nil
    ) throws(StoreError) -> ImportReport {
        let (bytes, encoding) = try TextDecoding.utf8(try readWholeFile(file), entity: entity, file: file, forced: options.encoding)
        do {
            var report = try importCSV(entity, bytes: bytes, fileName: file, options: options, progress: progress)
            report.encoding = encoding
            return report
        } catch .badData(var report) {
            report.encoding = encoding
            throw .badData(report)
        }
    }
}

extension SQLiteStore {
    /// Imports CSV text already in memory; `fileName` names it in errors.
    public func importCSV(
        _ entity: Entity, bytes: [UInt8], fileName: String, options: ImportOptions = ImportOptions(),
        progress: ((Double) -> Void)? = nil
    ) throws(StoreError) -> ImportReport {
        var zone = options.timeZone
        if zone == nil { zone = try timeZone() }
        let (reader, plan) = try ImportPlan.read(entity, bytes: bytes, fileName: fileName, renames: options.renames, timeZone: zone)
        return try writeTransaction { db in
            let references = try ReferenceIndex(db: db, plan: plan)
            let indexes = try BulkIndexes(db: db, entity: entity, incomingRows: lineCount(bytes))
            let statement = UpsertStatement(try db.makeStatement(sql: plan.upsertSQL))
            let checking = CheckingThread(
                reader: reader, checker: RowChecker(plan: plan, references: references),
                report: ImportReport(entity: entity, file: fileName, customFields: plan.customNames, dryRun: options.dryRun,
                                                     synonymsUsed: plan.synonymsUsed))
            do {
                while let batch = checking.next() {
                    try statement.write(batch.rows)
                    progress?(batch.progress)
                }
            } catch {
                checking.cancel()
                throw error
            }
            let report = checking.report()
            if report.problemCount > 0 { throw StoreError.badData(report) }
            try indexes.rebuild(db)
            for name in plan.customNames {
                try db.execute(sql: "INSERT OR IGNORE INTO custom_fields(entity, name) VALUES (?, ?)", arguments: [entity.rawValue, name])
            }
            progress?(1)
            return (report, commit: !options.dryRun)
        }
    }

}

/// The bytes of a file, read straight into one array (no intermediate Data copy).
func readWholeFile(_ path: String) throws(StoreError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
        throw unreadable(path, errno == ENOENT ? Message("file.no_such") : errno == EACCES ? Message("file.permission_denied") : nil)
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw unreadable(path) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFIFO, S_IFSOCK: return try readStream(fd, path)  // a pipe: /dev/stdin under `cat file |`, or <(...)
    case S_IFDIR: throw unreadable(path, Message("file.is_folder"))
    default:
        throw unreadable(path, Message("file.is_device"))
    }
    let size = Int(info.st_size)
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        var done = 0
        while done < size {
            let n = read(fd, buffer.baseAddress! + done, size - done)
            if n <= 0 { failed = n < 0; break }
            done += n
        }
        count = done
    }
    if failed { throw unreadable(path) }
    return bytes
}

/// The error for a file that cannot be read: `reason`, or the system's for errno.
private func unreadable(_ path: String, _ reason: Message? = nil) -> StoreError {
    let reason: any MessageValue = reason ?? String(cString: strerror(errno))
    return .missingInput(Message("file.cannot_read", ["file": path, "reason": reason]))
}

/// Reads a pipe to its end.
private func readStream(_ fd: Int32, _ path: String) throws(StoreError) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw unreadable(path) }
        if n == 0 { return bytes }
        bytes.append(contentsOf: chunk[..<n])
    }
}
