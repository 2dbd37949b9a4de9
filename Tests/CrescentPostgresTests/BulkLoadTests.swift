import CrescentPostgres
import CrescentStore
import CrescentTestSupport
import Foundation
import Testing

/// A large first import is copied straight into the empty table and its keys rebuilt; the store
/// behaves as after an upsert: the same records, in file order, the last of a repeated key winning.
@Suite(.enabled(if: Backend.serverURL != nil, "CRESCENT_TEST_POSTGRES is not set: no PostgreSQL server for these tests (.ci/postgres start)"))
struct BulkLoadTests {
    @Test func aFirstLoadIsCopiedInAndBehavesAsAnUpsert() throws {
        let database = try ServerDatabase()
        let store = try PostgresStore(url: database.url)
        try store.initialize(baseCurrency: "CNY")
        func csv(_ text: String) -> [UInt8] { Array(text.utf8) }
        _ = try store.importCSV(.reps, bytes: csv("id,name\nR1,王伟\n"), fileName: "reps.csv")
        let n = 40_000  // over a megabyte: the bulk path
        let customers = "id,name,region,owner_id,vip\n" + (1...n).map { "C\(100_000 - $0),客户 \($0),East,R1,\($0 % 2 == 0 ? "yes" : "")\n" }.joined()
        #expect(customers.utf8.count > 1 << 20)
        #expect(try store.importCSV(.customers, bytes: csv(customers), fileName: "customers.csv").rows == n)
        #expect(try store.count(.customers) == n && store.count(.customers, where: ["vip": .text("yes")]) == n / 2)
        #expect(try store.find(.customers, limit: 2).map { $0["id"] } == [.text("C99999"), .text("C99998")])  // file order
        // The primary key is back: an upsert on it updates one record and adds another.
        _ = try store.importCSV(.customers, bytes: csv("id,name\nC99999,改名\nC1,New\n"), fileName: "more.csv")
        #expect(try store.count(.customers) == n + 1 && store.record(.customers, id: "C99999")?["name"] == .text("改名"))
        #expect(try store.record(.customers, id: "C99999")?.custom == [:])
        #expect(try store.find(.customers).last?["id"] == .text("C1"))  // stored after the first load's rows

        // A key repeated in a large file: the last row wins, in the first row's place.
        let orders = "id,customer_id,ordered_on,amount\n" + (1...n).map { "O\($0),C99999,2026-01-01,1\n" }.joined()
            + "O1,C99998,2026-01-02,9.5\n"
        #expect(try store.importCSV(.orders, bytes: csv(orders), fileName: "orders.csv").rows == n + 1)
        #expect(try store.count(.orders) == n)
        let first = try #require(try store.find(.orders, limit: 1).first)
        #expect(first["id"] == .text("O1") && first["customer_id"] == .text("C99998") && first["amount"] == .decimal(Decimal4(parsing: "9.5")!))

        // A bad row late in a large file: nothing stored, the keys intact.
        let deals = "id,customer_id,name,stage,status,amount\n" + (1...n).map { "D\($0),C99999,Deal \($0),lead,open,100\n" }.joined()
            + "D0,C404,Missing customer,lead,open,1\n"
        #expect(throws: StoreError.self) { try store.importCSV(.deals, bytes: csv(deals), fileName: "deals.csv") }
        #expect(try store.count(.deals) == 0)
        _ = try store.importCSV(.deals, bytes: csv("id,customer_id,name,stage,status\nD1,C1,A,lead,open\nD1,C1,B,lead,open\n"), fileName: "d.csv")
        #expect(try store.count(.deals) == 1 && store.record(.deals, id: "D1")?["name"] == .text("B"))
    }

    /// A scan whose body fails stops the stream, and the connection serves the next query.
    @Test func aScanStoppedEarlyLeavesTheStoreUsable() throws {
        let database = try ServerDatabase()
        let store = try PostgresStore(url: database.url)
        try store.initialize(baseCurrency: "CNY")
        let n = 20_000  // more than the handoff holds: the server is still sending when the body fails
        _ = try store.importCSV(.customers, bytes: Array(("id,name\n" + (1...n).map { "C\($0),客户\n" }.joined()).utf8), fileName: "c.csv")
        struct Enough: Error {}
        var seen = 0
        #expect(throws: StoreError.self) {
            try store.scan(.customers, fields: ["id"]) { _ in
                seen += 1
                if seen == 10 { throw Enough() }
            }
        }
        #expect(seen == 10)
        #expect(try store.count(.customers) == n)
        var all = 0
        try store.scan(.customers, fields: ["id", "name"]) { row in all += row.string(1) == "客户" ? 1 : 0 }
        #expect(all == n)
    }
}
