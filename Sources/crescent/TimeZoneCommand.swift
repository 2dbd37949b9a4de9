import ArgumentParser
import CrescentReport
import CrescentStore

struct TimeZoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timezone",
        abstract: "Show the store's time zone, or change it.",
        discussion: """
            Timestamps are kept as the wall clock of the store's time zone (docs/data.md#time). Changing \
            the zone moves every stored timestamp to the new zone's wall clock, keeping its instant, in one \
            transaction, and says what it changed in each column: the days and months of activities and \
            stage entries then follow the new zone. --dry-run says what would change and changes nothing.
            """
    )

    @Argument(help: ArgumentHelp("The new time zone (an IANA name such as Asia/Shanghai).", valueName: "zone"))
    var zone: String?

    @Flag(name: .customLong("dry-run"), help: "Say what would change, change nothing.")
    var dryRun = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let zone { do { _ = try StoreTimeZone.named(zone, place: "zone") } catch { throw ValidationError(error.description) } }
        if dryRun && zone == nil { throw ValidationError("--dry-run: give the zone to change to") }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let current = try store.timeZoneName()
            guard let zone else {
                print("time zone \(current)")
                return
            }
            guard zone != current else {
                print("the time zone is already \(zone): nothing to change")
                return
            }
            let changes = try store.changeTimeZone(to: zone, dryRun: dryRun)
            var table = TextTable(["column", "rows", "moved"], rightAligned: [1, 2])
            for change in changes { table.add([change.column, thousands(change.rows), thousands(change.moved)]) }
            print(table.render(), terminator: "")
            print(dryRun ? "dry run: the time zone would change from \(current) to \(zone), the timestamps above moving to its clock "
                           + "(the same instants); nothing changed"
                         : "the time zone changed from \(current) to \(zone); the timestamps above show its clock (the same instants)")
        }
    }
}
