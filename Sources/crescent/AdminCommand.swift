import ArgumentParser
import CrescentPostgres
import CrescentReport
import CrescentStore
import Foundation

struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Give each rep a login of their own on a shared PostgreSQL store, seeing only their records.",
        discussion: """
            Run as the store's owner, in this order: `admin roles` creates a login role per rep, `admin policies` \
            installs the row-level security through which a rep sees only their own customers, deals, orders and \
            activities (and their contacts, stage history, surveys, tier memberships, alerts and targets), and a \
            team's manager (teams.manager_id) the records of their teams and sub-teams. Every command a rep runs \
            with --store postgres://ROLE@host/database, KPIs and reports included, sees only those rows. Reps \
            read and acknowledge their alerts; imports, saved runs, targets and alert runs stay with the owner. \
            On a SQLite store, `admin users` writes the users file with which `serve --users` signs reps in to \
            the workbench, where each sees the same.
            """,
        subcommands: [AdminRolesCommand.self, AdminPoliciesCommand.self, AdminListCommand.self, AdminDropRolesCommand.self,
                      AdminUsersCommand.self]
    )
}

/// The PostgreSQL store of `--store`, or a usage error for a SQLite file.
private func serverStore(_ options: StoreOptions) throws(StoreError) -> PostgresStore {
    guard options.isServer else {
        throw .usage(Message("access.needs_server", ["store": options.location]))
    }
    return try PostgresStore(url: options.location)
}

/// The reps' roles as a list; `sees` reads the same for machines in any language.
private func emitRoles(_ roles: [AccessRole], output: OutputOptions) throws(StoreError) {
    try output.emitList("roles", title: "access.roles", columns: [("rep", .text), ("name", .text), ("role", .text), ("sees", .text)],
                        rows: roles.map { role in
        let teams = role.manages.joined(separator: ", ")
        let sees: ReportValue = role.manages.isEmpty ? .code("own records", label: say("access.sees_own"))
            : .code("teams \(teams) and their sub-teams", label: say("access.sees_teams", ["teams": teams]))
        return [.text(role.repID), .text(role.name), .text(role.role), sees]
    })
}

struct AdminRolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "Create (or update) a login role for every rep in the store.",
        discussion: """
            A rep's role is their id in lower case (R101 -> r101). Without --passwords the server's authentication \
            (pg_hba.conf) decides how they log in. Fails, creating none, when a role of that name exists and is not \
            a Crescent rep's.
            """
    )

    @Option(help: ArgumentHelp("A CSV file of rep_id,password to set the roles' passwords (sent to the server hashed, as SCRAM-SHA-256).", valueName: "file"))
    var passwords: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try serverStore(storeOptions)
            try emitRoles(try store.createRepRoles(passwords: try passwords.map { path throws(StoreError) in try UsersFile.passwords(path, store: store) } ?? [:]), output: output)
        }
    }
}

struct AdminPoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "Install the row-level security policies: each rep sees only their records, a manager their teams'."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try serverStore(storeOptions)
            try store.installPolicies()
            print(say("access.policies_installed", ["store": store.location, "count": try store.accessRoles().count]))
        }
    }
}

struct AdminListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the reps' roles and what each sees.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures { try emitRoles(try serverStore(storeOptions).accessRoles(), output: output) }
    }
}

struct AdminDropRolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop-roles",
        abstract: "Remove every rep's role from the server: their logins end. The records stay."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let dropped = try serverStore(storeOptions).dropRepRoles()
            print(dropped.isEmpty ? say("access.dropped_none") : say("access.dropped", ["count": dropped.count, "roles": dropped.joined(separator: ", ")]))
        }
    }
}

/// `admin users`: the users file of a SQLite store's workbench (`serve --users`), from reps' passwords.
struct AdminUsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Write the users file with which `serve --users` signs reps in on a SQLite store.",
        discussion: """
            Each rep of --passwords gets a line login,rep_id,password in --users, the password hashed as \
            SCRAM-SHA-256 (as PostgreSQL keeps it); the login is the rep's id in lower case, as their role would be \
            on a server. Reps already in the file keep their passwords. The file is replaced whole, readable by its \
            owner only. Signed in, a rep sees what they would see on a shared store.
            """
    )

    @Option(help: ArgumentHelp("A CSV file of rep_id,password.", valueName: "file"))
    var passwords: String

    @Option(help: ArgumentHelp("The users file to write (created, or updated in place).", valueName: "file"))
    var users: String

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            guard !storeOptions.isServer else { throw StoreError.usage(Message("users.needs_file_store")) }
            let store = try storeOptions.open()
            let existing = FileManager.default.fileExists(atPath: users) ? try UsersFile.read(users) : UsersFile()
            let given = try UsersFile.passwords(passwords, store: store)
            let file = try existing.setting(given)
            try file.write(to: users)
            print(say("users.written", ["file": users, "count": given.count, "total": file.users.count]))
        }
    }
}
