import ArgumentParser
import CrescentCore
import CrescentPostgres
import CrescentScript
import CrescentStore
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo company in a store, then run the shipped example scripts on it.",
        discussion: """
            The demo company has four regional teams, reps on junior/mid/senior levels, products, customers with \
            several years of orders, deals with their stage history, activities, targets and surveys. The same \
            --seed and --as-of give the same company. An existing store is replaced only if it was itself made \
            by `crescent demo`.
            """
    )

    @Option(help: ArgumentHelp("How many customers to generate.", valueName: "n"))
    var customers = 2_000

    @Option(help: ArgumentHelp("Random seed: the same seed gives the same company.", valueName: "n"))
    var seed: UInt64 = 42

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The last day of the generated history (default: today).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(help: ArgumentHelp("The folder of example scripts to run afterwards.", valueName: "dir"))
    var scripts = "scripts"

    @OptionGroup var languageOption: LanguageOption
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (1...5_000_000).contains(customers) else { throw ValidationError("--customers: must be between 1 and 5000000") }
        if let asOf, CalendarDate(parsing: asOf) == nil { throw ValidationError("--as-of: '\(asOf)' is not a date (YYYY-MM-DD)") }
    }

    func run() throws {
        try reportingFailures {
            let day = asOf.flatMap { CalendarDate(parsing: $0) } ?? CalendarDate.today()
            let store = try freshStore()
            let company = DemoCompany(customers: customers, seed: seed, asOf: day)
            let progress = ProgressBar("generating the demo company")
            progress.update(0)
            let tables = company.tables()
            for (index, (entity, csv)) in tables.enumerated() {
                let report = try store.importCSV(entity, bytes: Array(csv.utf8), fileName: "demo/\(entity.rawValue).csv", options: ImportOptions()) { fraction in
                    progress.update((Double(index) + fraction) / Double(tables.count))
                }
                progress.finish()
                print("\(entity.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(report.rows)")
                progress.update(Double(index + 1) / Double(tables.count))
            }
            progress.finish()
            print("demo company as of \(day) is in \(store.location)\n")
            let environment = ScriptEnvironment(definitionsFolder: scripts, asOf: day, language: languageOption.language)
            try runExampleScripts(store: store, environment: environment)
            try runSegmentations(store: store, environment: environment)
            try showPerformance(store: store, environment: environment)
        }
    }

    /// A new store at the location, replacing one only when it holds a previous demo.
    private func freshStore() throws(StoreError) -> any RecordStore {
        let location = storeOptions.location
        if storeOptions.isServer {
            let server = try PostgresStore(url: location)
            try refuseRealData(in: server)
            try server.erase()
        } else if FileManager.default.fileExists(atPath: location) {
            try refuseRealData(in: try SQLiteStore.open(at: location))
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) }
        }
        let store = try storeOptions.create(baseCurrency: "CNY", timeZone: "Asia/Shanghai")  // the demo company is in China
        try store.setMeta("demo", "1")
        return store
    }

    private func refuseRealData(in store: any RecordStore) throws(StoreError) {
        let isDemo = try store.meta("demo") == "1", isEmpty = try store.count(.customers) == 0
        guard isDemo || isEmpty else {
            throw .usage("\(store.location) holds data that `crescent demo` did not make; pass --store with another location")
        }
    }

    /// This year's revenue by team against target and last year, revenue per visit by rep, and the funnel.
    private func showPerformance(store: any RecordStore, environment: ScriptEnvironment) throws {
        let catalog = try KpiCatalog(store: store, environment: environment)
        let year = Period.year(environment.asOf.year)
        let currency = try store.baseCurrency()
        let kpis: [(String, Grouping, [KpiComparison], String)] = [
            ("revenue", .team, [.target, .yoy], "--compare target --compare yoy"),
            ("pace", .rep, [], "--rank"),
        ] + (catalog.all.contains { $0.name == "revenue_per_visit" } ? [("revenue_per_visit", .team, [.previous], "--compare previous")] : [])
        for (name, grouping, comparisons, flags) in kpis {
            print("== crescent kpi \(name) --period \(year) --by \(grouping.rawValue) \(flags)")
            let report = try catalog.report(name, period: year, by: grouping, comparisons: comparisons, ranked: flags == "--rank", options: KpiOptions())
            print(report.document(environment.language).rendered(.table))
        }
        print("== crescent funnel --period \(year)")
        let funnel = try FunnelRun(environment: environment, store: store).report(period: year)
        print(funnel.document(environment.language).rendered(.table))
        // Commissions and reviews are for the last quarter that is over.
        let current = Period.quarter(environment.asOf.year, (environment.asOf.month + 2) / 3)
        let quarter = environment.asOf == current.end ? current : current.previous
        for path in ScriptEnvironment.luaFiles(in: scripts + "/plans") {
            print("== crescent commission run \(path) --period \(quarter)")
            let run = try CommissionRun(scriptPath: path, environment: environment, store: store)
            var report = CommissionReport(plan: run.plan, period: quarter, asOf: environment.asOf, currency: currency,
                                          statements: try run.statements(period: quarter))
            report.detailed = false  // the tour shows each rep's total; `commission run` shows the lines
            print(report.document(environment.language).rendered(.table))
        }
        for path in ScriptEnvironment.luaFiles(in: scripts + "/scorecards") {
            print("== crescent scorecard \(path) --period \(quarter)")
            let run = try ScorecardRun(scriptPath: path, environment: environment, store: store)
            print(ScorecardReport(card: run.card, period: quarter, asOf: environment.asOf, scores: try run.scores(period: quarter))
                .document(environment.language).rendered(.table))
        }
    }

    /// Runs and saves every segmentation of `scripts/segments/`, printing each summary.
    private func runSegmentations(store: any RecordStore, environment: ScriptEnvironment) throws {
        for path in ScriptEnvironment.luaFiles(in: scripts + "/segments") {
            print("== crescent segment run \(path)")
            print(try SegmentEvaluation.run(scriptPath: path, environment: environment, store: store, save: true)
                .document(environment.language).rendered(.table))
        }
    }

    /// Runs every `*.lua` directly in the scripts folder, in name order, with the as-of date as argument.
    private func runExampleScripts(store: any RecordStore, environment: ScriptEnvironment) throws {
        guard FileManager.default.fileExists(atPath: scripts) else {
            printNote("(no \(scripts)/ folder here: run the demo from the Crescent folder to see the example scripts)")
            return
        }
        for path in ScriptEnvironment.luaFiles(in: scripts) {
            print("== \(path)")
            fflush(nil)
            try ScriptRun(environment: environment).run(path: path, arguments: [environment.asOf.description], store: store)
            print("")
        }
    }
}
