import CrescentStore
import Foundation

/// What people and scripts do to follow-up tasks, through a run's writer (so each is checked,
/// recorded in the audit trail and committed with the rest of its run).
public enum TaskActions {
    /// Creates a task from `fields` (the entity's field names): open, due on `asOf`, for the
    /// owner of its customer (or deal), made through `source` now, unless the fields say otherwise.
    @discardableResult
    public static func create(_ fields: [String: StoredValue], asOf: CalendarDate, source: String, now: Date = Date(),
                              writer: RecordWriter, store: any RecordStore, place: String?) throws(StoreError) -> Record {
        var fields = fields
        func missing(_ name: String) -> Bool { fields[name]?.isNull ?? true }
        if missing("owner_id") {
            for (field, entity) in [("customer_id", Entity.customers), ("deal_id", .deals)] where missing("owner_id") {
                guard let id = given(fields[field]), let owner = try store.record(entity, id: id)?.text("owner_id") else { continue }
                fields["owner_id"] = .text(owner)
            }
        }
        if missing("status") { fields["status"] = .text(TaskStatus.open.rawValue) }
        if missing("due_on") { fields["due_on"] = .text(asOf.description) }
        if missing("source") { fields["source"] = .text(source) }
        if missing("created_at") { fields["created_at"] = .text(ISO8601DateFormatter().string(from: now)) }
        return try writer.create(.tasks, fields, place: place)
    }

    /// Marks open task `id` done on `day` and, when it has an owner, logs the activity that did it
    /// (of the task's kind, for its customer and deal, now, with `note` or the task's subject).
    /// Returns the activity logged.
    @discardableResult
    public static func complete(_ id: String, note: String?, on day: CalendarDate, now: Date = Date(), writer: RecordWriter,
                                store: any RecordStore) throws(StoreError) -> Record? {
        let task = try openTask(id, writer: writer, store: store)
        try writer.update(.tasks, id: id, ["status": .text(TaskStatus.done.rawValue), "done_on": .text(day.description)], place: nil)
        guard let owner = task.text("owner_id") else { return nil }
        var activity: [String: StoredValue] = [
            "rep_id": .text(owner), "kind": .text(task.text("kind") ?? ""), "occurred_at": .text(ISO8601DateFormatter().string(from: now)),
            "notes": .text(note ?? task.text("subject") ?? ""),
        ]
        for field in ["customer_id", "deal_id"] { if let value = task.text(field) { activity[field] = .text(value) } }
        return try writer.create(.activities, activity, place: nil)
    }

    /// Cancels open task `id`.
    public static func cancel(_ id: String, writer: RecordWriter, store: any RecordStore) throws(StoreError) {
        _ = try openTask(id, writer: writer, store: store)
        try writer.update(.tasks, id: id, ["status": .text(TaskStatus.cancelled.rawValue)], place: nil)
    }

    /// Task `id`, which must be open.
    private static func openTask(_ id: String, writer: RecordWriter, store: any RecordStore) throws(StoreError) -> Record {
        guard let task = try store.record(.tasks, id: id) else { throw writer.missing(.tasks, id) }
        let status = task.text("status") ?? ""
        guard status == TaskStatus.open.rawValue else {
            throw .usage(Message("tasks.not_open", ["id": id, "status": Message("tasks.status.\(status)")]))
        }
        return task
    }

    private static func given(_ value: StoredValue?) -> String? {
        guard let value, !value.isNull else { return nil }
        return value.text
    }
}
