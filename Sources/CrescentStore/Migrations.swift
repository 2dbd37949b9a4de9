import GRDB

/// The store's schema, as migrations registered in order. Never edit one that has shipped: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: entities") { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            try db.execute(sql: "CREATE TABLE custom_fields (entity TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (entity, name))")
            for entity in Entity.allCases {
                try db.execute(sql: createTable(entity))
            }
            try db.execute(sql: """
                CREATE INDEX deals_by_customer ON deals(customer_id);
                CREATE INDEX activities_by_customer ON activities(customer_id, occurred_at);
                CREATE INDEX surveys_by_customer ON surveys(customer_id);
                """)
        }
        return migrator
    }

    /// Key columns are NOT NULL DEFAULT '' so that a missing optional key (a company target's
    /// scope_id) still identifies one record; readers treat '' as null.
    static func createTable(_ entity: Entity) -> String {
        let key = entity.key
        let columns = entity.fields.map { field -> String in
            let type: String
            switch field.kind {
            case .integer, .decimal: type = "INTEGER"
            case .number: type = "REAL"
            default: type = "TEXT"
            }
            let constraint = key.contains(field.name) ? " NOT NULL DEFAULT ''" : ""
            return "\(field.column) \(type)\(constraint)"
        }
        return "CREATE TABLE \(entity.rawValue) (\(columns.joined(separator: ", ")), extra TEXT, PRIMARY KEY (\(key.joined(separator: ", "))))"
    }
}
