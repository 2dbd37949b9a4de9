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

    @Option(help: ArgumentHelp("""
        The team's time zone (an IANA name such as Asia/Shanghai; default: this machine's): the days, weeks \
        and months of activities and stage entries are those of its calendar.
        """, valueName: "zone"))
    var timezone: String?

    func validate() throws {
        if let timezone { do { _ = try StoreTimeZone.named(timezone, place: "--timezone") } catch { throw ValidationError(error.text(runLanguage)) } }
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw usageError("init.usage.currency", ["currency": currency])
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.create(baseCurrency: currency.uppercased(), timeZone: timezone ?? StoreTimeZone.machine)
            let zone = try store.timeZoneName()
            if let timezone, timezone != zone {
                throw StoreError.usage(Message("init.keeps_time_zone", ["store": store.location, "zone": zone, "asked": timezone]))
            }
            print(say("init.ready", ["store": store.location, "currency": try store.baseCurrency(), "zone": zone]))
        }
    }
}
