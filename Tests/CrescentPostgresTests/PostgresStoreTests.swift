import CrescentPostgres
import CrescentStore
import Foundation
import Testing

/// Against a real server: `.ci/postgres start` prints the URL to put in CRESCENT_TEST_POSTGRES
/// (`.ci/run` does this). Without it these tests are skipped, and say so.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CRESCENT_TEST_POSTGRES"] != nil,
                "CRESCENT_TEST_POSTGRES is not set: no PostgreSQL server for these tests (.ci/postgres start)"))
struct PostgresStoreTests {
    static var url: String { ProcessInfo.processInfo.environment["CRESCENT_TEST_POSTGRES"] ?? "" }

    @Test func schemaIsCreatedOnceAndMetaRoundTrips() throws {
        let store = try PostgresStore(url: Self.url)
        #expect(try store.initialize(baseCurrency: "CNY") == "CNY")
        #expect(try PostgresStore(url: Self.url).initialize(baseCurrency: "USD") == "CNY")  // migrated once; the currency stays
        try store.setMeta("probe", "一")
        try store.setMeta("probe", "二")
        #expect(try store.meta("probe") == "二")
        #expect(try store.meta("no such key") == nil)
        #expect(try store.customFields(of: .orders) == [])
        #expect(try store.migrations() == ["v1: entities", "v2: segment runs", "v3: period indexes", "v4: alerts"])
    }
}

@Suite struct PostgresAddressTests {
    @Test func storeURLsParseAndPrintWithoutThePassword() {
        let address = PostgresAddress(url: "postgres://ann:secret@db.example:6543/sales")
        #expect(address?.host == "db.example" && address?.port == 6543 && address?.user == "ann" && address?.password == "secret")
        #expect(address?.description == "postgres://ann@db.example:6543/sales")
        #expect(PostgresAddress(url: "postgresql://ann@db")?.description == "postgres://ann@db:5432/ann")
        #expect(PostgresAddress(url: "/tmp/crescent.db") == nil && PostgresAddress(url: "postgres://db/sales") == nil)
    }

    @Test func anUnreachableServerIsAClearErrorNamingIt() {
        #expect {
            _ = try PostgresStore(url: "postgres://crescent@127.0.0.1:1/crescent")
        } throws: { error in
            ((error as? StoreError)?.description ?? "").hasPrefix("cannot use the PostgreSQL store postgres://crescent@127.0.0.1:1/crescent: ")
        }
        #expect(throws: StoreError.usage("'mysql://x@y/z' is not a PostgreSQL store URL (postgres://user@host:port/database)")) {
            _ = try PostgresStore(url: "mysql://x@y/z")
        }
    }
}
