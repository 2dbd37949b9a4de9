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
        discussion: "It listens on 127.0.0.1 unless --host says otherwise, and prints its address when it is ready. On a PostgreSQL store everyone signs in as their rep (the roles of `crescent admin roles`)."
    )

    @Option(help: ArgumentHelp("The port (0: any free one).", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("The address to listen on; 0.0.0.0 opens it to the network.", valueName: "address"))
    var host = "127.0.0.1"

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            // A shared store: everyone signs in as their rep's role, so that the server's row-level security applies.
            let store = try storeOptions.open()
            let location = storeOptions.location
            // Pages are kept while the store stays the same: a file's state (and its write-ahead log's) tells at once;
            // on a server, whose commits the workbench cannot see, they are kept a minute at most.
            let access: WebAccess = storeOptions.isServer
                ? .signIn({ login, password in try PostgresStore.signIn(location, login: login, password: password) },
                          version: { String(Int(Date().timeIntervalSince1970 / 60)) })
                : .open(store, version: { FileState.of([location, location + "-wal"]) })
            let workbench = Workbench(access: access, language: storeOptions.language)
            let local = ["127.0.0.1", "localhost", "::1"].contains(host)
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
