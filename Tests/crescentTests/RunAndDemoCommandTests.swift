import CrescentTestSupport
import Foundation
import Testing

@Suite struct RunAndDemoCommandTests {
    @Test(arguments: Backend.available) func runsAScriptWithTheCrmModuleAndArguments(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("lib/fmt.lua", "return { upper = function(s) return s:upper() end }")
        try cli.write("report.lua", """
            local fmt = require("lib.fmt")
            local c = crm.get("customers", "C1")
            print(c.name, c.vip, crm.count("customers", {region = "East"}), fmt.upper(arg[1]), select("#", ...))
            for _, r in ipairs(crm.find("reps", {team_id = "T1"})) do print(r.id, r.name, r.level) end
            """)
        #expect(try cli.run(["run", "report.lua", "--", "east", "x"]) == .init(status: 0, stdout: """
            上海明珠贸易有限公司\tyes\t2\tEAST\t2
            R1\t王伟\tsenior
            R2\tAnn Lee\tjunior

            """, stderr: ""))
    }

    @Test(arguments: Backend.available) func failingScriptExits70WithItsLine(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("typo.lua", "local c = crm.get('customers', 'C1')\nprint(c.regoin)\n")
        let result = try cli.run(["run", "typo.lua"])
        #expect(result.status == 70)
        #expect(result.stderr.hasPrefix("crescent: typo.lua:2: unknown field 'regoin' of customers (did you mean 'region'?)\nstack traceback:"))
        try cli.write("bad.lua", "crm.get(42)")
        #expect(try cli.run(["run", "bad.lua"]).stderr.hasPrefix("crescent: bad.lua:1: bad argument #1 to 'get' (string expected, got number)"))
    }

    @Test(arguments: Backend.available) func limitsStopScriptsAndTheStoreStaysUsable(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("loop.lua", "while true do end\n")
        #expect(try cli.run(["run", "--timeout", "0.5", "loop.lua"]) == .init(
            status: 70, stdout: "", stderr: "crescent: loop.lua:1: time limit of 0.5 s exceeded\n"))
        try cli.write("hog.lua", "local s = string.rep('x', 2^31)\n")
        #expect(try cli.run(["run", "--memory", "64M", "hog.lua"]) == .init(
            status: 70, stdout: "", stderr: "crescent: hog.lua:1: memory limit of 64 MiB exceeded\n"))
        try cli.write("escape.lua", "io.open('/etc/passwd')\n")
        #expect(try cli.run(["run", "escape.lua"]).stderr.hasPrefix("crescent: escape.lua:1: attempt to index a nil value (global 'io')"))
        try cli.write("ok.lua", "print(crm.count('customers'))\n")
        #expect(try cli.run(["run", "ok.lua"]).stdout == "3\n")
        #expect(try cli.run(["run", "--memory", "lots", "ok.lua"]).status == 64)
    }

    @Test func demoIsDeterministicAndRunsTheExampleScripts() throws {
        let cli = try CommandLineFixture()
        try cli.write("scripts/hello.lua", "print('customers: ' .. crm.count('customers'), 'as of ' .. arg[1])\n")
        let args = ["demo", "--customers", "60", "--seed", "7", "--as-of", "2026-06-30"]
        let first = try cli.run(args + ["--store", "a.db"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr == "", "no progress bar when piped")
        #expect(first.stdout.contains("customers            60\n"))
        #expect(first.stdout.contains("== scripts/hello.lua\ncustomers: 60\tas of 2026-06-30\n"))
        #expect(try cli.run(args + ["--store", "b.db"]).status == 0)
        for entity in ["customers", "orders", "deals", "deal_stage_history", "targets"] {
            let a = try cli.run(["export", entity, "--store", "a.db"]).stdout
            #expect(a == (try cli.run(["export", entity, "--store", "b.db"]).stdout), "\(entity) differs between two runs")
            #expect(a.split(separator: "\n").count > 1, "\(entity) is empty")
        }
        #expect(try cli.run(args + ["--store", "a.db"]).status == 0, "a demo store may be rebuilt")
    }

    @Test(arguments: Backend.available) func demoRefusesToOverwriteRealData(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        let result = try cli.run(["demo", "--customers", "10"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("holds data that `crescent demo` did not make"))
        #expect(try cli.run(["export", "customers"]).stdout.contains("C1,上海明珠贸易有限公司"))
    }
}
