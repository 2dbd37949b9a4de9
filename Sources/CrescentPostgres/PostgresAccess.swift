import CrescentStore
import Foundation

/// A rep's database role and what it may see.
public struct AccessRole: Sendable, Equatable {
    public var role: String
    public var repID: String
    public var name: String
    /// The teams the rep manages (with their sub-teams), empty for a rep who manages none.
    public var manages: [String]
}

/// Per-rep visibility on the PostgreSQL store, by the server itself: a login role per rep (a
/// manager is a rep named as a team's manager_id), all members of `crescent_member`, and
/// row-level security policies through which a rep sees their own customers, deals, orders and
/// activities (and what hangs off them: contacts, stage history, surveys, tier memberships,
/// alerts, targets), and a manager their teams'. Every query a member runs, aggregates included,
/// sees only those rows. Members write only the rows they see (AccessPolicies.writable), keeping them
/// theirs, and add to the audit trail without changing it; everything else stays with the store's owner.
extension PostgresStore {
    /// The group role every rep's role belongs to; the policies are for it.
    static let memberRole = "crescent_member"

    /// The role name of a rep id: lower case letters, digits and underscores.
    public static func roleName(forRep id: String) -> String { UsersFile.login(forRep: id) }

    /// Creates (or updates) a login role for every rep, in one transaction, and returns them.
    /// `passwords` by rep id, stored as SCRAM-SHA-256 verifiers; a rep without one logs in as the
    /// server's authentication allows.
    /// Fails, creating none, when a role of that name exists and is not a Crescent member.
    @discardableResult
    public func createRepRoles(passwords: [String: String] = [:]) throws(StoreError) -> [AccessRole] {
        try link.transaction { () throws(StoreError) in
            try link.query("SELECT pg_advisory_xact_lock(7043219)")  // Crescent's access lock
            try link.query("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(Self.memberRole)') THEN CREATE ROLE \(Self.memberRole) NOLOGIN; END IF;
                END $$
                """)
            try link.query("CREATE TABLE IF NOT EXISTS crescent_roles (role_name TEXT PRIMARY KEY, rep_id TEXT NOT NULL UNIQUE)")
            let reps = try link.query("SELECT id FROM reps ORDER BY id COLLATE \"C\"").compactMap { try? $0.decode(String.self) }
            let roles = reps.map { (rep: $0, role: Self.roleName(forRep: $0)) }
            let shared = Dictionary(grouping: roles, by: \.role).filter { $0.value.count > 1 }
            guard shared.isEmpty else {
                let clashes = shared.keys.sorted().map { role in
                    Message("access.would_share", ["reps": shared[role]!.map(\.rep).joined(separator: ", "), "role": role])
                }
                throw StoreError.usage(Message("access.role_clash", ["clashes": MessageList(clashes, separator: "; ")]))
            }
            let strangers = try link.query("""
                SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])
                AND NOT pg_has_role(rolname, '\(Self.memberRole)', 'MEMBER')
                """, [Self.textArray(roles.map(\.role))]).compactMap { try? $0.decode(String.self) }
            guard strangers.isEmpty else {
                throw StoreError.usage(Message("access.foreign_roles", ["roles": strangers.joined(separator: ", ")]))
            }
            for (rep, role) in roles {
                if try link.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]).isEmpty {
                    try link.query("CREATE ROLE \"\(role)\" LOGIN IN ROLE \(Self.memberRole)")
                } else {
                    try link.query("GRANT \(Self.memberRole) TO \"\(role)\"")
                }
                if let password = passwords[rep] {
                    // Hashed here: the server (and its log) never sees the password.
                    try execute("SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)", [role, try ScramVerifier.make(password: password)])
                }
                try link.query("INSERT INTO crescent_roles(role_name, rep_id) VALUES ($1, $2) ON CONFLICT (role_name) DO UPDATE SET rep_id = excluded.rep_id",
                               [role, rep])
            }
            return try accessRoles()
        }
    }

    /// The reps' roles and the teams each manages.
    public func accessRoles() throws(StoreError) -> [AccessRole] {
        guard try link.isTrue("SELECT to_regclass('crescent_roles') IS NOT NULL") else { return [] }
        return try link.query("""
            SELECT c.role_name, c.rep_id, coalesce(r.name, ''),
                   coalesce((SELECT string_agg(t.id, ',' ORDER BY t.id COLLATE "C") FROM teams t WHERE t.manager_id = c.rep_id), '')
            FROM crescent_roles c LEFT JOIN reps r ON r.id = c.rep_id ORDER BY c.rep_id COLLATE "C"
            """).compactMap { row in
            guard let (role, rep, name, teams) = try? row.decode((String, String, String, String).self) else { return nil }
            return AccessRole(role: role, repID: rep, name: name, manages: teams.isEmpty ? [] : teams.split(separator: ",").map(String.init))
        }
    }

    /// Removes the reps' roles from the server (their access to this store ends), in one transaction.
    public func dropRepRoles() throws(StoreError) -> [String] {
        try link.transaction { () throws(StoreError) in
            let roles = try accessRoles().map(\.role)
            for role in roles {
                try link.query("DROP OWNED BY \"\(role)\"")
                try link.query("DROP ROLE \"\(role)\"")
            }
            if !roles.isEmpty { try link.query("DELETE FROM crescent_roles") }
            return roles
        }
    }

    /// Grants members read access and installs the row-level security policies, replacing those
    /// installed before, in one transaction. Idempotent: run it again after a schema change.
    public func installPolicies() throws(StoreError) {
        try link.transaction { () throws(StoreError) in
            try link.query("SELECT pg_advisory_xact_lock(7043219)")
            guard try link.query("SELECT 1 FROM pg_roles WHERE rolname = '\(Self.memberRole)'").count == 1 else {
                throw StoreError.usage(Message("access.no_roles"))
            }
            guard let (schema, database) = try link.query("SELECT quote_ident(current_schema()), quote_ident(current_database())")
                .first.flatMap({ try? $0.decode((String, String).self) }) else { throw StoreError.failure(Message("access.no_schema")) }
            for statement in AccessPolicies.statements(member: Self.memberRole, schema: schema, database: database) {
                try link.query(statement)
            }
            // Only the database's owner can take TEMP and CREATE from PUBLIC; anyone else's REVOKE is a warning.
            let left = try link.query("""
                SELECT has_database_privilege('\(Self.memberRole)', current_database(), 'TEMPORARY'),
                       has_schema_privilege('\(Self.memberRole)', current_schema(), 'CREATE'),
                       has_database_privilege('\(Self.memberRole)', current_database(), 'CREATE')
                """).first.flatMap { try? $0.decode((Bool, Bool, Bool).self) }
            guard let left, !(left.0 || left.1 || left.2) else {
                throw StoreError.denied(Message("access.reps_can_create"))
            }
        }
    }

    /// Runs the statement that `sql` returns (DDL that takes no parameters, built by the server's format()).
    private func execute(_ sql: String, _ parameters: [String?]) throws(StoreError) {
        guard let statement = try link.query(sql, parameters).first.flatMap({ try? $0.decode(String.self) }) else { return }
        try link.query(statement)
    }
}

/// Signing in to a shared store as a rep.
extension PostgresStore {
    /// The store of `url` as the role of `login` (a rep id, or a role's own name) with `password`:
    /// the server checks the password, and its row-level security applies to every query.
    public static func signIn(_ url: String, login: String, password: String) throws(StoreError) -> PostgresStore {
        guard var parts = URLComponents(string: url) else { throw .usage(Message("postgres.bad_url", ["url": url])) }
        parts.user = roleName(forRep: login)
        parts.password = password.isEmpty ? nil : password
        return try PostgresStore(url: parts.string ?? url)
    }
}

extension PostgresStore {
    /// A text that changes whenever a transaction that writes starts or ends anywhere on the server
    /// (the current snapshot: oldest running, next and running transaction ids): while it stays the
    /// same, nothing has been committed since, so a page computed then still holds. Reads take no
    /// transaction id; a write elsewhere on the server only makes pages be computed again.
    public func commitVersion() throws(StoreError) -> String {
        try link.query("SELECT pg_current_snapshot()::text").first.flatMap { try? $0.decode(String.self) } ?? ""
    }
}
