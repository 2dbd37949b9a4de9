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

    @OptionGroup var output: OutputOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            try storeOptions.consistentRead { store in
                let environment = limitOptions.environment(asOf: asOfOption.day, language: output.language)
                let run = try ScorecardRun(scriptPath: script, environment: environment, store: store)
                let period = periodOption.period(asOf: asOfOption.day)
                try output.emit(ScorecardReport(card: run.card, period: period, asOf: asOfOption.day, scores: try run.scores(period: period)))
            }
        }
    }
}
