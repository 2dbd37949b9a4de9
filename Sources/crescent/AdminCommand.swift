import ArgumentParser
import CrescentPostgres
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
        throw .usage("--store: per-rep access needs a PostgreSQL store (postgres://user@host/database); \(options.location) is a file")
    }
    return try PostgresStore(url: options.location)
}

private func emitRoles(_ roles: [AccessRole], format: ListFormat) {
    emit(headers: ["rep", "name", "role", "sees"], rows: roles.map { role in
        [role.repID, role.name, role.role, role.manages.isEmpty ? "own records" : "teams \(role.manages.joined(separator: ", ")) and their sub-teams"]
    }, format: format)
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

    @Option(help: "Output format: table, csv or json.")
    var format: ListFormat = .table

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try serverStore(storeOptions)
            emitRoles(try store.createRepRoles(passwords: try passwordsFile(store)), format: format)
        }
    }

    /// The passwords file by rep id: RFC 4180 CSV of rep_id,password (a header of those names
    /// may come first), each rep once and known to the store.
    private func passwordsFile(_ store: PostgresStore) throws(StoreError) -> [String: String] {
        guard let passwords else { return [:] }
        guard let bytes = FileManager.default.contents(atPath: passwords) else { throw .missingInput("--passwords: cannot read \(passwords)") }
        var reader = CSVReader(bytes: Array(bytes)), byRep: [String: String] = [:], lines: [String: Int] = [:]
        func nextRecord() throws(StoreError) -> CSVRecord? {
            do { return try reader.next() } catch { throw .usage("\(passwords):\(error.line): \(error.message)") }
        }
        while let record = try nextRecord() {
            let fields = record.fields.indices.map(record.string)
            if record.line == 1 && fields == ["rep_id", "password"] { continue }
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .usage("\(passwords):\(record.line): expected rep_id,password")
            }
            if let first = lines[fields[0]] {
                throw .usage("\(passwords):\(record.line): rep \(fields[0]) has a password on line \(first) already")
            }
            (byRep[fields[0]], lines[fields[0]]) = (fields[1], record.line)
        }
        let known = Set(try store.records(.reps, ids: Array(byRep.keys)).compactMap { $0["id"]?.text })
        if let (rep, line) = lines.filter({ !known.contains($0.key) }).min(by: { $0.value < $1.value }) {
            throw .usage("\(passwords):\(line): no rep \(rep) in the store")
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
            print("row-level security installed on \(store.location): \(try store.accessRoles().count) reps' roles see their own records")
        }
    }
}

struct AdminListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the reps' roles and what each sees.")

    @Option(help: "Output format: table, csv or json.")
    var format: ListFormat = .table

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures { emitRoles(try serverStore(storeOptions).accessRoles(), format: format) }
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
            print("dropped \(dropped.count) roles" + (dropped.isEmpty ? "" : ": " + dropped.joined(separator: ", ")))
        }
    }
}
