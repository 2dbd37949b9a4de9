import CrescentCore
@testable import CrescentPostgres
import CrescentStore
import Foundation
import Testing

/// The same files imported into a SQLite store and a fresh PostgreSQL database give the same
/// aggregates, query by query.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CRESCENT_TEST_POSTGRES"] != nil,
                "CRESCENT_TEST_POSTGRES is not set: no PostgreSQL server for these tests (.ci/postgres start)"))
struct SameAnswersTests {
    static let files: [(Entity, String)] = [
        (.teams, "id,name,region\nT1,华东,East\nT2,West,West\n"),
        (.reps, "id,name,team_id\nR1,王伟,T1\nR2,Ann,T1\nR3,李娜,T2\n"),
        (.products, "id,name,category,cost\nP1,Widget,software,60\nP2,Gadget,hardware,\n"),
        (.customers, "id,name,region,industry,owner_id\nC1,上海,East,retail,R1\nC2,Acme,West,finance,R3\nC3,東京,East,retail,R2\n"),
        (.fxRates, "currency,rate_to_base,valid_from\nUSD,7.0,2024-01-01\n"),
        (.orders, """
            id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency
            O1,C1,R1,P1,2024-02-10,2,200,
            O2,C2,R3,P2,2024-03-05,1,100,USD
            O3,C1,R1,P1,2024-02-29,1,150,
            O4,C3,R2,P2,2024-05-20,1,80.25,
            O5,C3,,,2024-01-05,1,10,

            """),
        (.deals, "id,customer_id,owner_id,amount,stage,status,created_on,expected_close_on,closed_on\nD1,C1,R1,1000,won,won,2024-01-10,2024-03-31,2024-03-10\nD2,C2,R3,500,lost,lost,2024-02-01,2024-04-30,2024-03-01\nD3,C3,R2,2000,proposal,open,2024-03-01,2024-05-15,\n"),
        (.activities, "id,rep_id,customer_id,kind,occurred_at\nA1,R1,C1,call,2024-01-12T10:00\nA2,R1,C1,visit,2024-02-01T10:00\nA3,R3,C2,call,2024-03-31T23:30\n"),
        (.surveys, "customer_id,rep_id,score,responded_on\nC1,R1,4,2024-02-01\nC2,R3,2,2024-03-15\n"),
    ]

    @Test func aggregatesAgreeOnBothBackends() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("same-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try SQLiteStore.create(at: folder.appendingPathComponent("s.db").path, baseCurrency: "CNY")
        let url = try PostgresStore.createDatabase("same_" + UUID().uuidString.prefix(8).lowercased(),
                                                   on: ProcessInfo.processInfo.environment["CRESCENT_TEST_POSTGRES"]!)
        let postgres = try PostgresStore(url: url)
        try postgres.initialize(baseCurrency: "CNY")
        for (entity, csv) in Self.files {
            let bytes = Array(csv.utf8)
            #expect(try sqlite.importCSV(entity, bytes: bytes, fileName: "\(entity).csv").rows
                    == postgres.importCSV(entity, bytes: bytes, fileName: "\(entity).csv").rows)
        }
        let from = CalendarDate(parsing: "2024-01-01")!, to = CalendarDate(parsing: "2024-06-30")!
        func sorted<T>(_ rows: [T], by key: (T) -> String) -> [String] { rows.map(key).sorted() }
        func line(_ total: OrderTotal) -> String {
            "\(total.key ?? "-") \(total.currency) \(total.day?.description ?? "") \(total.orders) \(total.amount) \(total.costedAmount) \(total.cost)"
        }
        for grouping in Grouping.allCases {
            for costs in [true, false] {
                #expect(sorted(try sqlite.orderTotals(from: from, to: to, by: grouping, costs: costs), by: line)
                        == sorted(try postgres.orderTotals(from: from, to: to, by: grouping, costs: costs), by: line), "\(grouping) \(costs)")
            }
            #expect(sorted(try sqlite.orderingCustomers(from: from, to: to, by: grouping)) { "\($0.key ?? "-") \($0.customer)" }
                    == sorted(try postgres.orderingCustomers(from: from, to: to, by: grouping)) { "\($0.key ?? "-") \($0.customer)" })
            #expect(sorted(try sqlite.firstOrders(from: from, to: to, by: grouping)) { "\($0.key ?? "-") \($0.customer)" }
                    == sorted(try postgres.firstOrders(from: from, to: to, by: grouping)) { "\($0.key ?? "-") \($0.customer)" })
            guard grouping != .product else { continue }
            for selection in [DealSelection.closed(from, to), .open, .created(from, to), .all] {
                #expect(try sqlite.deals(selection, by: grouping).map { "\($0.id) \($0.key ?? "-") \($0.amount ?? -1) \($0.closedOn?.description ?? "")" }
                        == postgres.deals(selection, by: grouping).map { "\($0.id) \($0.key ?? "-") \($0.amount ?? -1) \($0.closedOn?.description ?? "")" })
            }
            for kind in [nil, "call"] {
                #expect(sorted(try sqlite.activityCounts(from: from, to: to, kind: kind, by: grouping)) { "\($0.key ?? "-") \($0.count)" }
                        == sorted(try postgres.activityCounts(from: from, to: to, kind: kind, by: grouping)) { "\($0.key ?? "-") \($0.count)" })
            }
            #expect(sorted(try sqlite.surveyScores(from: from, to: to, by: grouping)) { "\($0.key ?? "-") \($0.responses) \($0.total)" }
                    == sorted(try postgres.surveyScores(from: from, to: to, by: grouping)) { "\($0.key ?? "-") \($0.responses) \($0.total)" })
        }
        #expect(try sqlite.orderLines(from: from, to: to).map { "\($0.id) \($0.amount)" } == postgres.orderLines(from: from, to: to).map { "\($0.id) \($0.amount)" })
        #expect(try sqlite.orderTotals(from: from, to: to, by: .company, costs: true).count == 2)  // CNY, and USD on its day
        // Segmentation's order facts: scanned on SQLite; on PostgreSQL summed by the server (USD
        // converted by day) while the tables have no statistics, and scanned as on SQLite once
        // ANALYZE shows fewer than two orders per customer (5 orders, 3 customers).
        for grouped in [true, false] {
            if !grouped { _ = try postgres.link.query("ANALYZE orders, customers") }
            let sink: (ScanRow) throws -> Void = { _ in }
            #expect(try postgres.customerOrderTotals(since: CalendarDate(parsing: "2024-01-01")!, asOf: CalendarDate(parsing: "2024-12-31")!,
                                                     totals: sink, foreign: sink) == grouped)
            for day in ["2024-02-29", "2025-03-04"] {
                let asOf = CalendarDate(parsing: day)!
                let local = try CustomerFacts(store: sqlite, asOf: asOf), shared = try CustomerFacts(store: postgres, asOf: asOf)
                for name in ["revenue_12m", "orders_12m", "revenue_total", "orders_total", "first_order_on", "last_order_on", "m_score"] {
                    let a = try #require(try local.column(name)), b = try #require(try shared.column(name))
                    #expect((0..<local.count).map(a) == (0..<shared.count).map(b), "\(name) as of \(day), grouped by the server: \(grouped)")
                }
            }
        }
    }
}
