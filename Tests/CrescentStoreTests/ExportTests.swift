import CrescentTestSupport
import Foundation
import Testing
@testable import CrescentStore

@Suite struct ExportTests {
    @Test(arguments: Backend.available) func cjkNamesRoundTripThroughImportAndExport(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        let csv = try f.exported(.customers)
        #expect(csv.hasPrefix("id,name,industry,employees,region,owner_id,created_on,source,status\n"))
        #expect(csv.contains("C1,上海明珠贸易有限公司,retail,,East,R1,2024-01-15,,\n"))
        let other = try StoreFixture(backend)
        _ = try other.store.importFile(.teams, file: other.file("t.csv", "id,name\nT1,x\n"))
        _ = try other.store.importFile(.reps, file: other.file("r.csv", "id,name,team_id\nR1,a,T1\nR2,b,T1\n"))
        _ = try other.store.importFile(.customers, file: other.file("c.csv", csv))
        #expect(try other.exported(.customers) == csv)
    }

    @Test(arguments: Backend.available) func decimalsAreExact(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        _ = try f.store.importFile(.orders, file: f.file("o.csv", "id,customer_id,ordered_on,amount\nO1,C1,2026-01-01,0.1\nO2,C1,2026-01-01,0.2\nO3,C1,2026-01-01,1234567.8901\n"))
        let csv = try f.exported(.orders)
        #expect(csv.contains("O1,C1,,,2026-01-01,,0.1,\n"))
        #expect(csv.contains("O3,C1,,,2026-01-01,,1234567.8901,\n"))
    }

    @Test(arguments: Backend.available) func jsonAndJsonLines(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        _ = try f.store.importFile(.teams, file: f.file("t.csv", "id,name,slogan\nT1,\"Say \"\"hi\"\"\",冲\nT2,B,\n"))
        #expect(try f.exported(.teams, .jsonl) == """
            {"id":"T1","name":"Say \\"hi\\"","region":null,"parent_id":null,"manager_id":null,"slogan":"冲"}
            {"id":"T2","name":"B","region":null,"parent_id":null,"manager_id":null,"slogan":null}

            """)
        let json = try f.exported(.teams, .json)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?.first?["slogan"] as? String == "冲")
    }
}
