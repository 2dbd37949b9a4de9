import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentStore
import Foundation

/// `crescent tasks list|done|cancel`: reps' follow-up tasks.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List follow-up tasks, and mark them done or cancelled.",
        discussion: """
            Tasks come from segmentations whose tiers have a follow_up rule (crescent segment run), from scripts \
            (crm.task{...}) and from imports. On a shared store each rep sees their own tasks and their teams'.
            """,
        subcommands: [TasksListCommand.self, TasksDoneCommand.self, TasksCancelCommand.self]
    )
}

struct TasksListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tasks by due day: open ones unless --status says otherwise.",
        discussion: "--due takes today, overdue (open and due before today), this-week, this-month..., a day or a period (\(Period.forms))."
    )

    @Option(help: ArgumentHelp("Only this rep's tasks.", valueName: "rep"))
    var owner: String?

    @Option(help: ArgumentHelp("Only this customer's tasks.", valueName: "customer"))
    var customer: String?

    @Option(help: ArgumentHelp("Only tasks due then: today, overdue, this-week, a day or a period.", valueName: "when"))
    var due: String?

    @Option(help: ArgumentHelp("open, done, cancelled or all.", valueName: "status"))
    var status = "open"

    @Option(help: ArgumentHelp("Only tasks made by a source that starts so (segment value-tier).", valueName: "text"))
    var source: String?

    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var outputOptions: OutputOptions

    private var query: TaskQuery { TaskQuery(owner: owner, customer: customer, status: status, due: due, source: source) }

    func validate() throws {
        guard TaskQuery.statusWords.contains(status) else {
            throw usageError("tasks.usage.status", ["value": status, "choices": TaskQuery.statusWords.joined(separator: ", ")])
        }
        if let due, (try? query.filter(asOf: asOfOption.day)) == nil {
            throw usageError("tasks.usage.due", ["value": due, "words": TaskQuery.dueWords.joined(separator: ", "), "forms": Period.forms])
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            try outputOptions.emit(try TaskList(store: store, query: query, asOf: asOfOption.day))
        }
    }
}

struct TasksDoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Mark an open task done, and log the activity that did it.",
        discussion: """
            The activity is the task's kind, for its rep, customer and deal, now, with the note (or the task's subject). \
            Task and activity are written together, as one run of the audit trail (crescent undo RUN reverts both).
            """
    )

    @Argument(help: ArgumentHelp("The task's id.", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("What was done, kept as the activity's notes.", valueName: "text"))
    var note: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var writeOptions: WriteOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let (id, note) = (id, note)
        try writeOptions.writing(source: "tasks done \(id)", storeOptions, outputOptions) { store, writer in
            try TaskActions.complete(id, note: note, on: .today(), writer: writer, store: store)
        }
    }
}

struct TasksCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel an open task."
    )

    @Argument(help: ArgumentHelp("The task's id.", valueName: "id"))
    var id: String

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var writeOptions: WriteOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let id = id
        try writeOptions.writing(source: "tasks cancel \(id)", storeOptions, outputOptions) { store, writer in
            try TaskActions.cancel(id, writer: writer, store: store)
        }
    }
}
