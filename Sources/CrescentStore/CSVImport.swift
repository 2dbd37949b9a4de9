import Foundation
import GRDB
import GRDBSQLite

/// How a file's columns land in an entity.
public struct ImportOptions: Sendable {
    /// Source column -> canonical column.
    public var renames: [String: String] = [:]
    /// Check everything, write nothing.
    public var dryRun = false
    /// The store's time zone, which timestamps with an offset are moved to (set by the store).
    public var timeZone: TimeZone?
    /// The file's encoding, when it is not to be recognised (`TextDecoding.utf8`).
    public var encoding: TextEncoding?
    /// The sheet of a workbook to read (a name, or a number from 1); nil: the first.
    public var sheet: String?
    /// The sheet's row that holds the header (from 1); nil: found.
    public var headerRow: Int?
    /// How the file's source writes it; its sheet, header row and encoding apply where the options give none.
    public var profile: ImportProfile? {
        didSet {
            sheet = sheet ?? profile?.sheet
            headerRow = headerRow ?? profile?.headerRow
            encoding = encoding ?? profile?.encoding
        }
    }
    public init(renames: [String: String] = [:], dryRun: Bool = false, encoding: TextEncoding? = nil) {
        self.renames = renames
        self.dryRun = dryRun
        self.encoding = encoding
    }
}

extension RecordStore {
    /// Imports a file into `entity`, upserting on the entity's key: a workbook (`.xlsx`, `.xlsm`:
    /// its sheet `options.sheet`, or the first), or CSV text in UTF-8, GB18030 (GBK) or UTF-16
    /// (`TextDecoding`); the report says which sheet or encoding was read.
    /// All or nothing: on any problem, nothing of the file is stored and the problems are thrown.
    public func importFile(
        _ entity: Entity, file: String, options: ImportOptions = ImportOptions(),
        progress: ((Double) -> Void)? = nil
    ) throws(StoreError) -> ImportReport {
        if let profile = options.profile, let other = profile.entity, other != entity {
            throw .usage(Message("profile.other_entity", ["file": profile.file ?? "", "profile": other.rawValue, "entity": entity.rawValue]))
        }
        return try importRecords(entity, from: try ImportSource.reading(file, entity: entity, options: options), options: options,
                                 progress: progress)
    }
}

extension ImportSource {
    /// The file at `path`: a workbook when it is a ZIP archive, else CSV text. A workbook is
    /// recognised by its first bytes alone: libzip reads it from the file, so it is not read whole here.
    static func reading(_ path: String, entity: Entity, options: ImportOptions) throws(StoreError) -> ImportSource {
        let start = leadingBytes(path, count: 4)  // nil: a pipe (read whole to see its start), or unreadable (told below)
        let whole = start == nil ? try readWholeFile(path) : nil
        if (start ?? whole.map { Array($0.prefix(4)) }) == [0x50, 0x4B, 0x03, 0x04] {
            return try .workbook(path: path, sheet: options.sheet, headerRow: options.headerRow, entity: entity)
        }
        if options.sheet != nil {
            throw .usage(Message("import.sheet_of_csv", ["file": path]))
        }
        let bytes: [UInt8]
        if let whole { bytes = whole } else { bytes = try readWholeFile(path) }
        let (text, encoding) = try TextDecoding.utf8(bytes, entity: entity, file: path, forced: options.encoding)
        return .csv(text, fileName: path, encoding: encoding)
    }
}

extension SQLiteStore {
    /// Imports the records of `source` into `entity`, in one transaction.
    public func importRecords(
        _ entity: Entity, from source: ImportSource, options: ImportOptions = ImportOptions(),
        progress: ((Double) -> Void)? = nil
    ) throws(StoreError) -> ImportReport {
        var zone = options.timeZone
        if zone == nil { zone = try timeZone() }
        let (records, plan) = try ImportPlan.read(entity, source: source, options: options, timeZone: zone)
        return try writeTransaction { db in
            let references = try ReferenceIndex(db: db, plan: plan)
            let stored = Int64(try storedRowEstimate(db, entity)), sql = SQLiteDatabase.session(db, store: self)
            let audit = ImportAudit(entity, fields: plan.boundFields, fileName: source.fileName, user: NSUserName())
            let indexes = try BulkIndexes(db: db, entity: entity, incomingRows: source.rowEstimate)
            let statement = UpsertStatement(try db.makeStatement(sql: plan.upsertSQL))
            var report = plan.startingReport(dryRun: options.dryRun)
            report.encoding = source.encoding
            let checking = CheckingThread(reader: records, checker: RowChecker(plan: plan, references: references), report: report)
            do {
                while let batch = checking.next() {
                    if stored > 0 { try audit.changes(in: batch.rows, storedUpTo: stored, sql) }
                    try statement.write(batch.rows)
                    progress?(batch.progress)
                }
            } catch {
                checking.cancel()
                throw error
            }
            report = checking.report()
            if report.problemCount > 0 { throw StoreError.badData(report) }
            try audit.created(from: entity.rawValue, as: "t", where: "t.rowid > ?", [.integer(stored)], sql)
            try audit.flush(sql)
            try indexes.rebuild(db)
            if !options.dryRun { try keepColumns(of: entity, db) }
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

/// The first `count` bytes of a regular file (fewer when it is shorter); nil for anything else.
func leadingBytes(_ path: String, count: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    var bytes = [UInt8](repeating: 0, count: count)
    let read = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, count) }
    return read < 0 ? nil : Array(bytes.prefix(read))
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
