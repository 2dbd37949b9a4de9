import CrescentStore

/// The changes of a run, or those a dry run would make. JSON: `{"source", "user", "run" (null on a
/// dry run), "dry_run", "counts": [{"entity", "created", "updated", "deleted"}], "changes": [{"entity",
/// "id", "action", "place", "fields": [{"field", "old", "new"}]}]}`; for people a sentence, then
/// per entity its counts and a table of its records' changes (`field: old → new`).
extension ChangeSet: ReportResult {
    public static let resultName = "changes"

    private enum Keys: String, CodingKey { case source, user, run, dryRun = "dry_run", counts, changes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(source, forKey: .source)
        try c.encode(user, forKey: .user)
        try c.encode(run, forKey: .run)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(counts.map { EntityCounts(entity: $0.entity.rawValue, created: $0.created, updated: $0.updated, deleted: $0.deleted) },
                     forKey: .counts)
        try c.encode(changes.map(EncodedChange.init), forKey: .changes)
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let said: String
        if changes.isEmpty {
            said = words.t(dryRun ? "changes.dry_none" : "changes.none", ["source": source])
        } else if dryRun {
            said = words.t("changes.dry_run", ["source": source, "count": String(changes.count)])
        } else {
            said = words.t("changes.written", ["source": source, "count": String(changes.count), "run": run.map(String.init) ?? "?"])
        }
        var blocks: [ReportBlock] = [.text(said)]
        for count in counts {
            let parts = [("changes.created", count.created), ("changes.updated", count.updated), ("changes.deleted", count.deleted)]
                .filter { $0.1 > 0 }.map { words.t($0.0, ["count": String($0.1)]) }
            blocks.append(.heading(words.t("entities.\(count.entity.rawValue)") + ": " + parts.joined(separator: words.t("list.separator")),
                                   level: 2))
            let rows = changes.filter { $0.entity == count.entity }.map { change -> [ReportValue] in
                [.text(words.t("changes.action.\(change.action.rawValue)")), .text(change.id),
                 .text(Self.fieldsText(change.fields, words)), .text(change.place ?? "")]
            }
            blocks.append(.table(ReportTable(columns: Self.columns(words), rows: rows)))
        }
        var document = ReportDocument(name: "changes", title: words.t("changes.title"), currency: "", asOf: "", language: language,
                                      blocks: blocks)
        document.showsHeading = false
        return document
    }

    static func columns(_ words: Words) -> [ReportColumn] {
        [ReportColumn(name: words.t("changes.column.action"), kind: .text, key: "action"),
         ReportColumn(name: words.t("changes.column.id"), kind: .text, key: "id"),
         ReportColumn(name: words.t("changes.column.fields"), kind: .text, key: "fields"),
         ReportColumn(name: words.t("changes.column.place"), kind: .text, key: "place")]
    }

    /// `owner_id: R-1 → R-2; status: — → active`.
    static func fieldsText(_ fields: [RecordChange.FieldChange], _ words: Words) -> String {
        fields.map { "\($0.field): \($0.old ?? "—") → \($0.new ?? "—")" }.joined(separator: "; ")
    }

    private struct EntityCounts: Encodable {
        let entity: String, created: Int, updated: Int, deleted: Int
    }

    struct EncodedChange: Encodable {
        let entity: String, id: String, action: String, place: String?
        let fields: [EncodedField]

        init(_ change: RecordChange) {
            entity = change.entity.rawValue
            id = change.id
            action = change.action.rawValue
            place = change.place
            fields = change.fields.map { EncodedField(field: $0.field, old: $0.old, new: $0.new) }
        }

        private enum Keys: String, CodingKey { case entity, id, action, place, fields }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(entity, forKey: .entity)
            try c.encode(id, forKey: .id)
            try c.encode(action, forKey: .action)
            try c.encode(place, forKey: .place)
            try c.encode(fields, forKey: .fields)
        }
    }

    struct EncodedField: Encodable {
        let field: String, old: String?, new: String?

        private enum Keys: String, CodingKey { case field, old, new }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(field, forKey: .field)
            try c.encode(old, forKey: .old)
            try c.encode(new, forKey: .new)
        }
    }
}

/// Changes of the audit trail (`crescent history`): JSON an array of `{"run", "at", "user", "source",
/// "entity", "id", "action", "place", "fields": [{"field", "old", "new"}]}`, oldest first; for people a table.
public struct HistoryResult: ReportResult {
    public static let resultName = "history"
    public let entries: [ChangeEntry]

    public init(_ entries: [ChangeEntry]) { self.entries = entries }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for entry in entries { try list.encode(Item(entry: entry)) }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let columns = [ReportColumn(name: words.t("history.column.run"), kind: .integer, key: "run"),
                       ReportColumn(name: words.t("history.column.at"), kind: .text, key: "at"),
                       ReportColumn(name: words.t("history.column.user"), kind: .text, key: "user"),
                       ReportColumn(name: words.t("history.column.source"), kind: .text, key: "source"),
                       ReportColumn(name: words.t("history.column.record"), kind: .text, key: "record")]
            + ChangeSet.columns(words).filter { $0.machineName != "id" }
        let rows = entries.map { entry -> [ReportValue] in
            [.number(Double(entry.run)), .text(entry.at), .text(entry.user), .text(entry.source),
             .text("\(entry.change.entity.rawValue) \(entry.change.id)"), .text(words.t("changes.action.\(entry.change.action.rawValue)")),
             .text(ChangeSet.fieldsText(entry.change.fields, words)), .text(entry.change.place ?? "")]
        }
        return ListResult(name: "history", title: words.t("history.title"), table: ReportTable(columns: columns, rows: rows),
                          asOf: "", language: language).document
    }

    private struct Item: Encodable {
        let entry: ChangeEntry
        private enum Keys: String, CodingKey { case run, at, user, source, entity, id, action, place, fields }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(entry.run, forKey: .run)
            try c.encode(entry.at, forKey: .at)
            try c.encode(entry.user, forKey: .user)
            try c.encode(entry.source, forKey: .source)
            try c.encode(entry.change.entity.rawValue, forKey: .entity)
            try c.encode(entry.change.id, forKey: .id)
            try c.encode(entry.change.action.rawValue, forKey: .action)
            try c.encode(entry.change.place, forKey: .place)
            try c.encode(entry.change.fields.map { ChangeSet.EncodedField(field: $0.field, old: $0.old, new: $0.new) }, forKey: .fields)
        }
    }
}
