import Foundation
import Testing

/// A running `crescent serve` on a fixture's store, stopped when released.
final class WebServer {
    let process = Process()
    let base: String

    init(_ cli: CommandLineFixture, arguments: [String] = []) throws {
        process.executableURL = CommandLineFixture.binary
        process.arguments = ["serve", "--port", "0"] + arguments
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
        base = String(url.dropLast())
    }

    deinit { process.terminate() }

    /// A browser of its own on this server: its own cookies.
    func client() throws -> WebClient { try WebClient(base: base) }
}

/// What the server answered: status, headers (names in lower case) and body.
struct WebAnswer: CustomStringConvertible {
    let status: Int
    let headers: [String: [String]]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers[name.lowercased()]?.last }
    var description: String { "\(status) \(headers)\n\(text.prefix(2000))" }
}

/// An HTTP client with a cookie jar, by curl (as a browser would keep cookies), not following redirects.
final class WebClient {
    let base: String
    private let folder: URL

    init(base: String) throws {
        self.base = base
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func get(_ path: String, headers: [String: String] = [:]) throws -> WebAnswer { try request(path, headers: headers, form: nil) }

    func post(_ path: String, _ form: [(String, String)], headers: [String: String] = [:]) throws -> WebAnswer {
        try request(path, headers: headers, form: form)
    }

    /// The value of the hidden field `name` in a page's form.
    static func field(_ name: String, in page: String) -> String? {
        page.firstMatch(of: try! Regex("name=\"\(name)\" value=\"([^\"]*)\"")).flatMap { $0.output[1].substring.map(String.init) }
    }

    private func request(_ path: String, headers: [String: String], form: [(String, String)]?) throws -> WebAnswer {
        let jar = folder.appendingPathComponent("cookies").path, head = folder.appendingPathComponent("head").path
        let out = folder.appendingPathComponent("body").path
        var arguments = ["-s", "-S", "-b", jar, "-c", jar, "-D", head, "-o", out, "-w", "%{http_code}", "--max-time", "60"]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        for (name, value) in form ?? [] { arguments += ["--data-urlencode", "\(name)=\(value)"] }
        if let form, form.isEmpty { arguments += ["-X", "POST", "-d", ""] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments + [base + path]
        let status = Pipe()
        process.standardOutput = status
        try process.run()
        let code = String(decoding: status.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var fields: [String: [String]] = [:]
        for line in (try? String(contentsOfFile: head, encoding: .utf8))?.split(separator: "\r\n") ?? [] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased(), default: []].append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return WebAnswer(status: Int(code) ?? 0, headers: fields, body: (try? Data(contentsOf: URL(fileURLWithPath: out))) ?? Data())
    }
}
