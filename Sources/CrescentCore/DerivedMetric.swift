import CrescentStore

/// The metrics derived for every customer as of a day (docs/segments.md defines each one).
public enum DerivedMetric: String, CaseIterable, Sendable {
    case revenue12m = "revenue_12m", orders12m = "orders_12m"
    case revenueTotal = "revenue_total", ordersTotal = "orders_total"
    case firstOrderOn = "first_order_on", lastOrderOn = "last_order_on"
    case daysSinceLastOrder = "days_since_last_order", avgOrderValue = "avg_order_value"
    case tenureDays = "tenure_days"
    case openPipeline = "open_pipeline", wonDeals12m = "won_deals_12m"
    case activities90d = "activities_90d", daysSinceLastActivity = "days_since_last_activity"
    case satisfaction
    case rScore = "r_score", fScore = "f_score", mScore = "m_score"
    /// From the latest fit of the customer value models (`crescent clv fit`).
    case pAlive = "p_alive", expectedOrders90d = "expected_orders_90d", expectedOrderValue = "expected_order_value", clv12m = "clv_12m"

    /// The table pass that derives it: metrics are derived a pass at a time, when first read.
    enum Source { case recentOrders, lifetimeOrders, rfm, tenure, deals, activities, surveys, clv }

    var source: Source {
        switch self {
        case .revenue12m, .orders12m, .lastOrderOn, .daysSinceLastOrder: return .recentOrders
        case .rScore, .fScore, .mScore: return .rfm
        case .tenureDays: return .tenure
        case .openPipeline, .wonDeals12m: return .deals
        case .activities90d, .daysSinceLastActivity: return .activities
        case .satisfaction: return .surveys
        case .pAlive, .expectedOrders90d, .expectedOrderValue, .clv12m: return .clv
        case .revenueTotal, .ordersTotal, .firstOrderOn, .avgOrderValue: return .lifetimeOrders
        }
    }
}

/// A value per customer ordinal: how scripts and reports read a field of every customer.
public typealias FactColumn = @Sendable (Int) -> StoredValue

/// Money in ten-thousandths, as scripts see it: a float in the base currency.
func money(_ units: Int64) -> StoredValue { .number(Double(units) / 10_000) }
