import Foundation
import GRDB

/// Per-rep visibility on a SQLite store (`crescent serve --users`): RowVisibility's rules as
/// temporary views on each connection of the rep's store. SQLite looks a name up in `temp` before
/// `main`, so every query the product makes (aggregates, drill-downs, downloads) reads the views and
/// sees what the rep would see on the server. Reps write nothing but the acknowledgement of an alert
/// they see: a write to a view fails, and on the writing connection, where `alerts` stays the table
/// (a trigger cannot write to a table a view shadows), triggers refuse every other write to a table.
enum SQLiteVisibility {
    /// The statements that install the visibility of `rep` (signed in as `login`) on a connection,
    /// given the main schema's tables and whether each has a rowid.
    static func statements(rep: String, login: String, tables: [(name: String, hasRowid: Bool)], writer: Bool) -> [String] {
        let me = quoted(rep)
        let people = [
            // The rep, and the reps of the teams they manage and those teams' sub-teams, as now: a view, not a copy.
            """
            CREATE TEMP VIEW crescent_visible_reps AS WITH RECURSIVE managed(id) AS (
              SELECT t.id FROM main.teams t WHERE t.manager_id = \(me)
              UNION SELECT t.id FROM main.teams t JOIN managed m ON t.parent_id = m.id)
            SELECT \(me) AS id UNION SELECT r.id FROM main.reps r JOIN managed m ON r.team_id = m.id
            """,
            """
            CREATE TEMP VIEW crescent_visible_teams AS SELECT r.team_id AS id FROM main.reps r
            WHERE r.id IN (SELECT id FROM temp.crescent_visible_reps) AND r.team_id IS NOT NULL
            """,
        ]
        // The file's own tables beside the server's: the rows of the memberships (`segment_members`
        // is a view of them, shadowed too) and the segmentations' names they number.
        let rules = Dictionary(uniqueKeysWithValues: (RowVisibility.rules + RowVisibility.audit).map { ($0.table, $0.visible) }
            + [("notifications", "made_by = \(quoted(login))"),
               ("segment_member_rows", "customer_id IN (SELECT id FROM @.customers)")])
        let shared = Set(RowVisibility.shared + ["grdb_migrations", "segment_runs", "segmentations"] + (writer ? ["alerts"] : []))
        // A view that reads another (`@.customers`) comes after the views it reads.
        func readsAView(_ table: String) -> Bool { (rules[table] ?? "").contains("@.") }
        let ordered = tables.filter { !shared.contains($0.name) }.sorted { !readsAView($0.name) && readsAView($1.name) }
        let views = ordered.map { table in
            // The rowid kept under its name: the store orders and pages by it. Tables no rule names are hidden.
            let condition = rules[table.name].map {
                RowVisibility.condition($0, reps: "SELECT id FROM temp.crescent_visible_reps",
                                        teams: "SELECT id FROM temp.crescent_visible_teams", schema: "temp")
            } ?? "FALSE"
            return "CREATE TEMP VIEW \(table.name) AS SELECT \(table.hasRowid ? "t.rowid AS rowid, " : "")t.* "
                + "FROM main.\(table.name) t WHERE \(condition)"
        }
        return people + views + [
            // A run's saved totals count every customer: the rep gets those of the run's they see, as on the server.
            """
            CREATE TEMP VIEW segment_runs AS SELECT r.rowid AS rowid, r.id, r.segment, r.description, r.as_of, r.run_at,
              (SELECT count(DISTINCT m.customer_id) FROM temp.segment_members m WHERE m.segment = r.segment AND m.run_id <= r.id)
                AS customers, '{}' AS summary
            FROM main.segment_runs r
            """,
        ] + (writer ? guards(tables.map(\.name).filter(shared.contains)) : [])
    }

    /// The writing connection's triggers on the tables it reads unshadowed: nothing is written to
    /// them but an alert the rep sees, acknowledged (another's is left as it is, as on the server).
    private static func guards(_ tables: [String]) -> [String] {
        tables.flatMap { table in
            let refused = "BEGIN SELECT RAISE(ABORT, 'a rep may only read \(table)'); END"
            let acknowledging = [
                "CREATE TEMP TRIGGER crescent_others_alert BEFORE UPDATE ON main.alerts "
                    + "WHEN OLD.owner IS NULL OR OLD.owner NOT IN (SELECT id FROM temp.crescent_visible_reps) BEGIN SELECT RAISE(IGNORE); END",
                "CREATE TEMP TRIGGER crescent_acknowledge BEFORE UPDATE ON main.alerts WHEN NEW.status IS NOT 'acked' "
                    + "OR NEW.id IS NOT OLD.id OR NEW.rule IS NOT OLD.rule OR NEW.key IS NOT OLD.key OR NEW.owner IS NOT OLD.owner "
                    + "BEGIN SELECT RAISE(ABORT, 'a rep may only acknowledge an alert'); END",
            ]
            func guarding(_ write: String) -> String {
                "CREATE TEMP TRIGGER crescent_guard_\(write.lowercased())_\(table) BEFORE \(write) ON main.\(table) \(refused)"
            }
            return (table == "alerts" ? acknowledging : [guarding("UPDATE")]) + [guarding("INSERT"), guarding("DELETE")]
        }
    }

    /// Installs the visibility of `rep` on a newly opened connection. The main schema's views are
    /// shadowed as its tables are (a view has no rowid).
    static func install(_ db: Database, rep: String, login: String) throws {
        let writer = !db.configuration.readonly
        let tables = try Row.fetchAll(db, sql: """
            SELECT name, type, sql FROM main.sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'
            """).map { row in
                (name: row["name"] as String,
                 hasRowid: (row["type"] as String) == "table" && !((row["sql"] as String?) ?? "").uppercased().contains("WITHOUT ROWID"))
            }
        for statement in statements(rep: rep, login: login, tables: tables, writer: writer) { try db.execute(sql: statement) }
    }

    /// `text` as a SQL string literal.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
