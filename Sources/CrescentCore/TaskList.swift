import CrescentStore

/// The tasks a query selects as of a day, with the names of their reps and customers and how
/// many days each open one is overdue: what `crescent tasks list` prints.
public struct TaskList: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var task: Record
        public var owner: String?
        public var customer: String?
        /// Days past its due day, for an open task due before the as-of day.
        public var overdueDays: Int?
    }

    public var asOf: CalendarDate
    public var query: TaskQuery
    public var items: [Item]

    public init(store: any RecordStore, query: TaskQuery, asOf: CalendarDate) throws(StoreError) {
        self.asOf = asOf
        self.query = query
        let tasks = try store.tasks(try query.filter(asOf: asOf))
        let reps = try store.names(of: .reps)
        let customerIDs = Array(Set(tasks.compactMap { $0.text("customer_id") })).sorted()
        let customers = Dictionary(try store.records(.customers, ids: customerIDs).compactMap { record in
            record.text("id").map { ($0, record.text("name")) }
        }, uniquingKeysWith: { first, _ in first })
        items = tasks.map { task in
            let due = task.text("due_on").flatMap { CalendarDate(parsing: $0) }
            let late = due.map { asOf.dayNumber - $0.dayNumber }.flatMap { $0 > 0 && task.text("status") == "open" ? $0 : nil }
            return Item(task: task, owner: task.text("owner_id").flatMap { reps[$0] },
                        customer: task.text("customer_id").flatMap { customers[$0] ?? nil }, overdueDays: late)
        }
    }
}
