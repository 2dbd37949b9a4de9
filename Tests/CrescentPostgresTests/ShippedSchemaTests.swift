import CrescentTestSupport
import Foundation
import GRDB
import Testing
@testable import CrescentPostgres
@testable import CrescentStore

/// Migrations are the fixed text they shipped as: a store made by the first shipped schema, with
/// records in it, migrates to the current one on both backends and then has every field of every
/// entity (a field added to an entity without a migration of its own fails here).
@Suite struct ShippedSchemaTests {
    @Test func aFirstSchemaSQLiteStoreMigratesToTheCurrentOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v1-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = try SQLiteStore.migrated(at: path, upTo: "v1: entities")
        #expect(try old.migrations() == ["v1: entities"])
        try old.write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('base_currency', 'CNY')")
            try db.execute(sql: "INSERT INTO customers(id, name, region) VALUES ('C1', '上海明珠贸易有限公司', 'East')")
        }
        let store = try SQLiteStore.open(at: path)
        #expect(try store.migrations() == Migrations.all.map(\.name))
        #expect(try store.count(.customers) == 1 && store.baseCurrency() == "CNY" && store.timeZoneName() == "UTC")
        let reopened = try DatabaseQueue(path: path)
        for entity in Entity.allCases {
            let columns = Set(try reopened.read { db in try db.columns(in: entity.rawValue).map(\.name) })
            #expect(Set(entity.fields.map(\.column)).isSubset(of: columns), "\(entity.rawValue): \(columns)")
        }
    }

    @Test(.enabled(if: Backend.serverURL != nil, "CRESCENT_TEST_POSTGRES is not set"))
    func aFirstSchemaPostgresStoreMigratesToTheCurrentOne() throws {
        let database = try ServerDatabase()
        let link = try PostgresLink(try #require(PostgresAddress(url: database.url)))
        try Migrations.migrate(PostgresDatabase(link: link), upTo: "v1: entities")
        #expect(try Migrations.applied(PostgresDatabase(link: link)) == ["v1: entities"])
        try link.query("INSERT INTO meta(key, value) VALUES ('base_currency', 'CNY')")
        try link.query("INSERT INTO customers(id, name, region) VALUES ('C1', '上海明珠贸易有限公司', 'East')")
        let store = try PostgresStore(url: database.url)
        #expect(try store.migrations() == Migrations.all.map(\.name))
        #expect(try store.count(.customers) == 1 && store.baseCurrency() == "CNY" && store.timeZoneName() == "UTC")
        for entity in Entity.allCases {
            let rows = try link.query("SELECT column_name FROM information_schema.columns WHERE table_name = $1", [entity.rawValue])
            let columns = Set(rows.compactMap { try? $0.decode(String.self) })
            #expect(Set(entity.fields.map(\.column)).isSubset(of: columns), "\(entity.rawValue): \(columns)")
        }
    }
}
