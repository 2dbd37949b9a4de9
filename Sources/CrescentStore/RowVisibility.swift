import Foundation

/// Who sees which rows when a rep signs in: the one statement of per-rep visibility, which the
/// PostgreSQL store installs as row-level security policies and a SQLite store as the temporary
/// views of a rep's connection (`SQLiteStore.open(at:visibleTo:)`).
///
/// In the conditions, `{reps}` is a query of the ids of the reps the person sees (their own, and
/// those of the teams they manage and those teams' sub-teams), `{teams}` the ids of those reps'
/// teams, and `@.table` a table as the person sees it.
public enum RowVisibility {
    /// A rep's own records, and what hangs off a visible record.
    public static let rules: [(table: String, visible: String)] = [
        ("reps", "id IN ({reps})"),
        ("teams", "id IN ({teams})"),
        ("customers", "owner_id IN ({reps})"),
        ("deals", "owner_id IN ({reps})"),
        ("orders", "rep_id IN ({reps})"),
        ("activities", "rep_id IN ({reps})"),
        ("tasks", "owner_id IN ({reps})"),
        ("contacts", "customer_id IN (SELECT id FROM @.customers)"),
        ("surveys", "customer_id IN (SELECT id FROM @.customers)"),
        ("deal_stage_history", "deal_id IN (SELECT id FROM @.deals)"),
        ("segment_members", "customer_id IN (SELECT id FROM @.customers)"),
        ("alerts", "owner IN ({reps})"),
        ("targets", scopes),
        ("forecast_adjustments", scopes),
        ("forecast_snapshots", scopes),
    ]

    /// Rows of a scope (targets, forecasts): the company's, and those of the reps and teams the person sees.
    static let scopes = """
        scope = 'company' OR (scope = 'rep' AND scope_id IN ({reps}))
        OR (scope = 'team' AND scope_id IN ({teams}))
        """

    /// Tables reps write (crm.create, crm.update... in their scripts): only rows they see, and
    /// only so that the row stays one they see (a rep cannot give a customer away to another team).
    public static let writable = ["customers", "contacts", "deals", "orders", "activities", "tasks"]

    /// Entries of the audit trail about records the person sees.
    public static let recordsSeen = (rules.map(\.table).filter { writable.contains($0) || $0 == "reps" || $0 == "teams" })
        .map { "(entity = '\($0)' AND record_id IN (SELECT id FROM @.\($0)))" }.joined(separator: " OR ")

    /// Who sees which changes of the audit trail: those of records they may see; which runs there
    /// were (when, by whom, through what) is no secret, their changes are.
    public static let audit: [(table: String, visible: String)] = [
        ("record_changes", recordsSeen), ("record_creates", recordsSeen), ("change_runs", "TRUE"),
    ]

    /// Tables everyone reads whole: products, exchange rates, settings (and each backend's migrations).
    public static let shared = ["products", "fx_rates", "meta", "custom_fields", "clv_models"]

    /// `condition` with its placeholders put: `reps` and `teams` for `{reps}` and `{teams}`, `schema` for `@`.
    public static func condition(_ condition: String, reps: String, teams: String, schema: String) -> String {
        condition.replacingOccurrences(of: "{reps}", with: reps).replacingOccurrences(of: "{teams}", with: teams)
            .replacingOccurrences(of: "@", with: schema)
    }
}
