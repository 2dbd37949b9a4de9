/// The schema changes of the first shipped versions, as the exact text they ran: the entity
/// tables as they were when `v1` shipped, never generated from today's entity list (a field added
/// later reaches existing stores only through a migration of its own).
extension Migrations {
    /// `v1: entities` on SQLite, one statement per line.
    static let v1Entities = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
        CREATE TABLE custom_fields (entity TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (entity, name))
        CREATE TABLE teams (id TEXT NOT NULL DEFAULT '', name TEXT, region TEXT, parent_id TEXT, manager_id TEXT, extra TEXT, PRIMARY KEY (id))
        CREATE TABLE reps (id TEXT NOT NULL DEFAULT '', name TEXT, email TEXT, team_id TEXT, role TEXT, level TEXT, hired_on TEXT, extra TEXT, PRIMARY KEY (id))
        CREATE TABLE products (id TEXT NOT NULL DEFAULT '', name TEXT, category TEXT, list_price_e4 INTEGER, cost_e4 INTEGER, extra TEXT, PRIMARY KEY (id))
        CREATE TABLE customers (id TEXT NOT NULL DEFAULT '', name TEXT, industry TEXT, employees INTEGER, region TEXT, owner_id TEXT, created_on TEXT, source TEXT, status TEXT, extra TEXT, PRIMARY KEY (id))
        CREATE TABLE contacts (id TEXT NOT NULL DEFAULT '', customer_id TEXT, name TEXT, email TEXT, phone TEXT, title TEXT, extra TEXT, PRIMARY KEY (id))
        CREATE TABLE orders (id TEXT NOT NULL DEFAULT '', customer_id TEXT, rep_id TEXT, product_id TEXT, ordered_on TEXT, quantity REAL, amount_e4 INTEGER, currency TEXT, extra TEXT, PRIMARY KEY (id))
        CREATE TABLE deals (id TEXT NOT NULL DEFAULT '', customer_id TEXT, owner_id TEXT, name TEXT, amount_e4 INTEGER, currency TEXT, stage TEXT, status TEXT, created_on TEXT, expected_close_on TEXT, closed_on TEXT, lost_reason TEXT, extra TEXT, PRIMARY KEY (id))
        CREATE TABLE deal_stage_history (deal_id TEXT NOT NULL DEFAULT '', stage TEXT NOT NULL DEFAULT '', entered_at TEXT NOT NULL DEFAULT '', extra TEXT, PRIMARY KEY (deal_id, stage, entered_at))
        CREATE TABLE activities (id TEXT NOT NULL DEFAULT '', rep_id TEXT, customer_id TEXT, deal_id TEXT, kind TEXT, occurred_at TEXT, duration_min REAL, outcome TEXT, notes TEXT, extra TEXT, PRIMARY KEY (id))
        CREATE TABLE targets (scope TEXT NOT NULL DEFAULT '', scope_id TEXT NOT NULL DEFAULT '', metric TEXT NOT NULL DEFAULT '', period TEXT NOT NULL DEFAULT '', value_e4 INTEGER, extra TEXT, PRIMARY KEY (scope, scope_id, metric, period))
        CREATE TABLE surveys (customer_id TEXT NOT NULL DEFAULT '', rep_id TEXT NOT NULL DEFAULT '', score REAL, responded_on TEXT NOT NULL DEFAULT '', comment TEXT, extra TEXT, PRIMARY KEY (customer_id, rep_id, responded_on))
        CREATE TABLE fx_rates (currency TEXT NOT NULL DEFAULT '', rate_to_base_e4 INTEGER, valid_from TEXT NOT NULL DEFAULT '', extra TEXT, PRIMARY KEY (currency, valid_from))
        CREATE INDEX deals_by_customer ON deals(customer_id)
        CREATE INDEX activities_by_customer ON activities(customer_id, occurred_at)
        CREATE INDEX surveys_by_customer ON surveys(customer_id)
        """
}
