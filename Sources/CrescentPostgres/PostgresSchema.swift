import CrescentStore

/// The store's schema on PostgreSQL: the same tables and columns as the SQLite store's, created
/// by migrations of the same names, registered in order, never edited once shipped, each applied
/// once and recorded in `crescent_migrations`.
enum PostgresSchema {
    static let migrations: [(name: String, sql: [String])] = [
        ("v1: entities", statements(v1Entities)),
        ("v2: segment runs", [
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
        ("v3: period indexes", [
            "CREATE INDEX orders_by_day ON orders(ordered_on)",
            "CREATE INDEX orders_by_customer_day ON orders(customer_id, ordered_on)",
            "CREATE INDEX deals_by_closing ON deals(closed_on)",
            "CREATE INDEX activities_by_time ON activities(occurred_at)",
            "CREATE INDEX surveys_by_day ON surveys(responded_on)",
        ]),
        ("v4: alerts", [
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
        ("v5: text in byte order", statements(v5ByteOrder)),
        ("v6: stored order index", statements(v6StoredOrder)),
        ("v7: store time zone", [Migrations.storeTimeZone]),
    ]

    /// Applies the migrations not applied yet (up to the one named `last`, for a test of an old
    /// store), in one transaction that holds an advisory lock, so that several processes opening a
    /// new store at once migrate it once.
    static func migrate(_ link: PostgresLink, upTo last: String? = nil) throws(StoreError) {
        // Reps' roles may not create anything: an up-to-date store needs nothing of them.
        if last == nil, try isUpToDate(link) { return }
        let wanted = last.flatMap { name in migrations.firstIndex { $0.name == name } }.map { migrations[...$0] } ?? migrations[...]
        try link.transaction { () throws(StoreError) in
            try link.query("SELECT pg_advisory_xact_lock(7043218)")  // any constant: Crescent's migration lock
            try link.query("CREATE TABLE IF NOT EXISTS crescent_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())")
            let applied = Set(try applied(link))
            for migration in wanted where !applied.contains(migration.name) {
                for statement in migration.sql { try link.query(statement) }
                try link.query("INSERT INTO crescent_migrations(name) VALUES ($1)", [migration.name])
            }
        }
    }

    private static func isUpToDate(_ link: PostgresLink) throws(StoreError) -> Bool {
        guard try link.isTrue("SELECT to_regclass('crescent_migrations') IS NOT NULL") else {
            return false
        }
        return Set(try applied(link)).isSuperset(of: migrations.map(\.name))
    }

    /// The names of the migrations applied, in the order applied.
    static func applied(_ link: PostgresLink) throws(StoreError) -> [String] {
        try link.query("SELECT name FROM crescent_migrations ORDER BY applied_at, name").compactMap { try? $0.decode(String.self) }
    }
}
