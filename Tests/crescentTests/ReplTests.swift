import CrescentTestSupport
import Foundation
import Testing

@Suite struct ReplTests {
    /// Runs `crescent repl` with `input` on standard input (not a terminal).
    func piped(_ cli: CommandLineFixture, _ input: String) throws -> CommandLineFixture.Result {
        try cli.run(["repl", "--as-of", "2026-06-30"], input: input)
    }

    @Test(arguments: Backend.available) func pipedStatementsPrintResultsForPeople(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.csv", "id,customer_id,rep_id,ordered_on,amount\nO1,C1,R1,2026-01-10,1234567.5\nO2,C2,R2,2026-02-10,500\n")
        try cli.run(["import", "orders", "orders.csv"])
        let result = try piped(cli, """
            crm.count("customers") * 1000
            crm.get("customers", "C1")
            crm.find("reps")
            function twice(x)
              return 2 * x
            end
            twice(21)
            crm.kpi("revenue", {period = "2026-Q1", by = "rep"})
            nope.x
            :as-of 2026-01-01
            crm.as_of

            """)
        #expect(result.status == 70)  // one input failed
        #expect(result.stdout == """
            3,000
            id        C1
            name      上海明珠贸易有限公司
            region    East
            owner_id  R1
            vip       yes
            id  name     team_id  level
            R1  王伟     T1       senior
            R2  Ann Lee  T1       junior
            (2 reps)
            42
            revenue by rep
            period 2026-Q1 · as of 2026-06-30

            rep  name     revenue (CNY)
            R1   王伟      1,234,567.50
            R2   Ann Lee         500.00
            error: repl:1: attempt to index a nil value (global 'nope')
            metrics are now as of 2026-01-01
            2026-01-01

            """)
    }

    /// A top-level `local` stays for the inputs after it, as a manager expects (lua.c forgets it);
    /// locals inside functions and blocks stay theirs, and the session's locals shadow globals.
    @Test func localsLastForTheSession() throws {
        let cli = try CommandLineFixture().seeded()
        let result = try cli.run(["repl"], input: """
            local x = 40
            x + 2
            local a, b = crm.count("customers"), 2
            a * b
            local function square(n) return n * n end
            square(7)
            local unset
            unset
            function f() local inner = 5 return inner end
            f() + x
            inner
            for i = 1, 3 do local step = i end
            step
            local text = "local q = 1 -- not a declaration"
            q
            x = x + 1
            x
            local crm = "shadowed"
            crm
            local c <const> = 3
            c

            """)
        #expect(result == .init(status: 0, stdout: "42\n6\n49\nnil\n45\nnil\nnil\nnil\n41\nshadowed\nnil\n", stderr: ""), "\(result)")
    }

    /// A record cannot be edited by assigning to it (writes go through the host): the assignment is
    /// an error, and the record and the store are unchanged.
    @Test(arguments: Backend.available) func recordsAreReadOnly(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        let result = try piped(cli, """
            c = crm.get("customers", "C1")
            c.name = "x"
            c.nickname = "y"
            c.name
            crm.get("customers", "C1").name

            """)
        #expect(result.stdout == """
            error: repl:1: customers records are read-only (setting 'name')
            error: repl:1: customers records are read-only (setting 'nickname')
            上海明珠贸易有限公司
            上海明珠贸易有限公司

            """, "\(result)")
    }

    /// A KPI result, sorted or filtered by the script, keeps the layout of `crescent kpi`: its
    /// heading, the command's columns, percentages as percentages.
    @Test func aFilteredOrSortedKpiResultKeepsTheCommandsLayout() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("orders.csv", "id,customer_id,rep_id,ordered_on,amount\nO1,C1,R1,2026-01-10,1500\nO2,C2,R2,2026-02-10,500\n")
        try cli.run(["import", "orders", "orders.csv"])
        for (rep, value) in [("R1", "2000"), ("R2", "1000")] {
            try cli.run(["targets", "set", "--scope", "rep:\(rep)", "--metric", "revenue", "--period", "2026-Q1", "--value", value])
        }
        let result = try piped(cli, """
            r = crm.kpi("revenue", {period = "2026-Q1", by = "rep", compare = "target"})
            table.sort(r.rows, function(a, b) return a.key > b.key end)
            r
            local low = {} for _, row in ipairs(r.rows) do if row.attainment < 0.6 then low[#low + 1] = row end end return low

            """)
        #expect(result.stdout == """
            revenue by rep
            period 2026-Q1 · as of 2026-06-30

            rep  name     revenue (CNY)  target (CNY)    attainment
            R2   Ann Lee         500.00      1,000.00         50.0%
            R1   王伟          1,500.00      2,000.00         75.0%
            revenue by rep
            period 2026-Q1 · as of 2026-06-30

            rep  name     revenue (CNY)  target (CNY)    attainment
            R2   Ann Lee         500.00      1,000.00         50.0%

            """, "\(result)")
        // Unsorted, the REPL shows exactly what the command prints, in either language.
        for lang in ["en", "zh"] {
            let command = try cli.run(["kpi", "revenue", "--period", "2026-Q1", "--by", "rep", "--compare", "target", "--as-of", "2026-06-30",
                                       "--lang", lang])
            let repl = try cli.run(["repl", "--as-of", "2026-06-30", "--lang", lang],
                                   input: "crm.kpi(\"revenue\", {period = \"2026-Q1\", by = \"rep\", compare = \"target\"})\n")
            #expect(command.status == 0 && repl.stdout == command.stdout, "\(repl)\n\(command)")
        }
    }

    /// A funnel and a saved segmentation read in the REPL as their commands print them.
    @Test func aFunnelAndASegmentShowAsTheirCommandsShowThem() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("orders.csv", "id,customer_id,rep_id,ordered_on,amount\nO1,C1,R1,2026-06-01,25000\nO2,C2,R2,2026-05-01,1200.5\n")
        try cli.write("deals.csv", "id,customer_id,owner_id,amount,stage,status,created_on,closed_on\nD1,C1,R1,900,won,won,2026-01-02,2026-02-01\n")
        try cli.write("tiers.lua", SegmentCommandTests.tiers)
        for (entity, file) in [("orders", "orders.csv"), ("deals", "deals.csv")] { try cli.run(["import", entity, file]) }
        for lang in ["en", "zh"] {
            let funnel = try cli.run(["funnel", "--period", "2026-Q1", "--as-of", "2026-06-30", "--lang", lang])
            let repl = try cli.run(["repl", "--as-of", "2026-06-30", "--lang", lang], input: "crm.funnel{period = '2026-Q1'}\n")
            #expect(funnel.status == 0 && repl.stdout == funnel.stdout, "\(repl)\n\(funnel)")
        }
        let run = try cli.run(["segment", "run", "tiers.lua", "--as-of", "2026-06-30"])
        #expect(run.status == 0, "\(run)")
        let repl = try cli.run(["repl", "--as-of", "2026-06-30"], input: "crm.segment('value-tier')\n")
        // The same heading and tier table; the REPL adds how many runs are saved and the object's methods.
        let table = try #require(run.stdout.components(separatedBy: "\n\n").dropFirst(2).first)
        #expect(repl.stdout.hasPrefix("value-tier\ncustomers 3 · run 1, saved · saved runs 1 · as of 2026-06-30\n\nBy 12-month revenue\n\n" + table + "\n\n"), "\(repl)")
        #expect(repl.stdout.hasSuffix("methods: :members(tier), :tier_of(id), :moves{since = day}, :history(id)\n"))
        #expect(try cli.run(["repl"], input: "#crm.segment('value-tier'):members('A')\n").stdout == "1\n")
    }

    /// Through a pseudo-terminal (util-linux `script`): Tab completes, a query runs, Ctrl-C stops a
    /// long loop and the prompt comes back with the session intact.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is not installed"))
    func terminalSessionCompletesAndInterrupts() throws {
        let cli = try CommandLineFixture().seeded()
        let (process, input, transcript) = try TerminalRepl.start(in: cli, environment: ProcessInfo.processInfo.environment)
        func type(_ text: String, thenWaitFor expected: String) throws {
            input.fileHandleForWriting.write(Data(text.utf8))
            try #require(transcript.wait(for: expected), "waiting for \(expected.debugDescription) in \(transcript.text.debugDescription)")
        }
        try #require(transcript.wait(for: "crescent> "))
        try type("x = 1\n", thenWaitFor: "crescent> ")
        try type("local y = 40\n", thenWaitFor: "crescent> ")
        try type("crm.cou\t", thenWaitFor: "nt")  // completed to crm.count
        try type("(\"customers\") + x\n", thenWaitFor: "4\r\n")
        try type("while true do end\n", thenWaitFor: "while true do end")
        Thread.sleep(forTimeInterval: 0.5)
        try type("\u{03}", thenWaitFor: "interrupted")
        try type("x + 41\n", thenWaitFor: "42\r\n")  // the session's globals survived
        // Ctrl-C stops work inside Lua's C library too (a backtracking pattern), and locals survive.
        try type(#"string.find(string.rep("a", 30000), ".-.-.-.-.-.-b")"# + "\n", thenWaitFor: ".-.-.-.-.-.-b")
        Thread.sleep(forTimeInterval: 0.5)
        try type("\u{03}", thenWaitFor: "interrupted (repl:1: interrupted)")
        try type("y + 3\n", thenWaitFor: "43\r\n")
        try type(":quit\n", thenWaitFor: ":quit")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let history = try String(contentsOf: cli.folder.appendingPathComponent(".crescent_history"), encoding: .utf8)
        // libedit's history file writes spaces as \040.
        #expect(history.contains("x\\040+\\04041") && history.contains("crm.count(\"customers\")"))
    }
}

extension ReplTests {
    /// Chinese typed at a terminal prompt arrives whole, with or without a locale in the environment
    /// (libedit reads bytes in the C locale; the REPL sets a UTF-8 one).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is not installed"),
          arguments: [nil, "C", "C.UTF-8"])
    func chineseTypedAtTheTerminalArrivesWhole(locale: String?) throws {
        let cli = try CommandLineFixture().seeded()
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LC_") && $0.key != "LANG" }
        if let locale { environment["LC_ALL"] = locale }
        let (process, input, transcript) = try TerminalRepl.start(in: cli, environment: environment)
        try #require(transcript.wait(for: "crescent> "))
        input.fileHandleForWriting.write(Data("#\"李芳\" .. \"|\" .. utf8.len(\"销售中心\")\n".utf8))
        try #require(transcript.wait(for: "6|4"), "\(transcript.text.debugDescription)")
        input.fileHandleForWriting.write(Data(":quit\n".utf8))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

/// `crescent repl` on a pseudo-terminal (util-linux `script`), in the fixture's folder.
enum TerminalRepl {
    /// Starts it with `environment` (HOME and TERM set for it); type into `input`, read `transcript`.
    static func start(in cli: CommandLineFixture, environment: [String: String]) throws -> (Process, Pipe, Transcript) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        // `exec`: without it a shell (dash, when SHELL is unset) sits between script and crescent,
        // takes the Ctrl-C as well and makes the exit status 130.
        process.arguments = ["-qfec", "exec \(CommandLineFixture.binary.path) repl", "/dev/null"]
        process.currentDirectoryURL = cli.folder
        var environment = environment
        environment["HOME"] = cli.folder.path
        environment["TERM"] = "xterm"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, input, Transcript(output.fileHandleForReading))
    }
}

/// Everything a process has written so far, read on a background thread.
final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    init(_ handle: FileHandle) {
        handle.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            self?.lock.withLock { self?.data.append(chunk) }
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    /// Waits until `expected` appears after what was waited for before; false after 10 s.
    private var consumed = 0
    func wait(for expected: String) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let all = text
            let rest = all.utf8.count > consumed ? String(all.utf8.dropFirst(consumed)) ?? "" : ""
            if let range = rest.range(of: expected) {
                consumed += rest.utf8.distance(from: rest.startIndex, to: range.upperBound)
                return true
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
