import CrescentTestSupport
import Foundation

/// Runs the built `crescent` binary in a scratch folder, as a user would.
/// On PostgreSQL, the commands find the store in CRESCENT_STORE, as a team member's would.
final class CommandLineFixture: Sendable {
    let folder: URL
    let backend: Backend
    /// The PostgreSQL store's database, when the backend is PostgreSQL.
    let database: ServerDatabase?

    struct Result: Equatable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    init(_ backend: Backend = .sqlite) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("crescent-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.backend = backend
        database = backend == .postgres ? try ServerDatabase() : nil
    }

    /// Where the commands' store is: the file crescent.db in the folder, or the server database.
    var store: String { database?.url ?? "crescent.db" }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The binary built beside the test bundle.
    static var binary: URL {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("crescent")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: ".build/debug/crescent")
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if let input {
            let path = folder.appendingPathComponent(".stdin-\(UUID().uuidString)").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(input.utf8))
            process.standardInput = FileHandle(forReadingAtPath: path)
        }
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["CRESCENT_STORE"] = database?.url
        // English unless a test asks for another language: the machine's locale does not change the goldens.
        for name in ["CRESCENT_LANG", "LC_ALL", "LC_MESSAGES"] { env[name] = nil }
        env["LANG"] = "C.UTF-8"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Standard error goes to a file, so that neither pipe can fill up and block the process.
        let errPath = folder.appendingPathComponent(".stderr-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// The repository, whose scripts/ and plugins/ the demo runs.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Copies the repository's scripts/ and plugins/ into the folder, as in a checkout.
    func withShippedScripts() throws -> CommandLineFixture {
        for name in ["scripts", "plugins"] {
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return self
    }

    /// A store with one team, two reps and three customers.
    func seeded() throws -> CommandLineFixture {
        try run(["init", "--currency", "CNY"])
        try write("teams.csv", "id,name,region\nT1,华东一组,East\n")
        try write("reps.csv", "id,name,team_id,level\nR1,王伟,T1,senior\nR2,Ann Lee,T1,junior\n")
        try write("customers.csv", "id,name,region,owner_id,vip\nC1,上海明珠贸易有限公司,East,R1,yes\nC2,Acme Corp,West,R2,\nC3,東京商事,East,R1,no\n")
        for entity in ["teams", "reps", "customers"] { try run(["import", entity, "\(entity).csv"]) }
        return self
    }
}
