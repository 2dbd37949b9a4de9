import Crypto
import Foundation

/// Who may sign in to the workbench on a SQLite store (`crescent serve --users FILE`): a CSV file of
/// `login,rep_id,password`, the password stored as PostgreSQL stores it (a SCRAM-SHA-256 verifier),
/// never in clear. `crescent admin users` writes it from a file of reps' passwords.
public struct UsersFile: Sendable, Equatable {
    public struct User: Sendable, Equatable {
        /// What the person types to sign in: their rep id in lower case, as their role on a server.
        public var login: String
        public var repID: String
        /// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`.
        public var verifier: String
    }

    public private(set) var users: [User]

    public init(users: [User] = []) { self.users = users }

    public static let header = ["login", "rep_id", "password"]

    /// The login of a rep id: lower case letters, digits and underscores (the role name on a server).
    public static func login(forRep id: String) -> String {
        String(id.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// The file at `path`; an error names the file and line of what is wrong in it.
    public static func read(_ path: String) throws(StoreError) -> UsersFile {
        var users: [User] = [], lines: [String: Int] = [:]
        for (line, fields) in try csvRows(path, header: header) {
            guard fields.count == 3, fields[0] == login(forRep: fields[1]), !fields[1].isEmpty, ScramVerifier.parts(fields[2]) != nil else {
                throw .usage(Message("users.bad_line", ["file": path, "line": line]))
            }
            if let first = lines[fields[0]] {
                throw .usage(Message("users.twice", ["file": path, "line": line, "login": fields[0], "first": first]))
            }
            lines[fields[0]] = line
            users.append(User(login: fields[0], repID: fields[1], verifier: fields[2]))
        }
        return UsersFile(users: users)
    }

    /// A file of reps' passwords by rep id: RFC 4180 CSV of rep_id,password (a header of those names
    /// may come first), each rep once and known to `store`.
    public static func passwords(_ path: String, store: any RecordStore) throws(StoreError) -> [String: String] {
        var byRep: [String: String] = [:], lines: [String: Int] = [:]
        for (line, fields) in try csvRows(path, header: ["rep_id", "password"]) {
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .usage(Message("access.passwords_line", ["file": path, "line": line]))
            }
            if let first = lines[fields[0]] {
                throw .usage(Message("access.passwords_twice", ["file": path, "line": line, "rep": fields[0], "first": first]))
            }
            (byRep[fields[0]], lines[fields[0]]) = (fields[1], line)
        }
        let known = Set(try store.records(.reps, ids: Array(byRep.keys)).compactMap { $0["id"]?.text })
        if let (rep, line) = lines.filter({ !known.contains($0.key) }).min(by: { $0.value < $1.value }) {
            throw .usage(Message("access.passwords_unknown_rep", ["file": path, "line": line, "rep": rep]))
        }
        return byRep
    }

    /// The records of the CSV file at `path` with their lines, a first line equal to `header` left out.
    private static func csvRows(_ path: String, header: [String]) throws(StoreError) -> [(line: Int, fields: [String])] {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw .missingInput(Message("file.cannot_read", ["file": path, "reason": Message("file.no_such")]))
        }
        var reader = CSVReader(bytes: Array(bytes)), rows: [(line: Int, fields: [String])] = []
        while true {
            let next: CSVRecord?
            do { next = try reader.next() } catch {
                throw .usage(Message("file.at_line", ["file": path, "line": error.line, "problem": error.message]))
            }
            guard let record = next else { return rows }
            let fields = record.fields.indices.map(record.string)
            if record.line == 1 && fields == header { continue }
            rows.append((record.line, fields))
        }
    }

    /// The user of `login` (any case) if `password` is theirs.
    public func user(_ login: String, password: String) -> User? {
        let wanted = Self.login(forRep: login)
        guard let user = users.first(where: { $0.login == wanted }), let (iterations, salt, _) = ScramVerifier.parts(user.verifier),
              let computed = try? ScramVerifier.make(password: password, salt: salt, iterations: iterations) else { return nil }
        // Compared in constant time, as digests: how long it takes says nothing of how much matched.
        return Data(SHA256.hash(data: Data(computed.utf8))) == Data(SHA256.hash(data: Data(user.verifier.utf8))) ? user : nil
    }

    /// This file with the reps of `passwords` (rep id to password) given those passwords: others keep theirs.
    public func setting(_ passwords: [String: String]) throws(StoreError) -> UsersFile {
        var byLogin = Dictionary(uniqueKeysWithValues: users.map { ($0.login, $0) })
        // Two reps may not share a login: neither two given now nor one given now and one kept.
        let kept = users.filter { passwords[$0.repID] == nil }.map(\.repID)
        let clashes = Dictionary(grouping: Set(passwords.keys).union(kept), by: Self.login(forRep:)).filter { $0.value.count > 1 }
        guard clashes.isEmpty else {
            let each = clashes.keys.sorted().map { login in
                Message("access.would_share", ["reps": clashes[login]!.sorted().joined(separator: ", "), "role": login])
            }
            throw .usage(Message("access.role_clash", ["clashes": MessageList(each, separator: "; ")]))
        }
        for (rep, password) in passwords {
            let login = Self.login(forRep: rep)
            byLogin[login] = User(login: login, repID: rep, verifier: try ScramVerifier.make(password: password))
        }
        return UsersFile(users: byLogin.values.sorted { $0.login < $1.login })
    }

    /// The file's text, header first.
    public var text: String {
        ([Self.header] + users.map { [$0.login, $0.repID, $0.verifier] }).map(CSVWriter.line).joined()
    }

    /// Writes the file at `path` whole or not at all, readable by its owner only from the start.
    public func write(to path: String) throws(StoreError) {
        let staged = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: staged, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
              rename(staged, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(staged)
            throw .failure(Message("file.cannot_write_because", ["file": path, "reason": reason]))
        }
    }
}
