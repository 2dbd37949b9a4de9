/// The SQL of the sales aggregates, written once for every backend of the store: parameters are
/// `$1, $2...` (SQLite binds them by position too), and the only difference is how a table's stored
/// order is named. Only the store's backends use this.
public enum SalesSQL {
    public enum Dialect: Sendable {
        case sqlite, postgres

        /// The column holding a table's insertion order.
        func storedOrder(_ alias: String) -> String { self == .sqlite ? "\(alias).rowid" : "\(alias).row_order" }

        /// The text of custom field `name` (a fixed name of the code, not of the user) of `alias`.
        func customField(_ name: String, of alias: String) -> String {
            self == .sqlite ? "json_extract(\(alias).extra, '$.\(name)')" : "(\(alias).extra::jsonb ->> '\(name)')"
        }
    }

    /// Parameters: $1 base currency, $2 from, $3 to. Columns: key, currency ('' for the base), day
    /// (NULL for the base currency), orders, amount, costed amount, cost; without `costs`, the last
    /// two are 0 and no order is looked up among the products (a third of the query's time).
    public static func orderTotals(_ grouping: Grouping, costs: Bool) -> String {
        let costColumns = costs ? """
            CAST(coalesce(sum(CASE WHEN p.cost_e4 IS NOT NULL THEN o.amount_e4 END), 0) AS BIGINT),
                   CAST(coalesce(sum(CASE WHEN p.cost_e4 IS NOT NULL THEN p.cost_e4 * coalesce(o.quantity, 1) END), 0) AS DOUBLE PRECISION)
            """ : "CAST(0 AS BIGINT), CAST(0 AS DOUBLE PRECISION)"
        return """
            SELECT \(orderKey(grouping)) AS key,
                   CASE WHEN o.currency IS NULL OR o.currency IN ('', $1) THEN '' ELSE o.currency END AS cur,
                   CASE WHEN o.currency IS NULL OR o.currency IN ('', $1) THEN NULL ELSE o.ordered_on END AS day,
                   count(*), CAST(sum(o.amount_e4) AS BIGINT),
                   \(costColumns)
            FROM orders o \(orderJoins(grouping))\(costs ? " LEFT JOIN products p ON p.id = o.product_id" : "")
            WHERE o.ordered_on BETWEEN $2 AND $3
            GROUP BY 1, 2, 3
            """
    }

    /// Parameters: $1 from, $2 to. Columns: key, customer id.
    public static func orderingCustomers(_ grouping: Grouping) -> String {
        "SELECT DISTINCT \(orderKey(grouping)), o.customer_id FROM orders o \(orderJoins(grouping)) WHERE o.ordered_on BETWEEN $1 AND $2"
    }

    /// Parameters: $1 from, $2 to. Columns: key, customer id; the first order of each customer first.
    public static func firstOrders(_ grouping: Grouping, _ dialect: Dialect) -> String {
        """
        SELECT \(orderKey(grouping)), o.customer_id FROM orders o \(orderJoins(grouping))
        WHERE o.ordered_on BETWEEN $1 AND $2
          AND NOT EXISTS (SELECT 1 FROM orders e WHERE e.customer_id = o.customer_id AND e.ordered_on < $1)
        ORDER BY o.customer_id, o.ordered_on, \(dialect.storedOrder("o"))
        """
    }

    /// Columns: id, key, amount, currency, stage, status, created, expected close, closed; the
    /// selection's parameters are $1 and $2.
    public static func deals(_ selection: DealSelection, _ grouping: Grouping, _ dialect: Dialect) throws(StoreError) -> (sql: String, parameters: [String]) {
        let (condition, parameters): (String, [String])
        switch selection {
        case .closed(let from, let to): (condition, parameters) = ("d.status IN ('won', 'lost') AND d.closed_on BETWEEN $1 AND $2", [from.description, to.description])
        case .open: (condition, parameters) = ("d.status = 'open'", [])
        case .created(let from, let to): (condition, parameters) = ("d.created_on BETWEEN $1 AND $2", [from.description, to.description])
        case .all: (condition, parameters) = ("TRUE", [])
        }
        let sql = """
            SELECT d.id, \(try ownedKey(grouping, table: "d", owner: "owner_id")), d.amount_e4, coalesce(d.currency, ''),
                   d.stage, d.status, d.created_on, d.expected_close_on, d.closed_on, \(dialect.customField("forecast_category", of: "d"))
            FROM deals d \(ownedJoins(grouping, table: "d", owner: "owner_id")) WHERE \(condition) ORDER BY \(dialect.storedOrder("d"))
            """
        return (sql, parameters)
    }

    /// Parameters: $1 first day, $2 the day after the last, $3 the kind when `kind`. Columns: key, count.
    public static func activityCounts(_ grouping: Grouping, kind: Bool) throws(StoreError) -> String {
        """
        SELECT \(try ownedKey(grouping, table: "a", owner: "rep_id")), count(*)
        FROM activities a \(ownedJoins(grouping, table: "a", owner: "rep_id"))
        WHERE a.occurred_at >= $1 AND a.occurred_at < $2 \(kind ? "AND a.kind = $3" : "") GROUP BY 1
        """
    }

    /// Parameters: $1 from, $2 to. Columns: key, responses, sum of scores.
    public static func surveyScores(_ grouping: Grouping) throws(StoreError) -> String {
        """
        SELECT \(try ownedKey(grouping, table: "s", owner: "rep_id")), count(*), CAST(sum(s.score) AS DOUBLE PRECISION)
        FROM surveys s \(ownedJoins(grouping, table: "s", owner: "rep_id"))
        WHERE s.responded_on BETWEEN $1 AND $2 GROUP BY 1
        """
    }

    /// Parameters: $1 from, $2 to. Columns: id, rep, product, category, day, amount, currency.
    public static func orderLines(_ dialect: Dialect) -> String {
        """
        SELECT o.id, o.rep_id, o.product_id, p.category, o.ordered_on, o.amount_e4, coalesce(o.currency, '')
        FROM orders o LEFT JOIN products p ON p.id = o.product_id
        WHERE o.rep_id IS NOT NULL AND o.rep_id <> '' AND o.ordered_on BETWEEN $1 AND $2
        ORDER BY o.rep_id, o.ordered_on, \(dialect.storedOrder("o"))
        """
    }

    // MARK: Grouping columns

    static func orderKey(_ grouping: Grouping) -> String {
        switch grouping {
        case .company: return "NULL"
        case .rep: return "o.rep_id"
        case .team: return "r.team_id"
        case .region: return "c.region"
        case .industry: return "c.industry"
        case .product: return "o.product_id"
        }
    }

    static func orderJoins(_ grouping: Grouping) -> String {
        switch grouping {
        case .team: return "LEFT JOIN reps r ON r.id = o.rep_id"
        case .region, .industry: return "LEFT JOIN customers c ON c.id = o.customer_id"
        default: return ""
        }
    }

    /// The group of a record owned by a rep and (maybe) tied to a customer: deals, activities, surveys.
    public static func ownedKey(_ grouping: Grouping, table: String, owner: String) throws(StoreError) -> String {
        switch grouping {
        case .company: return "NULL"
        case .rep: return "\(table).\(owner)"
        case .team: return "r.team_id"
        case .region: return "c.region"
        case .industry: return "c.industry"
        case .product: throw .usage(Message("kpi.product_grouping"))
        }
    }

    public static func ownedJoins(_ grouping: Grouping, table: String, owner: String) -> String {
        switch grouping {
        case .team: return "LEFT JOIN reps r ON r.id = \(table).\(owner)"
        case .region, .industry: return "LEFT JOIN customers c ON c.id = \(table).customer_id"
        default: return ""
        }
    }
}

/// Of rows ordered by customer then day, each customer's first: the group of its first order.
public func firstOfEachCustomer(_ rows: [(String?, String)]) -> [(key: String?, customer: String)] {
    var seen = Set<String>()
    return rows.compactMap { key, customer in seen.insert(customer).inserted ? (key, customer) : nil }
}
