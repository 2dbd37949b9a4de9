import CrescentPostgres
import Foundation
import Testing

/// The store backends the command-line tests run on: SQLite always, PostgreSQL when a test
/// server is given in CRESCENT_TEST_POSTGRES (`.ci/postgres start`; `.ci/run` does this).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static var serverURL: String? { ProcessInfo.processInfo.environment["CRESCENT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The backends available here; PostgreSQL's absence is reported by `PostgresBackendTests`.
    static var available: [Backend] { serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// A database of its own on the test server, dropped with its fixture.
final class ServerDatabase: Sendable {
    let name = "crescent_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    let url: String

    init() throws {
        url = try PostgresStore.createDatabase(name, on: Backend.serverURL ?? "")
    }

    deinit { try? PostgresStore.dropDatabase(name, on: Backend.serverURL ?? "") }
}
