import CrescentStore

/// What a segmentation run did to its follow-up tasks. JSON: `{"as_of", "unowned", "owners":
/// [{"owner_id", "owner", "created", "done", "reassigned", "cancelled", "open", "overdue"}],
/// "changes": [{"action", "task", "customer_id", "customer", "tier", "now_in", "owner_id", "owner",
/// "kind", "subject", "due_on", "done_on"}]}`.
public struct FollowUpSummary: Encodable, Sendable, Equatable {
    /// Per rep: the run's changes to their tasks, and their open tasks of the segmentation after it.
    public struct OwnerLine: Encodable, Sendable, Equatable {
        public var ownerID: String
        public var owner: String?
        public var created = 0, done = 0, reassigned = 0, cancelled = 0
        public var open = 0, overdue = 0

        init(ownerID: String, owner: String?) {
            self.ownerID = ownerID
            self.owner = owner
        }

        mutating func count(_ action: FollowUpChange.Action) {
            switch action {
            case .created: created += 1
            case .done: done += 1
            case .reassigned: reassigned += 1
            case .cancelled: cancelled += 1
            }
        }

        enum CodingKeys: String, CodingKey {
            case ownerID = "owner_id", owner, created, done, reassigned, cancelled, open, overdue
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ownerID, forKey: .ownerID)
            try c.encode(owner, forKey: .owner)
            for (key, value) in [(CodingKeys.created, created), (.done, done), (.reassigned, reassigned), (.cancelled, cancelled),
                                 (.open, open), (.overdue, overdue)] { try c.encode(value, forKey: key) }
        }
    }

    public var asOf: String
    /// The changes' run in the audit trail (what `crescent undo` takes); nil on a dry run or when nothing changed.
    public var run: Int64?
    /// By owner id.
    public var owners: [OwnerLine]
    /// Customers in a tier with a follow-up who have no owner: no task is made for them.
    public var unowned: Int
    /// In customer id order (a task done and its next one, one after the other), cancellations last.
    public var changes: [FollowUpChange]

    enum CodingKeys: String, CodingKey { case asOf = "as_of", run, unowned, owners, changes }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(asOf, forKey: .asOf)
        try c.encode(run, forKey: .run)
        try c.encode(unowned, forKey: .unowned)
        try c.encode(owners, forKey: .owners)
        try c.encode(changes, forKey: .changes)
    }
}

/// One task a segmentation run made, closed, handed on or cancelled.
public struct FollowUpChange: Encodable, Sendable, Equatable {
    public enum Action: String, Encodable, Sendable { case created, done, reassigned, cancelled }

    public var action: Action
    public var task: String
    public var customerID: String
    public var customer: String?
    /// The tier the task is for.
    public var tier: String
    /// For a cancelled task, the tier the customer is in now (nil: in none, or gone).
    public var nowIn: String?
    public var ownerID: String?
    public var owner: String?
    public var kind: String
    public var subject: String
    public var dueOn: String
    public var doneOn: String?

    init(action: Action, task: Record, customer: FollowUpRun.Customer, owner: String?) {
        self.action = action
        self.task = task.text("id") ?? ""
        customerID = customer.id
        self.customer = customer.name
        tier = customer.tier
        ownerID = owner
        kind = task.text("kind") ?? ""
        subject = task.text("subject") ?? ""
        dueOn = task.text("due_on") ?? ""
        doneOn = task.text("done_on")
    }

    enum CodingKeys: String, CodingKey {
        case action, task, customerID = "customer_id", customer, tier, nowIn = "now_in", ownerID = "owner_id", owner, kind, subject
        case dueOn = "due_on", doneOn = "done_on"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(task, forKey: .task)
        try c.encode(customerID, forKey: .customerID)
        try c.encode(customer, forKey: .customer)
        try c.encode(tier, forKey: .tier)
        try c.encode(nowIn, forKey: .nowIn)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(owner, forKey: .owner)
        try c.encode(kind, forKey: .kind)
        try c.encode(subject, forKey: .subject)
        try c.encode(dueOn, forKey: .dueOn)
        try c.encode(doneOn, forKey: .doneOn)
    }
}
