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
            read and acknowledge their alerts; imports, saved runs, targets and alert runs stay with the owner.
            """,
        subcommands: [AdminRolesCommand.self, AdminPoliciesCommand.self, AdminListCommand.self, AdminDropRolesCommand.self]
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
            try emitRoles(try store.createRepRoles(passwords: try passwordsFile(store)), output: output)
        }
    }

    /// The passwords file by rep id: RFC 4180 CSV of rep_id,password (a header of those names
    /// may come first), each rep once and known to the store.
    private func passwordsFile(_ store: PostgresStore) throws(StoreError) -> [String: String] {
        guard let passwords else { return [:] }
        guard let bytes = FileManager.default.contents(atPath: passwords) else { throw .missingInput(Message("file.cannot_read", ["file": passwords, "reason": Message("file.no_such")])) }
        var reader = CSVReader(bytes: Array(bytes)), byRep: [String: String] = [:], lines: [String: Int] = [:]
        func nextRecord() throws(StoreError) -> CSVRecord? {
            do { return try reader.next() } catch { throw .usage(Message("file.at_line", ["file": passwords, "line": error.line, "problem": error.message])) }
        }
        while let record = try nextRecord() {
            let fields = record.fields.indices.map(record.string)
            if record.line == 1 && fields == ["rep_id", "password"] { continue }
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .usage(Message("access.passwords_line", ["file": passwords, "line": record.line]))
            }
            if let first = lines[fields[0]] {
                throw .usage(Message("access.passwords_twice", ["file": passwords, "line": record.line, "rep": fields[0], "first": first]))
            }
            (byRep[fields[0]], lines[fields[0]]) = (fields[1], record.line)
        }
        let known = Set(try store.records(.reps, ids: Array(byRep.keys)).compactMap { $0["id"]?.text })
        if let (rep, line) = lines.filter({ !known.contains($0.key) }).min(by: { $0.value < $1.value }) {
            throw .usage(Message("access.passwords_unknown_rep", ["file": passwords, "line": line, "rep": rep]))
        }
        return byRep
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
