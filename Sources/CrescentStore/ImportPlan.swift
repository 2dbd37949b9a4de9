import Foundation
import GRDB

/// Where each column of a CSV file goes, and the upsert statement that stores a row.
struct ImportPlan: Sendable {
    enum Column: Sendable {
        case field(Field)
        case custom(String)
    }

    let entity: Entity
    let fileName: String
    /// One per CSV column.
    let columns: [Column]
    let customNames: [String]
    /// Headers read as a canonical column because they are one of its known names (客户名称 → name).
    let synonymsUsed: [ImportReport.ColumnSynonym]
    /// Canonical fields bound by the upsert, in order: those in the file, then missing key fields ('').
    let boundFields: [Field]
    /// For each bound field, its CSV column (nil: a key field absent from the file).
    let sourceColumn: [Int?]
    /// The store's time zone, for timestamps given with an offset.
    var timeZone: TimeZone?
    /// The sheet the records are in, when the file is a workbook.
    let sheet: SheetLayout?

    init(entity: Entity, header: CSVRecord, fileName: String, renames: [String: String], sheet: SheetLayout? = nil) throws(StoreError) {
        self.entity = entity
        self.fileName = fileName
        self.sheet = sheet
        var names = header.fields.map { String(decoding: trimmingSpacesAndTabs($0), as: UTF8.self) }
        for (source, target) in renames {
            guard let index = names.firstIndex(of: source) else {
                throw .usage(Message("import.map_no_column", ["source": source, "target": target, "file": fileName,
                                                              "columns": names.joined(separator: ", ")]))
            }
            names[index] = target
        }
        // A well-known name of a column (客户名称, Account Name) reads as it, unless the file has the column itself.
        var synonyms: [ImportReport.ColumnSynonym] = []
        for (index, name) in names.enumerated() where entity.field(named: name) == nil && !renames.values.contains(name) {
            guard let canonical = HeaderSynonyms.canonical(name, of: entity), !names.contains(canonical),
                  !synonyms.contains(where: { $0.column == canonical }) else { continue }
            synonyms.append(.init(header: name, column: canonical))
            names[index] = canonical
        }
        synonymsUsed = synonyms
        var problems = ImportReport(entity: entity, file: fileName, sheet: sheet?.name)
        var seen: Set<String> = []
        var columns: [Column] = []
        var custom: [String] = []
        for name in names {
            if name.isEmpty || !seen.insert(name).inserted {
                let message = name.isEmpty ? Message("import.column_unnamed") : Message("import.column_twice", ["column": name])
                problems.add(Self.problem(fileName, sheet, line: header.line, field: columns.count, column: nil, message))
            }
            if let field = entity.field(named: name) {
                columns.append(.field(field))
            } else {
                columns.append(.custom(name))
                custom.append(name)
            }
        }
        for field in entity.fields where field.required && !seen.contains(field.name) {
            let message = closestName(to: field.name, among: custom).map { near in
                Message("import.column_missing_near", ["column": field.name, "near": near])
            } ?? Message("import.column_missing", ["column": field.name])
            problems.add(Self.problem(fileName, sheet, line: header.line, column: nil, message))
        }
        if problems.problemCount > 0 { throw .badData(problems) }
        self.columns = columns
        self.customNames = custom
        var bound: [Field] = []
        var sources: [Int?] = []
        for field in entity.fields {
            if let index = names.firstIndex(of: field.name) {
                bound.append(field)
                sources.append(index)
            } else if entity.key.contains(field.name) {
                bound.append(field)
                sources.append(nil)
            }
        }
        self.boundFields = bound
        self.sourceColumn = sources
    }

    /// The report an import of this plan starts from.
    func startingReport(dryRun: Bool) -> ImportReport {
        ImportReport(entity: entity, file: fileName, customFields: customNames, dryRun: dryRun, sheet: sheet?.name,
                     synonymsUsed: synonymsUsed)
    }

    /// A problem at `line` (a sheet's row), in the record's field number `field` when known.
    func problem(line: Int, character: Int? = nil, field: Int? = nil, column: String?, _ message: Message) -> ImportReport.Problem {
        Self.problem(fileName, sheet, line: line, character: character, field: field, column: column, message)
    }

    private static func problem(_ file: String, _ sheet: SheetLayout?, line: Int, character: Int? = nil, field: Int? = nil,
                                column: String?, _ message: Message) -> ImportReport.Problem {
        let cell = sheet.flatMap { sheet in field.map { sheet.cell(field: $0, row: line) } }
        return .init(file: file, line: line, character: character, column: column, message: message, sheet: sheet?.name, cell: cell)
    }

    /// The problem a reading fault is.
    func problem(_ fault: CSVError) -> ImportReport.Problem {
        .init(file: fileName, line: fault.line, character: fault.column, column: nil, message: fault.message,
              sheet: sheet?.name, cell: fault.cell)
    }

    /// Opens the source, reads its header and plans the import; the records follow the header.
    static func read(_ entity: Entity, source: ImportSource, renames: [String: String],
                     timeZone: TimeZone?) throws(StoreError) -> (any RecordSource, ImportPlan) {
        var records: any RecordSource
        let header: CSVRecord
        do {
            records = try source.open()
            guard let first = try records.next() else {
                throw StoreError.usage(Message(source.sheet == nil ? "import.empty_file" : "import.empty_sheet",
                                               ["file": source.fileName, "sheet": source.sheet ?? ""]))
            }
            header = first
        } catch let error as CSVError {
            var report = ImportReport(entity: entity, file: source.fileName, sheet: source.sheet)
            report.add(.init(file: source.fileName, line: error.line, character: error.column, column: nil, message: error.message,
                             sheet: source.sheet, cell: error.cell))
            throw .badData(report)
        } catch {
            throw error as! StoreError
        }
        var plan = try ImportPlan(entity: entity, header: header, fileName: source.fileName, renames: renames, sheet: records.layout)
        plan.timeZone = timeZone
        return (records, plan)
    }

    /// True when a field refers to the entity itself (a team's parent): ids in the file must then be remembered.
    var hasSelfReferences: Bool { entity.fields.contains { $0.references == entity } }

    var upsertSQL: String {
        let columns = boundFields.map(\.column) + ["extra"]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let keyColumns = entity.fields.filter { entity.key.contains($0.name) }.map(\.column)
        var updates = boundFields.filter { !entity.key.contains($0.name) }.map { "\($0.column) = excluded.\($0.column)" }
        updates.append("extra = CASE WHEN excluded.extra IS NULL THEN extra ELSE json_patch(coalesce(extra, '{}'), excluded.extra) END")
        return "INSERT INTO \(entity.rawValue) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) "
            + "ON CONFLICT (\(keyColumns.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))"
    }
}

/// The ids of other entities a file may refer to, loaded once per import. Found by position: an
/// `Entity` key would hash its name on every lookup. (A `Set<String>` keeps short ids inline, so
/// that a lookup touches one place in memory; `IdIndex` costs three, and is slower here.)
struct ReferenceIndex: Sendable {
    private var targets: [Entity] = []
    private var idSets: [Set<String>] = []
    let entity: Entity

    init(db: Database, plan: ImportPlan) throws {
        entity = plan.entity
        for target in Self.wanted(by: plan) {
            // Sized up front: growing a set of a million ids rehashes it many times.
            var set = Set<String>(minimumCapacity: try storedRowEstimate(db, target))
            let cursor = try String.fetchCursor(db, sql: "SELECT id FROM \(target.rawValue)")
            while let id = try cursor.next() { set.insert(id) }
            add(set, for: target)
        }
    }

    /// The ids of another backend, given entity by entity.
    init(plan: ImportPlan, ids load: (Entity) throws(StoreError) -> Set<String>) throws(StoreError) {
        entity = plan.entity
        for target in Self.wanted(by: plan) { add(try load(target), for: target) }
    }

    private mutating func add(_ ids: Set<String>, for target: Entity) {
        targets.append(target)
        idSets.append(ids)
    }

    /// The entities a file's rows may refer to.
    private static func wanted(by plan: ImportPlan) -> Set<Entity> {
        var wanted = Set(plan.columns.compactMap { column -> Entity? in
            if case .field(let field) = column { return field.references }
            return nil
        })
        if plan.entity == .targets { wanted.formUnion([.teams, .reps]) }
        return wanted
    }

    /// The ids of `target` (none when not loaded).
    func ids(of target: Entity) -> Set<String> {
        targets.firstIndex(of: target).map { idSets[$0] } ?? []
    }

    func contains(_ id: String, in target: Entity) -> Bool { ids(of: target).contains(id) }

    /// Self-references (a team's parent) may point at a row later in the same file: check them at the end.
    func unresolvedSelfReferences(_ pending: SelfReferences) -> [SelfReferences.Reference] {
        pending.references.filter { !pending.idsInFile.contains($0.value) && !contains($0.value, in: entity) }
    }
}

struct SelfReferences: Sendable {
    typealias Reference = (line: Int, field: Int, column: String, value: String)
    var idsInFile: Set<String> = []
    var references: [Reference] = []
}

