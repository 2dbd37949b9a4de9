import Foundation
import GRDB
import GRDBSQLite

/// How a CSV file's columns land in an entity.
public struct ImportOptions: Sendable {
    /// Source column -> canonical column.
    public var renames: [String: String] = [:]
    /// Check everything, write nothing.
    public var dryRun = false
    public init(renames: [String: String] = [:], dryRun: Bool = false) {
        self.renames = renames
        self.dryRun = dryRun
    }
}

extension SQLiteStore {
    /// Imports a CSV file into `entity`, upserting on the entity's key.
    /// All or nothing: on any problem, nothing of the file is stored and the problems are thrown.
    public func importCSV(
        _ entity: Entity, file: String, options: ImportOptions = ImportOptions(),
        progress: ((Double) -> Void)? = nil
    ) throws(StoreError) -> ImportReport {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .missingInput("cannot read \(file): no such file or not readable")
        }
        return try importCSV(entity, bytes: [UInt8](data), fileName: file, options: options, progress: progress)
    }

    /// Imports CSV text already in memory; `fileName` names it in errors.
    public func importCSV(
        _ entity: Entity, bytes: [UInt8], fileName: String, options: ImportOptions = ImportOptions(),
        progress: ((Double) -> Void)? = nil
    ) throws(StoreError) -> ImportReport {
        var reader = CSVReader(bytes: bytes)
        let header: CSVRecord
        do {
            guard let first = try reader.next() else { throw StoreError.usage("\(fileName): the file is empty (a header row is needed)") }
            header = first
        } catch let error as CSVError {
            throw badData(entity, fileName, line: error.line, error.message)
        } catch {
            throw error as! StoreError
        }
        let plan = try ImportPlan(entity: entity, header: header, fileName: fileName, renames: options.renames)
        return try writeTransaction { db in
            var report = ImportReport(entity: entity, file: fileName, customFields: plan.customNames, dryRun: options.dryRun)
            let references = try ReferenceIndex(db: db, plan: plan)
            let statement = try db.makeStatement(sql: plan.upsertSQL)
            var row = RowWriter(statement: statement.sqliteStatement, plan: plan)
            var rowsSinceProgress = 0
            while true {
                let record: CSVRecord
                do {
                    guard let next = try reader.next() else { break }
                    record = next
                } catch let error as CSVError {
                    report.add(.init(file: fileName, line: error.line, column: nil, message: error.message))
                    break
                }
                report.rows += 1
                let problemsBefore = report.problemCount
                row.check(record, into: &report, references: references)
                if report.problemCount == problemsBefore && report.problemCount == 0 {
                    try row.write(db: db)
                }
                rowsSinceProgress += 1
                if rowsSinceProgress == 16_384 {
                    rowsSinceProgress = 0
                    progress?(reader.progress)
                }
            }
            for (line, column, value) in references.unresolvedSelfReferences(row.selfReferences) {
                report.add(.init(file: fileName, line: line, column: column, message: "\"\(value)\" is not a known \(entity.rawValue) id"))
            }
            if report.problemCount > 0 { throw StoreError.badData(report) }
            for name in plan.customNames {
                try db.execute(sql: "INSERT OR IGNORE INTO custom_fields(entity, name) VALUES (?, ?)", arguments: [entity.rawValue, name])
            }
            progress?(1)
            return (report, commit: !options.dryRun)
        }
    }

    func badData(_ entity: Entity, _ file: String, line: Int, _ message: String) -> StoreError {
        var report = ImportReport(entity: entity, file: file)
        report.add(.init(file: file, line: line, column: nil, message: message))
        return .badData(report)
    }
}

