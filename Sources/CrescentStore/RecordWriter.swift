import Foundation

/// The writes of one run (a script, a segmentation's actions, a task command), written once for
/// both backends: each checked as an import checks a row (types, required fields, references,
/// exact decimals, known custom fields), each recorded in the audit trail with its fields' old and
/// new values, the run's rows written counted against `limit`. Use it inside the store's
/// `transaction`, which commits them all together or none; each write on its own is all or nothing.
public final class RecordWriter {
    let database: any SQLDatabase
    public let source: String
    /// At most this many records written by the run.
    public let limit: Int
    public private(set) var changeSet: ChangeSet
    /// What ends the run whatever the script does about the error it raised (catching it with
    /// pcall): a write over the limit (`.usage`) or one the store denied (`.denied`), and where.
    public private(set) var runEnding: (error: StoreError, place: String?)?
    private let forms: ValueForms
    private var customFields: [Entity: [String]] = [:]
    private var auditRun: Int64?
    /// The run this one reverts, for an undo.
    let undoes: Int64?

    init(database: any SQLDatabase, source: String, limit: Int, dryRun: Bool, zone: TimeZone?, undoes: Int64? = nil) {
        self.database = database
        self.undoes = undoes
        self.source = source
        self.limit = limit
        changeSet = ChangeSet(source: source, user: database.user, dryRun: dryRun)
        var forms = ValueForms()
        forms.zone = zone
        self.forms = forms
    }

    /// Creates a record; `fields` must hold the key (an `id` is made when the entity has one and it is
    /// missing) and every required field. An existing key is an error.
    @discardableResult
    public func create(_ entity: Entity, _ fields: [String: StoredValue], place: String?) throws(StoreError) -> Record {
        try ending(at: place) { () throws(StoreError) in try createRecord(entity, fields, place: place) }
    }

    private func createRecord(_ entity: Entity, _ fields: [String: StoredValue], place: String?) throws(StoreError) -> Record {
        try database.transaction { (sql: any SQLSession) throws(StoreError) -> Record in
            var fields = fields
            if entity.key == ["id"], fields["id"]?.isNull ?? true { fields["id"] = .text(try newID(entity, fields, sql)) }
            let record = try checked(entity, fields, onto: Record(entity: entity, values: [:]), sql)
            let id = Self.key(of: record)
            guard try current(entity, key: record, sql) == nil else {
                throw StoreError.usage(Message("write.exists", ["entity": entity.label, "id": id]))
            }
            try insert(record, sql)
            try log(RecordChange(entity: entity, id: id, action: .create, fields: Self.differences(nil, record), place: place), sql)
            return record
        }
    }

    /// Changes some fields of the record with this id ("" clears a field) and returns it; a write
    /// that changes nothing is neither stored nor counted.
    @discardableResult
    public func update(_ entity: Entity, id: String, _ fields: [String: StoredValue], place: String?) throws(StoreError) -> Record {
        try ending(at: place) { () throws(StoreError) in try database.transaction { (sql: any SQLSession) throws(StoreError) -> Record in
            guard let old = try current(entity, id: id, sql) else { throw missing(entity, id) }
            return try change(old, fields, place: place, sql)
        } }
    }

    /// Creates the record when its key is new, else changes the given fields of the one stored.
    @discardableResult
    public func upsert(_ entity: Entity, _ fields: [String: StoredValue], place: String?) throws(StoreError) -> Record {
        try ending(at: place) { () throws(StoreError) in
            let keyed = try checkedKey(entity, fields)
            let old = try database.read { (sql: any SQLSession) throws(StoreError) in try current(entity, key: keyed, sql) }
            guard let old else { return try createRecord(entity, fields, place: place) }
            return try database.transaction { (sql: any SQLSession) throws(StoreError) in try change(old, fields, place: place, sql) }
        }
    }

    /// Deletes the record with this id. A record others refer to (a customer with orders) is kept, and the error says by what.
    public func delete(_ entity: Entity, id: String, place: String?) throws(StoreError) {
        try ending(at: place) { () throws(StoreError) in try deleteRecord(entity, id: id, place: place) }
    }

    private func deleteRecord(_ entity: Entity, id: String, place: String?) throws(StoreError) {
        try database.transaction { (sql: any SQLSession) throws(StoreError) in
            guard let old = try current(entity, id: id, sql) else { throw missing(entity, id) }
            for other in Entity.allCases {
                for field in other.fields where field.references == entity && !(other == entity && field.name == "id") {
                    let found = try sql.row("SELECT count(*) AS n FROM \(other.rawValue) WHERE \(field.column) = ?", [.text(id)])
                    let count = try found?.int64("n") ?? 0
                    if count > 0 {
                        throw StoreError.usage(Message("write.referenced", ["entity": entity.label, "id": id, "count": Int(count),
                                                                          "other": other.label, "field": field.name]))
                    }
                }
            }
            try count(1)
            let changed = try sql.execute("DELETE FROM \(entity.rawValue) WHERE id = ?", [.text(id)])
            guard changed == 1 else { throw denied(entity, id) }
            try log(RecordChange(entity: entity, id: id, action: .delete, fields: Self.differences(old, nil), place: place), sql)
        }
    }

    /// Changes `fields` of every record matching `filter` (field equalities); how many changed.
    @discardableResult
    public func updateWhere(_ entity: Entity, _ filter: [String: StoredValue], _ fields: [String: StoredValue],
                            place: String?) throws(StoreError) -> Int {
        try ending(at: place) { () throws(StoreError) in try database.transaction { (sql: any SQLSession) throws(StoreError) -> Int in
            let clause = try RecordSQL.whereClause(entity, filter, custom: try custom(entity, sql), dialect: sql.dialect)
            let order = sql.dialect.storedOrder
            let matching = try sql.rows("SELECT * FROM \(entity.rawValue)\(clause.sql) ORDER BY \(order)", clause.values)
            var changed = 0
            for row in matching {
                let old = try RecordSQL.record(entity, from: row)
                let before = changeSet.changes.count
                _ = try change(old, fields, place: place, sql)
                if changeSet.changes.count > before { changed += 1 }
            }
            return changed
        } }
    }

    /// Runs one write, remembering a failure that must end the run (see `runEnding`).
    private func ending<T>(at place: String?, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            if case .denied = error, runEnding == nil { runEnding = (error, place) }
            if let ended = runEnding, ended.place == nil { runEnding = (ended.error, place) }  // over the limit here
            throw error
        }
    }

    // MARK: The steps

    private func change(_ old: Record, _ fields: [String: StoredValue], place: String?, _ sql: any SQLSession) throws(StoreError) -> Record {
        let entity = old.entity, id = Self.key(of: old)
        for name in entity.key where fields[name].map({ $0.text != old.values[name]?.text }) ?? false {
            throw StoreError.usage(Message("write.key_change", ["entity": entity.label, "id": id, "field": name]))
        }
        let new = try checked(entity, fields, onto: old, sql)
        let differences = Self.differences(old, new)
        guard !differences.isEmpty else { return old }
        try count(1)
        var assignments: [String] = [], values: [SQLValue] = []
        for field in entity.fields where differences.contains(where: { $0.field == field.name }) {
            assignments.append("\(field.column) = ?")
            values.append(RecordSQL.parameter(new.values[field.name] ?? .null, for: field, in: entity))
        }
        if new.custom != old.custom {
            assignments.append("extra = ?")
            values.append(RecordSQL.extra(new.custom))
        }
        let keyed = try keyCondition(old)
        guard try sql.execute("UPDATE \(entity.rawValue) SET \(assignments.joined(separator: ", "))\(keyed.sql)", values + keyed.values) == 1 else {
            throw denied(entity, id)
        }
        try log(RecordChange(entity: entity, id: id, action: .update, fields: differences, place: place), sql)
        return new
    }

    private func insert(_ record: Record, _ sql: any SQLSession) throws(StoreError) {
        try count(1)
        let fields = record.entity.fields
        let columns = fields.map(\.column) + ["extra"]
        let values = fields.map { RecordSQL.parameter(record.values[$0.name] ?? .null, for: $0, in: record.entity) } + [RecordSQL.extra(record.custom)]
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try sql.execute("INSERT INTO \(record.entity.rawValue)(\(columns.joined(separator: ", "))) VALUES (\(marks))", values)
    }

    /// `fields` checked and laid over `base`: the record as it will be stored.
    private func checked(_ entity: Entity, _ fields: [String: StoredValue], onto base: Record, _ sql: any SQLSession) throws(StoreError) -> Record {
        var record = base
        let id = fields["id"].map(\.text) ?? Self.key(of: base)
        for (name, input) in fields.sorted(by: { $0.key < $1.key }) {
            guard let field = entity.field(named: name) else {
                let known = try custom(entity, sql)
                guard known.contains(name) else {
                    throw StoreError.usage(unknownFieldMessage(name, of: entity, among: entity.fields.map(\.name) + known))
                }
                if input.text.isEmpty { record.custom[name] = nil } else { record.custom[name] = input.text }
                continue
            }
            let value = try parsed(input, field, entity: entity, id: id)
            if case .text(let target) = value, let referenced = field.references, !(referenced == entity && target == id),
               try sql.row("SELECT 1 AS found FROM \(referenced.rawValue) WHERE id = ?", [.text(target)]) == nil {
                // A user who sees only some rows may not refer to the others (a rep giving a customer away).
                guard database.restrictsRows else {
                    throw bad(entity, id, field.name, Message("import.unknown_id", ["value": target, "entity": referenced.label]))
                }
                throw StoreError.denied(Message("write.bad_value", ["entity": entity.label, "id": id, "field": field.name,
                                                                    "reason": Message("write.hidden_id", ["value": target, "entity": referenced.label])]))
            }
            record.values[field.name] = value
        }
        for field in entity.fields where field.required && (record.values[field.name] ?? .null).isNull {
            throw bad(entity, id, field.name, Message("import.required_empty"))
        }
        return record
    }

    /// A script's value as the field keeps it, by the rules of an import: "" is no value.
    private func parsed(_ input: StoredValue, _ field: Field, entity: Entity, id: String) throws(StoreError) -> StoredValue {
        if field.kind == .text { return input.text.isEmpty ? .null : .text(input.text) }
        switch FieldParser.parse(ArraySlice(input.text.utf8), as: field.kind, forms: forms) {
        case .success(let value): return value
        case .failure(let problem):
            throw bad(entity, id, field.name, Message("import.bad_value", ["value": problem.value, "reason": problem.reason]))
        }
    }

    private func checkedKey(_ entity: Entity, _ fields: [String: StoredValue]) throws(StoreError) -> Record {
        var record = Record(entity: entity, values: [:])
        for name in entity.key {
            guard let input = fields[name], !input.text.isEmpty, let field = entity.field(named: name) else {
                throw bad(entity, "?", name, Message("import.required_empty"))
            }
            record.values[name] = try parsed(input, field, entity: entity, id: input.text)
        }
        return record
    }

    private func current(_ entity: Entity, id: String, _ sql: any SQLSession) throws(StoreError) -> Record? {
        guard entity.key == ["id"] else { throw StoreError.usage(Message("records.no_single_id", ["entity": entity.label])) }
        return try current(entity, key: Record(entity: entity, values: ["id": .text(id)]), sql)
    }

    private func current(_ entity: Entity, key record: Record, _ sql: any SQLSession) throws(StoreError) -> Record? {
        let keyed = try keyCondition(record)
        return try sql.row("SELECT * FROM \(entity.rawValue)\(keyed.sql)" + sql.dialect.forUpdate, keyed.values)
            .map { row throws(StoreError) in try RecordSQL.record(entity, from: row) }
    }

    private func keyCondition(_ record: Record) throws(StoreError) -> (sql: String, values: [SQLValue]) {
        let entity = record.entity
        let conditions = entity.key.map { entity.field(named: $0)!.column + " = ?" }
        let values = entity.key.map { RecordSQL.parameter(record.values[$0] ?? .null, for: entity.field(named: $0)!, in: entity) }
        return (" WHERE " + conditions.joined(separator: " AND "), values)
    }

    private func custom(_ entity: Entity, _ sql: any SQLSession) throws(StoreError) -> [String] {
        if let known = customFields[entity] { return known }
        let known = try sql.rows("SELECT name FROM custom_fields WHERE entity = ? ORDER BY name", [.text(entity.rawValue)])
            .map { row throws(StoreError) in try row.text("name") }
        customFields[entity] = known
        return known
    }

    /// A new id for a record of `entity`: its kind's prefix and eight characters (`T-7Q2K9M4X`) made
    /// from the record's fields other than its timestamps and its place in the run, so that the same
    /// writes on the same store make the same ids (a demo is the same on every backend); the next
    /// variant when one is taken.
    private func newID(_ entity: Entity, _ fields: [String: StoredValue], _ sql: any SQLSession) throws(StoreError) -> String {
        let letters = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        let content = fields.filter { entity.field(named: $0.key)?.kind != .timestamp }.sorted { $0.key < $1.key }
            .map { $0.key + "=" + $0.value.text }.joined(separator: "\u{1F}")
        for attempt in 0... {
            // The run's count of changes so far: the same fields twice in one run make two ids, not a search.
            var hash = Self.fnv1a([entity.rawValue, content, String(changeSet.changes.count), String(attempt)].joined(separator: "\u{1E}"))
            let id = String(entity.rawValue.prefix(1)).uppercased() + "-" + String((0..<8).map { _ in
                defer { hash >>= 5 }
                return letters[Int(hash & 31)]
            })
            if try sql.row("SELECT 1 AS found FROM \(entity.rawValue) WHERE id = ?", [.text(id)]) == nil { return id }
        }
        preconditionFailure("unreachable")
    }

    /// The 64-bit FNV-1a hash of the text's bytes: stable across runs and platforms, unlike `Hasher`.
    private static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// Counts `rows` written against the limit; over it, the run is over.
    private func count(_ rows: Int) throws(StoreError) {
        let written = changeSet.changes.count + rows
        guard written > limit else { return }
        let error = StoreError.usage(Message("write.over_limit", ["limit": limit]))
        if runEnding == nil { runEnding = (error, nil) }
        throw error
    }

    /// Adds the change to the run's change set and to the audit trail (the run's entry made with its first change).
    private func log(_ change: RecordChange, _ sql: any SQLSession) throws(StoreError) {
        try ChangeLog.record(change, run: &auditRun, source: source, user: changeSet.user, undoes: undoes, sql)
        changeSet.changes.append(change)
        if !changeSet.dryRun { changeSet.run = auditRun }
    }

    // MARK: Messages and values

    /// The error for a record with this id that is not there: denied on a store that hides rows, as it may be hidden.
    public func missing(_ entity: Entity, _ id: String) -> StoreError {
        let message = Message("write.no_record", ["entity": entity.label, "id": id])
        return database.restrictsRows ? .denied(message) : .usage(message)
    }

    private func denied(_ entity: Entity, _ id: String) -> StoreError {
        .denied(Message("write.denied", ["entity": entity.label, "id": id]))
    }

    private func bad(_ entity: Entity, _ id: String, _ field: String, _ reason: Message) -> StoreError {
        .usage(Message("write.bad_value", ["entity": entity.label, "id": id, "field": field, "reason": reason]))
    }

    /// The record's key as one text: its id, or its key fields joined by `/`.
    static func key(of record: Record) -> String {
        record.entity.key.map { record.values[$0]?.text ?? "" }.joined(separator: "/")
    }

    /// The fields whose values differ between `old` and `new` (nil for a record that is not there),
    /// canonical fields in schema order, then custom ones by name.
    static func differences(_ old: Record?, _ new: Record?) -> [RecordChange.FieldChange] {
        let entity = (old ?? new)!.entity
        func text(_ value: StoredValue?) -> String? { value.flatMap { $0.isNull ? nil : $0.text } }
        var changes = entity.fields.compactMap { field -> RecordChange.FieldChange? in
            let before = text(old?.values[field.name]), after = text(new?.values[field.name])
            return before == after ? nil : RecordChange.FieldChange(field: field.name, old: before, new: after)
        }
        let names = Set((old?.custom.keys).map(Array.init) ?? []).union((new?.custom.keys).map(Array.init) ?? []).sorted()
        for name in names where old?.custom[name] != new?.custom[name] {
            changes.append(RecordChange.FieldChange(field: name, old: old?.custom[name], new: new?.custom[name]))
        }
        return changes
    }
}
