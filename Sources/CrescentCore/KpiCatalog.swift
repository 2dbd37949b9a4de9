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

    /// One line saying what it is, for `crescent kpi --list` and the REPL.
    public var summary: String {
        switch self {
        case .revenue: return "sum of order amounts with ordered_on in the period"
        case .orders: return "number of orders in the period"
        case .avgOrderValue: return "revenue / orders"
        case .grossProfit: return "revenue minus quantity x product cost, over orders whose product cost is known"
        case .newCustomers: return "customers whose first order ever is in the period"
        case .activeCustomers: return "customers with at least one order in the period"
        case .retentionRate: return "of the customers active in the previous period of equal length, the share active in this one"
        case .churnedCustomers: return "customers active in the previous period of equal length and not in this one"
        case .winRate: return "won / (won + lost) among deals closed in the period"
        case .avgDealSize: return "mean amount of the deals won in the period"
        case .salesCycleDays: return "mean days from created_on to closed_on of the deals won in the period"
        case .pipelineValue: return "amount of the open deals expected to close in the period"
        case .weightedPipeline: return "pipeline_value with each deal weighted by its stage's win probability"
        case .pipelineCoverage: return "pipeline_value / the revenue target still to reach (target - revenue so far)"
        case .stageConversion: return "share of the deals entering a stage in the period that reached a later one"
        case .stageDwellDays: return "mean days spent in a stage by the deals that entered it in the period and left it"
        case .activities: return "activities in the period (--kind call|visit|... for one kind)"
        case .proposals: return "activities of kind proposal in the period"
        case .satisfaction: return "mean survey score of the responses in the period"
        case .quotaAttainment: return "revenue / revenue target"
        case .pace: return "quota_attainment / share of the period elapsed at the as-of day"
        }
    }
}
