/// How a scorecard scores reps (docs/scorecards.md):
/// - a measure with a target (its own, or the rep's target for the KPI) scores
///   100 × value / target, at most 100 (target / value when lower is better);
/// - a measure without one scores the rep's percentile among the reps with a value;
/// - a dimension is the weighted mean of its measures with a score, a total the weighted mean of
///   the dimensions with a score: a missing value is left out, never counted as 0.
public enum ScorecardScoring {
    /// Scores every rep. `values[d][m]` are measure m of dimension d per rep; `targets(d, m, rep)` the
    /// rep's target for a measure without its own; `scripted[d]` the scores of a scripted dimension.
    public static func score(_ card: Scorecard, reps: [ScoredRep], values: [[[String: Double]]],
                             targets: (Int, Int, String) -> Double?, scripted: [Int: [String: Double]]) -> [RepScore] {
        var scores = reps.map { rep -> RepScore in
            var measureScores: [[MeasureScore]] = []
            var dimensionScores: [Double?] = []
            for (d, dimension) in card.dimensions.enumerated() {
                if dimension.measures.isEmpty {
                    measureScores.append([])
                    dimensionScores.append(scripted[d]?[rep.id].map { min(100, max(0, $0)) })
                    continue
                }
                let measured = dimension.measures.enumerated().map { m, measure -> MeasureScore in
                    let value = values[d][m][rep.id]
                    let target = measure.target ?? targets(d, m, rep.id)
                    guard let value else { return MeasureScore(value: nil, target: target, score: nil) }
                    if let target, target > 0 {
                        let ratio = measure.lowerIsBetter ? (value > 0 ? target / value : 1) : value / target
                        return MeasureScore(value: value, target: target, score: min(100, max(0, 100 * ratio)))
                    }
                    return MeasureScore(value: value, target: nil, score: percentile(value, among: Array(values[d][m].values), lowerIsBetter: measure.lowerIsBetter))
                }
                measureScores.append(measured)
                dimensionScores.append(weightedMean(zip(dimension.measures.map(\.weight), measured.map(\.score))))
            }
            let total = weightedMean(zip(card.dimensions.map(\.weight), dimensionScores))
            return RepScore(rep: rep, measures: measureScores, dimensions: dimensionScores, total: total, rank: nil,
                            ladder: verdict(card.ladder, level: rep.level, total: total))
        }
        let totals = scores.compactMap(\.total)
        for i in scores.indices {
            if let total = scores[i].total { scores[i].rank = totals.filter { $0 > total }.count + 1 }
        }
        return scores.sorted { ($0.rank ?? .max, $0.rep.id) < ($1.rank ?? .max, $1.rep.id) }
    }

    /// 100 × the share of the other values this one beats (100 when it is the only one).
    static func percentile(_ value: Double, among values: [Double], lowerIsBetter: Bool) -> Double {
        guard values.count > 1 else { return 100 }
        let beaten = values.filter { lowerIsBetter ? $0 > value : $0 < value }.count
        return 100 * Double(beaten) / Double(values.count - 1)
    }

    static func weightedMean(_ pairs: some Sequence<(Double, Double?)>) -> Double? {
        var sum = 0.0, weights = 0.0
        for (weight, score) in pairs {
            guard let score else { continue }
            sum += weight * score
            weights += weight
        }
        return weights > 0 ? sum / weights : nil
    }

    /// Ready for the next level, at risk, or staying (also when the rep's level has no rung or the rep has no score).
    static func verdict(_ ladder: [Scorecard.Rung], level: String, total: Double?) -> LadderVerdict {
        guard let total, let index = ladder.firstIndex(where: { $0.level == level }) else { return .stay }
        let rung = ladder[index]
        if let floor = rung.atRiskBelow, total < floor { return .atRisk }
        if let bar = rung.promoteAt, total >= bar, index + 1 < ladder.count { return .readyFor(ladder[index + 1].level) }
        return .stay
    }
}
