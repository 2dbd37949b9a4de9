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

        func get(_ path: String, language: String? = nil) throws -> (status: Int, type: String, body: String) {
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var answer: (Int, String, String) = (0, "", "")
            var request = URLRequest(url: URL(string: base + path)!)
            if let language { request.setValue(language, forHTTPHeaderField: "Accept-Language") }
            URLSession.shared.dataTask(with: request) { data, response, _ in
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

        // Chinese when the browser asks for it first, or the address does.
        let chinese = try server.get("/", language: "zh-CN,zh;q=0.9,en;q=0.8")
        #expect(chinese.body.contains("<html lang=\"zh-Hans\">") && chinese.body.contains("Crescent 工作台"), "\(chinese)")
        #expect(try server.get("/", language: "en-US,zh;q=0.5").body.contains("Crescent workbench"))
        let weekly = try server.get("/reports/weekly-sales?team=T1&lang=zh")
        #expect(weekly.status == 200 && weekly.body.contains("<title>销售周报</title>"), "\(weekly)")

        let missing = try server.get("/reports/nope")
        #expect(missing.status == 404 && missing.body.contains("no report plugin 'nope'") && !missing.body.contains("Error Domain"))
    }
}
