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
        #expect(try store.migrations() == ["v1: entities", "v2: segment runs", "v3: period indexes", "v4: alerts", "v5: text in byte order", "v6: stored order index",
                                           "v7: store time zone", "v8: audit trail", "v9: tasks", "v10: notifications", "v11: schedule runs", "v12: records created by imports",
                                           "v13: orders by day with their amounts",
                                           "v14: forecast adjustments and customer value models", "v15: forecast snapshots",
                                           "v16: kept columns", "v17: kept stage entries", "v18: kept deals",
                                           "v19: first runs' memberships unindexed by run", "v20: membership rows by segmentation number"])
    }

    /// Imports check like the SQLite store's, go in with COPY, upsert by key (the last row wins),
    /// keep custom fields, and store nothing of a file with a bad row.
    @Test func importsAreCheckedCopiedAndAllOrNothing() throws {
        let store = try PostgresStore(url: Self.url)
        try store.initialize(baseCurrency: "CNY")
        let tag = "T" + UUID().uuidString.prefix(8)
        func csv(_ text: String) -> [UInt8] { Array(text.utf8) }
        let teams = try store.count(.teams)
        let report = try store.importCSV(.teams, bytes: csv("id,name,region,slogan\n\(tag)a,华东\t一组,East,\"We \\ win\"\n\(tag)b,West,West,\n\(tag)a,华东一组,East,快\n"),
                                         fileName: "teams.csv")
        #expect(report.rows == 3 && report.customFields == ["slogan"])
        #expect(try store.count(.teams) == teams + 2)
        #expect(try store.customFields(of: .teams).contains("slogan"))
        // The last row of tag-a won; its custom field merged into the one stored before.
        #expect(try store.record(.teams, id: "\(tag)a") == Record(entity: .teams, values: [
            "id": .text("\(tag)a"), "name": .text("华东一组"), "region": .text("East"), "parent_id": .null, "manager_id": .null],
            custom: ["slogan": "快"]))
        #expect(try store.record(.teams, id: "\(tag)b")?.custom == [:])
        _ = try store.importCSV(.teams, bytes: csv("id,name\n\(tag)c,\"a\tb \\ c\"\n"), fileName: "t.csv")
        #expect(try store.record(.teams, id: "\(tag)c")?.values["name"] == .text("a\tb \\ c"))  // COPY escapes kept the text
        let bad = #expect(throws: StoreError.self) {
            try store.importCSV(.reps, bytes: csv("id,name,team_id,level\n\(tag)r1,王伟,\(tag)a,senior\n\(tag)r2,Ann,\(tag)zz,wizard\n"), fileName: "reps.csv")
        }
        #expect(bad?.description.contains("reps.csv:3: level: \"wizard\" is not one of junior, mid, senior") == true)
        #expect(bad?.description.contains("reps.csv:3: team_id:") == true)
        let reps = try store.count(.reps)
        _ = try store.importCSV(.reps, bytes: csv("id,name,team_id\n\(tag)r1,王伟,\(tag)a\n"), fileName: "reps.csv", options: ImportOptions(dryRun: true))
        #expect(try store.count(.reps) == reps)  // a dry run stores nothing
        _ = try store.importCSV(.reps, bytes: csv("id,name,team_id,level,hired_on\n\(tag)r1,王伟,\(tag)a,senior,2024-03-01\n\(tag)r2,Ann,\(tag)b,,\n"),
                                fileName: "reps.csv")
        #expect(try store.count(.reps) == reps + 2)
        #expect(try store.find(.reps, where: ["team_id": .text("\(tag)a")]).map { $0.values["name"] } == [.text("王伟")])
        #expect(try store.find(.reps, where: ["team_id": .text("\(tag)b"), "level": .null]).count == 1)
        #expect(try store.find(.teams, where: ["slogan": .text("快")]).contains { $0.values["id"] == .text("\(tag)a") })
        #expect(try store.names(of: .reps)["\(tag)r1"] == "王伟" && store.repTeams()["\(tag)r2"] == "\(tag)b")
        #expect(throws: StoreError.self) { try store.find(.reps, where: ["leve": .text("mid")]) }
        // Targets: saved, replaced, listed with a year before its quarters; an unknown rep refused whole.
        let year = Period(parsing: "2031")!, q1 = Period(parsing: "2031-Q1")!
        try store.saveTargets([Target(scope: .rep("\(tag)r1"), metric: "revenue", period: q1, value: Decimal4(parsing: "10.5")!),
                               Target(scope: .rep("\(tag)r1"), metric: "revenue", period: year, value: Decimal4(40))], source: "test")
        try store.saveTargets([Target(scope: .rep("\(tag)r1"), metric: "revenue", period: q1, value: Decimal4(12))], source: "test")
        let mine = try store.targets(metric: "revenue").filter { $0.scope == .rep("\(tag)r1") }
        #expect(mine.map(\.period.description) == ["2031", "2031-Q1"] && mine.map(\.value.description) == ["40", "12"])
        #expect(throws: StoreError.usage(Message("scope.unknown", ["kind": "rep", "id": "nobody"]))) {
            try store.saveTargets([Target(scope: .rep("\(tag)r1"), metric: "orders", period: year, value: Decimal4(1)),
                                   Target(scope: .rep("nobody"), metric: "orders", period: year, value: Decimal4(1))], source: "test")
        }
        #expect(try store.targets(metric: "orders").filter { $0.scope == .rep("\(tag)r1") }.isEmpty)
    }
}

extension PostgresStoreTests {
    /// An alert is raised once, seen again without being raised, closed when gone, acknowledged.
    @Test func alertsFollowTheirConditions() throws {
        let store = try PostgresStore(url: Self.url)
        let rule = "rule-" + UUID().uuidString.prefix(8)
        func alert(_ key: String) -> RaisedAlert {
            RaisedAlert(rule: rule, key: key, severity: "warning", subject: "subject \(key)", message: "", owner: nil, data: "{\"n\": 1}")
        }
        let first = try store.recordAlertRun(asOf: "2026-06-01", ran: [rule], emitted: [alert("a"), alert("b")], deliver: true)
        #expect(first.map(\.key).sorted() == ["a", "b"] && first.allSatisfy { $0.status == "open" && $0.delivery == "pending" })
        #expect(try store.recordAlertRun(asOf: "2026-06-02", ran: [rule], emitted: [alert("a")], deliver: false).isEmpty)
        let mine = try store.alerts(.all).filter { $0.rule == rule }
        #expect(mine.first { $0.key == "b" }?.status == "closed" && mine.first { $0.key == "a" }?.seenOn == "2026-06-02")
        #expect(try store.acknowledgeAlerts(key: "a", rule: rule).count == 1)
        #expect(try store.alerts(.open).filter { $0.rule == rule }.isEmpty)
        let pending = try store.pendingDeliveries().filter { $0.rule == rule }
        try store.recordDelivery(id: pending[0].id, sent: true)
        #expect(try store.pendingDeliveries().filter { $0.rule == rule }.count == pending.count - 1)
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
        #expect(throws: StoreError.usage(Message("postgres.bad_url", ["url": "mysql://x@y/z"]))) {
            _ = try PostgresStore(url: "mysql://x@y/z")
        }
    }
}
