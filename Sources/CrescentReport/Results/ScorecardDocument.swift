import CrescentCore
import CrescentStore

/// The JSON form of `crescent scorecard --format json` (docs/scorecards.md), which is also the list
/// `crm.scores` returns (its `reps`): `{"scorecard", "period", "as_of", "reps": [{"rep", "name", "team",
/// "level", "score", "rank", "ladder", "dimensions": [{"name", "weight", "score", "measures": [{"kpi",
/// "value", "target", "score"}]}]}]}`; scores to 2 decimals, `ladder` in English.
extension ScorecardReport: Encodable {
    private enum Keys: String, CodingKey { case scorecard, period, asOf = "as_of", reps }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(card.name, forKey: .scorecard)
        try c.encode(period.description, forKey: .period)
        try c.encode(asOf.description, forKey: .asOf)
        try c.encode(reps, forKey: .reps)
    }

    /// Each rep's scores, as JSON and Lua read them.
    public var reps: [RepEncoding] { scores.map { RepEncoding(card: card, score: $0) } }

    public struct RepEncoding: Encodable {
        let card: Scorecard
        let score: RepScore

        private enum Keys: String, CodingKey { case rep, name, team, level, score, rank, ladder, dimensions }
        private enum DimensionKeys: String, CodingKey { case name, weight, score, measures }
        private enum MeasureKeys: String, CodingKey { case kpi, value, target, score }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(score.rep.id, forKey: .rep)
            try c.encode(score.rep.name, forKey: .name)
            try c.encode(score.rep.team, forKey: .team)
            try c.encode(score.rep.level, forKey: .level)
            try c.encode(Rounded(score.total, places: 2), forKey: .score)
            try c.encode(score.rank, forKey: .rank)
            try c.encode(score.verdict, forKey: .ladder)
            var dimensions = c.nestedUnkeyedContainer(forKey: .dimensions)
            for (d, dimension) in card.dimensions.enumerated() {
                var item = dimensions.nestedContainer(keyedBy: DimensionKeys.self)
                try item.encode(dimension.name, forKey: .name)
                try item.encode(Rounded(dimension.weight, places: 2), forKey: .weight)
                try item.encode(Rounded(score.dimensions[d], places: 2), forKey: .score)
                var measures = item.nestedUnkeyedContainer(forKey: .measures)
                for (m, measure) in dimension.measures.enumerated() where d < score.measures.count && m < score.measures[d].count {
                    let scored = score.measures[d][m]
                    var entry = measures.nestedContainer(keyedBy: MeasureKeys.self)
                    try entry.encode(measure.kpi, forKey: .kpi)
                    try entry.encode(Rounded(scored.value, places: 2), forKey: .value)
                    try entry.encode(Rounded(scored.target, places: 2), forKey: .target)
                    try entry.encode(Rounded(scored.score, places: 2), forKey: .score)
                }
            }
        }
    }
}

/// A scorecard review for people: every rep's dimension scores, total, rank and place on the ladder.
extension ScorecardReport: ReportResult {
    public static let resultName = "scores"

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        var columns = [ReportColumn(name: words.t("by.rep"), kind: .text, key: "rep"), ReportColumn(name: words.t("kpi.name"), kind: .text, key: "name"),
                       ReportColumn(name: words.t("by.team"), kind: .text, key: "team"),
                       ReportColumn(name: words.t("scorecard.level"), kind: .text, key: "level")]
        columns += card.dimensions.map { ReportColumn(name: $0.label, kind: .number, key: $0.name) }
        columns += [ReportColumn(name: words.t("scorecard.score"), kind: .number, key: "score"),
                    ReportColumn(name: words.t("kpi.rank"), kind: .integer, key: "rank"),
                    ReportColumn(name: words.t("scorecard.ladder"), kind: .text, key: "ladder")]
        let rows = scores.map { s -> [ReportValue] in
            [.text(s.rep.id), .text(s.rep.name), .text(s.rep.team), .code(s.rep.level, label: words.level(s.rep.level))]
                + s.dimensions.map { $0.map { .number($0) } ?? .empty }
                + [s.total.map { .number($0) } ?? .empty, s.rank.map { .number(Double($0)) } ?? .empty,
                   .code(s.verdict, label: words.ladder(s.ladder))]
        }
        var blocks: [ReportBlock] = []
        if !card.description.isEmpty { blocks.append(.text(card.description)) }
        blocks.append(.table(ReportTable(columns: columns, rows: rows)))
        return ReportDocument(name: "scorecard", title: words.t("scorecard.title", ["card": card.name]),
                              parameters: [(words.t("kpi.period"), words.period(period))], currency: "", asOf: asOf.description,
                              language: language, blocks: blocks)
    }
}

extension Words {
    /// A level of the junior/mid/senior ladder: Crescent's own levels have names in each language.
    public func level(_ level: String) -> String { has("levels.\(level)") ? t("levels.\(level)") : level }

    /// The ladder's verdict on a rep.
    public func ladder(_ verdict: LadderVerdict) -> String {
        switch verdict {
        case .stay: return ""
        case .atRisk: return t("scorecard.at_risk")
        case .readyFor(let next): return t("scorecard.ready_for", ["level": level(next)])
        }
    }
}
