import CrescentCore
import CrescentStore

/// Tasks as `tasks list` shows them, by due day. JSON is an array of `{"id", "owner_id", "owner",
/// "customer_id", "customer", "deal_id", "kind", "subject", "due_on", "status", "done_on",
/// "source", "created_at", "overdue_days"}`; for people a table of due day, task, rep, customer,
/// kind, subject, status and days overdue.
extension TaskList: ReportResult {
    public static let resultName = "tasks"

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for item in items { try list.encode(EncodedTask(item)) }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let keys = ["due_on", "task", "rep", "customer", "kind", "subject", "status", "overdue_days"]
        let columns = keys.map { key in
            ReportColumn(name: words.t("follow_ups.column.\(key)"), kind: key == "overdue_days" ? .integer : .text, key: key)
        }
        let rows = items.map { item -> [ReportValue] in
            func code(_ field: String, _ name: String?) -> ReportValue {
                item.task.text(field).map { .code($0, label: name ?? $0) } ?? .empty
            }
            let status = item.task.text("status") ?? ""
            return [.text(item.task.text("due_on") ?? ""), .text(item.task.text("id") ?? ""), code("owner_id", item.owner),
                    code("customer_id", item.customer), .text(item.task.text("kind") ?? ""), .text(item.task.text("subject") ?? ""),
                    .code(status, label: words.t("tasks.status.\(status)")), item.overdueDays.map { .number(Double($0)) } ?? .empty]
        }
        var parameters: [(String, String)] = [(words.t("tasks.status"), query.status == "all" ? words.t("tasks.all") :
                                                words.t("tasks.status.\(query.status)"))]
        if let owner = query.owner { parameters.append((words.t("follow_ups.column.rep"), owner)) }
        if let due = query.due { parameters.append((words.t("follow_ups.column.due_on"), due)) }
        parameters.append((words.t("tasks.count"), String(items.count)))
        return ReportDocument(name: "tasks", title: words.t("tasks.title"), parameters: parameters, currency: "",
                              asOf: asOf.description, language: language, blocks: [.table(ReportTable(columns: columns, rows: rows))])
    }
}

private struct EncodedTask: Encodable {
    let item: TaskList.Item

    init(_ item: TaskList.Item) { self.item = item }

    private enum Keys: String, CodingKey {
        case id, ownerID = "owner_id", owner, customerID = "customer_id", customer, dealID = "deal_id", kind, subject
        case dueOn = "due_on", status, doneOn = "done_on", source, createdAt = "created_at", overdueDays = "overdue_days"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        for (key, field) in [(Keys.id, "id"), (.ownerID, "owner_id")] { try c.encode(item.task.text(field), forKey: key) }
        try c.encode(item.owner, forKey: .owner)
        try c.encode(item.task.text("customer_id"), forKey: .customerID)
        try c.encode(item.customer, forKey: .customer)
        let rest: [(Keys, String)] = [(.dealID, "deal_id"), (.kind, "kind"), (.subject, "subject"), (.dueOn, "due_on"),
                                      (.status, "status"), (.doneOn, "done_on"), (.source, "source"), (.createdAt, "created_at")]
        for (key, field) in rest { try c.encode(item.task.text(field), forKey: key) }
        try c.encode(item.overdueDays, forKey: .overdueDays)
    }
}
