import CrescentStore
import CrescentTestSupport
import Testing
@testable import CrescentCore

/// Every expected value is worked out by hand from SalesFixture.
@Suite struct KpiTests {
    /// The fixture on one backend, and its KPIs as of the end of 2024.
    struct Fixture {
        let fixture: SalesFixture
        let kpis: SalesKpis

        init(_ backend: Backend) throws {
            fixture = try SalesFixture(backend)
            kpis = try SalesKpis(store: fixture.store, asOf: day("2024-12-31"))
        }

        func values(_ kpi: BuiltinKpi, _ text: String, by grouping: Grouping = .company, _ options: KpiOptions = KpiOptions(),
                    asOf: String? = nil) throws -> KpiValues {
            let source = try asOf.map { try SalesKpis(store: fixture.store, asOf: day($0)) } ?? kpis
            return try source.values(kpi, period: period(text), by: grouping, options: options)
        }
    }

    @Test(arguments: Backend.available) func revenueConvertsCurrenciesAndGroups(_ backend: Backend) throws {
        let sales = try Fixture(backend)
        // Q1: O1 200 + O2 100 USD x 7.0 + O3 150 (29 February) + O8 10 (no rep).
        #expect(try sales.values(.revenue, "2024-Q1") == ["company": 1060])
        #expect(try sales.values(.revenue, "2024-Q1", by: .rep) == ["R1": 350, "R3": 700, "": 10])
        #expect(try sales.values(.revenue, "2024-Q1", by: .team) == ["T1": 350, "T2": 700, "": 10])
        #expect(try sales.values(.revenue, "2024-Q1", by: .region) == ["East": 360, "West": 700])
        #expect(try sales.values(.revenue, "2024-Q1", by: .industry) == ["retail": 360, "manufacturing": 700])
        #expect(try sales.values(.revenue, "2024-Q1", by: .product) == ["P1": 350, "P2": 700, "": 10])
        // The year adds O4 80 and O5 50 USD at the July rate 7.2.
        #expect(try sales.values(.revenue, "2024") == ["company": 1500])
        #expect(try sales.values(.revenue, "2024-02") == ["company": 350])
        #expect(try sales.values(.revenue, "2022").isEmpty)
        #expect(try sales.values(.orders, "2024-Q1") == ["company": 4])
        #expect(try sales.values(.avgOrderValue, "2024-Q1") == ["company": 265])
        // Only orders of P1 have a cost: O1 200 - 2 x 60, O3 150 - 60.
        #expect(try sales.values(.grossProfit, "2024-Q1", by: .rep) == ["R1": 170])
    }

    @Test(arguments: Backend.available) func customersNewActiveRetainedChurned(_ backend: Backend) throws {
        let sales = try Fixture(backend)
        // C1 ordered in 2023; C2 and C3 (through an order without a rep) first ordered in Q1 2024.
        #expect(try sales.values(.newCustomers, "2024-Q1", by: .rep) == ["R3": 1, "": 1])
        #expect(try sales.values(.activeCustomers, "2024-Q1") == ["company": 3])
        // 2023's customers were C1 (with R2) and C4 (with R3); only C1 ordered again in 2024.
        #expect(try sales.values(.retentionRate, "2024") == ["company": 0.5])
        #expect(try sales.values(.retentionRate, "2024", by: .rep) == ["R2": 1, "R3": 0])
        #expect(try sales.values(.churnedCustomers, "2024", by: .rep) == ["R2": 0, "R3": 1])
    }

    @Test(arguments: Backend.available) func dealsWonLostAndPipeline(_ backend: Backend) throws {
        let sales = try Fixture(backend)
        #expect(try sales.values(.winRate, "2024-Q1") == ["company": 0.5])
        #expect(try sales.values(.winRate, "2024-Q1", by: .rep) == ["R1": 1, "R3": 0])
        #expect(try sales.values(.avgDealSize, "2024-Q1") == ["company": 1000])
        // D1: 10 January to 10 March 2024 (a leap year); D4: 15 February to 10 April.
        #expect(try sales.values(.salesCycleDays, "2024-Q1") == ["company": 60])
        #expect(try sales.values(.salesCycleDays, "2024-Q2") == ["company": 55])
        // D3 is open in proposal (40%) and expected to close in May.
        #expect(try sales.values(.pipelineValue, "2024-Q2", by: .team) == ["T1": 2000])
        #expect(try sales.values(.weightedPipeline, "2024-Q2") == ["company": 800])
        // T1's Q1 target 1000, 350 reached by 31 March; D3 (2000) is expected to close in Q2, so Q1 has
        // no pipeline left. R1's Q1 target (400) is not reached either: coverage 0.
        let asOfQ1End = try SalesKpis(store: sales.fixture.store, asOf: day("2024-03-31"))
        #expect(try asOfQ1End.values(.pipelineCoverage, period: period("2024-Q1"), by: .team) == ["T1": 0])
        #expect(try asOfQ1End.values(.pipelineCoverage, period: period("2024-Q1"), by: .rep) == ["R1": 0])
        // The company's 2024 target is 4000, 1060 reached by 31 March; D3's 2000 covers 2000 / 2940.
        #expect(try asOfQ1End.values(.pipelineCoverage, period: period("2024"), by: .company) == ["company": 2000.0 / 2940.0])
        #expect(throws: StoreError.self) { try sales.values(.winRate, "2024", by: .product) }
    }

    @Test(arguments: Backend.available) func activitiesProposalsAndSatisfaction(_ backend: Backend) throws {
        let sales = try Fixture(backend)
        // A4 at 23:30 on 31 March is in Q1; A5 just after midnight is not.
        #expect(try sales.values(.activities, "2024-Q1", by: .rep) == ["R1": 2, "R2": 1, "R3": 1])
        #expect(try sales.values(.activities, "2024-Q1", by: .rep, KpiOptions(kind: "call")) == ["R1": 1, "R3": 1])
        #expect(try sales.values(.proposals, "2024-Q1") == ["company": 1])
        #expect(try sales.values(.satisfaction, "2024-Q1") == ["company": 3])
        #expect(try sales.values(.satisfaction, "2024-Q1", by: .region) == ["East": 4, "West": 2])
    }

    @Test(arguments: Backend.available) func attainmentAndPaceUseTargetsAndTheirParts(_ backend: Backend) throws {
        let sales = try Fixture(backend)
        // R1 has monthly targets 100 + 200 + 100 for Q1; R2 and R3 have none (absent, not 0).
        #expect(try sales.values(.quotaAttainment, "2024-Q1", by: .rep) == ["R1": 0.875])
        #expect(try sales.values(.quotaAttainment, "2024-Q1", by: .team) == ["T1": 0.35])
        #expect(try sales.values(.quotaAttainment, "2024") == ["company": 0.375])
        // As of 29 February, 60 of Q1's 91 days have passed and O2 (5 March) does not count yet.
        let pace = try #require(try sales.values(.pace, "2024-Q1", by: .rep, asOf: "2024-02-29")["R1"])
        #expect(abs(pace - 0.875 * 91 / 60) < 1e-12)
        #expect(try sales.values(.revenue, "2024-Q1", asOf: "2024-02-29") == ["company": 360])
    }

    @Test(arguments: Backend.available) func stageKpisNeedAStage(_ backend: Backend) throws {
        let sales = try Fixture(backend)
        // Entered lead in Q1: D1, D2, D3, D4; all but D4 (still in lead on 31 March) moved on.
        let asOfQ1End = try SalesKpis(store: sales.fixture.store, asOf: day("2024-03-31"))
        #expect(try asOfQ1End.values(.stageConversion, period: period("2024-Q1"), by: .company, options: KpiOptions(stage: "lead")) == ["company": 0.75])
        #expect(try asOfQ1End.values(.stageDwellDays, period: period("2024-Q1"), by: .company, options: KpiOptions(stage: "lead")) == ["company": 6])
        #expect(throws: StoreError.self) { try sales.values(.stageConversion, "2024") }
        #expect(throws: StoreError.self) { try sales.values(.stageConversion, "2024", KpiOptions(stage: "proposl")) }
    }

    @Test(arguments: Backend.available) func aMissingRateIsAnError(_ backend: Backend) throws {
        let sales = try Fixture(backend)
        let url = sales.fixture.folder.appendingPathComponent("eur.csv")
        try "id,customer_id,ordered_on,amount,currency\nO9,C1,2025-01-02,10,EUR\n".write(to: url, atomically: true, encoding: .utf8)
        _ = try sales.fixture.store.importFile(.orders, file: url.path)
        #expect(try sales.values(.revenue, "2024") == ["company": 1500])
        #expect(throws: MissingRate.self) { try sales.values(.revenue, "2025", asOf: "2025-12-31") }
    }

    @Test(arguments: Backend.available) func reportComparesRanksAndListsEveryRep(_ backend: Backend) throws {
        let sales = try Fixture(backend)  // kept: it owns the store for the test's length
        let kpis = sales.kpis
        let context = try KpiReport.Context(kpis: kpis, grouping: .rep)
        let report = try KpiReport(kpi: "revenue", unit: .money, period: period("2024-Q1"), asOf: kpis.asOf, grouping: .rep,
                                   comparisons: [.target, .yoy], ranked: true, context: context, targetMetric: "revenue") { p in
            try kpis.values(.revenue, period: p, by: .rep)
        }
        #expect(report.rows.map(\.key) == ["R3", "R1", "", "R2"])
        let r1 = try #require(report.rows.first { $0.key == "R1" })
        #expect(r1.label == "王伟" && r1.target == 400 && r1.attainment == 0.875 && r1.rank == 1 && r1.percentile == 100)
        let r2 = try #require(report.rows.first { $0.key == "R2" })
        // R2 sold 90 in Q1 2023 and nothing in Q1 2024, and has no target.
        #expect(r2.value == 0 && r2.target == nil && r2.attainment == nil && r2.yearBefore == 90 && r2.changeYoy == -1 && r2.rank == 2 && r2.percentile == 0)
        let json = JSONText.encode(report)
        #expect(jsonMatches(json, """
            {"kpi": "revenue", "period": "2024-Q1", "by": "rep", "unit": "money", "as_of": "\(kpis.asOf)", \
            "span": {"name": "2024-Q1", "from": "2024-01-01", "to": "2024-03-31", "days": 91, "to_date": false, "elapsed_share": 1.0000}, \
            "compared": {"year_before": {"name": "2023-Q1", "from": "2023-01-01", "to": "2023-03-31", "days": 90}}, \
            "rows": [{"key": "R3", "label": "李娜", "value": 700.00, "target": null, "target_rolled_up": false, \
            "attainment": null, "year_before": 0.00, "change_yoy": null, "team": "T2", "rank": 1, "percentile": 100.0}]}
            """), "\(json)")
    }
}
