import CrescentTestSupport
import Foundation
import Testing
@testable import CrescentStore

/// A SQLite store opened as a rep sees what the rep would see on a shared server: their records,
/// their teams' when they manage some (sub-teams too), and what hangs off them; they write only
/// the acknowledgement of an alert they see.
struct SQLiteVisibilityTests {
    /// Team T1 (managed by M1) with sub-team T3; R2 in T2; a customer, an order and an alert each.
    func fixture() throws -> (StoreFixture, path: String) {
        let fixture = try StoreFixture()
        let store = fixture.store
        _ = try store.importFile(.teams, file: fixture.file("teams.csv", "id,name,region,manager_id,parent_id\nT1,East,East,M1,\nT2,West,West,,\nT3,Sub,East,,T1\n"))
        _ = try store.importFile(.reps, file: fixture.file("reps.csv", "id,name,team_id\nM1,马经理,T1\nR1,王伟,T1\nR2,Ann,T2\nR3,Sam,T3\n"))
        _ = try store.importFile(.customers, file: fixture.file("customers.csv", "id,name,owner_id\nC1,A,R1\nC2,B,R2\nC3,C,R3\nC4,D,M1\n"))
        _ = try store.importFile(.orders, file: fixture.file("orders.csv", """
            id,customer_id,rep_id,ordered_on,amount,currency
            O1,C1,R1,2026-02-01,100,CNY
            O2,C2,R2,2026-02-02,200,CNY
            O3,C3,R3,2026-02-03,400,CNY
            O4,C4,M1,2026-02-04,800,CNY

            """))
        let sqlite = try #require(store as? SQLiteStore)
        try sqlite.write { db in
            for (key, owner) in [("O1", "R1"), ("O2", "R2")] {
                try db.execute(sql: """
                    INSERT INTO alerts(rule, key, severity, subject, message, owner, status, raised_on, raised_at, seen_on)
                    VALUES ('order', ?, 'info', ?, '', ?, 'open', '2026-02-05', '2026-02-05', '2026-02-05')
                    """,
                               arguments: [key, "order " + key, owner])
            }
        }
        return (fixture, sqlite.path)
    }

    func ids(_ store: SQLiteStore, _ entity: Entity) throws -> [String] {
        try store.find(entity, where: [:], limit: nil).compactMap { $0["id"]?.text }
    }

    @Test func aRepSeesTheirOwnAndAManagerTheirTeams() throws {
        let (fixture, path) = try fixture()
        let rep = try SQLiteStore.open(at: path, visibleTo: "R1", login: "r1")
        #expect(try ids(rep, .customers) == ["C1"] && ids(rep, .orders) == ["O1"] && ids(rep, .reps) == ["R1"] && ids(rep, .teams) == ["T1"])
        let manager = try SQLiteStore.open(at: path, visibleTo: "M1", login: "m1")
        #expect(try ids(manager, .customers) == ["C1", "C3", "C4"] && ids(manager, .teams) == ["T1", "T3"])
        #expect(try manager.consistentRead { try ids(manager, .orders) } == ["O1", "O3", "O4"])
        #expect(try ids(try #require(fixture.store as? SQLiteStore), .customers) == ["C1", "C2", "C3", "C4"])

        // Alerts: a rep acknowledges their own, not another's; nothing else is written.
        #expect(try rep.alerts(.notClosed).map(\.key) == ["O1"])
        #expect(try rep.acknowledgeAlerts(key: "O2", rule: nil).isEmpty)
        #expect(try rep.acknowledgeAlerts(key: "O1", rule: nil).map(\.key) == ["O1"])
        let all = try #require(fixture.store as? SQLiteStore).alerts(.notClosed)
        #expect(all.map { "\($0.key) \($0.status)" }.sorted() == ["O1 acked", "O2 open"])
        #expect(throws: StoreError.self) { try rep.write { db in try db.execute(sql: "UPDATE customers SET owner_id = 'R1'") } }
        #expect(throws: StoreError.self) { try rep.write { db in try db.execute(sql: "UPDATE alerts SET status = 'open'") } }
        #expect(throws: StoreError.self) { try rep.write { db in try db.execute(sql: "DELETE FROM meta") } }
        #expect(try rep.baseCurrency() == "CNY")  // what everyone reads stays whole
    }

    /// Memberships are rows numbered by segmentation behind the `segment_members` view (v20): a rep
    /// sees those of their customers through either, and writes neither.
    @Test func aRepSeesTheMembershipsOfTheirCustomers() throws {
        let (fixture, path) = try fixture()
        let run = SegmentRunRecord(segment: "等级", description: "", asOf: "2026-02-10", runAt: "", customers: 4, summary: "{}")
        _ = try fixture.store.saveSegmentRun(run, previousRun: nil, changes: [("C1", "A"), ("C2", "B"), ("C3", "A"), ("C4", "C")])
        let rep = try SQLiteStore.open(at: path, visibleTo: "R1", login: "r1")
        #expect(try rep.currentMembers(segment: "等级").map(\.customerID) == ["C1"])
        #expect(try rep.read { db in try String.fetchAll(db, sql: "SELECT customer_id FROM segment_member_rows") } == ["C1"])
        #expect(try rep.read { db in try String.fetchAll(db, sql: "SELECT name FROM segmentations") } == ["等级"])
        #expect(throws: StoreError.self) { try rep.write { db in try db.execute(sql: "DELETE FROM segment_members") } }
        #expect(throws: StoreError.self) { try rep.write { db in try db.execute(sql: "DELETE FROM segmentations") } }
        #expect(try fixture.store.currentMembers(segment: "等级").count == 4)
    }
}
