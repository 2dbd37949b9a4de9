import CrescentStore

/// The task changes of one segmentation run, made through the run's writer and counted for its summary.
struct FollowUpRun {
    struct Customer {
        var id: String
        var name: String?
        var owner: String?
        var tier: String
    }

    let writer: RecordWriter
    let asOf: CalendarDate
    /// When the tasks made now are made (`created_at`).
    let createdAt: String
    private var changes: [FollowUpChange] = []
    private var unowned = 0
    /// Open tasks of the segmentation after the run, and how many of them are overdue, by owner.
    private var open: [String: (count: Int, overdue: Int)] = [:]

    init(writer: RecordWriter, asOf: CalendarDate, createdAt: String) {
        self.writer = writer
        self.asOf = asOf
        self.createdAt = createdAt
    }

    /// Adds the customer's task, due `rule.everyDays` after `lastDay` or on the run's day if that is past.
    mutating func create(for customer: Customer, rule: FollowUpRule, source: String, lastDay: CalendarDate?) throws {
        guard let owner = customer.owner else { unowned += 1; return }
        let due = max(lastDay?.adding(days: rule.everyDays) ?? asOf, asOf)
        let task = try writer.create(.tasks, [
            "owner_id": .text(owner), "customer_id": .text(customer.id), "kind": .text(rule.kind), "subject": .text(rule.subject),
            "due_on": .text(due.description), "status": .text(TaskStatus.open.rawValue), "source": .text(source),
            "created_at": .text(createdAt),
        ], place: nil)
        note(.created, task, customer, owner: owner)
        countOpen(owner, due: due)
    }

    /// Keeps the customer's open task: done by an activity of its kind later than the one it was
    /// counted from (`every_days` before its due day), and followed by the next; or handed to the
    /// customer's owner when that is someone else.
    mutating func keep(_ task: Record, for customer: Customer, rule: FollowUpRule, source: String, lastDay: CalendarDate?) throws {
        let id = task.text("id") ?? ""
        let due = task.text("due_on").flatMap { CalendarDate(parsing: $0) }
        if let lastDay, let due, lastDay > due.adding(days: -rule.everyDays) {
            let done = try writer.update(.tasks, id: id, ["status": .text(TaskStatus.done.rawValue), "done_on": .text(lastDay.description)],
                                         place: nil)
            note(.done, done, customer, owner: done.text("owner_id"))
            try create(for: customer, rule: rule, source: source, lastDay: lastDay)
            return
        }
        var kept = task
        if let owner = customer.owner, owner != task.text("owner_id") {
            kept = try writer.update(.tasks, id: id, ["owner_id": .text(owner)], place: nil)
            note(.reassigned, kept, customer, owner: owner)
        }
        if let owner = kept.text("owner_id"), let due { countOpen(owner, due: due) }
    }

    /// Cancels a task whose customer is no longer in its tier (`tier`: where the customer is now, nil if gone).
    mutating func cancel(_ task: Record, customer: Customer, nowIn tier: String?) throws {
        let cancelled = try writer.update(.tasks, id: task.text("id") ?? "", ["status": .text(TaskStatus.cancelled.rawValue)], place: nil)
        var change = FollowUpChange(action: .cancelled, task: cancelled, customer: customer, owner: cancelled.text("owner_id"))
        change.nowIn = tier
        changes.append(change)
    }

    func summary(repNames: [String: String]) -> FollowUpSummary {
        var lines: [String: FollowUpSummary.OwnerLine] = [:]
        func line(_ owner: String) -> FollowUpSummary.OwnerLine {
            lines[owner] ?? FollowUpSummary.OwnerLine(ownerID: owner, owner: repNames[owner])
        }
        for change in changes {
            guard let owner = change.ownerID else { continue }
            var counted = line(owner)
            counted.count(change.action)
            lines[owner] = counted
        }
        for (owner, tasks) in open {
            var counted = line(owner)
            counted.open = tasks.count
            counted.overdue = tasks.overdue
            lines[owner] = counted
        }
        var named = changes
        for i in named.indices { named[i].owner = named[i].ownerID.flatMap { repNames[$0] } }
        return FollowUpSummary(asOf: asOf.description, owners: lines.values.sorted { $0.ownerID < $1.ownerID },
                               unowned: unowned, changes: named)
    }

    private mutating func note(_ action: FollowUpChange.Action, _ task: Record, _ customer: Customer, owner: String?) {
        changes.append(FollowUpChange(action: action, task: task, customer: customer, owner: owner))
    }

    private mutating func countOpen(_ owner: String, due: CalendarDate) {
        open[owner, default: (0, 0)].count += 1
        if due < asOf { open[owner]!.overdue += 1 }
    }
}
