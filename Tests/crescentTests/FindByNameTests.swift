import CrescentTestSupport
import Foundation
import Testing

/// People are found by name, and a mistyped member of `crm` says so instead of being nil.
@Suite struct FindByNameTests {
    @Test(arguments: Backend.available) func repsAreFoundByIdOrNameAndAmbiguityListsTheCandidates(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("more.csv", "id,name,team_id\nR3,李芳,T1\nR4,Maya Miller,T1\nR5,Maya Miller,\n")
        #expect(try cli.run(["import", "reps", "more.csv"]).status == 0)
        try cli.write("find.lua", """
            print(crm.rep("李芳").id, crm.rep("R4").name, #crm.find("reps", { name = "李芳" }))
            print(select(2, pcall(crm.rep, "Maya Miller")))
            print(select(2, pcall(crm.rep, "李方")))
            print(select(2, pcall(function() return crm.insert end)))
            print(select(2, pcall(function() return crm.fnid end)))
            """)
        let result = try cli.run(["run", "find.lua"])
        #expect(result.stdout == """
            R3\tMaya Miller\t1
            bad argument #1 to 'crm.rep' (2 reps are named 'Maya Miller': R4 (team T1), R5; give the id)
            bad argument #1 to 'crm.rep' (no rep has the id or name '李方' (did you mean '李芳'?))
            find.lua:4: crm.insert does not exist (did you mean 'upsert'?) (docs/lua-api.md lists the crm module)
            find.lua:5: crm.fnid does not exist (did you mean 'find'?) (docs/lua-api.md lists the crm module)

            """, "\(result)")
    }

    @Test func optionsOfCrescentAfterTheScriptAreRefused() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("args.lua", "print(table.concat(arg, ' '))")
        let misplaced = try cli.run(["run", "args.lua", "--store", "other.db"])
        #expect(misplaced.status == 64 && misplaced.stderr.contains("--store after the script: options of crescent go before it"), "\(misplaced)")
        let dash = try cli.run(["run", "args.lua", "--top"])
        #expect(dash.status == 64 && dash.stderr.contains("put -- before the script's arguments"), "\(dash)")
        #expect(try cli.run(["run", "args.lua", "2026-06-30", "--", "--top", "10"]).stdout == "2026-06-30 --top 10\n")
    }
}
