import CrescentCore
import CrescentStore

/// A segmentation run's follow-up tasks for people: what changed, then per rep their changes and
/// open tasks; on a dry run, every change too (who would get which task).
extension FollowUpSummary {
    func blocks(_ words: Words, dryRun: Bool, tierLabels: [String: String]) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(words.t("follow_ups.title"), level: 2)]
        let parts = [("created", \FollowUpSummary.OwnerLine.created), ("done", \.done), ("reassigned", \.reassigned),
                     ("cancelled", \.cancelled)].compactMap { key, count -> String? in
            let total = owners.reduce(0) { $0 + $1[keyPath: count] }
            return total == 0 ? nil : words.t("follow_ups.\(key)", ["count": String(total)])
        }
        var said = parts.isEmpty ? words.t("follow_ups.nothing") : parts.joined(separator: words.t("list.separator"))
        if let run { said += words.t("follow_ups.run", ["run": String(run)]) }
        blocks.append(.text(said))
        if unowned > 0 { blocks.append(.text(words.t("follow_ups.unowned", ["count": String(unowned)]))) }
        if !owners.isEmpty { blocks.append(.table(ownerTable(words))) }
        if dryRun, !changes.isEmpty { blocks.append(.table(changeTable(words, tierLabels: tierLabels))) }
        return blocks
    }

    private func ownerTable(_ words: Words) -> ReportTable {
        let counts = ["created", "done", "reassigned", "cancelled", "open", "overdue"]
        return ReportTable(
            columns: [ReportColumn(name: words.t("follow_ups.column.rep"), kind: .text, key: "owner")]
                + counts.map { ReportColumn(name: words.t("follow_ups.column.\($0)"), kind: .integer, key: $0) },
            rows: owners.map { line in
                [.code(line.ownerID, label: line.owner ?? line.ownerID)]
                    + [line.created, line.done, line.reassigned, line.cancelled, line.open, line.overdue].map { .number(Double($0)) }
            })
    }

    private func changeTable(_ words: Words, tierLabels: [String: String]) -> ReportTable {
        let keys = ["action", "task", "customer", "tier", "rep", "kind", "subject", "due_on"]
        return ReportTable(
            title: words.t("follow_ups.changes"),
            columns: keys.map { key in
                ReportColumn(name: words.t(key == "tier" ? "segment.tier" : "follow_ups.column.\(key)"), kind: .text, key: key)
            },
            rows: changes.map { change in
                [.code(change.action.rawValue, label: words.t("follow_ups.action.\(change.action.rawValue)")), .text(change.task),
                 .code(change.customerID, label: change.customer ?? change.customerID),
                 .code(change.tier, label: tierLabels[change.tier] ?? change.tier),
                 change.ownerID.map { .code($0, label: change.owner ?? $0) } ?? .empty, .text(change.kind), .text(change.subject),
                 .text(change.dueOn)]
            })
    }
}
