import CrescentStore
import Testing
@testable import CrescentCore

@Suite struct ScorecardTests {
    let card = Scorecard(name: "review", dimensions: [
        .init(name: "results", weight: 3, measures: [.init(kpi: "revenue", weight: 1, target: 1000), .init(kpi: "new_customers", weight: 1)]),
        .init(name: "speed", weight: 1, measures: [.init(kpi: "sales_cycle_days", target: 30, lowerIsBetter: true)]),
        .init(name: "teamwork", weight: 1, measures: []),
    ], ladder: [.init(level: "junior", promoteAt: 70, atRiskBelow: 40), .init(level: "mid", promoteAt: nil, atRiskBelow: 50)])

    let reps = [ScoredRep(id: "A", name: "Ann", team: "T1", level: "junior"), ScoredRep(id: "B", name: "Bo", team: "T1", level: "mid"),
                ScoredRep(id: "C", name: "Cai", team: "T2", level: "junior")]

    @Test func scoresAreWeightedMeansOfCappedRatiosAndPercentiles() throws {
        let values: [[[String: Double]]] = [
            [["A": 1500, "B": 500, "C": 250], ["A": 1, "B": 3, "C": 2]],
            [["A": 60, "B": 20]],  // C closed no deal: no value
            [],
        ]
        let scores = ScorecardScoring.score(card, reps: reps, values: values, targets: { _, _, _ in nil }, scripted: [2: ["A": 80, "B": 40]])
        let byID = Dictionary(uniqueKeysWithValues: scores.map { ($0.rep.id, $0) })
        // A: revenue 150% capped at 100; new customers lowest of three = percentile 0; results 50.
        // Cycle 60 days against 30 = 50. Teamwork 80. Total (3x50 + 50 + 80) / 5 = 56.
        let a = try #require(byID["A"])
        #expect(a.dimensions == [50, 50, 80] && a.total == 56 && a.verdict == "")
        // B: revenue 50, new customers best = 100 → 75; cycle 20 ≤ 30 → 100 capped; teamwork 40.
        // (225 + 100 + 40) / 5 = 73; a mid with no promotion bar.
        let b = try #require(byID["B"])
        #expect(b.dimensions == [75, 100, 40] && b.total == 73 && b.verdict == "")
        // C: revenue 25, new customers 50 → 37.5; no cycle and no teamwork score: left out, not 0.
        let c = try #require(byID["C"])
        #expect(c.dimensions == [37.5, nil, nil] && c.total == 37.5 && c.verdict == "at risk")
        #expect(scores.map(\.rep.id) == ["B", "A", "C"] && scores.map(\.rank) == [1, 2, 3])
        #expect(a.measures[0][1] == MeasureScore(value: 1, target: nil, score: 0))
    }

    @Test func aRepsOwnTargetIsUsedWhenTheMeasureHasNone() {
        let single = Scorecard(name: "s", dimensions: [.init(name: "results", weight: 1, measures: [.init(kpi: "revenue")])],
                               ladder: [.init(level: "junior", promoteAt: 70, atRiskBelow: nil), .init(level: "mid", promoteAt: nil, atRiskBelow: nil)])
        let scores = ScorecardScoring.score(single, reps: reps, values: [[["A": 900, "B": 100]]],
                                           targets: { _, _, rep in rep == "A" ? 1000 : nil }, scripted: [:])
        let a = scores.first { $0.rep.id == "A" }
        #expect(a?.total == 90 && a?.verdict == "ready for mid")
        // B has no target: ranked among the two reps with a value, last.
        #expect(scores.first { $0.rep.id == "B" }?.total == 0)
        #expect(scores.first { $0.rep.id == "C" }?.total == nil && scores.first { $0.rep.id == "C" }?.rank == nil)
    }
}
