import Foundation
import GRDB

/// What KPI rows are grouped by: the whole company, the rep credited, that rep's team, the
/// customer's region or industry, or the product.
public enum Grouping: String, CaseIterable, Sendable {
    case company, rep, team, region, product, industry
}

/// Order amounts of one group in one currency: summed over the period for the base currency,
/// per day for others (so that each day converts at its own rate).
public struct OrderTotal: Sendable {
    public let key: String?
    /// Empty for the base currency (or none given).
    public let currency: String
    /// Nil when `currency` is the base currency.
    public let day: CalendarDate?
    public let orders: Int
    /// Ten-thousandths of `currency`.
    public let amount: Int64
    /// Of `amount`, the part from orders whose product has a known cost, and that cost (base currency).
    public let costedAmount: Int64
    public let cost: Int64

    public init(key: String?, currency: String, day: CalendarDate?, orders: Int, amount: Int64, costedAmount: Int64, cost: Int64) {
        self.key = key
        self.currency = currency
        self.day = day
        self.orders = orders
        self.amount = amount
        self.costedAmount = costedAmount
        self.cost = cost
    }
}

/// A deal as KPIs and the funnel read it.
public struct DealRow: Sendable, Equatable {
    public let id: String
    public let key: String?
    public let amount: Int64?
    public let currency: String
    public let stage: String
    public let status: String
    public let createdOn: CalendarDate?
    public let expectedCloseOn: CalendarDate?
    public let closedOn: CalendarDate?
    /// The deal's own forecast category (its custom field `forecast_category`), when it has one.
    public let forecastCategory: String?

    public init(id: String, key: String?, amount: Int64?, currency: String, stage: String, status: String,
                createdOn: CalendarDate?, expectedCloseOn: CalendarDate?, closedOn: CalendarDate?, forecastCategory: String? = nil) {
        self.id = id
        self.key = key
        self.amount = amount
        self.currency = currency
        self.stage = stage
        self.status = status
        self.createdOn = createdOn
        self.expectedCloseOn = expectedCloseOn
        self.closedOn = closedOn
        self.forecastCategory = forecastCategory
    }
}

extension DealRow {
    /// A row of the deals query (`SalesSQL.deals`).
    init(_ row: ScanRow) {
        func day(_ i: Int) -> CalendarDate? { row.day(i).map { CalendarDate(dayNumber: $0) } }
        self.init(id: row.string(0) ?? "", key: row.string(1), amount: row.int64(2), currency: row.string(3) ?? "",
                  stage: row.string(4) ?? "", status: row.string(5) ?? "", createdOn: day(6), expectedCloseOn: day(7),
                  closedOn: day(8), forecastCategory: row.string(9))
    }
}

/// Which deals to read.
public enum DealSelection: Sendable {
    /// Won or lost with `closed_on` in the range.
    case closed(CalendarDate, CalendarDate)
    /// Open now.
    case open
    /// Created in the range (cohorts for the funnel).
    case created(CalendarDate, CalendarDate)
    case all
}

/// The aggregate reads behind KPIs and the funnel: the store groups and sums, so that a
/// database server can do that work where the rows are. All SQL of them is here.
extension SQLiteStore {
    /// Order totals with `ordered_on` in `from...to`, per group and currency (with the costs of their products when asked).
    public func orderTotals(from: CalendarDate, to: CalendarDate, by grouping: Grouping, costs: Bool) throws(StoreError) -> [OrderTotal] {
        let base = try baseCurrency()
        return try read { db in
            try Row.fetchAll(db, sql: SalesSQL.orderTotals(grouping, costs: costs), arguments: [base, from.description, to.description]).map { row in
                OrderTotal(key: row[0], currency: row[1], day: (row[2] as String?).flatMap { CalendarDate(parsing: $0) },
                           orders: row[3], amount: row[4], costedAmount: row[5], cost: Int64((row[6] as Double).rounded()))
            }
        }
    }

    /// Each group's distinct customers with an order in `from...to`.
    public func orderingCustomers(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, customer: String)] {
        try read { db in
            try Row.fetchAll(db, sql: SalesSQL.orderingCustomers(grouping), arguments: [from.description, to.description]).map { ($0[0], $0[1]) }
        }
    }

    /// Customers whose first order ever is in `from...to`, with the group of that first order.
    public func firstOrders(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, customer: String)] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: SalesSQL.firstOrders(grouping, .sqlite), arguments: [from.description, to.description]).map { ($0[0], $0[1]) as (String?, String) }
        }
        return firstOfEachCustomer(rows)
    }

    /// Deals chosen by `selection`, with their group (deals have no product: group by rep, team, region or industry).
    /// Picked from the deals' kept columns where they serve (the company, or by rep).
    public func deals(_ selection: DealSelection, by grouping: Grouping) throws(StoreError) -> [DealRow] {
        if keepsColumns, grouping == .rep || grouping == .company,
           let deals = try dealColumns().deals(selection, by: grouping) { return deals }
        var deals: [DealRow] = []
        try scanDeals(selection, by: grouping) { deals.append(DealRow($0)) }
        return deals
    }

    /// Visits each row of the deals query (`SalesSQL.deals`), read from the records.
    func scanDeals(_ selection: DealSelection, by grouping: Grouping,
                   _ visit: (ScanRow) throws -> Void) throws(StoreError) {
        let (sql, parameters) = try SalesSQL.deals(selection, grouping, .sqlite)
        try read { db in
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(StatementArguments(parameters))
            let row = ScanRow(statement)
            while try row.step(db) { try visit(row) }
        }
    }

    /// Activities per group with `occurred_at` on a day of `from...to`, of one kind or all.
    public func activityCounts(from: CalendarDate, to: CalendarDate, kind: String?, by grouping: Grouping) throws(StoreError) -> [(key: String?, count: Int)] {
        let sql = try SalesSQL.activityCounts(grouping, kind: kind != nil)
        let arguments = [from.description, to.adding(days: 1).description] + (kind.map { [$0] } ?? [])
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { ($0[0], $0[1]) } }
    }

    /// Survey responses per group answered on a day of `from...to`: how many and the sum of scores.
    public func surveyScores(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, responses: Int, total: Double)] {
        let sql = try SalesSQL.surveyScores(grouping)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: [from.description, to.description]).map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// Visits every stage entry of every deal with a history, in deal id order (entries of one deal
    /// in no given order), with its deal: `deal` columns 0 id, 1 the deal's group, 2 status,
    /// 3 closed_on; `entry` columns 0 deal_id, 1 stage, 2 entered_at. Both tables are read in id
    /// order from their keys and merged here, which costs far less than a join per entry.
    public func scanStageEntries(by grouping: Grouping, _ body: (_ deal: ScanRow, _ entry: ScanRow) throws -> Void) throws(StoreError) {
        let dealsSQL = """
            SELECT d.id, \(try SalesSQL.ownedKey(grouping, table: "d", owner: "owner_id")), d.status, d.closed_on
            FROM deals d \(SalesSQL.ownedJoins(grouping, table: "d", owner: "owner_id")) ORDER BY d.id
            """
        try read { db in
            let dealStatement = try db.makeStatement(sql: dealsSQL)
            let entryStatement = try db.makeStatement(sql: "SELECT deal_id, stage, entered_at FROM deal_stage_history ORDER BY deal_id")
            let deals = ScanRow(dealStatement)
            let entries = ScanRow(entryStatement)
            var hasDeal = try deals.step(db)
            while try entries.step(db) {
                let id = entries.bytes(0)
                while hasDeal && binaryOrder(deals.bytes(0), id) < 0 { hasDeal = try deals.step(db) }
                guard hasDeal else { return }
                if binaryOrder(deals.bytes(0), id) == 0 { try body(deals, entries) }
            }
        }
    }

    /// Id to display name of every record of `entity` (teams, reps, products, customers).
    public func names(of entity: Entity) throws(StoreError) -> [String: String] {
        try read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT id, name FROM \(entity.rawValue)").map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Each rep's team (reps without one are left out).
    public func repTeams() throws(StoreError) -> [String: String] {
        try read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT id, team_id FROM reps WHERE team_id IS NOT NULL AND team_id <> ''").map { ($0[0], $0[1]) },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    /// SQLite's BINARY collation: bytes compared as unsigned, then the shorter first.
    private func binaryOrder(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let order = memcmp(pa, pb, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}
