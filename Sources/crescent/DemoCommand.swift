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

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (1...5_000_000).contains(customers) else { throw usageError("demo.usage.customers") }
        if let asOf, CalendarDate(parsing: asOf) == nil { throw usageError("usage.not_a_date", ["option": "--as-of", "value": asOf]) }
    }

    func run() throws {
        try reportingFailures {
            let day = asOf.flatMap { CalendarDate(parsing: $0) } ?? CalendarDate.today()
            let store = try freshStore()
            let progress = ProgressBar(say("demo.generating"))
            progress.update(0)
            try DemoTour.load(DemoCompany(customers: customers, seed: seed, asOf: day), into: store, progress: progress.update) { entity, rows in
                progress.finish()
                print("\(entity.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(rows)")
            }
            progress.finish()
            print(say("demo.ready", ["day": day.description, "store": store.location]) + "\n")
            let environment = ScriptEnvironment(definitionsFolder: scripts, asOf: day, language: storeOptions.language)
            var afterScript = false  // a script's output ends with a blank line
            try DemoTour(scripts: scripts, environment: environment, store: store).run { step in
                if afterScript { print("") }
                afterScript = false
                switch step {
                case .script(let path):
                    print("== \(path)")
                    fflush(nil)  // the script prints on its own
                    afterScript = true
                case .result(let command, let result):
                    print("== \(command)")
                    print(result.rendered(.table, language: storeOptions.language))
                case .noScripts(let folder):
                    printNote(say("demo.no_scripts", ["folder": folder]))
                }
            }
        }
    }

    /// A new store at the location, replacing one only when it holds a previous demo.
    private func freshStore() throws(StoreError) -> any RecordStore {
        let location = storeOptions.location
        if storeOptions.isServer {
            let server = try PostgresStore(url: location)
            try DemoTour.checkReplaceable(server)
            try server.erase()
        } else if FileManager.default.fileExists(atPath: location) {
            try DemoTour.checkReplaceable(try SQLiteStore.open(at: location))
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) }
        }
        let store = try storeOptions.create(baseCurrency: "CNY", timeZone: "Asia/Shanghai")  // the demo company is in China
        try store.setMeta("demo", "1")
        return store
    }
}
