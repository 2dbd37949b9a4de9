import CrescentStore

/// What one funnel stage did for the deals that entered it in a period.
public struct StageStats: Sendable, Equatable {
    public let stage: String
    /// Deals that entered the stage in the period (a skipped stage counts as entered).
    public let entered: Int
    /// Of those, the deals that reached a later stage by the as-of day.
    public let converted: Int
    /// The conversion the configured win probabilities expect; nil for the last stage.
    public let expectedConversion: Double?
    /// Days in the stage of the deals that entered it in the period and have left it (skips excluded).
    public let meanDwellDays: Double?
    public let medianDwellDays: Double?
    public let maxDwellDays: Double?
    /// Open deals in this stage now for longer than its maximum dwell (whenever they entered).
    public let stalled: Int

    public var conversion: Double? { entered > 0 && expectedConversion != nil ? Double(converted) / Double(entered) : nil }

    /// Per configured stage, in order.
    static func compute(paths: [DealPath], stages: FunnelStages, period: Period, asOf: CalendarDate) -> [StageStats] {
        let from = period.start.dayNumber * 1440, to = period.end.dayNumber * 1440 + 1439
        let now = asOf.dayNumber * 1440 + 1439
        return stages.stages.enumerated().map { index, stage in
            var entered = 0, converted = 0, stalled = 0
            var dwell: [Double] = []
            for path in paths {
                if let current = path.current, current.stage == index, let limit = stage.maxDwellDays,
                   Double(now - current.since) / 1440 > limit { stalled += 1 }
                guard let step = path.steps[index], (from...to).contains(step.entered) else { continue }
                entered += 1
                if step.converted { converted += 1 }
                if step.recorded, let left = step.left { dwell.append(Double(left - step.entered) / 1440) }
            }
            dwell.sort()
            let median = dwell.isEmpty ? nil : dwell.count % 2 == 1 ? dwell[dwell.count / 2] : (dwell[dwell.count / 2 - 1] + dwell[dwell.count / 2]) / 2
            return StageStats(stage: stage.name, entered: entered, converted: converted, expectedConversion: stages.expectedConversion(from: index),
                              meanDwellDays: dwell.isEmpty ? nil : dwell.reduce(0, +) / Double(dwell.count), medianDwellDays: median,
                              maxDwellDays: stage.maxDwellDays, stalled: stalled)
        }
    }
}
