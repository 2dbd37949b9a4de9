import CrescentStore

/// The JSON form of `crescent funnel --format json` (docs/kpis.md#funnel-json), which is also the
/// table `crm.funnel` returns: money to the cent, shares to 4 decimals, days to 1 decimal.
extension FunnelReport: Encodable {
    private enum Keys: String, CodingKey {
        case period, asOf = "as_of", scope, currency, stages, won, lost, winRate = "win_rate", salesCycleDays = "sales_cycle_days"
        case avgWonDealSize = "avg_won_deal_size", openDeals = "open_deals", pipelineValue = "pipeline_value"
        case weightedPipeline = "weighted_pipeline", velocityPerDay = "velocity_per_day", bottleneck
        case openByStage = "open_by_stage", stalled
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(period.description, forKey: .period)
        try c.encode(asOf.description, forKey: .asOf)
        try c.encode(scope.description, forKey: .scope)
        try c.encode(currency, forKey: .currency)
        try c.encode(stages.map { StageEncoding(stats: $0, readyToExit: readyToExit[$0.stage]) }, forKey: .stages)
        try c.encode(won, forKey: .won)
        try c.encode(lost, forKey: .lost)
        try c.encode(Rounded(winRate, places: 4), forKey: .winRate)
        try c.encode(Rounded(salesCycleDays, places: 1), forKey: .salesCycleDays)
        try c.encode(Rounded(avgWonDealSize, places: 2), forKey: .avgWonDealSize)
        try c.encode(openDealCount, forKey: .openDeals)
        try c.encode(Rounded(pipelineValue, places: 2), forKey: .pipelineValue)
        try c.encode(Rounded(weightedPipeline, places: 2), forKey: .weightedPipeline)
        try c.encode(Rounded(velocityPerDay, places: 2), forKey: .velocityPerDay)
        try c.encode(bottleneck, forKey: .bottleneck)
        try c.encode(pipeline, forKey: .openByStage)
        try c.encode(stalled, forKey: .stalled)
    }

    private struct StageEncoding: Encodable {
        let stats: StageStats
        let readyToExit: Int?

        enum Keys: String, CodingKey {
            case stage, entered, converted, conversion, expectedConversion = "expected_conversion"
            case meanDwellDays = "mean_dwell_days", medianDwellDays = "median_dwell_days", maxDwellDays = "max_dwell_days"
            case stalled, readyToExit = "ready_to_exit"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(stats.stage, forKey: .stage)
            try c.encode(stats.entered, forKey: .entered)
            try c.encode(stats.converted, forKey: .converted)
            try c.encode(Rounded(stats.conversion, places: 4), forKey: .conversion)
            try c.encode(Rounded(stats.expectedConversion, places: 4), forKey: .expectedConversion)
            try c.encode(Rounded(stats.meanDwellDays, places: 1), forKey: .meanDwellDays)
            try c.encode(Rounded(stats.medianDwellDays, places: 1), forKey: .medianDwellDays)
            try c.encode(Rounded(stats.maxDwellDays, places: 1), forKey: .maxDwellDays)
            try c.encode(stats.stalled, forKey: .stalled)
            try c.encodeIfPresent(readyToExit, forKey: .readyToExit)
        }
    }
}

extension FunnelReport.Bottleneck: Encodable {
    private enum Keys: String, CodingKey { case stage, reason, measure, value, expected }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(reason.description, forKey: .reason)
        try c.encode(measure.rawValue, forKey: .measure)
        try c.encode(Rounded(value, places: 4), forKey: .value)
        try c.encode(Rounded(expected, places: 4), forKey: .expected)
    }
}

extension FunnelReport.OpenStage: Encodable {
    private enum Keys: String, CodingKey { case stage, deals, value, weighted }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(deals, forKey: .deals)
        try c.encode(Rounded(value, places: 2), forKey: .value)
        try c.encode(Rounded(weighted, places: 2), forKey: .weighted)
    }
}

extension FunnelReport.StalledDeal: Encodable {
    private enum Keys: String, CodingKey {
        case deal, owner, ownerName = "owner_name", customer, customerName = "customer_name", amount, currency, stage, days
        case maxDays = "max_days"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(deal, forKey: .deal)
        try c.encode(owner, forKey: .owner)
        try c.encode(ownerName, forKey: .ownerName)
        try c.encode(customer, forKey: .customer)
        try c.encode(customerName, forKey: .customerName)
        try c.encode(Rounded(amount, places: 2), forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(stage, forKey: .stage)
        try c.encode(Rounded(days, places: 1), forKey: .days)
        try c.encode(Rounded(maxDays, places: 1), forKey: .maxDays)
    }
}
