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
        let names = stages.stages.map { Array($0.name.utf8) } + [Array(stages.lostStage.utf8)]
        let cutoff = asOf.dayNumber * 1440 + 1439
        var paths: [DealPath] = []
        var deal: [UInt8] = [], key: String?, status = "", closedOn: Int?
        var timeline: [(stage: Int, at: Int)] = []
        func finish() {
            guard !deal.isEmpty else { return }
            var state = status
            if let day = closedOn, day > asOf.dayNumber { (state, closedOn) = ("open", nil) }
            timeline.sort { $0.at < $1.at }
            paths.append(path(deal: String(decoding: deal, as: UTF8.self), key: key, timeline: timeline, status: state,
                              closedOn: closedOn, stages: stages))
        }
        try store.scanStageEntries(by: grouping) { dealRow, entry in
            let id = dealRow.bytes(0)
            if !id.elementsEqual(deal) {
                finish()
                deal = Array(id)
                key = dealRow.string(1)
                status = dealRow.string(2) ?? "open"
                closedOn = dealRow.day(3)
                timeline.removeAll(keepingCapacity: true)
            }
            let stage = entry.bytes(1)
            guard let index = names.firstIndex(where: { stage.elementsEqual($0) }), let at = minutes(entry.bytes(2)), at <= cutoff else { return }
            timeline.append((index, at))
        }
        finish()
        return paths
    }

    /// A path from one deal's stage entries in time order (`stage` indexes the configured stages;
    /// the index after the last is the lost state).
    static func path(deal: String, key: String?, timeline: [(stage: Int, at: Int)], status: String, closedOn: Int?,
                     stages: FunnelStages) -> DealPath {
        let n = stages.stages.count
        var firstEntry = [Int?](repeating: nil, count: n)
        var lostAt: Int?
        for (stage, at) in timeline {
            if stage == n { lostAt = lostAt ?? at; continue }
            if firstEntry[stage] == nil { firstEntry[stage] = at }
        }
        if status == "lost", lostAt == nil, let closedOn { lostAt = closedOn * 1440 + 1439 }
        guard let reached = firstEntry.lastIndex(where: { $0 != nil }) else {
            return DealPath(deal: deal, key: key, steps: Array(repeating: nil, count: n), current: nil)
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

    /// Minutes since 1970 of a stored timestamp `YYYY-MM-DDTHH:MM:SS` (or a bare date). Read by
    /// hand from fixed positions: this runs once per stage entry of every deal.
    static func minutes(_ u: UnsafeRawBufferPointer) -> Int? {
        guard u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                let digit = Int(u[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                n = n * 10 + digit
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), let day = CalendarDate(year: y, month: m, day: d) else { return nil }
        guard u.count >= 16, let hour = number(11..<13), let minute = number(14..<16) else { return day.dayNumber * 1440 }
        return day.dayNumber * 1440 + hour * 60 + minute
    }
}
