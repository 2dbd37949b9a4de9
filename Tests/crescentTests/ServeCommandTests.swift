import CrescentTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `crescent serve` through the built binary: it says where it listens (loopback), serves the
/// index, a report page with its parameters from the address, the report's JSON, the alerts with
/// every value escaped, and a page that says what is wrong for an unknown report.
@Suite struct ServeCommandTests {
    /// A running server on the fixture's store, stopped when released.
    final class Server {
        let process = Process()
        let base: String

        init(_ cli: CommandLineFixture) throws {
            process.executableURL = CommandLineFixture.binary
            process.arguments = ["serve", "--port", "0"]
            process.currentDirectoryURL = cli.folder
            var environment = ProcessInfo.processInfo.environment
            environment["CRESCENT_STORE"] = cli.database?.url
            environment["LANG"] = "C.UTF-8"
            for name in ["CRESCENT_LANG", "LC_ALL", "LC_MESSAGES"] { environment[name] = nil }
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
            let url = try #require(line.firstMatch(of: /http:\/\/127\.0\.0\.1:\d+\//).map { String($0.0) }, Comment(rawValue: line))
            #expect(line == "serving the workbench at \(url) (this machine only)\n")
            base = url
        }

        deinit { process.terminate() }

        func get(_ path: String) throws -> (status: Int, type: String, body: String) {
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var answer: (Int, String, String) = (0, "", "")
            URLSession.shared.dataTask(with: URL(string: base + path)!) { data, response, _ in
                let http = response as? HTTPURLResponse
                answer = (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data ?? Data(), as: UTF8.self))
                done.signal()
            }.resume()
            _ = done.wait(timeout: .now() + 30)
            return answer
        }
    }

    @Test func reportsAndAlertsArePagesAndJSON() throws {
        let cli = try CommandLineFixture(.sqlite).withShippedScripts().seeded()
        try cli.write("rules/odd.lua", """
            crm.alert { name = "odd", severity = "critical", check = function(emit)
              emit { key = "x", subject = "<script>alert(1)</script> \\"quoted\\" </svg>", owner = "R1" }
            end }

            """)
        #expect(try cli.run(["alerts", "run", "--rules", "rules"]).status == 0)
        let server = try Server(cli)

        let index = try server.get("/")
        #expect(index.status == 200 && index.type == "text/html; charset=utf-8" && index.body.contains("<a href=\"/reports/weekly-sales\">"))
        let report = try server.get("/reports/weekly-sales?team=T1")
        #expect(report.status == 200 && report.body.contains("<title>Weekly sales report</title>") && report.body.contains("T1"), "\(report)")
        let json = try server.get("/api/reports/weekly-sales?team=T1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any], Comment(rawValue: json.body))
        #expect(json.type == "application/json; charset=utf-8" && object["title"] as? String == "Weekly sales report")

        let alerts = try server.get("/alerts")
        #expect(alerts.status == 200 && alerts.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &lt;/svg&gt;"))
        #expect(!alerts.body.contains("<script>") && !alerts.body.contains("</svg> "))
        let api = try server.get("/api/alerts")
        #expect(api.body.contains(#""rule":"odd""#), "\(api)")

        let missing = try server.get("/reports/nope")
        #expect(missing.status == 404 && missing.body.contains("no report plugin 'nope'") && !missing.body.contains("Error Domain"))
    }
}
