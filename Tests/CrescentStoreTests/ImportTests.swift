import CrescentTestSupport
import Foundation
import Testing
@testable import CrescentStore

@Suite struct ImportTests {
    @Test(arguments: Backend.available) func importsAndReadsBack(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        #expect(try f.store.count(.customers) == 3)
        let c1 = try #require(try f.store.record(.customers, id: "C1"))
        #expect(c1["name"] == .text("上海明珠贸易有限公司"))
        #expect(c1["employees"] == .null)
        let p1 = try #require(try f.store.record(.products, id: "P1"))
        #expect(p1["cost"] == .decimal(Decimal4(parsing: "60.5")!))
        #expect(try f.store.count(.customers, where: ["region": .text("East")]) == 2)
    }

    @Test(arguments: Backend.available) func badRowLateInFileLeavesStoreUnchanged(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        var lines = ["id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency"]
        for i in 1...1500 { lines.append("O\(i),C1,R1,P1,2026-01-0\(i % 9 + 1),1,100.50,CNY") }
        lines.append("O9999,C2,R1,P1,2026-02-01,1,\"12,5O\",CNY")
        let path = try f.file("orders.csv", lines.joined(separator: "\n") + "\n")
        let report = try #require(f.rejectedImport(.orders, path))
        #expect(report.problems.map(\.description) == ["\(path):1502: amount: \"12,5O\" is not a number (use digits and a decimal point, at most 4 decimals)"])
        #expect(try f.store.count(.orders) == 0)
    }

    @Test(arguments: Backend.available) func listsUpToTwentyProblemsWithLinesAndColumns(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        var lines = ["id,customer_id,ordered_on,amount"]
        for i in 1...30 { lines.append("O\(i),C1,2026-13-01,\(i)") }
        lines.append("O31,NOPE,2026-01-01,x")
        let path = try f.file("orders.csv", lines.joined(separator: "\n"))
        let report = try #require(f.rejectedImport(.orders, path))
        #expect(report.problemCount == 32)
        #expect(report.problems.count == 20)
        #expect(report.problems[0].description == "\(path):2: ordered_on: \"2026-13-01\" is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)")
        #expect(report.problemSummary(.en).contains("... and 12 more problems"))
        #expect(report.problemSummary(.zh).contains("……另有 12 处问题"))
    }

    @Test(arguments: Backend.available) func missingReferencesAreReported(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        let path = try f.file("orders.csv", "id,customer_id,rep_id,product_id,ordered_on,amount\nO1,C1,R1,P1,2026-01-01,5\nO2,C404,R9,P1,2026-01-02,5\n")
        let report = try #require(f.rejectedImport(.orders, path))
        #expect(report.problems.map(\.description) == [
            "\(path):3: customer_id: \"C404\" is not a known customers id",
            "\(path):3: rep_id: \"R9\" is not a known reps id",
        ])
        #expect(try f.store.count(.orders) == 0)
    }

    @Test(arguments: Backend.available) func selfReferencesMayPointLaterInTheFile(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        let ok = try f.file("teams.csv", "id,name,parent_id\nT2,South,T0\nT0,HQ,\n")
        #expect(try f.store.importFile(.teams, file: ok).rows == 2)
        let bad = try f.file("teams2.csv", "id,name,parent_id\nT3,North,T404\n")
        #expect(throws: StoreError.self) { try f.store.importFile(.teams, file: bad) }
    }

    @Test(arguments: Backend.available) func byteOrderMarkCRLFQuotesAndNewlinesInFields(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        let text = "id,customer_id,name,title,email\r\nK1,C1,\"Li, Na\",\"Head of \"\"Ops\"\"\",li@example.com\r\nK2,C2,\"Multi\r\nLine\",CEO,\r\nK3,C3,佐藤 花子,部長,\r\n"
        let path = try f.fileBytes("contacts.csv", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let report = try f.store.importFile(.contacts, file: path)
        #expect(report.rows == 3)
        #expect(try f.store.record(.contacts, id: "K1")?["name"] == .text("Li, Na"))
        #expect(try f.store.record(.contacts, id: "K1")?["title"] == .text("Head of \"Ops\""))
        #expect(try f.store.record(.contacts, id: "K2")?["name"] == .text("Multi\r\nLine"))
        #expect(try f.store.record(.contacts, id: "K3")?["name"] == .text("佐藤 花子"))
    }

    @Test(arguments: Backend.available) func lineNumbersCountLinesInsideQuotedFields(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        let path = try f.file("contacts.csv", "id,customer_id,name\nK1,C1,\"two\nlines\"\nK2,C9,x\n")
        let report = try #require(f.rejectedImport(.contacts, path))
        #expect(report.problems.first?.line == 4)
    }

    @Test(arguments: Backend.available) func upsertByIdUpdatesInPlace(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        _ = try f.store.importFile(.customers, file: f.file("c2.csv", "id,name,region,tier_note\nC2,Acme Corporation,North,key account\nC4,New One,South,\n"))
        #expect(try f.store.count(.customers) == 4)
        let c2 = try #require(try f.store.record(.customers, id: "C2"))
        #expect(c2["name"] == .text("Acme Corporation"))
        #expect(c2["region"] == .text("North"))
        #expect(c2["industry"] == .text("manufacturing"), "columns absent from the file are kept")
        #expect(c2["tier_note"] == .text("key account"))
    }

    @Test(arguments: Backend.available) func customFieldsAreKeptAndFilterable(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        _ = try f.store.importFile(.customers, file: f.file("c.csv", "id,name,wechat_id,vip\nC1,上海明珠贸易有限公司,mz_2024,yes\n"))
        #expect(try f.store.customFields(of: .customers) == ["vip", "wechat_id"])
        #expect(try f.store.count(.customers, where: ["vip": .text("yes")]) == 1)
        let error = #expect(throws: StoreError.self) { try f.store.count(.customers, where: ["wechat": .text("x")]) }
        #expect(error?.description == "unknown field 'wechat' of customers (did you mean 'wechat_id'?)")
    }

    @Test(arguments: Backend.available) func missingRequiredColumnSuggestsAMap(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        let path = try f.file("teams.csv", "team_id,name\nT1,x\n")
        let error = #expect(throws: StoreError.self) { try f.store.importFile(.teams, file: path) }
        #expect(error?.description.contains("required column 'id' is missing") == true)
        let mapped = try f.store.importFile(.teams, file: path, options: ImportOptions(renames: ["team_id": "id"]))
        #expect(mapped.rows == 1)
    }

    @Test(arguments: Backend.available) func dryRunWritesNothing(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        let path = try f.file("teams.csv", "id,name\nT1,x\nT2,y\n")
        let report = try f.store.importFile(.teams, file: path, options: ImportOptions(dryRun: true))
        #expect(report.rows == 2)
        #expect(try f.store.count(.teams) == 0)
    }

    @Test(arguments: Backend.available) func targetsCheckTheirScope(_ backend: Backend) throws {
        let f = try StoreFixture(backend)
        try f.seed()
        let path = try f.file("targets.csv", "scope,scope_id,metric,period,value\ncompany,,revenue,2027,1200000\nteam,T1,revenue,2027-Q1,300000.50\nrep,R404,revenue,2027-01,1\nteam,T1,revenue,2027-Q5,1\n")
        let report = try #require(f.rejectedImport(.targets, path))
        #expect(report.problems.map(\.description) == [
            "\(path):4: scope_id: \"R404\" is not a known reps id",
            "\(path):5: period: \"2027-Q5\" is not a period (2026, 2026-Q3, 2026-07, 2026-W27 or 2026-01-01..2026-03-31)",
        ])
    }
}
