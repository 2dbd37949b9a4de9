import CrescentStore

/// Each deal's way through the configured funnel, from its stage history: when it entered each
/// stage (a skipped stage counts as entered, and left, when the deal entered a later one) and when
/// it left. Times are minutes since 1970-01-01.
struct DealPath: Sendable {
    struct Step: Sendable {
        let entered: Int
        /// When it moved on or was lost; nil while the deal is still in the stage.
        let left: Int?
        /// False for a stage the history skipped: it has no dwell time.
        let recorded: Bool
        /// The deal reached a later stage.
        let converted: Bool
    }

    let deal: String
    let key: String?
    /// Indexed by stage order; nil for stages not reached.
    var steps: [Step?]
    /// The stage the deal is in now and since when, for open deals.
    var current: (stage: Int, since: Int)?
}

enum DealPaths {
    /// The paths of every deal with a stage history as it stood at the end of `asOf`, grouped as asked.
    static func load(store: SQLiteStore, stages: FunnelStages, by grouping: Grouping, asOf: CalendarDate) throws(StoreError) -> [DealPath] {
        let entries = try store.stageEntries(by: grouping)
        let cutoff = asOf.dayNumber * 1440 + 1439
        let status = Dictionary(try store.deals(.all, by: .company).map { ($0.id, ($0.status, $0.closedOn)) }, uniquingKeysWith: { a, _ in a })
        var paths: [DealPath] = []
        var start = 0
        while start < entries.count {
            var end = start
            while end < entries.count && entries[end].deal == entries[start].deal { end += 1 }
            let deal = entries[start].deal
            var (state, closedOn) = status[deal] ?? ("open", nil)
            if let day = closedOn, day > asOf { (state, closedOn) = ("open", nil) }
            let timeline = entries[start..<end].compactMap { entry in
                minutes(entry.enteredAt).flatMap { $0 <= cutoff ? (entry.stage, $0) : nil }
            }
            paths.append(path(deal: deal, key: entries[start].key, timeline: timeline, status: state, closedOn: closedOn, stages: stages))
            start = end
        }
        return paths
    }

    /// A path from one deal's stage entries in time order.
    static func path(deal: String, key: String?, timeline: [(stage: String, at: Int)], status: String, closedOn: CalendarDate?,
                     stages: FunnelStages) -> DealPath {
        let n = stages.stages.count
        var firstEntry = [Int?](repeating: nil, count: n)
        var lostAt: Int?
        for (stage, at) in timeline {
            if stage == stages.lostStage { lostAt = lostAt ?? at; continue }
            guard let i = stages.order(of: stage), firstEntry[i] == nil else { continue }
            firstEntry[i] = at
        }
        if status == "lost", lostAt == nil, let closedOn { lostAt = closedOn.dayNumber * 1440 + 1439 }
        guard let reached = firstEntry.lastIndex(where: { $0 != nil }) else {
            return DealPath(deal: deal, key: key, steps: Array(repeating: nil, count: n), current: nil)
        }
        var steps = [DealPath.Step?](repeating: nil, count: n)
        for i in 0...reached {
            let next = ((i + 1)...max(i + 1, reached)).lazy.compactMap { $0 <= reached ? firstEntry[$0] : nil }.first
            guard let entered = firstEntry[i] ?? next else { continue }
            let left = i < reached ? next : lostAt
            steps[i] = DealPath.Step(entered: entered, left: left, recorded: firstEntry[i] != nil, converted: i < reached)
        }
        let isOpen = status == "open" && lostAt == nil && reached < n - 1
        return DealPath(deal: deal, key: key, steps: steps, current: isOpen ? (reached, firstEntry[reached]!) : nil)
    }

    /// Minutes since 1970 of a stored timestamp `YYYY-MM-DDTHH:MM:SS` (or a bare date).
    static func minutes(_ timestamp: String) -> Int? {
        let u = Array(timestamp.utf8)
        guard let day = CalendarDate(isoPrefix: u) else { return nil }
        guard u.count >= 16 else { return day.dayNumber * 1440 }
        let hour = Int(u[11] &- 48) * 10 + Int(u[12] &- 48), minute = Int(u[14] &- 48) * 10 + Int(u[15] &- 48)
        return day.dayNumber * 1440 + hour * 60 + minute
    }
}
