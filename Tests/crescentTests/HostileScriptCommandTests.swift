import Foundation
import Testing

/// Scripts that attack the host through the command line: values too deep or too shared to copy,
/// work in C library functions that once ran past every limit. Each ends with a clear error (exit
/// 70) within its limit plus the 2 s grace, and the rest of the command's work stands.
@Suite struct HostileScriptCommandTests {
    static let deep = "local t = {} for i = 1, 1e5 do t = {t} end"
    static let backtracking = #"string.find(string.rep("a", 30000), ".-.-.-.-.-.-b")"#

    func timed(_ body: () throws -> CommandLineFixture.Result) rethrows -> (CommandLineFixture.Result, Double) {
        let start = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(start))
    }

    @Test func aReturnedValueTooDeepOrTooLargeIsAnError() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("deep.lua", Self.deep + "\nreturn t\n")
        #expect(try cli.run(["run", "deep.lua"]) == .init(status: 70, stdout: "", stderr: """
            crescent: deep.lua: its result: a table nested more than 200 deep cannot be passed to the host

            """))
        try cli.write("shared.lua", "local t = {'x'} for i = 1, 40 do t = {t, t} end\nreturn t\n")
        let (shared, seconds) = try timed { try cli.run(["run", "--memory", "64M", "shared.lua"]) }
        #expect(shared.status == 70 && shared.stderr.hasPrefix("crescent: shared.lua: its result: a value this large cannot be passed"))
        #expect(seconds < 10)
    }

    @Test func theReplReportsADeepValueAndGoesOn() throws {
        let cli = try CommandLineFixture().seeded()
        let result = try cli.run(["repl"], input: "u = {} for i = 1, 1e5 do u = {u} end\nu\nx = 40\nx + 2\n")
        // Piped, the REPL writes its errors in line with its values.
        #expect(result.stdout == "error: repl: its value: a table nested more than 200 deep cannot be passed to the host\n42\n", "\(result)")
    }

    @Test func anAlertRuleEmittingADeepValueFailsAloneAtItsLine() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("rules/a.lua", """
            crm.alert { name = "deep", severity = "info", check = function(emit)
              \(Self.deep)
              emit { key = "k1", subject = "deep", data = t }
            end }
            """)
        try cli.write("rules/b.lua", """
            crm.alert { name = "fine", severity = "info", check = function(emit) emit { key = "k2", subject = "fine" } end }
            """)
        let result = try cli.run(["alerts", "run", "--rules", "rules"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("rules/a.lua:3: emit: 'data': a table nested more than 200 deep cannot be passed to the host"))
        #expect(try cli.run(["alerts", "list", "--all", "--format", "jsonl"]).stdout.contains(#""key":"k2""#))
    }

    @Test func aScriptLargerThanTheMemoryLimitIsRefusedUnread() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("big.lua", "local t = {" + String(repeating: "1,", count: 1_500_000) + "}\nprint(#t)\n")
        #expect(try cli.run(["run", "--memory", "1M", "big.lua"]) == .init(status: 70, stdout: "", stderr: """
            crescent: big.lua: a script of 3000023 bytes is over the memory limit of 1 MiB

            """))
        // Under the file's size but not its parse: the parser runs under the cap.
        let parsed = try cli.run(["run", "--memory", "8M", "big.lua"])
        #expect(parsed.status == 70 && parsed.stderr.contains("memory limit of 8 MiB exceeded"), "\(parsed)")
        #expect(try cli.run(["run", "big.lua"]).stdout == "1500000\n")
    }

    @Test func aReportBlockTooDeepIsAnErrorNamingThePlugin() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("plugins/deep.lua", """
            return crm.report.plugin { name = "deep", title = "Deep", build = function(report)
              \(Self.deep)
              report.blocks[#report.blocks + 1] = t
            end }
            """)
        #expect(try cli.run(["report", "deep", "--plugins", "plugins"]) == .init(status: 70, stdout: "", stderr: """
            crescent: plugins/deep.lua: its report: a table nested more than 200 deep cannot be passed to the host

            """))
    }

    @Test func aBacktrackingPatternEndsAtTheTimeLimitEverywhere() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("match.lua", "\(Self.backtracking)\n")
        let (run, seconds) = try timed { try cli.run(["run", "--timeout", "1", "match.lua"]) }
        #expect(run == .init(status: 70, stdout: "", stderr: "crescent: match.lua:1: time limit of 1 s exceeded\n"))
        #expect(seconds < 1 + 2 + 1)  // the limit, the grace, and the process's start

        // One customer's `when` no longer hangs a whole segmentation.
        try cli.write("tiers.lua", """
            return crm.segmentation { name = "slow", tiers = {
              { name = "A", when = function(c) if c.id == "C2" then \(Self.backtracking) end return true end } } }
            """)
        let (segment, segmentSeconds) = try timed { try cli.run(["segment", "run", "--timeout", "1", "tiers.lua"]) }
        #expect(segment.status == 70 && segment.stderr.contains("time limit of 1 s exceeded"), "\(segment)")
        #expect(segmentSeconds < 1 + 2 + 1)
        #expect(try cli.run(["segment", "list", "--format", "csv"]).stdout.contains("slow") == false)  // nothing saved

        // A plugin that hangs as it loads is skipped from the list; the others are listed.
        let plugins = try CommandLineFixture().withShippedScripts()
        try plugins.run(["init"])
        try plugins.write("plugins/slow.lua", Self.backtracking + "\nreturn crm.report.plugin { name = 'slow', title = 'Slow', build = function() end }\n")
        let (listing, listingSeconds) = try timed { try plugins.run(["reports"]) }
        #expect(listing.stdout.contains("weekly-sales") && !listing.stdout.contains("slow —"))
        #expect(listing.stderr.contains("skipped plugins/slow.lua: plugins/slow.lua:1: time limit of 5 s exceeded"), "\(listing.stderr)")
        #expect(listingSeconds < 5 + 2 + 5)
    }

    @Test func ctrlCInTheReplStopsAPatternMatch() throws {
        let cli = try CommandLineFixture().seeded()
        // The REPL's own pid: other tests run REPLs at the same time.
        try cli.write("session.sh", """
            printf '%s\\n' '\(Self.backtracking)' 'print("still here")' > input.txt
            \(CommandLineFixture.binary.path) repl < input.txt &
            repl=$!
            sleep 2
            kill -INT $repl
            wait $repl
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [cli.folder.appendingPathComponent("session.sh").path]
        process.currentDirectoryURL = cli.folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        try process.run()
        process.waitUntilExit()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stdout == "interrupted (repl:1: interrupted)\nstill here\n", "\(stdout) \(stderr)")
        #expect(Date().timeIntervalSince(start) < 30)
    }
}
