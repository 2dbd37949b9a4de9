import CrescentStore

/// The store's schema on PostgreSQL: the same tables and columns as the SQLite store's, created
/// by migrations registered in order, each applied once and recorded in `crescent_migrations`.
enum PostgresSchema {
    static let migrations: [(name: String, sql: [String])] = [
        ("v1: entities", [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE custom_fields (entity TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (entity, name))",
        ] + Entity.allCases.map(createTable) + [
            "CREATE INDEX deals_by_customer ON deals(customer_id)",
            "CREATE INDEX activities_by_customer ON activities(customer_id, occurred_at)",
            "CREATE INDEX surveys_by_customer ON surveys(customer_id)",
        ]),
    ]

    /// Applies the migrations not applied yet, each in its own transaction.
    static func migrate(_ link: PostgresLink) throws(StoreError) {
        try link.query("CREATE TABLE IF NOT EXISTS crescent_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        let applied = Set(try link.query("SELECT name FROM crescent_migrations").compactMap { try? $0.decode(String.self) })
        for migration in migrations where !applied.contains(migration.name) {
            try link.query("BEGIN")
            do {
                for statement in migration.sql { try link.query(statement) }
                try link.query("INSERT INTO crescent_migrations(name) VALUES ($1)", [migration.name])
                try link.query("COMMIT")
            } catch {
                _ = try? link.query("ROLLBACK")
                throw error
            }
        }
    }

    /// An entity's table: integers and decimals (ten-thousandths) as BIGINT, numbers as DOUBLE
    /// PRECISION, the rest as TEXT; key columns NOT NULL DEFAULT '' as in the SQLite store.
    static func createTable(_ entity: Entity) -> String {
        let columns = entity.fields.map { field -> String in
            let type: String
            switch field.kind {
            case .integer, .decimal: type = "BIGINT"
            case .number: type = "DOUBLE PRECISION"
            default: type = "TEXT"
            }
            return "\(field.column) \(type)" + (entity.key.contains(field.name) ? " NOT NULL DEFAULT ''" : "")
        }
        return "CREATE TABLE \(entity.rawValue) (\(columns.joined(separator: ", ")), extra TEXT, PRIMARY KEY (\(entity.key.joined(separator: ", "))))"
    }
}
