import CrescentStore

/// The grants and row-level security policies of per-rep visibility (see `PostgresStore.installPolicies`).
///
/// Every name is qualified with the store's schema and every function pins its search path with
/// `pg_temp` last: a SECURITY DEFINER function runs with its owner's rights, so a table, function or
/// operator a rep could put earlier on its path (a temporary table, above all) would answer for it.
enum AccessPolicies {
    /// Who may see which rows, per table (RowVisibility's rules): `@` stands for the store's schema.
    static let policies = RowVisibility.rules.map { table, visible in
        (table: table, visible: RowVisibility.condition(visible, reps: "SELECT @.crescent_visible_reps()",
                                                        teams: "SELECT @.crescent_visible_teams()", schema: "@"))
    }

    static let writable = RowVisibility.writable

    /// The audit trail's visibility (RowVisibility's), and what members add to it: entries of their own runs.
    /// Members change nothing in it (no UPDATE or DELETE is granted).
    static let audit: [(table: String, visible: String, adding: String)] = RowVisibility.audit.map { table, visible in
        (table, visible, table == "change_runs" ? "made_by = session_user" : "run_id IN (SELECT id FROM @.change_runs WHERE made_by = session_user)")
    }

    /// Tables every member reads whole: products, settings, the schema's bookkeeping.
    static let shared = RowVisibility.shared + ["crescent_migrations"]

    /// The functions the policies call. They read reps and teams as their owner (security definer):
    /// through the policies those tables have, which call these functions, they would recurse. Inside
    /// them current_user is that owner: the rep is the role that logged in (session_user; a
    /// superuser's SET ROLE to a rep's role sees no rows rather than theirs). Operators are named
    /// with their schema too (`OPERATOR(pg_catalog.=)`), so that none of the caller's can stand in.
    static let functions = [
        // The logged-in rep, and the reps of the teams they manage and those teams' sub-teams.
        """
        CREATE OR REPLACE FUNCTION @.crescent_visible_reps() RETURNS SETOF pg_catalog.text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, @, pg_temp AS $$
          WITH RECURSIVE me AS (
            SELECT c.rep_id FROM @.crescent_roles c WHERE c.role_name OPERATOR(pg_catalog.=) session_user),
          managed(id) AS (
            SELECT t.id FROM @.teams t JOIN me ON t.manager_id OPERATOR(pg_catalog.=) me.rep_id
            UNION SELECT t.id FROM @.teams t JOIN managed m ON t.parent_id OPERATOR(pg_catalog.=) m.id)
          SELECT me.rep_id FROM me UNION SELECT r.id FROM @.reps r JOIN managed m ON r.team_id OPERATOR(pg_catalog.=) m.id
        $$
        """,
        // The teams of those reps.
        """
        CREATE OR REPLACE FUNCTION @.crescent_visible_teams() RETURNS SETOF pg_catalog.text LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = pg_catalog, @, pg_temp AS $$
          SELECT r.team_id FROM @.reps r JOIN @.crescent_visible_reps() v(id) ON r.id OPERATOR(pg_catalog.=) v.id
          WHERE r.team_id IS NOT NULL
        $$
        """,
    ]

    /// The statements that install visibility for `member` on the store in `schema` of `database`
    /// (both quoted identifiers).
    static func statements(member: String, schema: String, database: String) -> [String] {
        let lockdown = [
            // Nothing a member runs may put an object of theirs on anyone's path: no temporary
            // tables (TEMP is PUBLIC's by default) and nothing created in the store's schema. The
            // owner keeps both (an import stages its rows in a temporary table).
            "GRANT TEMPORARY ON DATABASE \(database) TO CURRENT_USER",
            "REVOKE TEMPORARY ON DATABASE \(database) FROM PUBLIC, \(member)",
            "REVOKE CREATE ON SCHEMA \(schema) FROM PUBLIC, \(member)",  // an operator there would shadow one of pg_catalog
            "REVOKE CREATE ON DATABASE \(database) FROM PUBLIC, \(member)",
        ]
        let grants = [
            "GRANT USAGE ON SCHEMA \(schema) TO \(member)",
            "GRANT SELECT ON \((shared + policies.map(\.table)).map { "@.\($0)" }.joined(separator: ", ")) TO \(member)",
            // The totals saved with a run count every customer: members count the ones they see.
            "GRANT SELECT (id, segment, description, as_of, run_at) ON @.segment_runs TO \(member)",
            "REVOKE ALL ON FUNCTION @.crescent_visible_reps(), @.crescent_visible_teams() FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION @.crescent_visible_reps(), @.crescent_visible_teams() TO \(member)",
            // Which role is which rep is for the functions, which read it as its owner (granted by earlier versions).
            "REVOKE ALL ON @.crescent_roles FROM PUBLIC, \(member)",
        ]
        let rowSecurity = policies.flatMap { table, visible in [
            "ALTER TABLE @.\(table) ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS crescent_visible ON @.\(table)",
            "CREATE POLICY crescent_visible ON @.\(table) FOR SELECT TO \(member) USING (\(visible))",
        ] }
        let writing = writable.flatMap { table in
            let visible = policies.first { $0.table == table }!.visible
            return [
                "GRANT INSERT, UPDATE, DELETE ON @.\(table) TO \(member)",
                "GRANT USAGE ON SEQUENCE @.\(table)_row_order_seq TO \(member)",
                "DROP POLICY IF EXISTS crescent_insert ON @.\(table)",
                "CREATE POLICY crescent_insert ON @.\(table) FOR INSERT TO \(member) WITH CHECK (\(visible))",
                "DROP POLICY IF EXISTS crescent_update ON @.\(table)",
                "CREATE POLICY crescent_update ON @.\(table) FOR UPDATE TO \(member) USING (\(visible)) WITH CHECK (\(visible))",
                "DROP POLICY IF EXISTS crescent_delete ON @.\(table)",
                "CREATE POLICY crescent_delete ON @.\(table) FOR DELETE TO \(member) USING (\(visible))",
            ]
        }
        let auditing = audit.flatMap { table, visible, adding in [
            "GRANT SELECT, INSERT ON @.\(table) TO \(member)",
            table == "record_creates" ? "SELECT 1" : "GRANT USAGE ON SEQUENCE @.\(table)_id_seq TO \(member)",
            "ALTER TABLE @.\(table) ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS crescent_visible ON @.\(table)",
            "CREATE POLICY crescent_visible ON @.\(table) FOR SELECT TO \(member) USING (\(visible))",
            "DROP POLICY IF EXISTS crescent_insert ON @.\(table)",
            "CREATE POLICY crescent_insert ON @.\(table) FOR INSERT TO \(member) WITH CHECK (\(adding))",
        ] }
        // Reps' runs queue notifications and record sending them: their own, and nobody else's.
        let notifying = [
            "GRANT SELECT, INSERT ON @.notifications TO \(member)",
            "GRANT UPDATE (status, attempts, next_at, last_error, sent_at) ON @.notifications TO \(member)",
            "GRANT USAGE ON SEQUENCE @.notifications_id_seq TO \(member)",
            "ALTER TABLE @.notifications ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS crescent_own ON @.notifications",
            "CREATE POLICY crescent_own ON @.notifications TO \(member) USING (made_by = session_user) WITH CHECK (made_by = session_user)",
        ]
        // Reps acknowledge the alerts they see, and may do nothing else to them.
        let acknowledging = [
            "GRANT UPDATE (status, acked_at) ON @.alerts TO \(member)",
            "DROP POLICY IF EXISTS crescent_acknowledge ON @.alerts",
            "CREATE POLICY crescent_acknowledge ON @.alerts FOR UPDATE TO \(member) "
                + "USING (owner IN (SELECT @.crescent_visible_reps())) WITH CHECK (status = 'acked')",
        ]
        // Managers set forecast figures for the scopes they see, in their own name.
        let forecasting = [
            "GRANT INSERT ON @.forecast_adjustments TO \(member)",
            "GRANT USAGE ON SEQUENCE @.forecast_adjustments_id_seq TO \(member)",
            "DROP POLICY IF EXISTS crescent_insert ON @.forecast_adjustments",
            "CREATE POLICY crescent_insert ON @.forecast_adjustments FOR INSERT TO \(member) WITH CHECK (set_by = session_user AND "
                + "(\(policies.first { $0.table == "forecast_adjustments" }!.visible)))",
        ]
        return lockdown + (functions + grants + rowSecurity + writing + auditing + notifying + acknowledging + forecasting).map { qualified($0, schema: schema) }
    }

    /// `sql` with the store's schema for every `@`.
    static func qualified(_ sql: String, schema: String) -> String {
        sql.replacingOccurrences(of: "@", with: schema)
    }
}
