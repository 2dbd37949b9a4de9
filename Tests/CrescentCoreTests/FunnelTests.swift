import CrescentStore
import CrescentTestSupport
import Testing
@testable import CrescentCore

@Suite struct FunnelTests {
    @Test(arguments: Backend.available) func stagesCountSkipsAsPassedWithoutDwell(_ backend: Backend) throws {
        let fixture = try SalesFixture(backend)
        let kpis = try SalesKpis(store: fixture.store, asOf: day("2024-03-31"))
        let report = try FunnelReport(kpis: kpis, period: period("2024-Q1"))
        let byStage = Dictionary(uniqueKeysWithValues: report.stages.map { ($0.stage, $0) })
        // lead: D1 5 days, D2 10, D3 3 (D4 has not left). contacted: D1 10, D3 16 (D2 skipped it).
        // qualified: D1 16, D2 19 until lost (D3 skipped it). proposal: D1 10 (D3 still there). negotiation: D1 19.
        let expected: [(String, Int, Int, Double?, Double?)] = [
            ("lead", 4, 3, 6, 5), ("contacted", 3, 3, 13, 13), ("qualified", 3, 2, 17.5, 17.5),
            ("proposal", 2, 1, 10, 10), ("negotiation", 1, 1, 19, 19), ("won", 1, 0, nil, nil),
        ]
        for (stage, entered, converted, mean, median) in expected {
            let stats = try #require(byStage[stage])
            #expect(stats.entered == entered && stats.converted == converted, "\(stage)")
            #expect(stats.meanDwellDays == mean && stats.medianDwellDays == median, "\(stage)")
        }
        #expect(byStage["won"]?.conversion == nil)
        // D4 is still in lead on 31 March (it is won on 10 April), 45 days in a 14-day stage.
        #expect(report.stalled.map(\.deal) == ["D4"] && byStage["lead"]?.stalled == 1)
        #expect(report.won == 1 && report.lost == 1 && report.winRate == 0.5 && report.salesCycleDays == 60 && report.avgWonDealSize == 1000)
        #expect(report.openDealCount == 1 && report.pipelineValue == 2000 && report.weightedPipeline == 800)
        #expect(report.velocityPerDay.map { abs($0 - 1 * 0.5 * 1000 / 60) < 1e-9 } == true)
        #expect(report.bottleneck == nil)  // fewer than 5 deals per stage
        let team = try FunnelReport(kpis: kpis, period: period("2024-Q1"), scope: .team("T2"))
        #expect(team.stages[0].entered == 2 && team.lost == 1 && team.won == 0)
    }

    @Test func bottleneckIsTheStageFurthestFromItsConfiguration() throws {
        func stats(_ stage: String, _ entered: Int, _ converted: Int, expected: Double, median: Double, max: Double) -> StageStats {
            StageStats(stage: stage, entered: entered, converted: converted, expectedConversion: expected, meanDwellDays: median,
                       medianDwellDays: median, maxDwellDays: max, stalled: 0)
        }
        let slow = [stats("lead", 100, 70, expected: 0.6, median: 3, max: 14), stats("proposal", 50, 20, expected: 0.5, median: 10, max: 30)]
        let proposal = try #require(FunnelReport.bottleneck(slow))
        #expect(proposal == .init(stage: "proposal", measure: .conversion, value: 0.4, expected: 0.5))
        #expect(proposal.reason.description == "conversion 40% against 50% expected" && proposal.reason.text(.zh) == "转化率 40%，低于预期的 50%")
        let stuck = [stats("lead", 100, 70, expected: 0.6, median: 30, max: 14), stats("proposal", 50, 20, expected: 0.5, median: 10, max: 30)]
        let lead = try #require(FunnelReport.bottleneck(stuck))
        #expect(lead == .init(stage: "lead", measure: .dwell, value: 30, expected: 14))
        #expect(lead.reason.description == "median dwell 30.0 days against a maximum of 14.0")
        #expect(FunnelReport.bottleneck([stats("lead", 100, 70, expected: 0.6, median: 3, max: 14)]) == nil)
    }
}
