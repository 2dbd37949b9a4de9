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

    @OptionGroup var output: OutputOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let zone { do { _ = try StoreTimeZone.named(zone, place: "zone") } catch { throw ValidationError(error.text(runLanguage)) } }
        if dryRun && zone == nil { throw usageError("timezone.usage.dry_run") }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let current = try store.timeZoneName()
            guard let zone else {
                print(say("timezone.current", ["zone": current]))
                return
            }
            guard zone != current else {
                print(say("timezone.unchanged", ["zone": zone]))
                return
            }
            let changes = try store.changeTimeZone(to: zone, dryRun: dryRun)
            try output.emitList("timezone-change", title: "timezone.title", columns: [("column", .text), ("rows", .integer), ("moved", .integer)],
                                rows: changes.map { [.text($0.column), .number(Double($0.rows)), .number(Double($0.moved))] })
            print(say(dryRun ? "timezone.dry_run" : "timezone.changed", ["from": current, "to": zone]))
        }
    }
}
