/// How a KPI's value reads.
public enum KpiUnit: String, Sendable {
    /// An amount in the base currency.
    case money
    case count
    /// A share, 0 to 1 (shown as a percentage).
    case ratio
    case days
    /// A survey score.
    case score

    /// A sum over records: a group with no records has 0, not nothing.
    public var isAdditive: Bool { self == .money || self == .count }
}

/// The KPIs the workbench computes itself. Exact definitions: docs/kpis.md.
public enum BuiltinKpi: String, CaseIterable, Sendable {
    case revenue, orders
    case avgOrderValue = "avg_order_value"
    case grossProfit = "gross_profit"
    case newCustomers = "new_customers"
    case activeCustomers = "active_customers"
    case retentionRate = "retention_rate"
    case churnedCustomers = "churned_customers"
    case winRate = "win_rate"
    case avgDealSize = "avg_deal_size"
    case salesCycleDays = "sales_cycle_days"
    case pipelineValue = "pipeline_value"
    case weightedPipeline = "weighted_pipeline"
    case pipelineCoverage = "pipeline_coverage"
    case stageConversion = "stage_conversion"
    case stageDwellDays = "stage_dwell_days"
    case activities, proposals, satisfaction
    case quotaAttainment = "quota_attainment"
    case pace

    public var unit: KpiUnit {
        switch self {
        case .revenue, .avgOrderValue, .grossProfit, .avgDealSize, .pipelineValue, .weightedPipeline: return .money
        case .orders, .newCustomers, .activeCustomers, .churnedCustomers, .activities, .proposals: return .count
        case .retentionRate, .winRate, .stageConversion, .quotaAttainment, .pace, .pipelineCoverage: return .ratio
        case .salesCycleDays, .stageDwellDays: return .days
        case .satisfaction: return .score
        }
    }

    /// Whether `--by product` makes sense: only KPIs over orders know the product.
    var groupsByProduct: Bool {
        switch self {
        case .revenue, .orders, .avgOrderValue, .grossProfit, .newCustomers, .activeCustomers, .retentionRate, .churnedCustomers: return true
        default: return false
        }
    }

    /// Whether targets can be set for it (the attainment KPIs compare revenue with its target themselves).
    public var hasTarget: Bool { self != .quotaAttainment && self != .pace && self != .pipelineCoverage }
}
