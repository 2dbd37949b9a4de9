/// A row that passed every check, ready to be stored.
struct CheckedRow: Sendable {
    /// One value per bound field of the plan.
    let values: [StoredValue]
    /// Custom fields as a JSON object, or nil.
    let extra: String?
}

/// Checks CSV rows against the plan: types, required fields, references, target scopes.
struct RowChecker {
    let plan: ImportPlan
    let references: ReferenceIndex
    private var values: [StoredValue]
    var selfReferences = SelfReferences()

    init(plan: ImportPlan, references: ReferenceIndex) {
        self.plan = plan
        self.references = references
        values = Array(repeating: .null, count: plan.boundFields.count)
    }

    /// The row's values, or nil when it has problems (added to `report`).
    mutating func check(_ record: CSVRecord, into report: inout ImportReport) -> CheckedRow? {
        let file = plan.fileName
        let problemsBefore = report.problemCount
        if record.fields.count != plan.columns.count {
            report.add(.init(file: file, line: record.line, column: nil,
                             message: "has \(record.fields.count) fields, the header has \(plan.columns.count)"))
            return nil
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
        if plan.entity == .targets { checkTargetScope(record, into: &report) }
        if plan.hasSelfReferences, let slot = plan.boundFields.firstIndex(where: { $0.name == "id" }), case .text(let id) = values[slot] {
            selfReferences.idsInFile.insert(id)
        }
        guard report.problemCount == problemsBefore else { return nil }
        return CheckedRow(values: values, extra: customJSON(record))
    }

    /// A team or rep target must name a known team or rep; a company target names none.
    private func checkTargetScope(_ record: CSVRecord, into report: inout ImportReport) {
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
}
