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
    /// The lost state's index in a timeline: after every configured stage.
    static func lostIndex(_ stages: FunnelStages) -> Int { stages.stages.count }

    /// The paths of every deal with a stage history as it stood at the end of `asOf`, grouped as asked.
    static func load(store: any RecordStore, stages: FunnelStages, by grouping: Grouping, asOf: CalendarDate) throws(StoreError) -> [DealPath] {
        let entries = try store.stageEntries(by: grouping)
        let names = stages.stages.map { Array($0.name.utf8) } + [Array(stages.lostStage.utf8)]
        let configured = entries.stages.map { stored in names.firstIndex { $0.elementsEqual(stored.utf8) } }  // byte for byte
        let cutoff = Int64(asOf.dayNumber * 1440 + 1439)
        var paths: [DealPath] = []
        paths.reserveCapacity(entries.dealCount)
        var timeline: [(stage: Int, at: Int)] = []
        var scratch = Scratch(stages: stages)
        for d in 0..<entries.dealCount {
            timeline.removeAll(keepingCapacity: true)
            for e in entries.entries(of: d) {
                let at = entries.minutes[e]
                guard let index = configured[Int(entries.stage[e])], at != .min, at <= cutoff else { continue }
                timeline.append((index, Int(at)))
            }
            timeline.sort { $0.at < $1.at }
            var status = entries.status[d] < 0 ? "open" : entries.statuses[Int(entries.status[d])]
            var closedOn = entries.closedOn[d] == .min ? nil : Int(entries.closedOn[d])
            if let day = closedOn, day > asOf.dayNumber { (status, closedOn) = ("open", nil) }
            let key: String? = entries.group[d] < 0 ? nil : entries.groups[Int(entries.group[d])]
            paths.append(path(deal: entries.dealIDs[d], key: key, timeline: timeline, status: status, closedOn: closedOn,
                              stages: stages, scratch: &scratch))
        }
        return paths
    }

    /// What `path` reuses from one deal to the next: a path is built for every deal with a history.
    struct Scratch {
        /// When the deal first entered each stage.
        var firstEntry: [Int?]
        /// The steps of a deal that reached no stage, shared by all of them.
        let unreached: [DealPath.Step?]

        init(stages: FunnelStages) {
            firstEntry = Array(repeating: nil, count: stages.stages.count)
            unreached = firstEntry.map { _ in nil }
        }
    }

    /// A path from one deal's stage entries in time order (`stage` indexes the configured stages;
    /// the index after the last is the lost state).
    static func path(deal: String, key: String?, timeline: [(stage: Int, at: Int)], status: String, closedOn: Int?,
                     stages: FunnelStages, scratch: inout Scratch) -> DealPath {
        let n = stages.stages.count
        for i in 0..<n { scratch.firstEntry[i] = nil }
        var lostAt: Int?
        for (stage, at) in timeline {
            if stage == n { lostAt = lostAt ?? at; continue }
            if scratch.firstEntry[stage] == nil { scratch.firstEntry[stage] = at }
        }
        if status == "lost", lostAt == nil, let closedOn { lostAt = closedOn * 1440 + 1439 }
        let firstEntry = scratch.firstEntry
        guard let reached = firstEntry.lastIndex(where: { $0 != nil }) else {
            return DealPath(deal: deal, key: key, steps: scratch.unreached, current: nil)
        }
        var steps = [DealPath.Step?](repeating: nil, count: n)
        var next: Int?  // the first recorded entry after stage i, walking down from the furthest stage
        for i in stride(from: reached, through: 0, by: -1) {
            let entered = firstEntry[i] ?? next
            if let entered {
                steps[i] = DealPath.Step(entered: entered, left: i < reached ? next : lostAt, recorded: firstEntry[i] != nil, converted: i < reached)
            }
            if let own = firstEntry[i] { next = own }
        }
        let isOpen = status == "open" && lostAt == nil && reached < n - 1
        return DealPath(deal: deal, key: key, steps: steps, current: isOpen ? (reached, firstEntry[reached]!) : nil)
    }
}
