/// Rows that passed every check, ready to be stored: one flat array of values
/// (a row is `width` consecutive values, one per bound field), so a batch costs
/// one allocation rather than one per row.
struct CheckedRows: Sendable {
    let width: Int
    var values: [StoredValue] = []
    /// Custom fields of each row as a JSON object, or nil.
    var extras: [String?] = []

    init(width: Int, capacity: Int) {
        self.width = width
        values.reserveCapacity(width * capacity)
        extras.reserveCapacity(capacity)
    }

    var count: Int { extras.count }
}

/// Checks CSV rows against the plan: types, required fields, references, target scopes.
struct RowChecker {
    let plan: ImportPlan
    let references: ReferenceIndex
    private var values: [StoredValue]
    var selfReferences = SelfReferences()
    /// What each bound field's value must be found in, resolved once rather than per row.
    private let referenceChecks: [ReferenceCheck]
    /// The bound slot of the id, when the entity refers to itself (ids in the file are remembered).
    private let selfIdSlot: Int?

    private enum ReferenceCheck {
        case none
        /// Checked once the whole file is read: the row referred to may come later.
        case sameEntity
        case known(Set<String>, Entity)
    }

    init(plan: ImportPlan, references: ReferenceIndex) {
        self.plan = plan
        self.references = references
        values = Array(repeating: .null, count: plan.boundFields.count)
        referenceChecks = plan.boundFields.map { field in
            guard let target = field.references else { return .none }
            return target == plan.entity ? .sameEntity : .known(references.ids(of: target), target)
        }
        selfIdSlot = plan.hasSelfReferences ? plan.boundFields.firstIndex { $0.name == "id" } : nil
    }

    /// Appends the row to `rows` when it passes; otherwise adds its problems to `report`.
    mutating func check(_ record: CSVRecord, into report: inout ImportReport, appendingTo rows: inout CheckedRows) {
        let problemsBefore = report.problemCount
        if record.fields.count != plan.columns.count {
            report.add(plan.problem(line: record.line, column: nil,
                                    Message("import.field_count", ["fields": record.fields.count, "columns": plan.columns.count])))
            return
        }
        for (slot, field) in plan.boundFields.enumerated() {
            let column = plan.sourceColumn[slot]
            var raw: ArraySlice<UInt8>
            if let column {
                raw = record.fields[column]
            } else if let constant = plan.constants[slot] {
                raw = constant
            } else {
                values[slot] = .text("")
                continue
            }
            if let map = plan.valueMaps[slot] {
                let written = String(decoding: trimmingSpacesAndTabs(raw), as: UTF8.self)
                if let mapped = map[written] ?? (written.isEmpty ? nil : map["*"]) { raw = ArraySlice(mapped.utf8) }
            }
            if plan.lookups[slot], let target = field.references {
                switch references.ids(named: String(decoding: trimmingSpacesAndTabs(raw), as: UTF8.self), in: target) {
                case .some(let ids) where ids.count == 1: raw = ArraySlice(ids[0].utf8)
                case .some(let ids) where ids.count > 1:
                    report.add(plan.problem(line: record.line, field: column, column: field.name, Message("import.name_ambiguous", [
                        "name": String(decoding: raw, as: UTF8.self), "count": ids.count, "entity": target.label,
                        "ids": ids.prefix(5).joined(separator: ", ")])))
                    values[slot] = .null
                    continue
                default: break  // not a name: checked as an id
                }
            }
            switch FieldParser.parse(raw, as: field.kind, forms: plan.forms) {
            case .failure(let problem):
                report.add(plan.problem(line: record.line, field: column, column: field.name,
                                        Message("import.bad_value", ["value": problem.value, "reason": problem.reason])))
                values[slot] = .null
            case .success(let value):
                values[slot] = value
                if value.isNull {
                    if field.required {
                        report.add(plan.problem(line: record.line, field: column, column: field.name, Message("import.required_empty")))
                    } else if plan.entity.key.contains(field.name) {
                        values[slot] = .text("")
                    }
                } else if case .text(let id) = value {
                    switch referenceChecks[slot] {
                    case .none: break
                    case .sameEntity: selfReferences.references.append((record.line, column, field.name, id))
                    case .known(let ids, let target):
                        if !ids.contains(id) {
                            report.add(plan.problem(line: record.line, field: column, column: field.name,
                                                    Message("import.unknown_id", ["value": id, "entity": target.label])))
                        }
                    }
                }
            }
        }
        if plan.entity == .targets { checkTargetScope(record, into: &report) }
        if let slot = selfIdSlot, case .text(let id) = values[slot] {
            selfReferences.idsInFile.insert(id)
        }
        guard report.problemCount == problemsBefore else { return }
        rows.values.append(contentsOf: values)
        rows.extras.append(customJSON(record))
    }

    /// A team or rep target must name a known team or rep; a company target names none.
    private func checkTargetScope(_ record: CSVRecord, into report: inout ImportReport) {
        guard let scopeSlot = plan.boundFields.firstIndex(where: { $0.name == "scope" }),
              let idSlot = plan.boundFields.firstIndex(where: { $0.name == "scope_id" }),
              case .text(let scope) = values[scopeSlot] else { return }
        let id = values[idSlot].text
        func problem(_ message: Message) {
            report.add(plan.problem(line: record.line, field: plan.sourceColumn[idSlot], column: "scope_id", message))
        }
        switch scope {
        case "company":
            if !id.isEmpty { problem(Message("import.scope_id_for_company")) }
        case "team", "rep":
            let target: Entity = scope == "team" ? .teams : .reps
            if id.isEmpty {
                problem(Message("import.scope_id_required", ["scope": scope]))
            } else if !references.contains(id, in: target) {
                problem(Message("import.unknown_id", ["value": id, "entity": target.label]))
            }
        default: break
        }
    }

    private func customJSON(_ record: CSVRecord) -> String? {
        guard !plan.customNames.isEmpty else { return nil }
        var json = "{"
        for (index, column) in plan.columns.enumerated() {
            guard case .custom(let name) = column else { continue }
            let text = CSVWriter.unmarked(String(decoding: record.fields[index], as: UTF8.self))
            if text.isEmpty { continue }
            if json.count > 1 { json += "," }
            json += JSONText.string(name) + ":" + JSONText.string(text)
        }
        return json.count > 1 ? json + "}" : nil
    }
}
