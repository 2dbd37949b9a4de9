/// The PostgreSQL schema changes whose text was once generated from the entity list, frozen as
/// the exact statements they ran when they shipped (one per line).
extension Migrations {
    /// `v1: entities`; each table's row_order keeps the order records were first stored in (SQLite's rowid).
    static let postgresV1Entities = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
        CREATE TABLE custom_fields (entity TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (entity, name))
        CREATE TABLE teams (id TEXT NOT NULL DEFAULT '', name TEXT, region TEXT, parent_id TEXT, manager_id TEXT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
        CREATE TABLE reps (id TEXT NOT NULL DEFAULT '', name TEXT, email TEXT, team_id TEXT, role TEXT, level TEXT, hired_on TEXT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
        CREATE TABLE products (id TEXT NOT NULL DEFAULT '', name TEXT, category TEXT, list_price_e4 BIGINT, cost_e4 BIGINT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
        CREATE TABLE customers (id TEXT NOT NULL DEFAULT '', name TEXT, industry TEXT, employees BIGINT, region TEXT, owner_id TEXT, created_on TEXT, source TEXT, status TEXT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
        CREATE TABLE contacts (id TEXT NOT NULL DEFAULT '', customer_id TEXT, name TEXT, email TEXT, phone TEXT, title TEXT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
        CREATE TABLE orders (id TEXT NOT NULL DEFAULT '', customer_id TEXT, rep_id TEXT, product_id TEXT, ordered_on TEXT, quantity DOUBLE PRECISION, amount_e4 BIGINT, currency TEXT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
        CREATE TABLE deals (id TEXT NOT NULL DEFAULT '', customer_id TEXT, owner_id TEXT, name TEXT, amount_e4 BIGINT, currency TEXT, stage TEXT, status TEXT, created_on TEXT, expected_close_on TEXT, closed_on TEXT, lost_reason TEXT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
        CREATE TABLE deal_stage_history (deal_id TEXT NOT NULL DEFAULT '', stage TEXT NOT NULL DEFAULT '', entered_at TEXT NOT NULL DEFAULT '', extra TEXT, row_order BIGSERIAL, PRIMARY KEY (deal_id, stage, entered_at))
        CREATE TABLE activities (id TEXT NOT NULL DEFAULT '', rep_id TEXT, customer_id TEXT, deal_id TEXT, kind TEXT, occurred_at TEXT, duration_min DOUBLE PRECISION, outcome TEXT, notes TEXT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (id))
        CREATE TABLE targets (scope TEXT NOT NULL DEFAULT '', scope_id TEXT NOT NULL DEFAULT '', metric TEXT NOT NULL DEFAULT '', period TEXT NOT NULL DEFAULT '', value_e4 BIGINT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (scope, scope_id, metric, period))
        CREATE TABLE surveys (customer_id TEXT NOT NULL DEFAULT '', rep_id TEXT NOT NULL DEFAULT '', score DOUBLE PRECISION, responded_on TEXT NOT NULL DEFAULT '', comment TEXT, extra TEXT, row_order BIGSERIAL, PRIMARY KEY (customer_id, rep_id, responded_on))
        CREATE TABLE fx_rates (currency TEXT NOT NULL DEFAULT '', rate_to_base_e4 BIGINT, valid_from TEXT NOT NULL DEFAULT '', extra TEXT, row_order BIGSERIAL, PRIMARY KEY (currency, valid_from))
        CREATE INDEX deals_by_customer ON deals(customer_id)
        CREATE INDEX activities_by_customer ON activities(customer_id, occurred_at)
        CREATE INDEX surveys_by_customer ON surveys(customer_id)
        """

    /// `v5: text in byte order`: text columns compare as bytes (collation "C"), as in SQLite, whatever
    /// the database's locale; one ALTER per table, so that its indexes are rebuilt once.
    static let postgresV5ByteOrder = """
        ALTER TABLE teams ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN name TYPE TEXT COLLATE "C", ALTER COLUMN region TYPE TEXT COLLATE "C", ALTER COLUMN parent_id TYPE TEXT COLLATE "C", ALTER COLUMN manager_id TYPE TEXT COLLATE "C"
        ALTER TABLE reps ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN name TYPE TEXT COLLATE "C", ALTER COLUMN email TYPE TEXT COLLATE "C", ALTER COLUMN team_id TYPE TEXT COLLATE "C", ALTER COLUMN role TYPE TEXT COLLATE "C", ALTER COLUMN level TYPE TEXT COLLATE "C", ALTER COLUMN hired_on TYPE TEXT COLLATE "C"
        ALTER TABLE products ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN name TYPE TEXT COLLATE "C", ALTER COLUMN category TYPE TEXT COLLATE "C"
        ALTER TABLE customers ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN name TYPE TEXT COLLATE "C", ALTER COLUMN industry TYPE TEXT COLLATE "C", ALTER COLUMN region TYPE TEXT COLLATE "C", ALTER COLUMN owner_id TYPE TEXT COLLATE "C", ALTER COLUMN created_on TYPE TEXT COLLATE "C", ALTER COLUMN source TYPE TEXT COLLATE "C", ALTER COLUMN status TYPE TEXT COLLATE "C"
        ALTER TABLE contacts ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN customer_id TYPE TEXT COLLATE "C", ALTER COLUMN name TYPE TEXT COLLATE "C", ALTER COLUMN email TYPE TEXT COLLATE "C", ALTER COLUMN phone TYPE TEXT COLLATE "C", ALTER COLUMN title TYPE TEXT COLLATE "C"
        ALTER TABLE orders ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN customer_id TYPE TEXT COLLATE "C", ALTER COLUMN rep_id TYPE TEXT COLLATE "C", ALTER COLUMN product_id TYPE TEXT COLLATE "C", ALTER COLUMN ordered_on TYPE TEXT COLLATE "C", ALTER COLUMN currency TYPE TEXT COLLATE "C"
        ALTER TABLE deals ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN customer_id TYPE TEXT COLLATE "C", ALTER COLUMN owner_id TYPE TEXT COLLATE "C", ALTER COLUMN name TYPE TEXT COLLATE "C", ALTER COLUMN currency TYPE TEXT COLLATE "C", ALTER COLUMN stage TYPE TEXT COLLATE "C", ALTER COLUMN status TYPE TEXT COLLATE "C", ALTER COLUMN created_on TYPE TEXT COLLATE "C", ALTER COLUMN expected_close_on TYPE TEXT COLLATE "C", ALTER COLUMN closed_on TYPE TEXT COLLATE "C", ALTER COLUMN lost_reason TYPE TEXT COLLATE "C"
        ALTER TABLE deal_stage_history ALTER COLUMN deal_id TYPE TEXT COLLATE "C", ALTER COLUMN stage TYPE TEXT COLLATE "C", ALTER COLUMN entered_at TYPE TEXT COLLATE "C"
        ALTER TABLE activities ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN rep_id TYPE TEXT COLLATE "C", ALTER COLUMN customer_id TYPE TEXT COLLATE "C", ALTER COLUMN deal_id TYPE TEXT COLLATE "C", ALTER COLUMN kind TYPE TEXT COLLATE "C", ALTER COLUMN occurred_at TYPE TEXT COLLATE "C", ALTER COLUMN outcome TYPE TEXT COLLATE "C", ALTER COLUMN notes TYPE TEXT COLLATE "C"
        ALTER TABLE targets ALTER COLUMN scope TYPE TEXT COLLATE "C", ALTER COLUMN scope_id TYPE TEXT COLLATE "C", ALTER COLUMN metric TYPE TEXT COLLATE "C", ALTER COLUMN period TYPE TEXT COLLATE "C"
        ALTER TABLE surveys ALTER COLUMN customer_id TYPE TEXT COLLATE "C", ALTER COLUMN rep_id TYPE TEXT COLLATE "C", ALTER COLUMN responded_on TYPE TEXT COLLATE "C", ALTER COLUMN comment TYPE TEXT COLLATE "C"
        ALTER TABLE fx_rates ALTER COLUMN currency TYPE TEXT COLLATE "C", ALTER COLUMN valid_from TYPE TEXT COLLATE "C"
        ALTER TABLE segment_runs ALTER COLUMN segment TYPE TEXT COLLATE "C"
        ALTER TABLE segment_members ALTER COLUMN segment TYPE TEXT COLLATE "C", ALTER COLUMN customer_id TYPE TEXT COLLATE "C", ALTER COLUMN tier TYPE TEXT COLLATE "C"
        ALTER TABLE alerts ALTER COLUMN rule TYPE TEXT COLLATE "C", ALTER COLUMN key TYPE TEXT COLLATE "C", ALTER COLUMN owner TYPE TEXT COLLATE "C"
        """

    /// `v6: stored order index`: exports and paging read records in stored order, a page after a row_order at a time.
    static let postgresV6StoredOrder = """
        CREATE INDEX teams_by_row_order ON teams(row_order)
        CREATE INDEX reps_by_row_order ON reps(row_order)
        CREATE INDEX products_by_row_order ON products(row_order)
        CREATE INDEX customers_by_row_order ON customers(row_order)
        CREATE INDEX contacts_by_row_order ON contacts(row_order)
        CREATE INDEX orders_by_row_order ON orders(row_order)
        CREATE INDEX deals_by_row_order ON deals(row_order)
        CREATE INDEX deal_stage_history_by_row_order ON deal_stage_history(row_order)
        CREATE INDEX activities_by_row_order ON activities(row_order)
        CREATE INDEX targets_by_row_order ON targets(row_order)
        CREATE INDEX surveys_by_row_order ON surveys(row_order)
        CREATE INDEX fx_rates_by_row_order ON fx_rates(row_order)
        """
}
