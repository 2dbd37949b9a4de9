import CrescentPostgres
import CrescentStore
import Foundation

/// The store backends the store and command-line suites run on: SQLite always, PostgreSQL when a
/// test server is given in CRESCENT_TEST_POSTGRES (`.ci/postgres start`; `.ci/run` does this).
public enum Backend: String, CaseIterable, Sendable {
    case sqlite, postgres

    public static var serverURL: String? { ProcessInfo.processInfo.environment["CRESCENT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The backends available here; PostgreSQL's absence is reported by the suites that need it.
    public static var available: [Backend] { serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// A database of its own on the test server, dropped with its fixture.
public final class ServerDatabase: Sendable {
    public let name = "crescent_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    /// The store URL of the database.
    public let url: String

    public init() throws {
        url = try PostgresStore.createDatabase(name, on: Backend.serverURL ?? "")
    }

    deinit { try? PostgresStore.dropDatabase(name, on: Backend.serverURL ?? "") }
}

/// A new store on one backend: a SQLite file in `folder`, or a database of its own on the test
/// server, dropped when this is released.
public final class TestStore: Sendable {
    public let store: any RecordStore
    private let database: ServerDatabase?

    public init(_ backend: Backend, in folder: URL, baseCurrency: String) throws {
        switch backend {
        case .sqlite:
            database = nil
            store = try SQLiteStore.create(at: folder.appendingPathComponent("test.db").path, baseCurrency: baseCurrency)
        case .postgres:
            let database = try ServerDatabase()
            let server = try PostgresStore(url: database.url)
            try server.initialize(baseCurrency: baseCurrency)
            self.database = database
            store = server
        }
    }

    /// The same store opened again, as another process would.
    public func openedAgain() throws -> any RecordStore {
        if let database { return try PostgresStore(url: database.url) }
        return try SQLiteStore.open(at: store.location)
    }
}
