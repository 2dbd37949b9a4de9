@testable import CrescentPostgres
@testable import CrescentStore
import CrescentTestSupport
import Foundation
import Testing

/// Passwords hashed on the client must be what the server would have stored for the same
/// password and salt, or the rep could not log in: each is compared with the server's own hash.
@Suite(.enabled(if: Backend.serverURL != nil, "CRESCENT_TEST_POSTGRES is not set: no PostgreSQL server for these tests (.ci/postgres start)"))
struct ScramVerifierTests {
    /// The verifier the server stores for `password`.
    func serverVerifier(_ password: String, _ link: PostgresLink) throws -> String {
        try link.transaction(deciding: { () throws(StoreError) in
            try link.query("SET LOCAL password_encryption = 'scram-sha-256'")
            try link.query("CREATE ROLE crescent_scram_probe")
            let alter = try link.query("SELECT format('ALTER ROLE crescent_scram_probe PASSWORD %L', $1::text)", [password])
            try link.query(alter.first.flatMap { try? $0.decode(String.self) } ?? "")
            let stored = try link.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'crescent_scram_probe'")
            return (stored.first.flatMap { try? $0.decode(String.self) } ?? "", commit: false)  // the role goes with the rollback
        })
    }

    @Test(arguments: [
        "pencil", "Tr0ub4dor&3 with spaces", "密码Abc123", "ｐａｓｓ全角",  // fullwidth: normalised (NFKC)
        "a\u{00A0}b\u{3000}c", "soft\u{00AD}hyphen",  // non-ASCII spaces become spaces; invisible characters go
        "private\u{E000}use", "emoji🙂",  // prohibited or unassigned in Unicode 3.2: the server hashes the bytes as they are
    ])
    func theServerStoresTheSameHash(_ password: String) throws {
        let database = try ServerDatabase()
        let link = try PostgresStore(url: database.url).link
        let stored = try serverVerifier(password, link)
        let parts = stored.split(whereSeparator: { $0 == "$" || $0 == ":" })  // SCRAM-SHA-256, iterations, salt, keys
        #expect(parts.count == 5 && parts[0] == "SCRAM-SHA-256", "the server stored \(stored)")
        let iterations = try #require(Int(parts[1])), salt = try #require(Data(base64Encoded: String(parts[2])))
        #expect(try ScramVerifier.make(password: password, salt: Array(salt), iterations: iterations) == stored)
    }

    @Test func eachVerifierHasItsOwnSalt() throws {
        let first = try ScramVerifier.make(password: "same"), second = try ScramVerifier.make(password: "same")
        #expect(first.hasPrefix("SCRAM-SHA-256$4096:") && first != second)
    }

    @Test func rightToLeftPasswordsAreRefused() {
        #expect(throws: StoreError.usage(Message("access.rtl_password"))) {
            try ScramVerifier.make(password: "שלום123")
        }
    }
}
