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

    init(entity: Entity, header: CSVRecord, fileName: String, renames: [String: String]) throws(StoreError) {
        self.entity = entity
        self.fileName = fileName
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
        var problems = ImportReport(entity: entity, file: fileName)
        var seen: Set<String> = []
        var columns: [Column] = []
        var custom: [String] = []
        for name in names {
            if name.isEmpty || !seen.insert(name).inserted {
                problems.add(.init(file: fileName, line: header.line, column: nil,
                                   message: name.isEmpty ? Message("import.column_unnamed") : Message("import.column_twice", ["column": name])))
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
            problems.add(.init(file: fileName, line: header.line, column: nil, message: message))
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

    /// Reads the header of CSV text and plans the import; the reader is left at the first record.
    static func read(_ entity: Entity, bytes: [UInt8], fileName: String, renames: [String: String],
                     timeZone: TimeZone?) throws(StoreError) -> (CSVReader, ImportPlan) {
        var reader = CSVReader(bytes: bytes)
        let header: CSVRecord
        do {
            guard let first = try reader.next() else { throw StoreError.usage(Message("import.empty_file", ["file": fileName])) }
            header = first
        } catch let error as CSVError {
            var report = ImportReport(entity: entity, file: fileName)
            report.add(.init(file: fileName, line: error.line, character: error.column, column: nil, message: error.message))
            throw .badData(report)
        } catch {
            throw error as! StoreError
        }
        var plan = try ImportPlan(entity: entity, header: header, fileName: fileName, renames: renames)
        plan.timeZone = timeZone
        return (reader, plan)
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
    func unresolvedSelfReferences(_ pending: SelfReferences) -> [(Int, String, String)] {
        pending.references.filter { !pending.idsInFile.contains($0.value) && !contains($0.value, in: entity) }
            .map { ($0.line, $0.column, $0.value) }
    }
}

struct SelfReferences: Sendable {
    var idsInFile: Set<String> = []
    var references: [(line: Int, column: String, value: String)] = []
}

