import ArgumentParser
import CrescentStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a store (or bring an existing one's schema up to date)."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The base currency all amounts are reported in (ISO 4217).", valueName: "code"))
    var currency = "USD"

    func validate() throws {
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ValidationError("--currency: '\(currency)' is not a 3-letter currency code")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.create(baseCurrency: currency.uppercased())
            print("store ready: \(store.location) (base currency \(try store.baseCurrency()))")
        }
    }
}
