import CrescentTestSupport
import Foundation
import GRDB
import Synchronization
import Testing
@testable import CrescentStore

/// Kept columns never disagree with the records: after every way of writing them (imports small and
/// bulk, a script's writes, undo, another process's SQL), what the store hands out equals what a scan
/// of the records gives, and it comes from the kept entry.
@Suite struct KeptColumnsTests {
    /// The orders as (customer id, day, amount, currency) rows: comparable whatever the ordinals.
    private func rows(_ orders: CustomerOrders, _ ids: IdIndex) -> [String] {
        (0..<orders.count).map { i in
            "\(ids.id(Int(orders.customer[i]))) \(orders.day[i]) \(orders.amount[i]) \(orders.currencies[Int(orders.currency[i])])"
        }
    }

    /// The customers' ids read apart from any kept entry.
    private func scannedIDs(_ store: SQLiteStore) throws -> IdIndex {
        var ids: [String] = []
        try store.scan(.customers, fields: ["id"]) { ids.append($0.string(0) ?? "") }
        var index = IdIndex()
        for id in ids.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) { index.insert(id) }
        return index
    }

    /// Whether entry `name` is kept at the current versions of `tables`.
    private func isKept(_ store: SQLiteStore, _ name: String, _ tables: [String]) throws -> Bool {
        try store.pool.read { db in
            let kept = try String.fetchOne(db, sql: "SELECT versions FROM kept_columns WHERE name = ?", arguments: [name])
            return kept != nil && kept == KeptColumns.versions(db, of: tables)
        }
    }

    /// The orders read twice (the second time from the entry the first kept) equal a scan's.
    private func expectOrdersAgree(_ store: SQLiteStore, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = rows(try store.scannedCustomerOrders(of: try scannedIDs(store)), try scannedIDs(store))
        for read in ["derived", "kept"] {
            let ids = try store.sortedIDs(.customers)
            #expect(ids.keptVersions != nil, "\(step), \(read)", sourceLocation: sourceLocation)
            #expect(rows(try store.customerOrders(of: ids), ids) == expected, "\(step), \(read)", sourceLocation: sourceLocation)
        }
        #expect(try isKept(store, SQLiteStore.keptCustomerOrders, ["customers", "orders"]), "\(step)", sourceLocation: sourceLocation)
        #expect(try isKept(store, SQLiteStore.keptCustomerIDs, ["customers"]), "\(step)", sourceLocation: sourceLocation)
    }

    @Test func keptOrdersFollowEveryWrite() throws {
        let f = try StoreFixture()
        try f.seed()
        let store = try #require(f.store as? SQLiteStore)
        _ = try store.importFile(.orders, file: f.file("orders.csv", """
            id,customer_id,ordered_on,amount,currency
            O1,C1,2025-03-01,100.5,CNY
            O2,C2,2025-04-01,20,USD
            O3,C3,2025-05-01,7,

            """))
        #expect(try isKept(store, SQLiteStore.keptCustomerOrders, ["customers", "orders"]), "kept by the import itself")
        try expectOrdersAgree(store, "small import")

        // A bulk import drops the table's triggers for its length and moves the version once.
        let many = (0..<25_000).map { "B\($0),C\($0 % 3 + 1),2025-06-\(String(format: "%02d", $0 % 28 + 1)),\($0 % 97)\n" }
        _ = try store.importFile(.orders, file: f.file("many.csv", "id,customer_id,ordered_on,amount\n" + many.joined()))
        try expectOrdersAgree(store, "bulk import")

        // A script's writes, then their undo.
        let changes = try store.writing(source: "test", limit: 100, dryRun: false) { writer in
            _ = try writer.upsert(.orders, ["id": .text("O1"), "customer_id": .text("C1"), "ordered_on": .text("2025-03-01"),
                                            "amount": .decimal(Decimal4(units: 2_000_000))], place: nil)
            _ = try writer.upsert(.orders, ["id": .text("O9"), "customer_id": .text("C3"), "ordered_on": .text("2025-07-01"),
                                            "amount": .decimal(Decimal4(units: 10_000))], place: nil)
            try writer.delete(.orders, id: "O2", place: nil)
        }
        try expectOrdersAgree(store, "script writes")
        let run = try #require(changes.run)
        _ = try store.writing(source: "undo", limit: 100, dryRun: false, undoes: run) { try store.undo(run: run, with: $0) }
        try expectOrdersAgree(store, "undo")

        // A new customer that sorts first moves every ordinal.
        _ = try store.importFile(.customers, file: f.file("c0.csv", "id,name\nC0,First\n"))
        try expectOrdersAgree(store, "customer added")

        // Another process, writing SQL as the sqlite3 shell would.
        let other = try #require(try f.openedAgain() as? SQLiteStore)
        try other.pool.write { db in
            try db.execute(sql: "UPDATE orders SET customer_id = 'C0' WHERE id = 'O3'")
            try db.execute(sql: "UPDATE orders SET amount_e4 = amount_e4 + 1 WHERE id = 'B7'")
        }
        try expectOrdersAgree(store, "another process's updates")
        try other.pool.write { db in
            try db.execute(sql: "UPDATE customers SET id = 'C9' WHERE id = 'C2'")
            try db.execute(sql: "DELETE FROM customers WHERE id = 'C3'")
        }
        try expectOrdersAgree(store, "customers renamed and deleted")
    }

    /// A fold of the kept orders a few at a time hands on what they hold, in parts; one that finds
    /// them malformed midway starts over from the orders derived again, not from the parts it folded.
    @Test func keptOrdersFoldInParts() throws {
        let f = try StoreFixture()
        try f.seed()
        let store = try #require(f.store as? SQLiteStore)
        _ = try store.importFile(.orders, file: f.file("orders.csv", """
            id,customer_id,ordered_on,amount,currency
            O1,C1,2025-03-01,100.5,CNY
            O2,C2,2025-04-01,20,USD
            O3,C3,2025-05-01,7,
            O4,C1,2025-06-01,3,CNY
            O5,C2,2025-07-01,4,CNY

            """))
        let ids = try store.sortedIDs(.customers)
        let expected = rows(try store.customerOrders(of: ids), ids)
        func fold() throws -> (parts: [Int], restarts: Int, rows: [String]) {
            var folded: (parts: [Int], rows: [String]) = ([], []), restarts = 0
            try store.foldCustomerOrders(of: ids, into: &folded, restart: { folded in
                folded = ([], [])
                restarts += 1
            }, partSize: 2) { folded, part in
                folded.parts.append(part.count)
                folded.rows += rows(part, ids)
            }
            return (folded.parts, restarts, folded.rows)
        }
        let kept = try fold()
        #expect(expected.count == 5 && kept.rows == expected && kept.parts == [2, 2, 1] && kept.restarts == 0)

        // The fourth kept order's customer ordinal out of range: the second part is malformed.
        try store.pool.write { db in
            let name = SQLiteStore.keptCustomerOrders
            var data = try #require(try Data.fetchOne(db, sql: "SELECT data FROM kept_columns WHERE name = ?", arguments: [name]))
            data.replaceSubrange(8 + 3 * 4 ..< 8 + 4 * 4, with: withUnsafeBytes(of: Int32.max) { Data($0) })
            try db.execute(sql: "UPDATE kept_columns SET data = ? WHERE name = ?", arguments: [data, name])
        }
        let malformed = try fold()
        #expect(malformed.restarts == 1 && malformed.parts == [5] && malformed.rows == expected)
        #expect(try fold().parts == [2, 2, 1], "kept again as derived")
    }

    /// A segmentation's latest tiers, kept by each saved run, equal the memberships' after runs that
    /// change many customers or few, and after another process's edit.
    @Test func keptTiersFollowEverySave() throws {
        let f = try StoreFixture()
        let customers = (0..<21_000).map { "K\($0),Customer \($0)\n" }
        let store = try #require(f.store as? SQLiteStore)
        _ = try store.importFile(.customers, file: f.file("customers.csv", "id,name\n" + customers.joined()))
        let ids = try store.sortedIDs(.customers)
        /// `keptBySave`: the save kept the tiers (else the first read derives and keeps them).
        func expectTiersAgree(_ step: String, keptBySave: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let expected = try store.scannedLatestTiers(segment: "tiers", of: try scannedIDs(store))
            #expect(try isKept(store, SQLiteStore.keptTiers("tiers"), ["customers", "segment_members"]) == keptBySave, "\(step)",
                    sourceLocation: sourceLocation)
            for read in ["first", "second"] {
                #expect(try store.latestTiers(segment: "tiers", of: try store.sortedIDs(.customers)) == expected, "\(step), \(read)",
                        sourceLocation: sourceLocation)
            }
            #expect(try isKept(store, SQLiteStore.keptTiers("tiers"), ["customers", "segment_members"]), "\(step)",
                    sourceLocation: sourceLocation)
        }
        func run(_ asOf: String) -> SegmentRunRecord {
            SegmentRunRecord(segment: "tiers", description: "", asOf: asOf, runAt: "2026-12-01T00:00:00Z", customers: ids.count, summary: "{}")
        }
        /// Saves a run of `changes` with the tiers after it, as a segmentation does: the tiers read before, moved.
        func save(_ asOf: String, after previous: Int64?, _ changes: [(customerID: String, tier: String)],
                  readBefore: LatestTiers? = nil) throws -> Int64 {
            var tiers = try readBefore ?? store.latestTiers(segment: "tiers", of: ids)
            for change in changes { if let c = ids.ordinal(of: change.customerID) { tiers.set(c, change.tier) } }
            return try store.saveSegmentRun(run(asOf), previousRun: previous, changes: TierChanges(changes), tiers: tiers)
        }
        let all = (0..<ids.count).map { (customerID: ids.id($0), tier: $0 % 3 == 0 ? "A" : "B") }
        // A segmentation never run has no tiers to keep: its first run keeps them once, when saved.
        #expect(try store.latestTiers(segment: "tiers", of: ids).names.isEmpty)
        #expect(try !isKept(store, SQLiteStore.keptTiers("tiers"), ["customers", "segment_members"]))
        let first = try save("2026-11-01", after: nil, all)
        try expectTiersAgree("first run, every customer")
        let stale = try store.latestTiers(segment: "tiers", of: ids)
        let second = try save("2026-11-02", after: first, [("K1", "C"), ("K20999", "A"), ("nobody", "A")])
        try expectTiersAgree("second run, a few")
        #expect(try store.latestTiers(segment: "tiers", of: ids).tier(ids.ordinal(of: "K1")!) == "C")

        // Tiers read before another run was saved are not kept with a later one: they miss its changes.
        let third = try save("2026-11-03", after: second, [("K2", "C")], readBefore: stale)
        try expectTiersAgree("a run saved with tiers read before the one before it", keptBySave: false)
        #expect(try store.latestTiers(segment: "tiers", of: ids).tier(ids.ordinal(of: "K1")!) == "C")

        let other = try #require(try f.openedAgain() as? SQLiteStore)
        try other.pool.write { db in
            try db.execute(sql: "DELETE FROM segment_members WHERE customer_id = 'K2' AND run_id = ?", arguments: [third])
        }
        try expectTiersAgree("another process's delete", keptBySave: false)
        #expect(try store.latestTiers(segment: "tiers", of: try store.sortedIDs(.customers)).tier(ids.ordinal(of: "K2")!) == "A")
    }

    /// The deals' stage entries, kept by the import and after every write, equal a scan's.
    @Test func keptStageEntriesFollowEveryWrite() throws {
        let f = try StoreFixture()
        try f.seed()
        let store = try #require(f.store as? SQLiteStore)
        _ = try store.importFile(.deals, file: f.file("deals.csv", """
            id,customer_id,owner_id,name,amount,stage,status,closed_on
            D1,C1,R1,Big,100,negotiation,open,
            D2,C2,R2,Small,20,won,won,2025-03-01
            D3,C3,,None,5,lead,lost,2025-04-01

            """))
        _ = try store.importFile(.dealStageHistory, file: f.file("history.csv", """
            deal_id,stage,entered_at
            D1,lead,2025-01-01T09:00:00
            D1,negotiation,2025-02-01T10:30:00
            D2,lead,2025-01-05
            D2,won,2025-03-01T08:00:00
            D3,lead,2025-02-02T00:00:00
            D3,lost,2025-04-01T12:00:00

            """))
        let tables = ["deals", "deal_stage_history"]
        #expect(try isKept(store, SQLiteStore.keptStageEntries, tables), "kept by the import itself")
        func expectAgree(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let expected = try store.scannedStageEntries(by: .rep)
            for read in ["derived", "kept"] {
                #expect(try store.stageEntries(by: .rep) == expected, "\(step), \(read)", sourceLocation: sourceLocation)
                #expect(try store.stageEntries(by: .company) == store.scannedStageEntries(by: .company), "\(step), \(read)",
                        sourceLocation: sourceLocation)
            }
            #expect(try isKept(store, SQLiteStore.keptStageEntries, tables), "\(step)", sourceLocation: sourceLocation)
        }
        try expectAgree("imports")
        #expect(try store.stageEntries(by: .rep).dealIDs == ["D1", "D2", "D3"])
        _ = try store.writing(source: "test", limit: 10, dryRun: false) { writer in
            _ = try writer.upsert(.deals, ["id": .text("D1"), "customer_id": .text("C1"), "owner_id": .text("R2"), "stage": .text("won"),
                                           "status": .text("won"), "closed_on": .text("2025-05-01")], place: nil)
        }
        try expectAgree("a deal won by a script")
        let other = try #require(try f.openedAgain() as? SQLiteStore)
        try other.pool.write { db in
            try db.execute(sql: "UPDATE deal_stage_history SET entered_at = '2025-01-02T09:00:00' WHERE deal_id = 'D1' AND stage = 'lead'")
            try db.execute(sql: "UPDATE deal_stage_history SET entered_at = 'not a time' WHERE deal_id = 'D3' AND stage = 'lost'")
        }
        try expectAgree("another process moves an entry")
        try other.pool.write { db in try db.execute(sql: "DELETE FROM deals WHERE id = 'D2'") }
        try expectAgree("another process deletes a deal")
        #expect(try store.stageEntries(by: .rep).dealIDs == ["D1", "D3"])
    }

    /// The deals, kept by the import and after every write, are picked as the deals query picks
    /// them; a date stored as a timestamp leaves ranges of days to the query.
    @Test func keptDealsFollowEveryWrite() throws {
        let f = try StoreFixture()
        try f.seed()
        let store = try #require(f.store as? SQLiteStore)
        _ = try store.importFile(.deals, file: f.file("deals.csv", """
            id,customer_id,owner_id,name,amount,currency,stage,status,created_on,expected_close_on,closed_on,forecast_category
            D1,C1,R1,Big,100.5,CNY,negotiation,open,2025-01-01,2025-06-30,,commit
            D2,C2,R2,Small,20,USD,won,won,2025-01-05,,2025-03-01,
            D3,C3,,None,,,lead,lost,2025-02-02,,2025-04-01,
            商机4,C1,R1,大单,7,,赢单,won,2024-12-31,,2025-12-31,best_case

            """))
        #expect(try isKept(store, SQLiteStore.keptDeals, ["deals"]), "kept by the import itself")
        func day(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }
        let selections: [DealSelection] = [
            .all, .open, .closed(day("2025-01-01"), day("2025-03-31")), .closed(day("2025-01-01"), day("2025-03-01")),
            .closed(day("2025-03-02"), day("2025-12-31")), .created(day("2025-01-01"), day("2025-01-31")),
            .closed(day("2025-04-01"), day("2025-03-31")),  // a period that starts after the as-of day
        ]
        func expectAgree(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            for grouping in [Grouping.rep, .company] {
                for selection in selections {
                    var expected: [DealRow] = []
                    try store.scanDeals(selection, by: grouping) { expected.append(DealRow($0)) }
                    #expect(try store.deals(selection, by: grouping) == expected, "\(step), \(selection), \(grouping)",
                            sourceLocation: sourceLocation)
                }
            }
            #expect(try isKept(store, SQLiteStore.keptDeals, ["deals"]), "\(step)", sourceLocation: sourceLocation)
        }
        try expectAgree("imports")
        #expect(try store.deals(.closed(day("2025-01-01"), day("2025-12-31")), by: .rep).map(\.id) == ["D2", "D3", "商机4"])
        _ = try store.writing(source: "test", limit: 10, dryRun: false) { writer in
            _ = try writer.upsert(.deals, ["id": .text("D1"), "customer_id": .text("C1"), "owner_id": .text("R1"), "stage": .text("proposal"),
                                           "status": .text("open"), "amount": .decimal(Decimal4(units: 2_000_000))], place: nil)
        }
        try expectAgree("a script changes a deal's amount and stage")
        #expect(try store.deals(.open, by: .rep).map { [$0.stage, "\($0.amount ?? 0)"] } == [["proposal", "2000000"]])
        let other = try #require(try f.openedAgain() as? SQLiteStore)
        try other.pool.write { db in
            try db.execute(sql: "UPDATE deals SET extra = json_set(coalesce(extra, '{}'), '$.forecast_category', 'pipeline') WHERE id = 'D2'")
            try db.execute(sql: "UPDATE deals SET currency = 'EUR', created_on = '2025-01-31' WHERE id = 'D3'")
        }
        try expectAgree("another process changes a custom field, a currency and a day")
        try other.pool.write { db in try db.execute(sql: "UPDATE deals SET closed_on = '2025-03-01T10:00:00' WHERE id = 'D2'") }
        try expectAgree("another process stores a timestamp")
        #expect(try store.dealColumns().datesAreDays == false)
        #expect(try store.deals(.closed(day("2025-01-01"), day("2025-03-01")), by: .rep).isEmpty, "the text is after the last day")
        try other.pool.write { db in try db.execute(sql: "DELETE FROM deals WHERE id = 'D2'") }
        try expectAgree("another process deletes a deal")
        #expect(try store.dealColumns().datesAreDays == true)
    }

    /// Ids read back whole make their hash table on the first lookup, once, whichever thread asks;
    /// a copy that grows makes its own.
    @Test func keptIdsAreLookedUpFromManyThreads() throws {
        let f = try StoreFixture()
        let store = try #require(f.store as? SQLiteStore)
        _ = try store.importFile(.customers, file: f.file("customers.csv", "id,name\n" + (0..<5_000).map { "K\($0),N\n" }.joined()))
        let ids = try store.sortedIDs(.customers)  // kept by the import: read back whole
        let expected = (0..<5_000).map { "K\($0)" }.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        let wrong = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for (ordinal, id) in expected.enumerated() where ordinal % 4 == worker && ids.ordinal(of: id) != ordinal {
                wrong.withLock { $0 += 1 }
            }
        }
        #expect(wrong.withLock { $0 } == 0)
        var grown = ids
        #expect(grown.insert("K9999999") == 5_000)
        #expect(grown.ordinal(of: "K42") == ids.ordinal(of: "K42"))
        #expect(ids.ordinal(of: "K9999999") == nil && ids.count == 5_000)
    }

    /// A rep's view of the store holds only their records: it neither reads nor keeps entries.
    @Test func aRepsViewKeepsNothing() throws {
        let f = try StoreFixture()
        try f.seed()
        _ = try f.store.sortedIDs(.customers)
        let view = try SQLiteStore.open(at: f.store.location, visibleTo: "R2", login: "ann")
        let ids = try view.sortedIDs(.customers)
        #expect(ids.keptVersions == nil)
        #expect((0..<ids.count).map { ids.id($0) } == ["C2"])
    }
}
