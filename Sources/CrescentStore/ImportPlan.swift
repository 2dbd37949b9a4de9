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
    /// For each bound field, its CSV column (nil: a key field absent from the file, or a constant).
    let sourceColumn: [Int?]
    /// For each bound field, the value a profile gives every record, when the file lacks the column.
    let constants: [ArraySlice<UInt8>?]
    /// For each bound field, a profile's mapping of values as written to values stored.
    let valueMaps: [[String: String]?]
    /// For each bound field, whether its values are names to look up among the referenced records.
    let lookups: [Bool]
    /// How values are written: the store's time zone, serial dates, the day order, amounts in 万.
    var forms: ValueForms
    /// The sheet the records are in, when the file is a workbook.
    let sheet: SheetLayout?
    /// Every header read as another column (by --map, a profile or a known name): header → column.
    let headersReadAs: [String: String]
    /// The header's line (a sheet's row).
    let headerRow: Int

    init(entity: Entity, header: CSVRecord, fileName: String, renames: [String: String], sheet: SheetLayout? = nil,
         profile: ImportProfile? = nil) throws(StoreError) {
        self.entity = entity
        self.fileName = fileName
        self.sheet = sheet
        headerRow = header.line
        forms = ValueForms(serialDates: sheet != nil, dayOrder: profile?.dayOrder, amountsInWan: profile?.amountsInWan ?? false,
                           decimalComma: profile?.decimalComma ?? false)
        var names = header.fields.map { String(decoding: trimmingSpacesAndTabs($0), as: UTF8.self) }
        let headers = names
        for (source, target) in renames {
            guard let index = names.firstIndex(of: source) else {
                throw .usage(Message("import.map_no_column", ["source": source, "target": target, "file": fileName,
                                                              "columns": names.joined(separator: ", ")]))
            }
            names[index] = target
        }
        // A profile's columns apply where the file has them (an export may leave optional ones out);
        // a header read as more than one column feeds the others from the same place.
        var alsoFrom: [String: Int] = [:]
        for (source, targets) in profile?.columns ?? [:] where !renames.keys.contains(source) {
            let lowered = source.lowercased()  // API names are written in any case (ACCOUNTID, AccountId)
            guard let index = names.firstIndex(of: source) ?? names.firstIndex(where: { $0.lowercased() == lowered }),
                  let first = targets.first else { continue }
            names[index] = first
            for other in targets.dropFirst() { alsoFrom[other] = index }
        }
        let mapped = Set(renames.values).union((profile?.columns.values ?? [:].values).joined())
        // A well-known name of a column (客户名称, Account Name) reads as it, unless the file has the column itself.
        var synonyms: [ImportReport.ColumnSynonym] = []
        for (index, name) in names.enumerated() where entity.field(named: name) == nil && !mapped.contains(name) {
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
        let constantValues = profile?.constants ?? [:]
        for field in entity.fields where field.required && !seen.contains(field.name) && constantValues[field.name] == nil
            && alsoFrom[field.name] == nil {
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
        var constants: [ArraySlice<UInt8>?] = []
        for field in entity.fields {
            let index = names.firstIndex(of: field.name) ?? alsoFrom[field.name]
            let constant = index == nil ? constantValues[field.name] : nil
            guard index != nil || constant != nil || entity.key.contains(field.name) else { continue }
            if let constant, case .failure(let problem) = FieldParser.parse(ArraySlice(constant.utf8), as: field.kind, forms: forms) {
                throw .usage(Message("import.bad_constant", ["column": field.name, "value": problem.value, "reason": problem.reason]))
            }
            bound.append(field)
            sources.append(index)
            constants.append(constant.map { ArraySlice($0.utf8) })
        }
        self.boundFields = bound
        self.sourceColumn = sources
        self.constants = constants
        valueMaps = bound.map { profile?.values[$0.name] }
        lookups = bound.map { profile?.lookupByName.contains($0.name) ?? false }
        headersReadAs = Dictionary(zip(headers, names).filter { $0 != $1 }, uniquingKeysWith: { first, _ in first })
    }

    /// The report an import of this plan starts from.
    func startingReport(dryRun: Bool) -> ImportReport {
        ImportReport(entity: entity, file: fileName, customFields: customNames, dryRun: dryRun, sheet: sheet?.name,
                     synonymsUsed: synonymsUsed, headersReadAs: headersReadAs, headerRow: headerRow)
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
    static func read(_ entity: Entity, source: ImportSource, options: ImportOptions,
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
        var plan = try ImportPlan(entity: entity, header: header, fileName: source.fileName, renames: options.renames,
                                  sheet: records.layout, profile: options.profile)
        plan.forms.zone = timeZone
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
