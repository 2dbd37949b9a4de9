import CrescentPostgres
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
