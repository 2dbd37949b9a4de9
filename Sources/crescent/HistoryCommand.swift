import ArgumentParser
import CrescentReport
import CrescentStore

/// `crescent history ENTITY ID`: one record's changes; `crescent history --since D [--by USER]
/// [--source TEXT]`: the changes of the audit trail, oldest first.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the audit trail: who changed which records, when, through what.",
        discussion: """
            With an entity and an id, that record's changes; otherwise every change, narrowed by --since, --by, \
            --source and --run. Each change shows its run: crescent undo RUN reverts that run's changes.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputOptions: OutputOptions

    @Argument(help: ArgumentHelp("The record's entity (customers, deals...).", valueName: "entity"))
    var entity: String?

    @Argument(help: ArgumentHelp("The record's id.", valueName: "id"))
    var id: String?

    @Option(help: ArgumentHelp("Changes made on or after this day (UTC).", valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(help: ArgumentHelp("Changes made by this store user.", valueName: "user"))
    var by: String?

    @Option(help: ArgumentHelp("Changes made through a source containing this text (a script, a file).", valueName: "text"))
    var source: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("The changes of this run.", valueName: "run"))
    var runNumber: Int64?

    func validate() throws {
        if let since, CalendarDate(parsing: since) == nil { throw usageError("usage.not_a_date", ["option": "--since", "value": since]) }
        if entity != nil, id == nil { throw usageError("history.usage.id") }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let filter = ChangeFilter(since: since.flatMap(CalendarDate.init(parsing:)), user: by, source: source, run: runNumber,
                                      entity: try entity.map { name throws(StoreError) in try Entity.named(name) }, id: id)
            try outputOptions.emit(HistoryResult(try store.changes(filter)))
        }
    }
}

/// `crescent undo RUN`: reverts the changes of one run, unless a later run changed the same fields.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Revert the changes of one run (a script run, an import, a task command).",
        discussion: """
            Records the run created are deleted, those it deleted are made again and changed fields get their old \
            values, in one transaction, itself a run of the audit trail. Refused (exit 75), changing nothing, when a \
            later run changed any of the same fields or the run was undone already; the error names the conflicts.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var writeOptions: WriteOptions
    @OptionGroup var outputOptions: OutputOptions

    @Argument(help: ArgumentHelp("The run to revert (crescent history shows the runs).", valueName: "run"))
    var runNumber: Int64

    func run() throws {
        let run = runNumber
        try writeOptions.writing(source: "undo \(run)", undoes: run, storeOptions, outputOptions) { store, writer in
            try store.undo(run: run, with: writer)
        }
    }
}
