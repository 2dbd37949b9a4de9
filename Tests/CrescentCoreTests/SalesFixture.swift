import CrescentStore
import CrescentTestSupport
import Foundation

/// A company small enough to check every KPI by hand (the expected values in the tests are
/// worked out in their comments). Base currency CNY; USD converts at 7.0 from 2024-01-01 and
/// 7.2 from 2024-07-01. On either backend: the PostgreSQL store computes the aggregates on the
/// server, so the same hand-worked values check its queries too.
final class SalesFixture {
    let folder: URL
    private let testStore: TestStore
    var store: any RecordStore { testStore.store }

    init(_ backend: Backend) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("crescent-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        testStore = try TestStore(backend, in: folder, baseCurrency: "CNY")
        let tables: [(Entity, String)] = [
            (.teams, "id,name,region\nT1,华东一组,East\nT2,West team,West\n"),
            (.reps, "id,name,team_id,level\nR1,王伟,T1,senior\nR2,Ann Lee,T1,junior\nR3,李娜,T2,mid\n"),
            (.products, "id,name,list_price,cost\nP1,Widget,100,60\nP2,Gadget,50,\n"),
            (.customers, """
                id,name,industry,region,owner_id
                C1,上海明珠,retail,East,R1
                C2,Acme,manufacturing,West,R3
                C3,東京商事,retail,East,R2
                C4,Delta,finance,West,R3

                """),
            (.fxRates, "currency,rate_to_base,valid_from\nUSD,7.0,2024-01-01\nUSD,7.2,2024-07-01\n"),
            (.orders, """
                id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency
                O1,C1,R1,P1,2024-02-10,2,200,
                O2,C2,R3,P2,2024-03-05,1,100,USD
                O3,C1,R1,P1,2024-02-29,1,150,CNY
                O4,C3,R2,P2,2024-05-20,1,80,
                O5,C2,R3,P1,2024-08-01,3,50,USD
                O6,C1,R2,P1,2023-03-01,1,90,
                O7,C4,R3,,2023-11-15,1,500,
                O8,C3,,,2024-01-05,1,10,

                """),
            (.deals, """
                id,customer_id,owner_id,amount,currency,stage,status,created_on,expected_close_on,closed_on
                D1,C1,R1,1000,,won,won,2024-01-10,2024-03-31,2024-03-10
                D2,C2,R3,500,USD,lost,lost,2024-02-01,2024-04-30,2024-03-01
                D3,C3,R2,2000,,proposal,open,2024-03-01,2024-05-15,
                D4,C4,R3,300,,won,won,2024-02-15,2024-04-30,2024-04-10

                """),
            (.dealStageHistory, """
                deal_id,stage,entered_at
                D1,lead,2024-01-10T09:00:00
                D1,contacted,2024-01-15T09:00:00
                D1,qualified,2024-01-25T09:00:00
                D1,proposal,2024-02-10T09:00:00
                D1,negotiation,2024-02-20T09:00:00
                D1,won,2024-03-10T09:00:00
                D2,lead,2024-02-01T09:00:00
                D2,qualified,2024-02-11T09:00:00
                D2,lost,2024-03-01T09:00:00
                D3,lead,2024-03-01T09:00:00
                D3,contacted,2024-03-04T09:00:00
                D3,proposal,2024-03-20T09:00:00
                D4,lead,2024-02-15T09:00:00
                D4,won,2024-04-10T09:00:00

                """),
            (.activities, """
                id,rep_id,customer_id,kind,occurred_at
                A1,R1,C1,call,2024-01-12T10:00:00
                A2,R1,C1,visit,2024-02-01T10:00:00
                A3,R2,C3,proposal,2024-03-21T10:00:00
                A4,R3,C2,call,2024-03-31T23:30:00
                A5,R3,C2,call,2024-04-01T00:10:00

                """),
            (.surveys, "customer_id,rep_id,score,responded_on\nC1,R1,4,2024-02-01\nC2,R3,2,2024-03-15\nC3,R2,5,2024-04-02\n"),
            (.targets, """
                scope,scope_id,metric,period,value
                company,,revenue,2024,4000
                team,T1,revenue,2024-Q1,1000
                rep,R1,revenue,2024-01,100
                rep,R1,revenue,2024-02,200
                rep,R1,revenue,2024-03,100

                """),
        ]
        for (entity, csv) in tables {
            let url = folder.appendingPathComponent("\(entity.rawValue).csv")
            try Data(csv.utf8).write(to: url)
            _ = try store.importFile(entity, file: url.path)
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

func day(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }
func period(_ text: String) -> Period { Period(parsing: text)! }
