import CrescentStore
import PostgresNIO

/// The whole-table reads of segmentation, the funnel and exports: streamed and read in place
/// (`ScanRow`), as the SQLite store reads them, or a page at a time in stored order.
extension PostgresStore {
    /// Reads the named fields (canonical or custom) of every record of `entity`, in the order the
    /// server reads them (scans are for order-free computations: sorting a million rows would cost more than the scan).
    /// A server store keeps no columns: the orders are read each time.
    public func customerOrders(of ids: IdIndex) throws(StoreError) -> CustomerOrders { try scannedCustomerOrders(of: ids) }

    public func stageEntries(by grouping: Grouping) throws(StoreError) -> StageEntries { try scannedStageEntries(by: grouping) }

    public func latestTiers(segment: String, of ids: IdIndex) throws(StoreError) -> LatestTiers {
        try scannedLatestTiers(segment: segment, of: ids)
    }

    public func scan(_ entity: Entity, fields: [String], _ body: (ScanRow) throws -> Void) throws(StoreError) {
        var parameters: [String?] = []
        let columns = fields.map { name -> String in
            if let field = entity.field(named: name) { return field.column }
            parameters.append(name)
            return "(extra::jsonb ->> $\(parameters.count))"
        }
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(entity.rawValue)"
        try link.forEachRow(sql, parameters) { cells in try body(ScanRow(cells)) }
    }

    /// The ids of every record of `entity`, in byte order (as `IdIndex` orders them): ordinal n is the n-th id.
    public func sortedIDs(_ entity: Entity) throws(StoreError) -> IdIndex {
        var index = IdIndex(capacity: try count(entity))
        try link.forEachRow("SELECT id FROM \(entity.rawValue) ORDER BY id COLLATE \"C\"") { cells in index.insert(cells.bytes(0)) }
        return index
    }

    /// The records with these ids, in the order given (ids with no record are left out).
    public func records(_ entity: Entity, ids: [String]) throws(StoreError) -> [Record] {
        var byID: [String: Record] = [:]
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = Array(ids[start..<min(start + 1000, ids.count)])
            for row in try link.query("SELECT * FROM \(entity.rawValue) WHERE id = ANY($1::text[])", [Self.textArray(chunk)]) {
                let record = Self.record(entity, from: row)
                byID[record.values["id"]?.text ?? ""] = record
            }
        }
        return ids.compactMap { byID[$0] }
    }

    /// Visits every record of `entity` in stored order, a page at a time, outside any transaction:
    /// `body` may use the store itself.
    public func forEachPage(_ entity: Entity, size: Int = 2000, _ body: ([Record]) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let rows = try link.query("SELECT * FROM \(entity.rawValue) WHERE row_order > $1::bigint ORDER BY row_order LIMIT \(size)", [String(after)])
            guard let last = rows.last, let order = try? PostgresRandomAccessRow(last)["row_order"].decode(Int64.self) else { return }
            try body(rows.map { Self.record(entity, from: $0) })
            after = order
        }
    }

    /// Visits every stage entry of every deal with a history, in deal id order, with its deal: the
    /// same columns as the SQLite store's (deal: id, group, status, closed_on; entry: deal_id,
    /// stage, entered_at), joined by the server.
    public func scanStageEntries(by grouping: Grouping, _ body: (_ deal: ScanRow, _ entry: ScanRow) throws -> Void) throws(StoreError) {
        let sql = """
            SELECT d.id, \(try SalesSQL.ownedKey(grouping, table: "d", owner: "owner_id")), d.status, d.closed_on, h.deal_id, h.stage, h.entered_at
            FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id \(SalesSQL.ownedJoins(grouping, table: "d", owner: "owner_id"))
            ORDER BY h.deal_id COLLATE "C"
            """
        try link.forEachRow(sql) { cells in try body(ScanRow(cells), ScanRow(cells, base: 4)) }
    }

    /// Segmentation's order facts summed by the server: base-currency orders grouped per customer,
    /// the others one by one (their rate depends on the day). Dates compare as text: ISO days, and
    /// a timestamp's day is before the next day. When the server's statistics say there are fewer
    /// than two orders per customer, grouping would save few rows and cost a hash of every
    /// customer: false, and the caller scans.
    public func customerOrderTotals(since: CalendarDate, asOf: CalendarDate, totals: (ScanRow) throws -> Void,
                                    foreign: (ScanRow) throws -> Void) throws(StoreError) -> Bool {
        let estimates = try link.query("SELECT (SELECT reltuples FROM pg_class WHERE oid = 'orders'::regclass)::float8, "
                                       + "(SELECT reltuples FROM pg_class WHERE oid = 'customers'::regclass)::float8")
        if let (orders, customers) = estimates.first.flatMap({ try? $0.decode((Double, Double).self) }),
           orders >= 0, customers > 0, orders < 2 * customers {  // -1: never analysed, unknown
            return false
        }
        let base = try baseCurrency(), end = asOf.adding(days: 1).description
        let isBase = "coalesce(currency, '') IN ('', $1)"
        try link.forEachRow("""
            SELECT customer_id, count(*), coalesce(sum(amount_e4), 0)::bigint,
                   count(*) FILTER (WHERE ordered_on >= $3), coalesce(sum(amount_e4) FILTER (WHERE ordered_on >= $3), 0)::bigint,
                   min(ordered_on), max(ordered_on)
            FROM orders WHERE ordered_on < $2 AND \(isBase) GROUP BY customer_id
            """, [base, end, since.description]) { cells in try totals(ScanRow(cells)) }
        try link.forEachRow("""
            SELECT customer_id, ordered_on, amount_e4, currency FROM orders WHERE ordered_on < $2 AND NOT \(isBase)
            """, [base, end]) { cells in try foreign(ScanRow(cells)) }
        return true
    }

    /// A PostgreSQL array literal of texts, for `= ANY($1::text[])`.
    static func textArray(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}
