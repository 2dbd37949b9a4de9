import CrescentStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store is: `postgres://user[:password]@host[:port]/database[?sslmode=MODE]`.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    public let password: String?
    public let database: String
    /// As libpq's: `disable`, `prefer` (the default: TLS when the server offers it), `require`
    /// (TLS, the certificate unchecked), `verify-full` (TLS, the certificate checked against the host).
    public let sslMode: String

    static let sslModes = ["disable", "prefer", "require", "verify-full"]

    /// Parses a store URL; nil when it is not a postgres:// or postgresql:// URL.
    public init?(url text: String) {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
              let host = url.host, !host.isEmpty, let user = url.user, !user.isEmpty else { return nil }
        self.host = host
        port = url.port ?? 5432
        self.user = user
        password = url.password
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : path
        sslMode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
    }

    /// Whether `text` names a PostgreSQL store rather than a file.
    public static func isStoreURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The URL without its password, for messages.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

/// One connection to a PostgreSQL server, used synchronously: each query waits for its result on
/// the connection's own event loop. Threads take turns (a recursive lock), a transaction or a
/// cursor keeping the connection until it ends, so no one's statements land in another's transaction.
final class PostgresLink: @unchecked Sendable {
    let address: PostgresAddress
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let connection: PostgresConnection
    /// Whether a transaction is open on the connection (a cursor needs one).
    private(set) var inTransaction = false
    /// How many savepoints deep the transaction is.
    private var savepoints = 0
    let turn = NSRecursiveLock()
    /// The SQLSTATE of the last statement that failed, to tell the failures worth retrying.
    private(set) var failedState: String?
    let logger: Logger = {
        var logger = Logger(label: "crescent.postgres")
        logger.logLevel = .critical
        return logger
    }()

    init(_ address: PostgresAddress) throws(StoreError) {
        self.address = address
        do {
            let configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                                 password: address.password, database: address.database,
                                                                 tls: try Self.tls(address.sslMode))
            connection = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1, logger: logger).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw StoreError.unavailable(Message("postgres.unavailable", ["store": "\(address)", "reason": Self.reason(error)]))
        }
        // The store is in `public`. Pinned, so that what a role keeps in a schema of its own ("$user"
        // comes first by default) or in temporary tables (last here) never stands in for the store's.
        try query("SET search_path = public, pg_temp")
    }

    /// Whether the login role is a rep's (a member of `crescent_member`), who sees only some rows.
    /// (Granted membership: pg_has_role says a superuser is a member of every role.)
    lazy var isMember: Bool = (try? isTrue("""
        SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                       WHERE g.rolname = 'crescent_member' AND u.rolname = session_user)
        """)) ?? false

    /// The TLS of an sslmode.
    private static func tls(_ mode: String) throws -> PostgresConnection.Configuration.TLS {
        guard mode != "disable" else { return .disable }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if mode != "verify-full" { configuration.certificateVerification = .none }
        let context = try NIOSSLContext(configuration: configuration)
        return mode == "prefer" ? .prefer(context) : .require(context)
    }

    deinit {
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Runs one statement with `$1, $2...` parameters and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> [PostgresRow] {
        try run(Self.statement(sql, parameters)).rows
    }

    /// Runs one statement with typed parameters and returns its rows.
    func query(_ query: PostgresQuery) throws(StoreError) -> [PostgresRow] { try run(query).rows }

    /// Runs one statement with typed parameters; how many rows it inserted, changed or deleted.
    func execute(_ sql: String, _ bindings: PostgresBindings) throws(StoreError) -> Int {
        try run(PostgresQuery(unsafeSQL: sql, binds: bindings)).metadata.rows ?? 0
    }

    private func run(_ query: PostgresQuery) throws(StoreError) -> PostgresQueryResult {
        turn.lock()
        defer { turn.unlock() }
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw storeError(error)
        }
    }

    /// The answer of a query whose one value is a boolean (false when there is none).
    func isTrue(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> Bool {
        try query(sql, parameters).first.flatMap { try? $0.decode(Bool.self) } ?? false
    }

    /// A statement with its `$1, $2...` parameters bound, as text.
    static func statement(_ sql: String, _ parameters: [String?]) -> PostgresQuery {
        var bindings = PostgresBindings()
        for parameter in parameters { bindings.append(parameter) }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// What a failed statement, COPY or stream means for the store, its SQLSTATE recorded (to tell
    /// the failures worth retrying): 42501, insufficient privilege (a rep's role writing), is a denial.
    func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        failedState = (error as? PSQLError)?.serverInfo?[.sqlState]
        let message = Message("postgres.failed", ["store": "\(address)", "reason": Self.reason(error)])
        return failedState == "42501" ? .denied(message) : .failure(message)
    }

    /// Runs `body` in one transaction: committed when it returns `commit`, rolled back when it says
    /// not to (a dry run) or throws. When the server aborts it to break a deadlock or a
    /// serialization conflict with another session, it runs again (up to five times in all) when
    /// `retrying`. Inside a transaction already, `body` runs in a savepoint of it, so that what it
    /// undoes (or a statement of it that failed) leaves the enclosing transaction usable.
    func transaction<T>(_ begin: String = "BEGIN", retrying: Bool = true,
                        deciding body: () throws(StoreError) -> (T, commit: Bool)) throws(StoreError) -> T {
        turn.lock()
        defer { turn.unlock() }
        if inTransaction { return try savepoint(body) }
        for attempt in 1... {
            do throws(StoreError) {
                return try once(begin, body)
            } catch {
                // 40001 serialization failure, 40P01 deadlock detected.
                guard retrying, attempt < 5, failedState == "40001" || failedState == "40P01" else { throw error }
                usleep(UInt32.random(in: 20_000...100_000) * UInt32(attempt))
            }
        }
        fatalError("unreachable")
    }

    private func savepoint<T>(_ body: () throws(StoreError) -> (T, commit: Bool)) throws(StoreError) -> T {
        savepoints += 1
        defer { savepoints -= 1 }
        let name = "crescent_\(savepoints)"
        try query("SAVEPOINT \(name)")
        do throws(StoreError) {
            let (result, commit) = try body()
            try query(commit ? "RELEASE SAVEPOINT \(name)" : "ROLLBACK TO SAVEPOINT \(name)")
            return result
        } catch {
            let state = failedState
            _ = try? query("ROLLBACK TO SAVEPOINT \(name)")
            failedState = state
            throw error
        }
    }

    /// A transaction whose body may throw anything (a script run): rolled back when it throws,
    /// never run again (the body is not known to be repeatable). As with `snapshot`, other threads'
    /// statements meanwhile join it (segmentation workers read while the run's thread waits for them).
    func transaction<T>(_ body: () throws -> (T, commit: Bool)) throws -> T {
        turn.lock()
        if inTransaction { turn.unlock(); return try body().0 }
        failedState = nil
        do { try query("BEGIN") } catch { turn.unlock(); throw error }
        inTransaction = true
        turn.unlock()
        func end(_ statement: String) throws(StoreError) {
            turn.lock()
            defer { inTransaction = false; turn.unlock() }
            try query(statement)
        }
        let result: T, commit: Bool
        do {
            (result, commit) = try body()
        } catch {
            try? end("ROLLBACK")
            throw error
        }
        try end(commit ? "COMMIT" : "ROLLBACK")  // a COMMIT that fails ends the transaction too
        return result
    }

    private func once<T>(_ begin: String, _ body: () throws(StoreError) -> (T, commit: Bool)) throws(StoreError) -> T {
        failedState = nil
        try query(begin)
        inTransaction = true
        defer { inTransaction = false }
        do throws(StoreError) {
            let (result, commit) = try body()
            try query(commit ? "COMMIT" : "ROLLBACK")
            return result
        } catch {
            let state = failedState
            _ = try? query("ROLLBACK")
            failedState = state
            throw error
        }
    }

    /// Runs `body` in one transaction, committed unless it throws.
    func transaction<T>(_ begin: String = "BEGIN", _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try transaction(begin, deciding: { () throws(StoreError) in (try body(), commit: true) })
    }

    /// Runs `body` with every query of it reading one snapshot of the store (a read-only
    /// repeatable-read transaction), so that several reads agree while other sessions write.
    /// Other threads' reads meanwhile share the snapshot (segmentation workers); nothing may write.
    func snapshot<T>(_ body: () throws -> T) throws -> T {
        turn.lock()
        if inTransaction { turn.unlock(); return try body() }
        do {
            try query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        } catch {
            turn.unlock()
            throw error
        }
        inTransaction = true
        turn.unlock()
        defer {
            turn.lock()
            _ = try? query("COMMIT")
            inTransaction = false
            turn.unlock()
        }
        return try body()
    }

    /// Streams rows into `table` with COPY FROM STDIN (text format): `produce` returns the next
    /// chunk of lines, or nil at the end. It runs on a task of its own while this thread waits.
    func copy(into table: String, columns: [String], _ produce: @escaping @Sendable () throws -> [UInt8]?) throws(StoreError) {
        turn.lock()
        defer { turn.unlock() }
        let connection = connection, logger = logger
        let task = WaitedTask {
            try await connection.copyFrom(table: table, columns: columns, format: .text(.init()), logger: logger) { writer in
                while let chunk = try produce() { try await writer.write(ByteBuffer(bytes: chunk)) }
            }
        }
        if let error = task.wait() { throw storeError(error) }
    }

    /// What went wrong, in the server's words when it said something, else the system's.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return reason(underlying) }
            if error.code == .sslUnsupported { return "the server does not offer TLS, which sslmode=require asks for" }
            return "\(error.code)"
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first { return reason(failure.error) }
            return "cannot find host \(error.host)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case is NIOSSLError, is NIOSSLExtraError:
            let text = "\(error)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("failedToValidateHostname") {
                return "the server's TLS certificate is not trusted for this host (sslmode=verify-full checks it)"
            }
            return "the TLS handshake failed (\(text))"
        default:
            return "\(error)"
        }
    }
}

/// Async work of postgres-nio run for a thread that waits for it: on a task with a serial queue of
/// its own, never on the cooperative pool, whose threads may be the very ones blocked waiting (nor
/// behind another such task).
struct WaitedTask {
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Outcome()

    init(_ work: @escaping @Sendable () async throws -> Void) {
        let done = done, outcome = outcome
        Task(executorPreference: QueueExecutor()) {
            do { try await work() } catch { outcome.error = error }
            done.signal()
        }
    }

    /// Waits for the work to end; what it threw, if anything.
    func wait() -> (any Error)? {
        done.wait()
        return outcome.error
    }

    private final class Outcome: @unchecked Sendable { var error: (any Error)? }

    private final class QueueExecutor: TaskExecutor, @unchecked Sendable {
        private let queue = DispatchQueue(label: "crescent.postgres.task")

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }
}
