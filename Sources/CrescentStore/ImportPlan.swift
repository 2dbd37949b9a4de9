import GRDB
import GRDBSQLite

/// Where each column of a CSV file goes, and the upsert statement that stores a row.
struct ImportPlan {
    enum Column {
        case field(Field)
        case custom(String)
    }

    let entity: Entity
    let fileName: String
    /// One per CSV column.
    let columns: [Column]
    let customNames: [String]
    /// Canonical fields bound by the upsert, in order: those in the file, then missing key fields ('').
    let boundFields: [Field]
    /// For each bound field, its CSV column (nil: a key field absent from the file).
    let sourceColumn: [Int?]

    init(entity: Entity, header: CSVRecord, fileName: String, renames: [String: String]) throws(StoreError) {
        self.entity = entity
        self.fileName = fileName
        var names = header.fields.map { String(decoding: $0, as: UTF8.self).trimmingSpaces() }
        for (source, target) in renames {
            guard let index = names.firstIndex(of: source) else {
                throw .usage("--map \(source)=\(target): \(fileName) has no column '\(source)' (its columns: \(names.joined(separator: ", ")))")
            }
            names[index] = target
        }
        var problems = ImportReport(entity: entity, file: fileName)
        var seen: Set<String> = []
        var columns: [Column] = []
        var custom: [String] = []
        for name in names {
            if name.isEmpty || !seen.insert(name).inserted {
                problems.add(.init(file: fileName, line: header.line, column: nil,
                                   message: name.isEmpty ? "a column has no name" : "column '\(name)' appears twice"))
            }
            if let field = entity.field(named: name) {
                columns.append(.field(field))
            } else {
                columns.append(.custom(name))
                custom.append(name)
            }
        }
        for field in entity.fields where field.required && !seen.contains(field.name) {
            let near = closestName(to: field.name, among: custom).map { " (is '\($0)' it? use --map \($0)=\(field.name))" } ?? ""
            problems.add(.init(file: fileName, line: header.line, column: nil, message: "required column '\(field.name)' is missing\(near)"))
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

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// The ids of other entities a file may refer to, loaded once per import.
struct ReferenceIndex {
    private var ids: [Entity: Set<String>] = [:]
    let entity: Entity

    init(db: Database, plan: ImportPlan) throws {
        entity = plan.entity
        var wanted = Set(plan.columns.compactMap { column -> Entity? in
            if case .field(let field) = column { return field.references }
            return nil
        })
        if plan.entity == .targets { wanted.formUnion([.teams, .reps]) }
        for target in wanted {
            ids[target] = try Set(String.fetchCursor(db, sql: "SELECT id FROM \(target.rawValue)"))
        }
    }

    func contains(_ id: String, in target: Entity) -> Bool {
        ids[target]?.contains(id) ?? false
    }

    /// Self-references (a team's parent) may point at a row later in the same file: check them at the end.
    func unresolvedSelfReferences(_ pending: SelfReferences) -> [(Int, String, String)] {
        pending.references.filter { !pending.idsInFile.contains($0.value) && !contains($0.value, in: entity) }
            .map { ($0.line, $0.column, $0.value) }
    }
}

struct SelfReferences {
    var idsInFile: Set<String> = []
    var references: [(line: Int, column: String, value: String)] = []
}

/// Checks one CSV row and writes it through the prepared upsert.
struct RowWriter {
    let statement: SQLiteStatement
    let plan: ImportPlan
    private var values: [StoredValue]
    private var extra: String?
    var selfReferences = SelfReferences()

    init(statement: SQLiteStatement, plan: ImportPlan) {
        self.statement = statement
        self.plan = plan
        values = Array(repeating: .null, count: plan.boundFields.count)
    }

    mutating func check(_ record: CSVRecord, into report: inout ImportReport, references: ReferenceIndex) {
        let file = plan.fileName
        if record.fields.count != plan.columns.count {
            report.add(.init(file: file, line: record.line, column: nil,
                             message: "has \(record.fields.count) fields, the header has \(plan.columns.count)"))
            return
        }
        for (slot, field) in plan.boundFields.enumerated() {
            guard let column = plan.sourceColumn[slot] else {
                values[slot] = .text("")
                continue
            }
            switch FieldParser.parse(record.fields[column], as: field.kind) {
            case .failure(let problem):
                report.add(.init(file: file, line: record.line, column: field.name, message: "\"\(problem.value)\" \(problem.reason)"))
                values[slot] = .null
            case .success(let value):
                values[slot] = value
                if value.isNull {
                    if field.required {
                        report.add(.init(file: file, line: record.line, column: field.name, message: "is required but empty"))
                    } else if plan.entity.key.contains(field.name) {
                        values[slot] = .text("")
                    }
                } else if let target = field.references, case .text(let id) = value {
                    if target == plan.entity {
                        selfReferences.references.append((record.line, field.name, id))
                    } else if !references.contains(id, in: target) {
                        report.add(.init(file: file, line: record.line, column: field.name,
                                         message: "\"\(id)\" is not a known \(target.rawValue) id"))
                    }
                }
            }
        }
        if plan.entity == .targets { checkTargetScope(record, into: &report, references: references) }
        if plan.entity.key == ["id"], let slot = plan.boundFields.firstIndex(where: { $0.name == "id" }), case .text(let id) = values[slot] {
            selfReferences.idsInFile.insert(id)
        }
        extra = customJSON(record)
    }

    /// A team or rep target must name a known team or rep; a company target names none.
    private func checkTargetScope(_ record: CSVRecord, into report: inout ImportReport, references: ReferenceIndex) {
        guard let scopeSlot = plan.boundFields.firstIndex(where: { $0.name == "scope" }),
              let idSlot = plan.boundFields.firstIndex(where: { $0.name == "scope_id" }),
              case .text(let scope) = values[scopeSlot] else { return }
        let id = values[idSlot].text
        switch scope {
        case "company":
            if !id.isEmpty { report.add(.init(file: plan.fileName, line: record.line, column: "scope_id", message: "must be empty for a company target")) }
        case "team", "rep":
            let target: Entity = scope == "team" ? .teams : .reps
            if id.isEmpty {
                report.add(.init(file: plan.fileName, line: record.line, column: "scope_id", message: "is required for a \(scope) target"))
            } else if !references.contains(id, in: target) {
                report.add(.init(file: plan.fileName, line: record.line, column: "scope_id", message: "\"\(id)\" is not a known \(target.rawValue) id"))
            }
        default: break
        }
    }

    private func customJSON(_ record: CSVRecord) -> String? {
        guard !plan.customNames.isEmpty else { return nil }
        var json = "{"
        for (index, column) in plan.columns.enumerated() {
            guard case .custom(let name) = column else { continue }
            let text = String(decoding: record.fields[index], as: UTF8.self)
            if text.isEmpty { continue }
            if json.count > 1 { json += "," }
            json += JSONText.string(name) + ":" + JSONText.string(text)
        }
        return json.count > 1 ? json + "}" : nil
    }

    func write(db: Database) throws {
        sqlite3_reset(statement)
        for (index, value) in values.enumerated() {
            bind(value, at: Int32(index + 1))
        }
        if let extra { bindText(extra, at: Int32(values.count + 1)) } else { sqlite3_bind_null(statement, Int32(values.count + 1)) }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw StoreError.failure("store: \(String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))))")
        }
    }

    private func bind(_ value: StoredValue, at index: Int32) {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .text(let text): bindText(text, at: index)
        case .integer(let i): sqlite3_bind_int64(statement, index, i)
        case .number(let d): sqlite3_bind_double(statement, index, d)
        case .decimal(let d): sqlite3_bind_int64(statement, index, d.units)
        }
    }

    private func bindText(_ text: String, at index: Int32) {
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                _ = sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT)
            }
        }
    }
}

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
