import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore

struct ScorecardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "Score every rep over several weighted dimensions, rank them and apply the sales ladder.",
        discussion: """
            Scorecard scripts return crm.scorecard{...}; see docs/scorecards.md and scripts/scorecards/. \
            Scores run from 0 to 100; a rep without data for a measure is scored on the others.
            """
    )

    @Argument(help: ArgumentHelp("The scorecard script.", valueName: "script.lua"))
    var script: String

    @OptionGroup var periodOption: PeriodOption

    @Option(help: "Output format: table, csv or json.")
    var format: ListFormat = .table

    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                let run = try ScorecardRun(scriptPath: script, environment: limitOptions.environment(asOf: asOfOption.day), store: store)
                let period = periodOption.period(asOf: asOfOption.day)
                let text = ScorecardText(card: run.card, period: period, asOf: asOfOption.day, scores: try run.scores(period: period))
                print(format == .json ? text.json() : text.render(format), terminator: "")
            }
        }
    }
}

/// Scorecard results as a table, CSV or JSON.
struct ScorecardText {
    let card: Scorecard
    let period: Period
    let asOf: CalendarDate
    let scores: [RepScore]

    func render(_ format: ListFormat) -> String {
        let raw = format == .csv
        func score(_ value: Double?) -> String { value.map { raw ? String(format: "%.1f", $0) : thousands($0, decimals: 1) } ?? "" }
        let headers = ["rep", "name", "team", "level"] + card.dimensions.map(\.name) + ["score", "rank", "ladder"]
        if raw {
            return ([CSVWriter.line(headers)] + scores.map { s in
                CSVWriter.line([s.rep.id, s.rep.name, s.rep.team, s.rep.level] + s.dimensions.map(score) + [score(s.total), s.rank.map(String.init) ?? "", s.verdict])
            }).joined()
        }
        var table = TextTable(headers, rightAligned: Set(4..<(headers.count - 1)))
        for s in scores {
            table.add([s.rep.id, s.rep.name, s.rep.team, s.rep.level] + s.dimensions.map(score) + [score(s.total), s.rank.map(String.init) ?? "", s.verdict])
        }
        return "Scorecard \"\(card.name)\", \(period), as of \(asOf)\n\n" + table.render()
    }

    func json() -> String {
        func n(_ value: Double?) -> String { JSONText.fixed(value, decimals: 2) }
        let items = scores.map { s in
            let dimensions = card.dimensions.enumerated().map { d, dimension in
                let measures = dimension.measures.enumerated().map { m, measure in
                    let ms = s.measures[d][m]
                    return "{\"kpi\": \(JSONText.string(measure.kpi)), \"value\": \(n(ms.value)), \"target\": \(n(ms.target)), \"score\": \(n(ms.score))}"
                }
                return "{\"name\": \(JSONText.string(dimension.name)), \"weight\": \(n(dimension.weight)), \"score\": \(n(s.dimensions[d])), "
                    + "\"measures\": [\(measures.joined(separator: ", "))]}"
            }
            return "{\"rep\": \(JSONText.string(s.rep.id)), \"name\": \(JSONText.string(s.rep.name)), \"team\": \(JSONText.string(s.rep.team)), "
                + "\"level\": \(JSONText.string(s.rep.level)), \"score\": \(n(s.total)), \"rank\": \(s.rank.map(String.init) ?? "null"), "
                + "\"ladder\": \(JSONText.string(s.verdict)), \"dimensions\": [\(dimensions.joined(separator: ", "))]}"
        }
        return "{\"scorecard\": \(JSONText.string(card.name)), \"period\": \"\(period)\", \"reps\": [\(items.joined(separator: ", "))]}\n"
    }
}
