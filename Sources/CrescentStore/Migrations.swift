/// One schema change: its name, and its statements in each dialect (the same text where the SQL is the same).
public struct Migration: Sendable {
    public let name: String
    let sqlite: [String]
    let postgres: [String]

    init(_ name: String, sqlite: [String], postgres: [String]) {
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }

    init(_ name: String, both: [String]) { self.init(name, sqlite: both, postgres: both) }

    func statements(_ dialect: SQLDialect) -> [String] { dialect.kind == .postgres ? postgres : sqlite }
}

/// The store's schema, as migrations registered in order, for both backends. Never edit one that
/// has shipped: add a new one at the end.
public enum Migrations {
    public static let all: [Migration] = [
        Migration("v1: entities", sqlite: lines(v1Entities), postgres: lines(postgresV1Entities)),
        Migration("v2: segment runs", sqlite: [
            // A run's summary (tiers and moves) is kept as the JSON `segment run` prints.
            """
            CREATE TABLE segment_runs (
                id INTEGER PRIMARY KEY, segment TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
                as_of TEXT NOT NULL, run_at TEXT NOT NULL, customers INTEGER NOT NULL, summary TEXT NOT NULL);
            CREATE INDEX segment_runs_by_name ON segment_runs(segment, id);
            """,
            // Only changes: a row when a customer enters a tier; the latest row per customer is its tier now.
            """
            CREATE TABLE segment_members (
                segment TEXT NOT NULL, customer_id TEXT NOT NULL, run_id INTEGER NOT NULL, tier TEXT NOT NULL,
                PRIMARY KEY (segment, customer_id, run_id)) WITHOUT ROWID;
            CREATE INDEX segment_members_by_run ON segment_members(segment, run_id);
            """,
        ], postgres: [
            """
            CREATE TABLE segment_runs (
                id BIGSERIAL PRIMARY KEY, segment TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
                as_of TEXT NOT NULL, run_at TEXT NOT NULL, customers BIGINT NOT NULL, summary TEXT NOT NULL)
            """,
            "CREATE INDEX segment_runs_by_name ON segment_runs(segment, id)",
            """
            CREATE TABLE segment_members (
                segment TEXT NOT NULL, customer_id TEXT NOT NULL, run_id BIGINT NOT NULL, tier TEXT NOT NULL,
                PRIMARY KEY (segment, customer_id, run_id))
            """,
            "CREATE INDEX segment_members_by_run ON segment_members(segment, run_id)",
        ]),
        // KPIs read a period's orders, deals, activities and surveys; new customers look back per customer.
        Migration("v3: period indexes", both: [
            "CREATE INDEX orders_by_day ON orders(ordered_on)",
            "CREATE INDEX orders_by_customer_day ON orders(customer_id, ordered_on)",
            "CREATE INDEX deals_by_closing ON deals(closed_on)",
            "CREATE INDEX activities_by_time ON activities(occurred_at)",
            "CREATE INDEX surveys_by_day ON surveys(responded_on)",
        ]),
        // One row per raising: an alert closed and raised again later is a new row, so history stays.
        Migration("v4: alerts", sqlite: [
            """
            CREATE TABLE alerts (
                id INTEGER PRIMARY KEY, rule TEXT NOT NULL, key TEXT NOT NULL, severity TEXT NOT NULL,
                subject TEXT NOT NULL, message TEXT NOT NULL, owner TEXT, data TEXT NOT NULL DEFAULT '{}',
                status TEXT NOT NULL, raised_on TEXT NOT NULL, raised_at TEXT NOT NULL, seen_on TEXT NOT NULL,
                acked_at TEXT, closed_on TEXT, delivery TEXT NOT NULL DEFAULT 'none', attempts INTEGER NOT NULL DEFAULT 0);
            CREATE UNIQUE INDEX alerts_open ON alerts(rule, key) WHERE status <> 'closed';
            CREATE INDEX alerts_by_status ON alerts(status, id);
            """,
        ], postgres: [
            """
            CREATE TABLE alerts (
                id BIGSERIAL PRIMARY KEY, rule TEXT NOT NULL, key TEXT NOT NULL, severity TEXT NOT NULL,
                subject TEXT NOT NULL, message TEXT NOT NULL, owner TEXT, data TEXT NOT NULL DEFAULT '{}',
                status TEXT NOT NULL, raised_on TEXT NOT NULL, raised_at TEXT NOT NULL, seen_on TEXT NOT NULL,
                acked_at TEXT, closed_on TEXT, delivery TEXT NOT NULL DEFAULT 'none', attempts BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE UNIQUE INDEX alerts_open ON alerts(rule, key) WHERE status <> 'closed'",
            "CREATE INDEX alerts_by_status ON alerts(status, id)",
        ]),
        // A server's text order follows a locale: ids, dates and names compare as bytes, as SQLite's do already.
        Migration("v5: text in byte order", sqlite: [], postgres: lines(postgresV5ByteOrder)),
        // A server's stored order is a column (SQLite's is the rowid), read in pages.
        Migration("v6: stored order index", sqlite: [], postgres: lines(postgresV6StoredOrder)),
        Migration("v7: store time zone", both: [storeTimeZone]),
        // The audit trail: a row per run that changed records, a row per field it changed. An
        // undo is a run of its own naming the one it reverts, so nothing is ever updated.
        Migration("v8: audit trail", sqlite: [
            """
            CREATE TABLE change_runs (
                id INTEGER PRIMARY KEY, made_at TEXT NOT NULL, made_by TEXT NOT NULL, source TEXT NOT NULL, undoes INTEGER)
            """,
            """
            CREATE TABLE record_changes (
                id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, change_no INTEGER NOT NULL, entity TEXT NOT NULL,
                record_id TEXT NOT NULL, action TEXT NOT NULL, field TEXT NOT NULL, old_value TEXT, new_value TEXT, place TEXT)
            """,
            "CREATE INDEX record_changes_by_record ON record_changes(entity, record_id, field, run_id)",
            "CREATE INDEX record_changes_by_run ON record_changes(run_id, change_no)",
            "CREATE INDEX change_runs_by_time ON change_runs(made_at)",
            "CREATE UNIQUE INDEX change_runs_undoing ON change_runs(undoes) WHERE undoes IS NOT NULL",
        ], postgres: [
            """
            CREATE TABLE change_runs (
                id BIGSERIAL PRIMARY KEY, made_at TEXT COLLATE "C" NOT NULL, made_by TEXT NOT NULL DEFAULT session_user,
                source TEXT NOT NULL, undoes BIGINT)
            """,
            """
            CREATE TABLE record_changes (
                id BIGSERIAL PRIMARY KEY, run_id BIGINT NOT NULL, change_no BIGINT NOT NULL, entity TEXT COLLATE "C" NOT NULL,
                record_id TEXT COLLATE "C" NOT NULL, action TEXT NOT NULL, field TEXT COLLATE "C" NOT NULL,
                old_value TEXT, new_value TEXT, place TEXT)
            """,
            "CREATE INDEX record_changes_by_record ON record_changes(entity, record_id, field, run_id)",
            "CREATE INDEX record_changes_by_run ON record_changes(run_id, change_no)",
            "CREATE INDEX change_runs_by_time ON change_runs(made_at)",
            "CREATE UNIQUE INDEX change_runs_undoing ON change_runs(undoes) WHERE undoes IS NOT NULL",
        ]),
        // Follow-up tasks: a rep's open work by due day, a customer's tasks by the rule that made them.
        Migration("v9: tasks", sqlite: [
            """
            CREATE TABLE tasks (
                id TEXT NOT NULL DEFAULT '', owner_id TEXT, customer_id TEXT, deal_id TEXT, kind TEXT, subject TEXT,
                due_on TEXT, status TEXT, done_on TEXT, source TEXT, created_at TEXT, extra TEXT, PRIMARY KEY (id))
            """,
            "CREATE INDEX tasks_by_owner ON tasks(owner_id, status, due_on)",
            "CREATE INDEX tasks_by_customer ON tasks(customer_id, source)",
        ], postgres: [
            """
            CREATE TABLE tasks (
                id TEXT COLLATE "C" NOT NULL DEFAULT '', owner_id TEXT COLLATE "C", customer_id TEXT COLLATE "C",
                deal_id TEXT COLLATE "C", kind TEXT COLLATE "C", subject TEXT COLLATE "C", due_on TEXT COLLATE "C",
                status TEXT COLLATE "C", done_on TEXT COLLATE "C", source TEXT COLLATE "C", created_at TEXT COLLATE "C",
                extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
            """,
            "CREATE INDEX tasks_by_owner ON tasks(owner_id, status, due_on)",
            "CREATE INDEX tasks_by_customer ON tasks(customer_id, source)",
            "CREATE INDEX tasks_by_row_order ON tasks(row_order)",
        ]),
        // The outbox of notifications: queued in the transaction of the run that makes them, sent after it
        // commits, each attempt recorded; due ones by status and time.
        Migration("v10: notifications", sqlite: [
            """
            CREATE TABLE notifications (
                id INTEGER PRIMARY KEY, channel TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, payload TEXT,
                source TEXT NOT NULL, made_by TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                next_at TEXT NOT NULL, last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT)
            """,
            "CREATE INDEX notifications_due ON notifications(status, next_at)",
        ], postgres: [
            """
            CREATE TABLE notifications (
                id BIGSERIAL PRIMARY KEY, channel TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, payload TEXT,
                source TEXT NOT NULL, made_by TEXT NOT NULL DEFAULT session_user, status TEXT COLLATE "C" NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0, next_at TEXT COLLATE "C" NOT NULL, last_error TEXT,
                created_at TEXT COLLATE "C" NOT NULL, sent_at TEXT)
            """,
            "CREATE INDEX notifications_due ON notifications(status, next_at)",
        ]),
        // One row per schedule entry and slot it ran for: its key is what makes a slot run once.
        Migration("v11: schedule runs", both: [
            """
            CREATE TABLE schedule_runs (
                name TEXT NOT NULL, slot TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
                message TEXT, PRIMARY KEY (name, slot))
            """,
        ]),
        // The records an import creates, one small row each (their values are the file's): a first load of
        // millions costs one B-tree of keys, not three of field changes.
        Migration("v12: records created by imports", sqlite: [
            """
            CREATE TABLE record_creates (
                entity TEXT NOT NULL, record_id TEXT NOT NULL, run_id INTEGER NOT NULL, PRIMARY KEY (entity, record_id, run_id)) WITHOUT ROWID
            """,
        ], postgres: [
            """
            CREATE TABLE record_creates (
                entity TEXT COLLATE "C" NOT NULL, record_id TEXT COLLATE "C" NOT NULL, run_id BIGINT NOT NULL,
                PRIMARY KEY (entity, record_id, run_id))
            """,
        ]),
        // A period's order KPIs read every column they group and sum from the index of days, not one
        // table row per order: five times faster over a quarter of a million-customer store.
        Migration("v13: orders by day with their amounts", sqlite: [
            "DROP INDEX orders_by_day",
            "CREATE INDEX orders_by_day_with_amounts ON orders(ordered_on, rep_id, customer_id, product_id, currency, amount_e4, quantity)",
        ], postgres: [
            "DROP INDEX orders_by_day",
            "CREATE INDEX orders_by_day_with_amounts ON orders(ordered_on) INCLUDE (rep_id, customer_id, product_id, currency, amount_e4, quantity)",
        ]),
        // A manager's forecast figures, every one kept (the latest of a scope and period counts), and
        // each fit of the purchase models, kept whole as the JSON that `crescent clv show` prints.
        Migration("v14: forecast adjustments and customer value models", sqlite: [
            """
            CREATE TABLE forecast_adjustments (
                id INTEGER PRIMARY KEY, scope TEXT NOT NULL, scope_id TEXT NOT NULL DEFAULT '', period TEXT NOT NULL,
                value_e4 INTEGER NOT NULL, note TEXT, set_by TEXT NOT NULL, set_at TEXT NOT NULL)
            """,
            "CREATE INDEX forecast_adjustments_by_period ON forecast_adjustments(period, scope, scope_id, id)",
            "CREATE TABLE clv_models (id INTEGER PRIMARY KEY, fitted_at TEXT NOT NULL, model TEXT NOT NULL)",
        ], postgres: [
            """
            CREATE TABLE forecast_adjustments (
                id BIGSERIAL PRIMARY KEY, scope TEXT NOT NULL, scope_id TEXT NOT NULL DEFAULT '', period TEXT NOT NULL,
                value_e4 BIGINT NOT NULL, note TEXT, set_by TEXT NOT NULL, set_at TEXT NOT NULL)
            """,
            "CREATE INDEX forecast_adjustments_by_period ON forecast_adjustments(period, scope, scope_id, id)",
            "CREATE TABLE clv_models (id BIGSERIAL PRIMARY KEY, fitted_at TEXT NOT NULL, model TEXT NOT NULL)",
        ]),
        // The forecast as it stood on a day (`forecast --save`, or a schedule), a row per rep, team and
        // the company, for `forecast accuracy` to compare with what closed.
        Migration("v15: forecast snapshots", sqlite: [
            """
            CREATE TABLE forecast_snapshots (
                id INTEGER PRIMARY KEY, period TEXT NOT NULL, as_of TEXT NOT NULL, scope TEXT NOT NULL, scope_id TEXT NOT NULL DEFAULT '',
                quota_e4 INTEGER, closed_e4 INTEGER NOT NULL, commit_e4 INTEGER NOT NULL, best_case_e4 INTEGER NOT NULL,
                pipeline_e4 INTEGER NOT NULL, weighted_e4 INTEGER NOT NULL, projection_e4 INTEGER NOT NULL,
                computed_e4 INTEGER NOT NULL, forecast_e4 INTEGER NOT NULL, adjusted INTEGER NOT NULL,
                taken_by TEXT NOT NULL, taken_at TEXT NOT NULL)
            """,
            "CREATE INDEX forecast_snapshots_by_period ON forecast_snapshots(period, as_of, id)",
        ], postgres: [
            """
            CREATE TABLE forecast_snapshots (
                id BIGSERIAL PRIMARY KEY, period TEXT COLLATE "C" NOT NULL, as_of TEXT COLLATE "C" NOT NULL, scope TEXT NOT NULL,
                scope_id TEXT NOT NULL DEFAULT '', quota_e4 BIGINT, closed_e4 BIGINT NOT NULL, commit_e4 BIGINT NOT NULL,
                best_case_e4 BIGINT NOT NULL, pipeline_e4 BIGINT NOT NULL, weighted_e4 BIGINT NOT NULL, projection_e4 BIGINT NOT NULL,
                computed_e4 BIGINT NOT NULL, forecast_e4 BIGINT NOT NULL, adjusted BIGINT NOT NULL,
                taken_by TEXT NOT NULL, taken_at TEXT NOT NULL)
            """,
            "CREATE INDEX forecast_snapshots_by_period ON forecast_snapshots(period, as_of, id)",
        ]),
        // Whole-table computations (a segmentation's customer facts) read columns kept beside the records.
        Migration("v16: kept columns", sqlite: v16KeptColumns, postgres: []),
        // A funnel reads every deal's stage history: kept as columns too.
        Migration("v17: kept stage entries", sqlite: v17KeptStageEntries, postgres: []),
        // KPIs and the funnel pick their deals from columns kept of every deal: any change to one moves the version.
        Migration("v18: kept deals", sqlite: v18KeptDeals, postgres: []),
        // A segmentation's first run writes every customer's tier: those rows are found by customer,
        // never by run (moves start after the first run), so the index by run leaves them out.
        Migration("v19: first runs' memberships unindexed by run", both: [
            "ALTER TABLE segment_members ADD COLUMN first_run INTEGER NOT NULL DEFAULT 0",
            """
            UPDATE segment_members SET first_run = 1
            WHERE run_id IN (SELECT min(id) FROM segment_runs GROUP BY segment)
            """,
            "DROP INDEX segment_members_by_run",
            "CREATE INDEX segment_members_moves ON segment_members(segment, run_id) WHERE first_run = 0",
        ]),
        // A first run's rows are its cost: on SQLite each names its segmentation by a number (the
        // server copies rows in, and its rows stay as they are).
        Migration("v20: membership rows by segmentation number", sqlite: v20MembershipRows, postgres: []),
    ]

    /// Applies the migrations not applied yet (up to the one named `last`, for a test of an old
    /// store), in one transaction that holds the dialect's migration lock, so that several
    /// processes opening a new store at once migrate it once. An up-to-date store is only read
    /// (a rep's role on a server may create nothing).
    public static func migrate(_ database: any SQLDatabase, upTo last: String? = nil) throws(StoreError) {
        let wanted = last.flatMap { name in all.firstIndex { $0.name == name } }.map { all[...$0] } ?? all[...]
        if last == nil, Set(try applied(database)).isSuperset(of: all.map(\.name)) { return }
        try database.transaction { (sql: any SQLSession) throws(StoreError) in
            if let lock = sql.dialect.migrationLock { try sql.execute(lock) }
            try sql.execute(sql.dialect.createMigrationLedger)
            let ledger = sql.dialect.migrationLedger
            let done = Set(try applied(sql))
            for migration in wanted where !done.contains(migration.name) {
                for statement in migration.statements(sql.dialect) { try sql.execute(statement) }
                try sql.execute("INSERT INTO \(ledger.table)(\(ledger.name)) VALUES (?)", [.text(migration.name)])
            }
        }
    }

    /// The names of the migrations applied to the store, in the order applied.
    public static func applied(_ database: any SQLDatabase) throws(StoreError) -> [String] {
        try database.read { (sql: any SQLSession) throws(StoreError) in try applied(sql) }
    }

    private static func applied(_ sql: any SQLSession) throws(StoreError) -> [String] {
        let ledger = sql.dialect.migrationLedger
        guard try sql.row(sql.dialect.tableExists, [.text(ledger.table)]) != nil else { return [] }
        return try sql.rows("SELECT \(ledger.name) AS name FROM \(ledger.table) ORDER BY \(ledger.order)").map { row throws(StoreError) in
            try row.text("name")
        }
    }

    /// The statements of a frozen migration text, one per line.
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// A store made before stores had a time zone counted days in UTC: it keeps UTC (a new store
    /// has no base currency yet when this runs, and gets the zone `crescent init` gives it).
    public static let storeTimeZone = """
        INSERT INTO meta(key, value) SELECT 'timezone', 'UTC'
        WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'base_currency') AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'timezone')
        """
}
