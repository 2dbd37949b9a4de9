import ArgumentParser
import CrescentPostgres
import CrescentStore
import CrescentWeb
import Foundation
import Hummingbird
import Logging

/// `crescent serve`: the web workbench on the store, on loopback unless told otherwise.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web workbench: the dashboard, the report plugins and alerts as pages, and their JSON under /api/.",
        discussion: """
            It listens on 127.0.0.1 unless --host says otherwise, and prints its address when it is ready. On a \
            PostgreSQL store everyone signs in as their rep (the roles of `crescent admin roles`). A SQLite store is \
            for one analyst on this machine, without signing in, unless --users names a users file (`crescent admin \
            users` writes it): then reps sign in, each seeing what they would see on a shared store.
            """
    )

    @Option(help: ArgumentHelp("The port (0: any free one).", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("The address to listen on; 0.0.0.0 opens it to the network.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("A SQLite store's users file: reps sign in and see only their records.", valueName: "file"))
    var users: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let local = ["127.0.0.1", "localhost", "::1"].contains(host)
            let workbench = Workbench(access: try access(local: local), language: storeOptions.language)
            var logger = Logger(label: "crescent.serve")
            logger.logLevel = .warning  // the address is said below, in the run's language
            let said = local ? "serve.listening" : "serve.listening_open", shown = host
            let app = Application(router: workbench.router(), configuration: .init(address: .hostname(host, port: port)),
                                  onServerRunning: { channel in
                                      print(say(said, ["url": "http://\(shown):\(channel.localAddress?.port ?? 0)/"]))
                                      fflush(nil)  // every stream: the address must reach a pipe now
                                  }, logger: logger)
            let done = DispatchSemaphore(value: 0)
            let failure = FailureBox()
            Task {
                do { try await app.runService() } catch { failure.set(error) }
                done.signal()
            }
            done.wait()
            if let error = failure.error { throw StoreError.unavailable(Message("serve.failed", ["reason": "\(error)"])) }
        }
    }
}

extension ServeCommand {
    /// Who signs in, and the store each sees. Opening the store as its owner first brings its schema up to date.
    func access(local: Bool) throws(StoreError) -> WebAccess {
        let store = try storeOptions.open(), location = storeOptions.location
        // Pages are kept while the store stays the same: a file's state (and its write-ahead log's) tells at once,
        // a server's snapshot of running transactions (read on the owner's connection) too.
        let fileVersion: @Sendable () -> String = { FileState.of([location, location + "-wal"]) }
        if let server = store as? PostgresStore {
            // Everyone signs in as their rep's role, so that the server's row-level security applies.
            guard users == nil else { throw .usage(Message("users.needs_file_store")) }
            return .signIn({ login, password in try PostgresStore.signIn(location, login: login, password: password) },
                           version: { (try? server.commitVersion()) ?? UUID().uuidString })  // unknown: compute afresh
        }
        guard let users else {
            // A store anyone on the network could read whole, without signing in: not without being asked for users.
            guard local else { throw .usage(Message("serve.open_needs_users", ["host": host])) }
            return .open(store, version: fileVersion)
        }
        let file = try UsersFile.read(users)
        return .signIn({ login, password throws(StoreError) in
            guard let user = file.user(login, password: password) else { throw .usage(Message("web.wrong_login")) }
            return try SQLiteStore.open(at: location, visibleTo: user.repID, login: user.login)
        }, version: fileVersion)
    }
}

/// The server's error, handed from its task to the waiting command.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}

/// The size and modification time of files, as a text that changes when any of them is written.
enum FileState {
    static func of(_ paths: [String]) -> String {
        paths.map { path in
            var info = stat()
            guard stat(path, &info) == 0 else { return "-" }
            return "\(info.st_size).\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }.joined(separator: "/")
    }
}
