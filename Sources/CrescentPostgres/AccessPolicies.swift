import CrescentStore

/// The grants and row-level security policies of per-rep visibility (see `PostgresStore.installPolicies`).
enum AccessPolicies {
    /// Who may see which rows, per table: a rep's own records, and what hangs off a visible record.
    static let policies: [(table: String, visible: String)] = [
        ("reps", "id IN (SELECT crescent_visible_reps())"),
        ("teams", "id IN (SELECT crescent_visible_teams())"),
        ("customers", "owner_id IN (SELECT crescent_visible_reps())"),
        ("deals", "owner_id IN (SELECT crescent_visible_reps())"),
        ("orders", "rep_id IN (SELECT crescent_visible_reps())"),
        ("activities", "rep_id IN (SELECT crescent_visible_reps())"),
        ("contacts", "customer_id IN (SELECT id FROM customers)"),
        ("surveys", "customer_id IN (SELECT id FROM customers)"),
        ("deal_stage_history", "deal_id IN (SELECT id FROM deals)"),
        ("segment_members", "customer_id IN (SELECT id FROM customers)"),
        ("alerts", "owner IN (SELECT crescent_visible_reps())"),
        ("targets", """
            scope = 'company' OR (scope = 'rep' AND scope_id IN (SELECT crescent_visible_reps()))
            OR (scope = 'team' AND scope_id IN (SELECT crescent_visible_teams()))
            """),
    ]

    /// Tables every member reads whole: products, settings, the schema's bookkeeping.
    static let shared = ["products", "fx_rates", "meta", "custom_fields", "crescent_migrations"]

    static func statements(member: String) -> [String] {
        // The functions read reps and teams as their owner (security definer): through the
        // policies those tables have, which call these functions, they would recurse. Inside them
        // current_user is that owner: the rep is the role that logged in (session_user; a
        // superuser's SET ROLE to a rep's role sees no rows rather than theirs).
        let functions = [
            // The logged-in rep, and the reps of the teams they manage and those teams' sub-teams.
            """
            CREATE OR REPLACE FUNCTION crescent_visible_reps() RETURNS SETOF text LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path FROM CURRENT AS $$
              WITH RECURSIVE me AS (SELECT rep_id FROM crescent_roles WHERE role_name = session_user),
              managed(id) AS (SELECT t.id FROM teams t JOIN me ON t.manager_id = me.rep_id
                              UNION SELECT t.id FROM teams t JOIN managed m ON t.parent_id = m.id)
              SELECT rep_id FROM me UNION SELECT r.id FROM reps r JOIN managed m ON r.team_id = m.id
            $$
            """,
            // The teams of those reps.
            """
            CREATE OR REPLACE FUNCTION crescent_visible_teams() RETURNS SETOF text LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path FROM CURRENT AS $$
              SELECT team_id FROM reps WHERE id IN (SELECT crescent_visible_reps()) AND team_id IS NOT NULL
            $$
            """,
        ]
        let grants = [
            "GRANT USAGE ON SCHEMA public TO \(member)",
            "GRANT SELECT ON \((shared + policies.map(\.table)).joined(separator: ", ")) TO \(member)",
            // The totals saved with a run count every customer: members count the ones they see.
            "GRANT SELECT (id, segment, description, as_of, run_at) ON segment_runs TO \(member)",
            "GRANT EXECUTE ON FUNCTION crescent_visible_reps(), crescent_visible_teams() TO \(member)",
            // Which role is which rep is for the functions, which read it as its owner (granted by earlier versions).
            "REVOKE ALL ON crescent_roles FROM \(member)",
        ]
        let rowSecurity = policies.flatMap { table, visible in [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS crescent_visible ON \(table)",
            "CREATE POLICY crescent_visible ON \(table) FOR SELECT TO \(member) USING (\(visible))",
        ] }
        // Reps acknowledge the alerts they see, and may do nothing else to them.
        let acknowledging = [
            "GRANT UPDATE (status, acked_at) ON alerts TO \(member)",
            "DROP POLICY IF EXISTS crescent_acknowledge ON alerts",
            "CREATE POLICY crescent_acknowledge ON alerts FOR UPDATE TO \(member) USING (owner IN (SELECT crescent_visible_reps())) "
                + "WITH CHECK (status = 'acked')",
        ]
        return functions + grants + rowSecurity + acknowledging
    }
}
