import GRDB

/// The store's schema, as migrations registered in order. Never edit one that has shipped: add a new one,
/// and the same one, under the same name, to the PostgreSQL store (CrescentPostgres/PostgresSchema.swift).
public enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: entities") { db in
            for statement in v1Entities.split(separator: "\n") { try db.execute(sql: String(statement)) }
        }
        migrator.registerMigration("v2: segment runs") { db in
            // A run's summary (tiers and moves) is kept as the JSON `segment run` prints.
            try db.execute(sql: """
                CREATE TABLE segment_runs (
                    id INTEGER PRIMARY KEY, segment TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
                    as_of TEXT NOT NULL, run_at TEXT NOT NULL, customers INTEGER NOT NULL, summary TEXT NOT NULL);
                CREATE INDEX segment_runs_by_name ON segment_runs(segment, id);
                """)
            // Only changes: a row when a customer enters a tier; the latest row per customer is its tier now.
            try db.execute(sql: """
                CREATE TABLE segment_members (
                    segment TEXT NOT NULL, customer_id TEXT NOT NULL, run_id INTEGER NOT NULL, tier TEXT NOT NULL,
                    PRIMARY KEY (segment, customer_id, run_id)) WITHOUT ROWID;
                CREATE INDEX segment_members_by_run ON segment_members(segment, run_id);
                """)
        }
        migrator.registerMigration("v3: period indexes") { db in
            // KPIs read a period's orders, deals, activities and surveys; new customers look back per customer.
            try db.execute(sql: """
                CREATE INDEX orders_by_day ON orders(ordered_on);
                CREATE INDEX orders_by_customer_day ON orders(customer_id, ordered_on);
                CREATE INDEX deals_by_closing ON deals(closed_on);
                CREATE INDEX activities_by_time ON activities(occurred_at);
                CREATE INDEX surveys_by_day ON surveys(responded_on);
                """)
        }
        migrator.registerMigration("v4: alerts") { db in
            // One row per raising: an alert closed and raised again later is a new row, so history stays.
            try db.execute(sql: """
                CREATE TABLE alerts (
                    id INTEGER PRIMARY KEY, rule TEXT NOT NULL, key TEXT NOT NULL, severity TEXT NOT NULL,
                    subject TEXT NOT NULL, message TEXT NOT NULL, owner TEXT, data TEXT NOT NULL DEFAULT '{}',
                    status TEXT NOT NULL, raised_on TEXT NOT NULL, raised_at TEXT NOT NULL, seen_on TEXT NOT NULL,
                    acked_at TEXT, closed_on TEXT, delivery TEXT NOT NULL DEFAULT 'none', attempts INTEGER NOT NULL DEFAULT 0);
                CREATE UNIQUE INDEX alerts_open ON alerts(rule, key) WHERE status <> 'closed';
                CREATE INDEX alerts_by_status ON alerts(status, id);
                """)
        }
        // For a server backend, whose text order follows a locale: ids, dates and names compare as
        // bytes, as SQLite's do already (and its indexes are cheaper to build and search).
        migrator.registerMigration("v5: text in byte order") { _ in }
        // For a server backend: its stored order is a column (SQLite's is the rowid), read in pages.
        migrator.registerMigration("v6: stored order index") { _ in }
        migrator.registerMigration("v7: store time zone") { db in try db.execute(sql: Migrations.storeTimeZone) }
        return migrator
    }

    /// A store made before stores had a time zone counted days in UTC: it keeps UTC (a new store
    /// has no base currency yet when this runs, and gets the zone `crescent init` gives it).
    public static let storeTimeZone = """
        INSERT INTO meta(key, value) SELECT 'timezone', 'UTC'
        WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'base_currency') AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'timezone')
        """
}
