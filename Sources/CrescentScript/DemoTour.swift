import CrescentCore
import CrescentReport
import CrescentStore
import Foundation

/// The demo's tour of a store, as `crescent demo` shows it after building the company: the
/// example scripts, the segmentations (saved), then this year's revenue, pace and custom KPIs, the
/// funnel, this quarter's forecast, and last quarter's commissions and scorecards (the customer value
/// models are fitted before the segmentations, which may read their fields). Each step is handed to `show` as it
/// comes, so the command line, the REPL or a web page lay it out alike.
public struct DemoTour {
    /// One step of the tour: the command that shows the same, and what it shows.
    public enum Step {
        /// A script of the scripts folder is about to run (it prints as it goes).
        case script(path: String)
        /// A result, and the command line that gives it.
        case result(command: String, any ReportResult)
        /// The scripts folder is not there: only the built-in results are shown.
        case noScripts(folder: String)
    }

    public let scripts: String
    public let environment: ScriptEnvironment
    public let store: any RecordStore

    public init(scripts: String, environment: ScriptEnvironment, store: any RecordStore) {
        self.scripts = scripts
        self.environment = environment
        self.store = store
    }

    /// Loads `company` into the store, table by table; `loaded` hears each entity's row count.
    public static func load(_ company: DemoCompany, into store: any RecordStore, progress: @escaping (Double) -> Void,
                            loaded: (Entity, Int) -> Void) throws {
        let tables = company.tables()
        for (index, (entity, csv)) in tables.enumerated() {
            let report = try store.importCSV(entity, bytes: Array(csv.utf8), fileName: "demo/\(entity.rawValue).csv",
                                             options: ImportOptions()) { fraction in
                progress((Double(index) + fraction) / Double(tables.count))
            }
            loaded(entity, report.rows)
        }
    }

    /// Whether `store` may be replaced by a demo: it holds a previous demo, or nothing.
    public static func checkReplaceable(_ store: any RecordStore) throws(StoreError) {
        let isDemo = try store.meta("demo") == "1", isEmpty = try store.count(.customers) == 0
        guard isDemo || isEmpty else { throw .usage(Message("demo.real_data", ["store": store.location])) }
    }

    /// Runs the tour.
    public func run(_ show: (Step) throws -> Void) throws {
        if FileManager.default.fileExists(atPath: scripts) {
            for path in ScriptEnvironment.luaFiles(in: scripts) {
                try show(.script(path: path))
                _ = try ScriptRun(environment: environment).run(path: path, arguments: [environment.asOf.description], store: store)
            }
        } else {
            try show(.noScripts(folder: scripts))
        }
        // The customer value models first: segmentations may tier by clv_12m and p_alive.
        let model = try ClvModel.fit(store: store, asOf: environment.asOf, calibrationEnd: environment.asOf, unit: .week)
        try model.save(to: store)
        try show(.result(command: "crescent clv fit", ClvResult(model: model)))
        for path in ScriptEnvironment.luaFiles(in: scripts + "/segments") {
            try show(.result(command: "crescent segment run \(path)",
                             try SegmentEvaluation.run(scriptPath: path, environment: environment, store: store, dryRun: false)))
        }
        try showPerformance(show)
    }

    /// This year's KPIs and funnel; commissions and reviews of the last quarter that is over.
    private func showPerformance(_ show: (Step) throws -> Void) throws {
        let catalog = try KpiCatalog(store: store, environment: environment)
        let year = Period.year(environment.asOf.year)
        var kpis: [(String, Grouping, [KpiComparison], String)] = [
            ("revenue", .team, [.target, .yoy], "--compare target --compare yoy"),
            ("pace", .rep, [], "--rank"),
        ]
        if catalog.all.contains(where: { $0.name == "revenue_per_visit" }) {
            kpis.append(("revenue_per_visit", .team, [.previous], "--compare previous"))
        }
        for (name, grouping, comparisons, flags) in kpis {
            let report = try catalog.report(name, period: year, by: grouping, comparisons: comparisons, ranked: flags == "--rank",
                                            options: KpiOptions())
            try show(.result(command: "crescent kpi \(name) --period \(year) --by \(grouping.rawValue) \(flags)", report))
        }
        let funnel = try FunnelRun(environment: environment, store: store).report(period: year)
        try show(.result(command: "crescent funnel --period \(year)", funnel))
        let current = Period.quarter(environment.asOf.year, (environment.asOf.month + 2) / 3)
        let forecast = try ForecastRun(environment: environment, store: store).report(period: current, by: .team)
        try show(.result(command: "crescent forecast --period \(current) --by team", ForecastResult(report: forecast, currency: try store.baseCurrency())))
        let quarter = environment.asOf == current.end ? current : current.previous
        let currency = try store.baseCurrency()
        for path in ScriptEnvironment.luaFiles(in: scripts + "/plans") {
            let run = try CommissionRun(scriptPath: path, environment: environment, store: store)
            var report = CommissionReport(plan: run.plan, period: quarter, asOf: environment.asOf, currency: currency,
                                          statements: try run.statements(period: quarter))
            report.detailed = false  // the tour shows each rep's total; `commission run` shows the lines
            try show(.result(command: "crescent commission run \(path) --period \(quarter)", report))
        }
        for path in ScriptEnvironment.luaFiles(in: scripts + "/scorecards") {
            let run = try ScorecardRun(scriptPath: path, environment: environment, store: store)
            let scores = ScorecardReport(card: run.card, period: quarter, asOf: environment.asOf, scores: try run.scores(period: quarter))
            try show(.result(command: "crescent scorecard \(path) --period \(quarter)", scores))
        }
    }
}
