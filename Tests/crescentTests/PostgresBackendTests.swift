import CrescentTestSupport
import Foundation
import Testing

/// The same commands on a SQLite file and on a PostgreSQL server give the same answers. The
/// command-line suites also run each of their tests on both (`Backend.available`); without a test
/// server these are skipped, and say so.
@Suite(.enabled(if: Backend.serverURL != nil,
                "CRESCENT_TEST_POSTGRES is not set: the command-line tests ran on SQLite only (.ci/postgres start)"))
struct PostgresBackendTests {
    /// The whole demo (import, example scripts, segmentations, KPIs, funnel, commissions,
    /// scorecards) prints the same on both backends, and stores the same records.
    @Test func theDemoIsTheSameOnBothBackends() throws {
        let file = try CommandLineFixture(.sqlite).withShippedScripts(), server = try CommandLineFixture(.postgres).withShippedScripts()
        let args = ["demo", "--customers", "300", "--seed", "11", "--as-of", "2026-09-30"]
        let local = try file.run(args), shared = try server.run(args)
        #expect(local.status == 0 && shared.status == 0, "\(local.stderr)\(shared.stderr)")
        #expect(shared.stdout.contains("is in \(server.store)"))
        func withoutLocation(_ text: String, _ location: String) -> String { text.replacingOccurrences(of: location, with: "STORE") }
        #expect(withoutLocation(local.stdout, file.store) == withoutLocation(shared.stdout, server.store))
        for entity in ["customers", "orders", "deals", "deal_stage_history", "targets", "activities"] {
            let exported = try file.run(["export", entity]).stdout
            #expect(exported == (try server.run(["export", entity]).stdout), "\(entity) differs between the backends")
        }
        for command in [["segment", "members", "rfm", "--format", "json"],
                        ["segment", "run", "scripts/segments/rfm.lua", "--as-of", "2026-12-31", "--allow-future", "--format", "json"], ["segment", "moves", "rfm"], ["alerts", "run", "--format", "jsonl"], ["alerts", "list", "--all"],
                        ["report", "funnel", "--format", "csv"], ["kpi", "win_rate", "--period", "2026", "--by", "team", "--format", "json"]] {
            let answer = try file.run(command)
            #expect(answer.status == 0 && (answer.stdout.count > 40 || command[1] == "run"), "\(command.joined(separator: " ")): \(answer)")
            #expect(answer == (try server.run(command)), "\(command.joined(separator: " ")) differs between the backends")
        }
    }

    /// A server that cannot be reached, or refuses the login, is a clear error naming it and the
    /// reason, with exit code 69 (unavailable), never a stack dump.
    @Test func anUnreachableServerOrARefusedLoginIsNamed() throws {
        let cli = try CommandLineFixture()
        let refused = try cli.run(["kpi", "revenue", "--period", "2026", "--store", "postgres://crescent@127.0.0.1:1/crescent"])
        #expect(refused == .init(status: 69, stdout: "",
                                 stderr: "crescent: cannot use the PostgreSQL store postgres://crescent@127.0.0.1:1/crescent: connection refused\n"))
        let url = try #require(Backend.serverURL)
        let stranger = url.replacingOccurrences(of: "://crescent@", with: "://stranger@")
        let login = try cli.run(["segment", "list", "--store", stranger])
        #expect(login.status == 69)
        #expect(login.stderr.hasPrefix("crescent: cannot use the PostgreSQL store postgres://stranger@"))
        #expect(login.stderr.hasSuffix(": role \"stranger\" does not exist\n"))
        // .ci/postgres gives its server a self-signed certificate when openssl is there: encrypted, not trusted.
        let tls = try cli.run(["segment", "list", "--store", url + "?sslmode=require"])
        if tls.status == 0 {
            let verified = try cli.run(["segment", "list", "--store", url + "?sslmode=verify-full"])
            #expect(verified.status == 69
                    && verified.stderr.hasSuffix(": the server's TLS certificate is not trusted for this host (sslmode=verify-full checks it)\n"))
        } else {
            #expect(tls.status == 69 && tls.stderr.hasSuffix(": the server does not offer TLS, which sslmode=require asks for\n"))
        }
        #expect(try cli.run(["segment", "list", "--store", url + "?sslmode=disable"]).status == 0)
        let mode = try cli.run(["segment", "list", "--store", url + "?sslmode=maybe"])
        #expect(mode == .init(status: 64, stdout: "", stderr: "crescent: sslmode=maybe is not one of disable, prefer, require, verify-full\n"))
    }
}
