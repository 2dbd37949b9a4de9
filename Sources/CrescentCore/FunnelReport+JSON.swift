import CrescentStore

extension FunnelReport {
    /// The funnel as JSON (money to the cent, shares to 4 decimals, days to 1 decimal).
    public var json: String {
        func n(_ value: Double?, _ unit: KpiUnit) -> String { KpiReport.number(value, unit) }
        let stageItems = stages.map { s in
            "{\"stage\": \(JSONText.string(s.stage)), \"entered\": \(s.entered), \"converted\": \(s.converted), \"conversion\": \(n(s.conversion, .ratio)), "
                + "\"expected_conversion\": \(n(s.expectedConversion, .ratio)), \"mean_dwell_days\": \(n(s.meanDwellDays, .days)), "
                + "\"median_dwell_days\": \(n(s.medianDwellDays, .days)), \"max_dwell_days\": \(n(s.maxDwellDays, .days)), \"stalled\": \(s.stalled)"
                + (readyToExit[s.stage].map { ", \"ready_to_exit\": \($0)" } ?? "") + "}"
        }
        let openItems = pipeline.map {
            "{\"stage\": \(JSONText.string($0.stage)), \"deals\": \($0.deals), \"value\": \(n($0.value, .money)), \"weighted\": \(n($0.weighted, .money))}"
        }
        let stalledItems = stalled.map {
            "{\"deal\": \(JSONText.string($0.deal)), \"owner\": \(JSONText.string($0.owner)), \"stage\": \(JSONText.string($0.stage)), "
                + "\"days\": \(n($0.days, .days)), \"max_days\": \(n($0.maxDays, .days))}"
        }
        let bottleneckItem = bottleneck.map { "{\"stage\": \(JSONText.string($0.stage)), \"reason\": \(JSONText.string($0.reason))}" } ?? "null"
        return "{\"period\": \"\(period)\", \"as_of\": \"\(asOf)\", \"stages\": [\(stageItems.joined(separator: ", "))], "
            + "\"won\": \(won), \"lost\": \(lost), \"win_rate\": \(n(winRate, .ratio)), \"sales_cycle_days\": \(n(salesCycleDays, .days)), "
            + "\"avg_won_deal_size\": \(n(avgWonDealSize, .money)), \"open_deals\": \(openDealCount), \"pipeline_value\": \(n(pipelineValue, .money)), "
            + "\"weighted_pipeline\": \(n(weightedPipeline, .money)), \"velocity_per_day\": \(n(velocityPerDay, .money)), "
            + "\"bottleneck\": \(bottleneckItem), \"open_by_stage\": [\(openItems.joined(separator: ", "))], \"stalled\": [\(stalledItems.joined(separator: ", "))]}"
    }
}
