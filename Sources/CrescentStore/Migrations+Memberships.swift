extension Migrations {
    /// v20 (SQLite): a membership row names its segmentation by a number, not by its name. A first run
    /// writes a row for every customer, to the WAL and then again to the file: with the name (16 bytes
    /// for "bench-value-tier") a row took 36 bytes, with the number 21, and at ten million rows the
    /// bytes written are what the run waits for. `segment_members` stays what every query and other
    /// tool reads, as a view with the columns of the table it was; writes to it go to the rows.
    static let v20MembershipRows = [
        "CREATE TABLE segmentations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        """
        CREATE TABLE segment_member_rows (
            segmentation_id INTEGER NOT NULL, customer_id TEXT NOT NULL, run_id INTEGER NOT NULL, tier TEXT NOT NULL,
            first_run INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (segmentation_id, customer_id, run_id)) WITHOUT ROWID
        """,
        "INSERT INTO segmentations(name) SELECT DISTINCT segment FROM segment_members ORDER BY segment",
        """
        INSERT INTO segment_member_rows(segmentation_id, customer_id, run_id, tier, first_run)
        SELECT s.id, m.customer_id, m.run_id, m.tier, m.first_run
        FROM segment_members m JOIN segmentations s ON s.name = m.segment ORDER BY s.id, m.customer_id, m.run_id
        """,
        "DROP TABLE segment_members",
        "CREATE INDEX segment_member_rows_moves ON segment_member_rows(segmentation_id, run_id) WHERE first_run = 0",
        """
        CREATE VIEW segment_members AS
        SELECT s.name AS segment, m.customer_id, m.run_id, m.tier, m.first_run
        FROM segment_member_rows m JOIN segmentations s ON s.id = m.segmentation_id
        """,
        """
        CREATE TRIGGER segment_members_insert INSTEAD OF INSERT ON segment_members BEGIN
            INSERT OR IGNORE INTO segmentations(name) VALUES (NEW.segment);
            INSERT INTO segment_member_rows(segmentation_id, customer_id, run_id, tier, first_run)
            VALUES ((SELECT id FROM segmentations WHERE name = NEW.segment), NEW.customer_id, NEW.run_id, NEW.tier,
                    coalesce(NEW.first_run, 0));
        END
        """,
        """
        CREATE TRIGGER segment_members_update INSTEAD OF UPDATE ON segment_members BEGIN
            INSERT OR IGNORE INTO segmentations(name) VALUES (NEW.segment);
            UPDATE segment_member_rows SET segmentation_id = (SELECT id FROM segmentations WHERE name = NEW.segment),
                customer_id = NEW.customer_id, run_id = NEW.run_id, tier = NEW.tier, first_run = NEW.first_run
            WHERE segmentation_id = (SELECT id FROM segmentations WHERE name = OLD.segment)
              AND customer_id = OLD.customer_id AND run_id = OLD.run_id;
        END
        """,
        """
        CREATE TRIGGER segment_members_delete INSTEAD OF DELETE ON segment_members BEGIN
            DELETE FROM segment_member_rows WHERE segmentation_id = (SELECT id FROM segmentations WHERE name = OLD.segment)
              AND customer_id = OLD.customer_id AND run_id = OLD.run_id;
        END
        """,
        // The version kept columns are tagged with keeps its name: it is the memberships' version.
        """
        CREATE TRIGGER segment_member_rows_version_insert AFTER INSERT ON segment_member_rows
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'segment_members'; END
        """,
        """
        CREATE TRIGGER segment_member_rows_version_update AFTER UPDATE ON segment_member_rows
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'segment_members'; END
        """,
        """
        CREATE TRIGGER segment_member_rows_version_delete AFTER DELETE ON segment_member_rows
        BEGIN UPDATE table_versions SET version = version + 1 WHERE name = 'segment_members'; END
        """,
    ]
}
