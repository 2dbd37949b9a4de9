import CrescentStore
import Foundation

/// The follow-up tasks of a segmentation, kept in step with each run: every customer in a tier
/// with a `follow_up` rule has one open task of the rule for its owner, due `every_days` after the
/// customer's last activity of the rule's kind (the run's day when that is past or there is none).
/// A run adds the missing tasks, never a second one; closes as done a task whose customer has had
/// an activity of its kind since the one its due day was counted from (and adds the next); hands an open task to the
/// customer's new owner; and cancels the tasks of customers no longer in the tier.
public enum FollowUps {
    /// What the tasks of tier `tier` are made through: `segment value-tier/A`.
    public static func source(segment: String, tier: String) -> String { sourcePrefix(segment) + tier }

    static func sourcePrefix(_ segment: String) -> String { "segment \(segment)/" }

    /// Brings the segmentation's tasks in step with `assignment` through `writer`; nil when the
    /// segmentation has no follow-up rule and no open task.
    public static func apply(_ segmentation: Segmentation, facts: CustomerFacts, assignment: [UInt8], writer: RecordWriter,
                             now: Date = Date()) throws -> FollowUpSummary? {
        let store = facts.store, names = segmentation.tierNames
        let rules = names.map { name in segmentation.tiers.first { $0.name == name }?.followUp }
        let prefix = sourcePrefix(segmentation.name)
        var open: [String: [Record]] = [:]  // by customer and source, earliest due first
        for task in try store.tasks(TaskFilter(statuses: [.open], sourcePrefix: prefix)) {
            open[Self.slot(task.text("customer_id"), task.text("source")), default: []].append(task)
        }
        if rules.allSatisfy({ $0 == nil }), open.isEmpty { return nil }

        let customers = try CustomerDirectory(store: store, ids: facts.ids)
        let last = try ActivityFacts.lastDays(store: store, ids: facts.ids, asOf: facts.asOf,
                                              kinds: Set(rules.compactMap { $0?.kind }))
        var run = FollowUpRun(writer: writer, asOf: facts.asOf, createdAt: ISO8601DateFormatter().string(from: now))
        for (c, index) in assignment.enumerated() {
            guard let rule = rules[Int(index)] else { continue }
            let tier = names[Int(index)], id = facts.ids.id(c), source = prefix + tier
            let customer = FollowUpRun.Customer(id: id, name: customers.names[c], owner: customers.owners[c], tier: tier)
            let lastDay = last[rule.kind]![c] == Int32.min ? nil : CalendarDate(dayNumber: Int(last[rule.kind]![c]))
            guard let task = open[Self.slot(id, source)]?.first else {
                try run.create(for: customer, rule: rule, source: source, lastDay: lastDay)
                continue
            }
            open[Self.slot(id, source)]!.removeFirst()
            try run.keep(task, for: customer, rule: rule, source: source, lastDay: lastDay)
        }
        for task in open.values.joined().sorted(by: { $0.text("id") ?? "" < $1.text("id") ?? "" }) {
            let id = task.text("customer_id") ?? ""
            let tier = task.text("source").map { String($0.dropFirst(prefix.count)) } ?? ""
            try run.cancel(task, customer: .init(id: id, name: customers.name(of: id, in: facts.ids), owner: task.text("owner_id"),
                                                 tier: tier), nowIn: facts.ids.ordinal(of: id).map { names[Int(assignment[$0])] })
        }
        return try run.summary(repNames: store.names(of: .reps))
    }

    private static func slot(_ customer: String?, _ source: String?) -> String { (customer ?? "") + "\u{1F}" + (source ?? "") }
}

/// Each customer's owner and name, by ordinal.
private struct CustomerDirectory {
    var owners: [String?], names: [String?]

    init(store: any RecordStore, ids: IdIndex) throws {
        var owners = [String?](repeating: nil, count: ids.count), names = [String?](repeating: nil, count: ids.count)
        try store.scan(.customers, fields: ["id", "owner_id", "name"]) { row in
            guard let c = ids.ordinal(of: row.bytes(0)) else { return }
            owners[c] = row.string(1)
            names[c] = row.string(2)
        }
        self.owners = owners
        self.names = names
    }

    func name(of id: String, in ids: IdIndex) -> String? { ids.ordinal(of: id).flatMap { names[$0] } }
}
