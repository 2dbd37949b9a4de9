extension Migrations {
    /// v16: a version per table that whole-table computations keep columns of, moved by triggers on
    /// every insert, update and delete whoever writes (this program, another process, the sqlite3
    /// shell); and the kept columns, each tagged with the versions it was derived at (KeptColumns).
    /// Only the columns the kept data is derived from move a version. A server store keeps none.
    static let v16KeptColumns = [
        "CREATE TABLE table_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID",
        "INSERT INTO table_versions(name, version) VALUES ('customers', 0), ('orders', 0), ('segment_members', 0)",
        "CREATE TABLE kept_columns (name TEXT PRIMARY KEY, versions TEXT NOT NULL, data BLOB NOT NULL)",
        """
        CREATE TRIGGER customers_version_insert AFTER INSERT ON customers
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'customers'; END
        """,
        """
        CREATE TRIGGER customers_version_update AFTER UPDATE OF id ON customers
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'customers'; END
        """,
        """
        CREATE TRIGGER customers_version_delete AFTER DELETE ON customers
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'customers'; END
        """,
        """
        CREATE TRIGGER orders_version_insert AFTER INSERT ON orders
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'orders'; END
        """,
        """
        CREATE TRIGGER orders_version_update AFTER UPDATE OF customer_id, ordered_on, amount_e4, currency ON orders
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'orders'; END
        """,
        """
        CREATE TRIGGER orders_version_delete AFTER DELETE ON orders
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'orders'; END
        """,
        """
        CREATE TRIGGER segment_members_version_insert AFTER INSERT ON segment_members
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'segment_members'; END
        """,
        """
        CREATE TRIGGER segment_members_version_update AFTER UPDATE ON segment_members
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'segment_members'; END
        """,
        """
        CREATE TRIGGER segment_members_version_delete AFTER DELETE ON segment_members
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'segment_members'; END
        """,
    ]

    /// v17: the same for the deals and their stage history, whose entries a funnel reads whole.
    static let v17KeptStageEntries = [
        "INSERT INTO table_versions(name, version) VALUES ('deals', 0), ('deal_stage_history', 0)",
        """
        CREATE TRIGGER deals_version_insert AFTER INSERT ON deals
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'deals'; END
        """,
        """
        CREATE TRIGGER deals_version_update AFTER UPDATE OF id, owner_id, status, closed_on ON deals
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'deals'; END
        """,
        """
        CREATE TRIGGER deals_version_delete AFTER DELETE ON deals
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'deals'; END
        """,
        """
        CREATE TRIGGER deal_stage_history_version_insert AFTER INSERT ON deal_stage_history
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'deal_stage_history'; END
        """,
        """
        CREATE TRIGGER deal_stage_history_version_update AFTER UPDATE ON deal_stage_history
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'deal_stage_history'; END
        """,
        """
        CREATE TRIGGER deal_stage_history_version_delete AFTER DELETE ON deal_stage_history
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'deal_stage_history'; END
        """,
    ]

    /// v18: every column of a deal is kept now (DealColumns), not only those the stage entries
    /// read: an update of any of them moves the deals' version.
    static let v18KeptDeals = [
        "DROP TRIGGER deals_version_update",
        """
        CREATE TRIGGER deals_version_update AFTER UPDATE ON deals
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'deals'; END
        """,
    ]
}
