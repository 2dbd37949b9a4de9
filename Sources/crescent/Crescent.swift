import ArgumentParser

@main
struct Crescent: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crescent",
        abstract: "A scriptable CRM workbench for sales teams.",
        discussion: """
            Crescent keeps a sales team's records in a store and runs Lua scripts against them. The store is \
            ./crescent.db unless --store or CRESCENT_STORE says otherwise: a file path, or a shared PostgreSQL \
            server as postgres://user@host:port/database.

            Exit codes: 0 success, 1 other failure, 64 bad usage, 65 bad data, 66 missing input file, \
            69 the store's server cannot be reached or refused the login, 70 a script failed or was stopped \
            by a limit, 75 another writer got there first (run it again), 77 the server does not permit it \
            (a rep's role writing), 130 interrupted (Ctrl-C).
            """,
        subcommands: [InitCommand.self, ImportCommand.self, ExportCommand.self, RunCommand.self, HistoryCommand.self, UndoCommand.self, TasksCommand.self, NotifyCommand.self, ScheduleCommand.self, ServeCommand.self, SegmentCommand.self, KpiCommand.self, FunnelCommand.self, ForecastCommand.self, ClvCommand.self, TargetsCommand.self, CommissionCommand.self, ScorecardCommand.self, ReportsCommand.self, ReportCommand.self, AlertsCommand.self, ReplCommand.self, DemoCommand.self, TimeZoneCommand.self, AdminCommand.self]
    )
}
