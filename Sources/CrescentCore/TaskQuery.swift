import CrescentStore

/// Which tasks to list, as `crescent tasks list` and `crm.tasks{...}` take it: words people type,
/// read against an as-of day.
public struct TaskQuery: Sendable, Equatable {
    /// The rep whose tasks to list.
    public var owner: String?
    public var customer: String?
    /// `open` (the default), `done`, `cancelled` or `all`.
    public var status: String
    /// `today`, `overdue` (open and due before today), `this-week`, `this-month`..., a day or a
    /// period (`2026-12`, `2026-W49`, `2026-12-01..2026-12-15`); nil for any day.
    public var due: String?
    /// Tasks made by sources that start so (`segment value-tier`).
    public var source: String?

    public static let statusWords = TaskStatus.allCases.map(\.rawValue) + ["all"]
    public static let dueWords = ["today", "overdue"] + Period.relativeWords

    public init(owner: String? = nil, customer: String? = nil, status: String = "open", due: String? = nil, source: String? = nil) {
        self.owner = owner
        self.customer = customer
        self.status = status
        self.due = due
        self.source = source
    }

    /// The store filter this query is as of `day`; a status or due word that means nothing is an error.
    public func filter(asOf day: CalendarDate) throws(StoreError) -> TaskFilter {
        var filter = TaskFilter(owner: owner, customer: customer, sourcePrefix: source)
        switch status {
        case "all": break
        default:
            guard let status = TaskStatus(rawValue: status) else {
                throw .usage(Message("tasks.bad_status", ["value": status, "choices": Self.statusWords.joined(separator: ", ")]))
            }
            filter.statuses = [status]
        }
        guard let due else { return filter }
        switch due {
        case "today":
            (filter.dueFrom, filter.dueTo) = (day, day)
        case "overdue":
            filter.dueTo = day.adding(days: -1)
            filter.statuses = [.open]
        default:
            if let one = CalendarDate(parsing: due) {
                (filter.dueFrom, filter.dueTo) = (one, one)
                return filter
            }
            guard let period = Period.relative(due, asOf: day) ?? Period(parsing: due) else {
                throw .usage(Message("tasks.bad_due", ["value": due, "words": Self.dueWords.joined(separator: ", "),
                                                       "forms": Period.forms]))
            }
            (filter.dueFrom, filter.dueTo) = (period.start, period.end)
        }
        return filter
    }
}
